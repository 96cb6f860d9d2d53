// Package cluster runs a throwaway multi-process Kefu on loopback for the
// scale-out and fault programs (ops/scale, ops/chaos): a PostgreSQL cluster
// of its own (initdb in a temp dir), Redis (alone, or primary + replica +
// 3 Sentinels), kefu API and worker processes, a round-robin reverse
// proxy, a ticket-create load generator and the database checks that judge
// a run (acknowledged tickets exist, escalations happened exactly once).
//
// Nothing here touches a server it did not start: every port is a fresh
// loopback port, and Close kills every process and removes the directory,
// also after a failure.
package cluster

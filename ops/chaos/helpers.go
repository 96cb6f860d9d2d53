package main

import (
	"context"

	"github.com/redis/go-redis/v9"

	"kefu/ops/cluster"
)

type clusterAttempt = cluster.Attempt

func checkAcks(ctx context.Context, e *env, tag string, o cluster.Outcome) (cluster.AckCheck, error) {
	return cluster.CheckAcks(ctx, e.db.DB, tag, o)
}

// orphaned is how many tasks sit active with nobody working on them
// (their worker died; asynq recovers them once the lease lapses).
func (e *env) orphaned() int {
	ts, err := e.insp.ListActiveTasks("critical")
	if err != nil {
		return 0
	}
	n := 0
	for _, t := range ts {
		if t.IsOrphaned {
			n++
		}
	}
	return n
}

// active is how many tasks are being worked on now.
func (e *env) active() int {
	qi, err := e.insp.GetQueueInfo("critical")
	if err != nil {
		return 0
	}
	return qi.Active
}

// queued is every SLA task Redis holds: waiting for its time, ready,
// running or to be retried. Read from asynq's keys directly: after a
// flush the inspector no longer lists the queue (its registry is gone,
// and clients do not register a queue twice).
func (e *env) queued(ctx context.Context) int {
	const q = "asynq:{critical}:"
	p := e.rdb.Pipeline()
	cmds := []*redis.IntCmd{p.ZCard(ctx, q+"scheduled"), p.LLen(ctx, q+"pending"), p.LLen(ctx, q+"active"), p.ZCard(ctx, q+"retry")}
	if _, err := p.Exec(ctx); err != nil {
		return 0
	}
	n := 0
	for _, c := range cmds {
		n += int(c.Val())
	}
	return n
}

// timelines describes a few duplicated tickets, to look into.
func (e *env) timelines(ctx context.Context, ids []string) map[string]string {
	out := map[string]string{}
	for _, id := range ids {
		out[id] = cluster.Timeline(ctx, e.db.DB, id)
	}
	return out
}

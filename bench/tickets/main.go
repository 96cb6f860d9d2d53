// Command tickets is a load generator for Kefu's work orders. In one run
// against PostgreSQL it measures:
//
//   - ticket creation: concurrent POST /v1/tickets (a complaint by phone
//     with an assignee and a unit, matched by an SLA policy on a 24×7
//     calendar, so numbering, the SLA clock and the timeline all run),
//     against a baseline of the same number of workers doing single-row
//     autocommit INSERTs into a scratch table shaped like tickets, in the
//     same database; the ratio of the two is the headline number;
//   - an agent's queue: GET /v1/tickets?assignee_id=me&status=open (and
//     without the status) as random agents, once 1,000,000 tickets across
//     100 tenants have been bulk-loaded with COPY, at several concurrency
//     levels, with EXPLAIN ANALYZE of the query the app runs.
//
// It also traces the database statements of one create and one queue read
// (through the app's own services on an instrumented ent client), and the
// CPU the bench process and everything else (PostgreSQL) spent per
// request, to say where the time goes.
//
// Like the other benchmarks it runs everything in one process on a
// throwaway PostgreSQL schema, serves the app on 127.0.0.1:0 and drives it
// over loopback HTTP (see kefu/bench/loadtest); the schema is dropped at
// the end, also on error or interrupt.
//
//	go run ./bench/tickets -duration 10s -concurrency 8
package main

import (
	"context"
	"errors"
	"flag"
	"slices"

	"kefu/bench/loadtest"
)

// options are the command-line settings.
type options struct {
	loadtest.Options
	tenants     int
	agents      int // per tenant
	perTenant   int // bulk-loaded tickets per tenant
	copyWorkers int
	// queueLevels are the extra concurrency levels of the agent-queue
	// scenario, beside -concurrency.
	queueLevels []int
	// profileDir, when set, receives a Go CPU profile per scenario.
	profileDir string
}

var progress = loadtest.Progress

func main() {
	var o options
	loadtest.Main("bench/tickets",
		func(args []string) (err error) { o, err = parseFlags(args); return err },
		func(ctx context.Context) error { return run(ctx, o) })
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("tickets", flag.ContinueOnError)
	o.Register(fs, "tickets")
	fs.IntVar(&o.tenants, "tenants", 100, "tenants signed up (industry generic)")
	fs.IntVar(&o.agents, "agents", 5, "agents per tenant, each on the org chart's agent position")
	fs.IntVar(&o.perTenant, "tickets-per-tenant", 10000, "tickets bulk-loaded into each tenant with COPY")
	fs.IntVar(&o.copyWorkers, "copy-workers", 2, "parallel COPY streams for the bulk load")
	levels := fs.String("queue-concurrency", "1,2", "extra worker counts for the agent-queue scenario, beside -concurrency")
	fs.StringVar(&o.profileDir, "cpuprofile-dir", "", "write a Go CPU profile of each scenario (app and load generator) to this directory")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := o.Validate(); err != nil {
		return o, err
	}
	switch {
	case o.tenants < 1 || o.tenants > 999:
		return o, errors.New("-tenants must be between 1 and 999")
	case o.agents < 1 || o.agents > 50:
		return o, errors.New("-agents must be between 1 and 50")
	case o.perTenant < 1 || int64(o.perTenant)*int64(o.tenants) > 10_000_000:
		return o, errors.New("-tickets-per-tenant must be at least 1, and at most 10,000,000 tickets in all")
	case o.copyWorkers < 1 || o.copyWorkers > 8:
		return o, errors.New("-copy-workers must be between 1 and 8")
	}
	var err error
	if o.queueLevels, err = parseLevels(*levels, o.Concurrency); err != nil {
		return o, err
	}
	return o, nil
}

// parseLevels reads a comma-separated list of worker counts and returns
// them ascending with the main concurrency last, without duplicates.
func parseLevels(s string, main int) ([]int, error) {
	out, err := loadtest.Counts("queue-concurrency", s, 1, 256)
	if err != nil {
		return nil, err
	}
	slices.Sort(out)
	out = slices.DeleteFunc(slices.Compact(out), func(n int) bool { return n == main })
	return append(out, main), nil
}

// run sets up the environment, seeds the tenants through the API,
// measures creation, bulk-loads the tickets, measures the queue and
// writes the report.
func run(ctx context.Context, o options) (err error) {
	// A real Redis of the run's own, as in production: creates that set a
	// timer pay its round trip, not the in-process one's Lua.
	stopRedis, err := loadtest.OwnRedis(ctx, &o.Options)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, stopRedis()) }()
	env, err := loadtest.Start(ctx, o.Options)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, env.Close()) }()

	c := env.Client
	w, err := seed(ctx, c, o)
	if err != nil {
		return err
	}
	db, err := openDB(env.Schema.URL, o.Concurrency+2)
	if err != nil {
		return err
	}
	defer db.Close()

	mon, err := newMonitor(ctx, env.Schema.URL, o.profileDir)
	if err != nil {
		return err
	}
	defer mon.Close()

	cr, err := runCreate(ctx, c, db, mon, o, w)
	if err != nil {
		return err
	}
	trCreate, err := traceCreate(ctx, env.Schema.URL, w.tenants[0])
	if err != nil {
		return err
	}
	bulk, err := bulkLoad(ctx, env.Schema.URL, db, o, w)
	if err != nil {
		return err
	}
	q, err := runQueue(ctx, c, db, mon, o, w)
	if err != nil {
		return err
	}
	trList, err := traceList(ctx, env.Schema.URL, w.tenants[len(w.tenants)-1])
	if err != nil {
		return err
	}
	return report(o, env.Schema.Version, w, cr, bulk, q, trCreate, trList).Write(o.OutDir)
}

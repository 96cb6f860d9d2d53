// Command kpi measures Kefu's KPI computation (GET /v1/kpis and
// /v1/kpis/trend) for one tenant with 200 agents and 500,000 tickets in a
// month, against PostgreSQL: the target is an answer in under 2 s.
//
// It signs a tenant up through the API, builds an org chart of 2
// departments × 5 groups with the agents seated on it, then bulk-loads
// with COPY, straight into the app's tables, the measured month's tickets
// and another month before it: tickets, their performance facts
// (ticket_metrics, which the app writes as tickets are answered and
// resolved), customers and callbacks. Durations in the facts are drawn at
// random rather than walked on a calendar: the benchmark times the
// queries, not the arithmetic. Each scenario then runs a few times back to
// back as the director (who sees everyone).
//
// Like the other benchmarks it runs in one process on a throwaway
// PostgreSQL schema, serves the app on 127.0.0.1:0 and calls it over
// loopback HTTP (kefu/bench/loadtest); the schema is dropped at the end.
//
//	go run ./bench/kpi
package main

import (
	"context"
	"errors"
	"flag"
	"time"

	"kefu/bench/loadtest"
)

// options are the command-line settings.
type options struct {
	loadtest.Options
	agents      int
	perMonth    int // tickets created in the measured month (and in the one before)
	runs        int // timed runs per scenario
	copyWorkers int
}

var progress = loadtest.Progress

// target is the bound on one KPI answer.
const target = 2 * time.Second

func main() {
	var o options
	loadtest.Main("bench/kpi",
		func(args []string) (err error) { o, err = parseFlags(args); return err },
		func(ctx context.Context) error { return run(ctx, o) })
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("kpi", flag.ContinueOnError)
	o.Register(fs, "kpi")
	fs.IntVar(&o.agents, "agents", 200, "agents seated on the org chart (10 groups)")
	fs.IntVar(&o.perMonth, "tickets", 500_000, "tickets created in the measured month, and as many in the month before")
	fs.IntVar(&o.runs, "runs", 5, "timed runs per scenario, after one warm-up")
	fs.IntVar(&o.copyWorkers, "copy-workers", 2, "parallel COPY streams for the bulk load")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := o.Validate(); err != nil {
		return o, err
	}
	switch {
	case o.agents < 10 || o.agents > 2000:
		return o, errors.New("-agents must be between 10 and 2000")
	case o.perMonth < 1 || o.perMonth > 5_000_000:
		return o, errors.New("-tickets must be between 1 and 5,000,000")
	case o.runs < 1 || o.runs > 100:
		return o, errors.New("-runs must be between 1 and 100")
	case o.copyWorkers < 1 || o.copyWorkers > 8:
		return o, errors.New("-copy-workers must be between 1 and 8")
	}
	o.Concurrency = 1
	return o, nil
}

// run seeds, loads, measures and writes the report.
func run(ctx context.Context, o options) (err error) {
	env, err := loadtest.Start(ctx, o.Options)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, env.Close()) }()
	startLoad := loadtest.LoadAvg()
	w, err := seed(ctx, env.Client, o.agents)
	if err != nil {
		return err
	}
	w.load[0] = startLoad
	month := measuredMonth(time.Now())
	load, err := bulkLoad(ctx, env.Schema.URL, o, w, month)
	if err != nil {
		return err
	}
	results, checks, err := measure(ctx, env.Client, env.Schema.URL, o, w, month)
	if err != nil {
		return err
	}
	return report(o, env.Schema.Version, w, month, load, checks, results).Write(o.OutDir)
}

// Command orgchart is a load generator for Kefu's org chart read: it
// measures the throughput and latency of GET /v1/org-chart on a chart of
// 2,000 positions (111 units, about 1,500 people), both the whole tree and
// one department's subtree, against PostgreSQL.
//
// Like bench/auth it runs everything in one process on a throwaway
// PostgreSQL schema, serves the app on 127.0.0.1:0 and drives it over
// loopback HTTP (see kefu/bench/loadtest); the schema is dropped at the
// end, also on error or interrupt.
//
//	go run ./bench/orgchart -duration 10s -concurrency 8
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"kefu/bench/loadtest"
)

// options are the command-line settings.
type options struct {
	loadtest.Options
	users int
}

func main() {
	var o options
	loadtest.Main("bench/orgchart",
		func(args []string) (err error) { o, err = parseFlags(args); return err },
		func(ctx context.Context) error { return run(ctx, o) })
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("orgchart", flag.ContinueOnError)
	o.Register(fs, "orgchart")
	fs.IntVar(&o.users, "users", 1500, "invited staff placed on the chart's positions")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := o.Validate(); err != nil {
		return o, err
	}
	if o.users < 0 || o.users >= chartPositions {
		return o, fmt.Errorf("-users must be between 0 and %d", chartPositions-1)
	}
	return o, nil
}

// run sets up the environment, seeds the tenant and its chart, runs both
// read scenarios and writes the report.
func run(ctx context.Context, o options) (err error) {
	env, err := loadtest.Start(ctx, o.Options)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, env.Close()) }()

	c := env.Client
	s, err := seed(ctx, c, o.users)
	if err != nil {
		return err
	}
	departments, err := departmentIDs(ctx, c, s)
	if err != nil {
		return err
	}
	results, err := runScenarios(ctx, c, o, s.token, departments)
	if err != nil {
		return err
	}
	return report(o, env.Schema.Version, s, results).Write(o.OutDir)
}

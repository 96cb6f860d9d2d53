// Command sweep measures latency against load: ticket creation
// (POST /v1/tickets) and an agent's queue (GET
// /v1/tickets?assignee_id=me&status=open) at 1, 2, 4, 8 and 16 concurrent
// closed-loop workers, each level bounded by -duration and -max-requests,
// over loopback HTTP against the app in-process on a throwaway PostgreSQL
// schema (see kefu/bench/loadtest). It writes latency-vs-load.{md,json}
// and the chart latency-vs-load.png: p50 and p99 against the throughput
// each level achieved.
//
//	go run ./bench/sweep -duration 10s
package main

import (
	"context"
	"errors"
	"flag"
	"slices"

	"kefu/bench/loadtest"
)

const reportName = "latency-vs-load"

// options are the command-line settings.
type options struct {
	loadtest.Options
	levels  []int
	tenants int
	agents  int
	// redraw, when set, names a saved latency-vs-load.json to draw the
	// chart from, without running anything.
	redraw string
}

var progress = loadtest.Progress

func main() {
	var o options
	loadtest.Main("bench/sweep",
		func(args []string) (err error) { o, err = parseFlags(args); return err },
		func(ctx context.Context) error {
			if o.redraw != "" {
				return redraw(o.redraw, o.OutDir)
			}
			return run(ctx, o)
		})
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("sweep", flag.ContinueOnError)
	o.Register(fs, reportName)
	levels := fs.String("levels", "1,2,4,8,16", "concurrent workers per level, comma-separated")
	fs.IntVar(&o.tenants, "tenants", 10, "tenants signed up (industry generic)")
	fs.IntVar(&o.agents, "agents", 5, "agents per tenant, each with a session")
	fs.StringVar(&o.redraw, "redraw", "", "only redraw the chart into -out from this saved "+reportName+".json")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := o.Validate(); err != nil {
		return o, err
	}
	if o.tenants < 1 || o.tenants > 200 || o.agents < 2 || o.agents > 50 {
		return o, errors.New("-tenants must be 1-200 and -agents 2-50")
	}
	var err error
	if o.levels, err = parseLevels(*levels); err != nil {
		return o, err
	}
	o.Concurrency = o.levels[len(o.levels)-1] // sizes the client's connection pool
	return o, nil
}

// parseLevels reads the worker counts, ascending and without repeats.
func parseLevels(s string) ([]int, error) {
	out, err := loadtest.Counts("levels", s, 1, 256)
	if err != nil {
		return nil, err
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return nil, errors.New("-levels is empty")
	}
	return out, nil
}

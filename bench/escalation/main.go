// Command escalation measures how timely Kefu's SLA timers fire: N
// complaints (10,000 by default) whose first-response deadlines all fall
// in the same minute, processed by the real worker code (asynq server with
// the sla:check handler, tickets.Service.CheckSLA, and the sweeper) on
// PostgreSQL and a real Redis, with one and then two worker servers.
//
// For each run it bulk-loads the tickets with COPY into a throwaway
// schema, already warned (so the breach is the next check, as it would be
// 6 minutes before the deadline), schedules their checks exactly as ticket
// creation does after its commit (workers.Queue.ScheduleSLACheck), starts
// the worker servers in-process and waits until every deadline has been
// acted on. Lateness is the time of the sla_breached event minus the
// deadline; a timer without one is missing, a second breach or escalation
// for the same ticket is a duplicate, and a breach before its deadline is
// early. All three must be zero.
//
// Redis is a redis-server of its own on a loopback port unless -redis-url
// names one (use a database index nothing else uses: the run flushes
// nothing, but reads asynq's queue statistics).
//
//	go run ./bench/escalation -timers 10000 -window 1m
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
	timers      int
	window      time.Duration
	lead        time.Duration
	drain       time.Duration
	tenants     int
	agents      int
	servers     []int // worker servers per run
	concurrency int   // task slots per worker server
	sweep       time.Duration
}

var progress = loadtest.Progress

func main() {
	var o options
	loadtest.Main("bench/escalation",
		func(args []string) (err error) { o, err = parseFlags(args); return err },
		func(ctx context.Context) error { return run(ctx, o) })
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("escalation", flag.ContinueOnError)
	o.Register(fs, "escalation")
	fs.IntVar(&o.timers, "timers", 10000, "SLA timers (tickets) due in the window, per run")
	fs.DurationVar(&o.window, "window", time.Minute, "the deadlines spread uniformly over this window")
	fs.DurationVar(&o.lead, "lead", 20*time.Second, "time from the start of seeding to the first possible deadline")
	fs.DurationVar(&o.drain, "drain-timeout", 3*time.Minute, "how long past the last deadline to wait for stragglers")
	fs.IntVar(&o.tenants, "tenants", 10, "tenants the timers are spread over")
	fs.IntVar(&o.agents, "agents", 3, "agents per tenant (the assignees)")
	servers := fs.String("worker-servers", "1,2", "worker servers per run, comma-separated: one run each")
	fs.IntVar(&o.concurrency, "worker-concurrency", 10, "task slots per worker server (the app's KEFU_WORKER_CONCURRENCY default)")
	fs.DurationVar(&o.sweep, "sweep-interval", time.Minute, "the sweeper's interval (the app's default)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := o.Validate(); err != nil {
		return o, err
	}
	switch {
	case o.timers < 1 || o.timers > 1_000_000:
		return o, errors.New("-timers must be between 1 and 1,000,000")
	case o.window < time.Second:
		return o, errors.New("-window must be at least 1s")
	case o.lead < 5*time.Second:
		return o, errors.New("-lead must be at least 5s")
	case o.tenants < 1 || o.tenants > 100 || o.agents < 1 || o.agents > 20:
		return o, errors.New("-tenants must be 1-100 and -agents 1-20")
	case o.concurrency < 1 || o.concurrency > 1000:
		return o, errors.New("-worker-concurrency must be between 1 and 1000")
	}
	var err error
	if o.servers, err = parseServers(*servers); err != nil {
		return o, err
	}
	return o, nil
}

// parseServers reads the -worker-servers list.
func parseServers(s string) ([]int, error) {
	out, err := loadtest.Counts("worker-servers", s, 1, 8)
	if err == nil && len(out) == 0 {
		err = errors.New("-worker-servers is empty")
	}
	return out, err
}

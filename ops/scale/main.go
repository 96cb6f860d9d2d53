// Command scale is the scale-out test (`go tool task scale`): 2 API
// processes behind a round-robin proxy, 2 worker processes, Redis primary
// + replica + 3 Sentinels and PostgreSQL, all its own on loopback. It
// measures ticket-create throughput through 1 and then 2 API processes,
// kills the Redis primary in the middle of a third phase, and then checks
// in the database that every acknowledged ticket exists once and every
// escalation that fell due happened exactly once.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"kefu/ops/cluster"
)

type options struct {
	phase       time.Duration
	concurrency int
	tenants     int
	slaEvery    int
	out         string
	keep        bool
}

func main() {
	var o options
	flag.DurationVar(&o.phase, "phase", 15*time.Second, "length of each measured phase")
	flag.IntVar(&o.concurrency, "concurrency", 16, "concurrent clients")
	flag.IntVar(&o.tenants, "tenants", 8, "organizations the load is spread over")
	flag.IntVar(&o.slaEvery, "sla-every", 10, "every n-th ticket is a complaint with a 5 s first-response SLA")
	flag.StringVar(&o.out, "out", "bench/results", "where scale.md and scale.json go")
	flag.BoolVar(&o.keep, "keep", false, "keep the working directory (logs, data)")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil)).With("prog", "scale")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ok, err := run(ctx, log, o)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}

// phase is one measured load.
type phase struct {
	Name     string             `json:"name"`
	APIs     int                `json:"api_processes"`
	Load     cluster.Outcome    `json:"load"`
	Acks     cluster.AckCheck   `json:"tickets"`
	CPU      map[string]float64 `json:"cpu_seconds"`
	Failover string             `json:"redis_failover,omitempty"`
}

type result struct {
	Host        cluster.Host     `json:"host"`
	Setup       map[string]any   `json:"setup"`
	Phases      []phase          `json:"phases"`
	Escalations cluster.EscCheck `json:"escalations"`
	Speedup     float64          `json:"throughput_2_vs_1"`
	FailoverSec float64          `json:"redis_failover_seconds"`
	Pass        bool             `json:"pass"`
	Verdicts    map[string]bool  `json:"verdicts"`
}

func run(ctx context.Context, log *slog.Logger, o options) (bool, error) {
	t0 := time.Now()
	c, err := cluster.New(log)
	if err != nil {
		return false, err
	}
	c.Keep = o.keep
	defer c.Close()
	log.Info("building kefu", "dir", c.Dir)
	bin, err := c.BuildKefu(ctx, ".")
	if err != nil {
		return false, err
	}
	built := time.Since(t0)
	t0 = time.Now()
	pg, err := c.StartPostgres("kefu")
	if err != nil {
		return false, err
	}
	rs, err := c.StartSentinels()
	if err != nil {
		return false, err
	}
	k := c.Kefu(bin, pg.URL("kefu"), rs.URL())
	if err := k.Migrate(); err != nil {
		return false, err
	}
	api1, err := k.StartAPI("api-1")
	if err != nil {
		return false, err
	}
	api2, err := k.StartAPI("api-2")
	if err != nil {
		return false, err
	}
	sweep := 5 * time.Second
	w1, err := k.StartWorker("worker-1", sweep)
	if err != nil {
		return false, err
	}
	w2, err := k.StartWorker("worker-2", sweep)
	if err != nil {
		return false, err
	}
	proxy, err := c.StartProxy(api1, api2)
	if err != nil {
		return false, err
	}
	tag := fmt.Sprintf("scale%d", time.Now().Unix())
	// Seeded through one process: role grants reach the other by Redis
	// pub/sub a moment later, so a director's next call could otherwise
	// land on a process that does not know the new organization yet.
	tenants, err := cluster.SeedTenants(ctx, api1.URL, tag, o.tenants)
	if err != nil {
		return false, err
	}
	time.Sleep(time.Second)
	db, err := cluster.OpenDB(pg.URL("kefu"))
	if err != nil {
		return false, err
	}
	defer db.Close()
	log.Info("cluster ready", "took", time.Since(t0).Round(time.Second))

	load := func(name string, d time.Duration) *cluster.Load {
		return &cluster.Load{URL: proxy.URL, Tenants: tenants, Tag: tag + "-" + name, Concurrency: o.concurrency,
			Duration: d, SLAEvery: o.slaEvery, Retries: 5, Backoff: 500 * time.Millisecond}
	}
	cpu := func() map[string]float64 {
		return map[string]float64{
			"api":        cluster.CPUSeconds(false, api1.Pid(), api2.Pid()),
			"workers":    cluster.CPUSeconds(false, w1.Pid(), w2.Pid()),
			"postgres":   cluster.CPUSeconds(true, pg.Pid()),
			"redis":      cluster.CPUSeconds(false, rs.Primary.Proc.Pid(), rs.Replica.Proc.Pid()),
			"load+proxy": cluster.CPUSeconds(false, os.Getpid()),
		}
	}
	measure := func(name string, apis int, l *cluster.Load, during func()) phase {
		log.Info("phase", "name", name, "api_processes", apis, "duration", l.Duration)
		before := cpu()
		if during != nil {
			go during()
		}
		out := l.Run(ctx)
		after := cpu()
		p := phase{Name: name, APIs: apis, Load: out, CPU: map[string]float64{}}
		for k, v := range after {
			// A killed process takes its CPU time with it: no negatives.
			p.CPU[k] = float64(int(max(v-before[k], 0)*10+0.5)) / 10
		}
		log.Info("phase done", "name", name, "acked", out.Acked, "failed", out.Failed, "rps", out.Throughput)
		return p
	}

	// Warm both processes' pools and caches; not reported.
	load("warm", 3*time.Second).Run(ctx)

	// 1, 2, 1, 2: alternating evens out a drift over the run (a growing
	// table, escalations of earlier phases, the neighbours' load).
	var res result
	for i := range 4 {
		apis := []*cluster.API{api1, api2}[:i%2+1]
		proxy.Use(apis...)
		name := fmt.Sprintf("%d API", len(apis))
		if len(apis) > 1 {
			name += "s"
		}
		res.Phases = append(res.Phases, measure(name, len(apis), load(fmt.Sprintf("p%d", i+1), o.phase), nil))
	}
	var failover time.Duration
	var failErr error
	done := make(chan struct{})
	p5 := measure("2 APIs, Redis primary killed", 2, load("p5", o.phase+o.phase/2), func() {
		defer close(done)
		time.Sleep(o.phase / 2)
		log.Info("kill -9 the Redis primary", "addr", rs.Primary.Addr())
		failover, failErr = rs.KillPrimary(ctx)
		log.Info("sentinels promoted the replica", "took", failover.Round(time.Millisecond), "err", failErr)
	})
	<-done
	if failErr != nil {
		return false, fmt.Errorf("redis failover: %w", failErr)
	}
	p5.Failover = fmt.Sprintf("primary killed %s into the phase; replica promoted after %.1f s", o.phase/2, failover.Seconds())
	res.Phases = append(res.Phases, p5)
	res.FailoverSec = float64(int(failover.Seconds()*10+0.5)) / 10

	for i := range res.Phases {
		p := &res.Phases[i]
		tagP := fmt.Sprintf("%s-p%d", tag, i+1)
		if p.Acks, err = cluster.CheckAcks(ctx, db, tagP, p.Load); err != nil {
			return false, err
		}
	}
	// The last SLA tickets' second step falls due 10 s after they were
	// filed; timers Redis lost in the failover come back with the sweep.
	log.Info("waiting for the escalations")
	time.Sleep(cluster.FirstResponse + cluster.StepAfter)
	if res.Escalations, err = cluster.WaitEscalations(ctx, db, tag, tenants, 90*time.Second); err != nil {
		return false, err
	}
	for _, id := range res.Escalations.DupSample {
		log.Warn("duplicated SLA work", "ticket", id, "timeline", "\n"+cluster.Timeline(ctx, db, id))
	}
	for _, p := range []*cluster.Proc{api1.Proc, api2.Proc, w1.Proc, w2.Proc} {
		if !p.Running() {
			return false, fmt.Errorf("%s died during the run:\n%s", p.Name, p.Tail(20))
		}
	}

	res.Host = cluster.NewHost(version(ctx, db), "redis-server 7 (Debian), primary + replica + 3 Sentinels, AOF everysec")
	res.Setup = map[string]any{
		"api_processes": 2, "worker_processes": 2, "worker_concurrency": 10, "sweep_interval": sweep.String(),
		"proxy": "in-process httputil.ReverseProxy, round robin", "clients": o.concurrency, "tenants": o.tenants,
		"sla_share":     fmt.Sprintf("1 in %d tickets: first response PT5S, escalation at the breach and 5 s later", o.slaEvery),
		"retries":       "a failed create is retried up to 5 times with the same Idempotency-Key",
		"total_seconds": int(time.Since(t0).Seconds()), "build_seconds": int(built.Seconds()),
	}
	if r1 := res.Phases[0].Load.Throughput + res.Phases[2].Load.Throughput; r1 > 0 {
		r2 := res.Phases[1].Load.Throughput + res.Phases[3].Load.Throughput
		res.Speedup = float64(int(r2/r1*100+0.5)) / 100
	}
	res.Verdicts = map[string]bool{"zero_errors": true, "acknowledged_tickets_exist_once": true, "escalations_exactly_once": res.Escalations.OK(), "sla_events_once": res.Escalations.EventsOnce()}
	for _, p := range res.Phases {
		if p.Load.Failed > 0 {
			res.Verdicts["zero_errors"] = false
		}
		if !p.Acks.OK() {
			res.Verdicts["acknowledged_tickets_exist_once"] = false
		}
	}
	res.Pass = true
	for _, v := range res.Verdicts {
		res.Pass = res.Pass && v
	}
	return res.Pass, cluster.WriteReport(o.out, "scale", markdown(res), res)
}

func version(ctx context.Context, db *sql.DB) string {
	var v string
	if err := db.QueryRowContext(ctx, "SHOW server_version").Scan(&v); err != nil {
		return "PostgreSQL"
	}
	return "PostgreSQL " + v + " (own cluster, default durability)"
}

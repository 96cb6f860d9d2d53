// Command chaos is the fault test (`go tool task chaos`). On a throwaway
// cluster of its own (PostgreSQL, Redis, 2 API processes behind a
// round-robin proxy, 2 worker processes, all on loopback) it runs four
// faults, each with its own verdict, and exits non-zero if any fails:
//
//	api-kill      kill -9 an API process during a write load
//	worker-kill   kill -9 a worker with escalations in flight
//	redis-flush   FLUSHALL while SLA timers are pending
//	pg-restart    stop PostgreSQL during a load, then start it again
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"kefu/ops/cluster"
)

// env is the running cluster every scenario works on.
type env struct {
	log     *slog.Logger
	c       *cluster.Cluster
	pg      *cluster.Postgres
	redis   *cluster.Redis
	rdb     *redis.Client
	insp    *asynq.Inspector
	apis    []*cluster.API
	workers []*cluster.Worker
	proxy   *cluster.Proxy
	tenants []cluster.Tenant
	db      dbHandle
	tag     string
	sweep   time.Duration
	built   time.Duration
}

// scenario is one fault's outcome.
type scenario struct {
	Name    string         `json:"name"`
	Fault   string         `json:"fault"`
	Pass    bool           `json:"pass"`
	Checks  []check        `json:"checks"`
	Figures map[string]any `json:"figures"`
	Seconds float64        `json:"seconds"`
}

type check struct {
	What string `json:"what"`
	Got  string `json:"got"`
	Pass bool   `json:"pass"`
}

func (s *scenario) check(what string, pass bool, format string, args ...any) {
	s.Checks = append(s.Checks, check{What: what, Got: fmt.Sprintf(format, args...), Pass: pass})
}

func main() {
	out := flag.String("out", "bench/results", "where chaos.md and chaos.json go")
	keep := flag.Bool("keep", false, "keep the working directory (logs, data)")
	only := flag.String("only", "", "comma-separated scenarios to run (default: all)")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil)).With("prog", "chaos")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ok, err := run(ctx, log, *out, *keep, *only)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "chaos:", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}

func run(ctx context.Context, log *slog.Logger, out string, keep bool, only string) (bool, error) {
	t0 := time.Now()
	e, err := setup(ctx, log, keep)
	if e != nil {
		defer e.close()
	}
	if err != nil {
		return false, err
	}
	built := e.built
	t0 = t0.Add(built)
	log.Info("cluster ready", "took", time.Since(t0).Round(time.Second))
	all := []struct {
		name string
		run  func(context.Context, *env) (scenario, error)
	}{
		{"api-kill", apiKill}, {"worker-kill", workerKill}, {"redis-flush", redisFlush}, {"pg-restart", pgRestart},
	}
	var res result
	for _, s := range all {
		if only != "" && !slices.Contains(strings.Split(only, ","), s.name) {
			continue
		}
		log.Info("scenario", "name", s.name)
		st := time.Now()
		sc, err := s.run(ctx, e)
		if err != nil {
			return false, fmt.Errorf("%s: %w", s.name, err)
		}
		sc.Name = s.name
		sc.Seconds = float64(int(time.Since(st).Seconds()*10)) / 10
		sc.Pass = len(sc.Checks) > 0
		for _, c := range sc.Checks {
			sc.Pass = sc.Pass && c.Pass
		}
		log.Info("scenario done", "name", s.name, "verdict", cluster.Verdict(sc.Pass), "took", time.Since(st).Round(time.Second))
		res.Scenarios = append(res.Scenarios, sc)
	}
	res.Pass = len(res.Scenarios) > 0
	for _, s := range res.Scenarios {
		res.Pass = res.Pass && s.Pass
	}
	res.Host = cluster.NewHost(e.db.version(ctx), "redis-server 7 (Debian), one server, AOF everysec")
	res.TotalSec, res.BuildSec = int(time.Since(t0).Seconds()), int(built.Seconds())
	res.Setup = fmt.Sprintf("2 API processes behind a round-robin proxy that rests a failed backend %s, 2 worker processes (sweep every %s), %d organizations with a 5 s first-response SLA on complaints escalating at the breach and 5 s later",
		"3 s", e.sweep, len(e.tenants))
	return res.Pass, cluster.WriteReport(out, "chaos", markdown(res), res)
}

func setup(ctx context.Context, log *slog.Logger, keep bool) (*env, error) {
	c, err := cluster.New(log)
	if err != nil {
		return nil, err
	}
	c.Keep = keep
	e := &env{log: log, c: c, sweep: 5 * time.Second, tag: fmt.Sprintf("chaos%d", time.Now().Unix())}
	log.Info("building kefu", "dir", c.Dir)
	t0 := time.Now()
	bin, err := c.BuildKefu(ctx, ".")
	if err != nil {
		return e, err
	}
	e.built = time.Since(t0)
	if e.pg, err = c.StartPostgres("kefu"); err != nil {
		return e, err
	}
	if e.redis, err = c.StartRedis(); err != nil {
		return e, err
	}
	e.rdb = e.redis.Client()
	e.insp = asynq.NewInspectorFromRedisClient(e.rdb)
	k := c.Kefu(bin, e.pg.URL("kefu"), "redis://"+e.redis.Addr()+"/0")
	if err := k.Migrate(); err != nil {
		return e, err
	}
	for i := range 2 {
		a, err := k.StartAPI(fmt.Sprintf("api-%d", i+1))
		if err != nil {
			return e, err
		}
		e.apis = append(e.apis, a)
	}
	for i := range 2 {
		w, err := k.StartWorker(fmt.Sprintf("worker-%d", i+1), e.sweep)
		if err != nil {
			return e, err
		}
		e.workers = append(e.workers, w)
	}
	if e.proxy, err = c.StartProxy(e.apis...); err != nil {
		return e, err
	}
	// Seeded through one process; the other learns the new roles by Redis
	// pub/sub a moment later.
	if e.tenants, err = cluster.SeedTenants(ctx, e.apis[0].URL, e.tag, 4); err != nil {
		return e, err
	}
	time.Sleep(time.Second)
	if e.db.DB, err = cluster.OpenDB(e.pg.URL("kefu")); err != nil {
		return e, err
	}
	return e, nil
}

func (e *env) close() {
	if e.db.DB != nil {
		e.db.Close()
	}
	if e.insp != nil {
		e.insp.Close()
	}
	e.c.Close()
}

// load is a ticket-create load through the proxy, tagged for scenario name.
func (e *env) load(name string) *cluster.Load {
	return &cluster.Load{URL: e.proxy.URL, Tenants: e.tenants, Tag: e.tag + "-" + name, Concurrency: 16, Duration: 10 * time.Second, SLAEvery: 10}
}

// burst files n SLA tickets (every one with escalations to come), retrying
// refused requests, and fails unless all were acknowledged.
func (e *env) burst(ctx context.Context, name string, n int64) (*cluster.Load, cluster.Outcome, error) {
	l := e.load(name)
	l.SLAEvery, l.MaxRequests, l.Duration, l.Retries, l.Backoff = 1, n, 30*time.Second, 3, 300*time.Millisecond
	out := l.Run(ctx)
	if out.Failed > 0 {
		return l, out, fmt.Errorf("the burst failed: %s", out.FirstError)
	}
	return l, out, nil
}

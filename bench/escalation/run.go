package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hibiken/asynq"
	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"

	"kefu/bench/loadtest"
	"kefu/workers"
)

// settle is how long the run keeps watching after the last timer was
// acted on, so that a late duplicate (a retry, a second server, a sweep)
// still shows.
const settle = 3 * time.Second

// runResult is one run: its settings, the verdict and asynq's counts.
type runResult struct {
	WorkerServers int   `json:"worker_servers"`
	Slots         int   `json:"task_slots_per_server"`
	tally               // timers, processed, missing, duplicates, lateness
	EnqueueMs     int64 `json:"enqueue_ms"` // scheduling all timers into Redis
	TasksDone     int   `json:"tasks_processed"`
	TasksFailed   int   `json:"tasks_failed"`
	Retry         int   `json:"tasks_in_retry"`
	Archived      int   `json:"tasks_archived"`
	Notifications int   `json:"notifications"` // escalation notices to supervisors
	// CPUPerTimer is this process's CPU (worker servers, idle API, poller)
	// per timer from the first deadline to the last breach; PostgreSQL's
	// and Redis's own CPU is not in it.
	CPUPerTimer float64 `json:"bench_process_cpu_ms_per_timer"`
	LoadStart   string  `json:"load_average_at_start"`
	LoadEnd     string  `json:"load_average_at_end"`
	Verdict     string  `json:"verdict"`
}

// run sets up, seeds the tenants, then does one timed run per entry of
// o.servers.
func run(ctx context.Context, o options) (err error) {
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

	rdb, err := workers.Connect(o.RedisURL)
	if err != nil {
		return err
	}
	defer rdb.Close()
	redisVersion, err := serverVersion(ctx, rdb)
	if err != nil {
		return err
	}
	db, err := sql.Open("pgx", env.Schema.URL)
	if err != nil {
		return fmt.Errorf("open schema: %w", err)
	}
	defer db.Close()
	conn, err := pgx.Connect(ctx, env.Schema.URL)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))

	t0 := time.Now()
	tenants, err := seed(ctx, env.Client, o.tenants, o.agents)
	if err != nil {
		return err
	}
	seedTook := time.Since(t0)
	progress.Info("tenants seeded", "tenants", len(tenants), "took", seedTook.Round(time.Millisecond))

	loc, err := time.LoadLocation("Asia/Shanghai") // the tenants' zone: ticket numbers follow its years
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	r := rand.New(rand.NewPCG(20261123, 11))
	counters := map[string]int{}
	queue := workers.NewQueue(rdb)
	inspector := asynq.NewInspectorFromRedisClient(rdb)
	var results []runResult
	for _, n := range o.servers {
		res, err := timedRun(ctx, o, n, r, tenants, counters, loc, env.Schema.URL, db, conn, queue, inspector)
		if err != nil {
			return err
		}
		results = append(results, res)
	}
	meta := loadtest.NewMeta(o.Options, env.Schema.Version, len(tenants)*(o.agents+2))
	meta.Redis = redisVersion + " at " + loadtest.RedactURL(o.RedisURL)
	meta.Concurrency, meta.Duration, meta.MaxRequests = o.concurrency, o.window.String(), int64(o.timers)
	meta.Transport = "worker servers in-process (app.StartWorkers: asynq server and sweeper), each with its own database pool and Redis client"
	rep := report{Meta: meta, Timers: o.timers, Window: o.window.String(), Tenants: len(tenants), Agents: o.agents,
		SweepInterval: o.sweep.String(), SeedSeconds: round1(seedTook.Seconds()), Runs: results}
	if err := rep.write(o.OutDir); err != nil {
		return err
	}
	for _, x := range results {
		if x.Verdict != "pass" {
			return fmt.Errorf("%d worker server(s): %d missing, %d duplicates, %d early", x.WorkerServers, x.Missing, x.Duplicates, x.Early)
		}
	}
	return nil
}

// timedRun loads and schedules o.timers tickets due in one window, runs
// n worker servers until all are acted on (or the drain timeout), and
// judges the outcome.
func timedRun(ctx context.Context, o options, n int, r *rand.Rand, tenants []*tenantSeed, counters map[string]int, loc *time.Location,
	url string, db *sql.DB, conn *pgx.Conn, q *workers.Queue, in *asynq.Inspector) (runResult, error) {
	res := runResult{WorkerServers: n, Slots: o.concurrency}
	start := time.Now().Add(o.lead).Truncate(time.Second).Add(time.Second)
	due := deadlines(r, o.timers, start, o.window)
	timers, rows := makeTimers(r, tenants, due, counters, loc)
	progress.Info("run start", "worker_servers", n, "timers", o.timers, "first_deadline", start.Format(time.TimeOnly), "window", o.window)
	if err := load(ctx, url, db, rows, counters, start.In(loc).Year()); err != nil {
		return res, err
	}
	t0 := time.Now()
	if err := enqueue(ctx, q, timers, 8); err != nil {
		return res, err
	}
	res.EnqueueMs = time.Since(t0).Milliseconds()
	before, err := queueStats(in)
	if err != nil {
		return res, err
	}

	var servers []*loadtest.Workers
	defer func() {
		for _, w := range servers {
			w.Close()
		}
	}()
	for range n {
		w, err := loadtest.StartWorkers(ctx, url, o.RedisURL, o.concurrency, o.sweep)
		if err != nil {
			return res, err
		}
		servers = append(servers, w)
	}
	if wait := time.Until(start); wait < 2*time.Second {
		return res, fmt.Errorf("setup took past the lead (%s left before the first deadline): raise -lead", wait.Round(time.Millisecond))
	}

	select {
	case <-ctx.Done():
		return res, ctx.Err()
	case <-time.After(time.Until(start)):
	}
	res.LoadStart = loadtest.LoadAvg()
	cpu0 := loadtest.ProcessCPU()
	last := due[len(due)-1]
	if err := waitActed(ctx, conn, start, last, len(timers), o.drain); err != nil {
		return res, err
	}
	cpu := loadtest.ProcessCPU() - cpu0
	res.LoadEnd = loadtest.LoadAvg()
	for _, w := range servers {
		w.Close()
	}
	servers = nil
	res.CPUPerTimer = loadtest.Ms(cpu / time.Duration(len(timers)))

	got, err := collect(ctx, conn, timers)
	if err != nil {
		return res, err
	}
	res.tally = summarize(timers, got)
	after, err := queueStats(in)
	if err != nil {
		return res, err
	}
	res.TasksDone = after.ProcessedTotal - before.ProcessedTotal
	res.TasksFailed = after.FailedTotal - before.FailedTotal
	res.Retry, res.Archived = after.Retry, after.Archived
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE kind = 'escalation' AND created_at >= $1`, start).
		Scan(&res.Notifications); err != nil {
		return res, fmt.Errorf("count notifications: %w", err)
	}
	res.Verdict = "pass"
	if !res.Passed() {
		res.Verdict = "fail"
	}
	progress.Info("run done", "worker_servers", n, "processed", res.Processed, "missing", res.Missing, "duplicates", res.Duplicates,
		"early", res.Early, "p50_ms", res.LateP50, "p99_ms", res.LateP99, "max_ms", res.LateMax)
	return res, nil
}

// waitActed polls until every timer of the window has its breach
// recorded, then watches a little longer for duplicates; it gives up
// drain past the last deadline.
func waitActed(ctx context.Context, conn *pgx.Conn, first, last time.Time, n int, drain time.Duration) error {
	giveUp := last.Add(drain)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	reported := time.Now()
	for {
		var done int
		err := conn.QueryRow(ctx, `SELECT count(*) FROM tickets WHERE first_response_due_at BETWEEN $1 AND $2
			AND first_response_breached_at IS NOT NULL`, first, last).Scan(&done)
		if err != nil {
			return fmt.Errorf("poll progress: %w", err)
		}
		if time.Since(reported) >= 10*time.Second {
			progress.Info("timers acted on", "done", done, "of", n)
			reported = time.Now()
		}
		if done >= n {
			break
		}
		if time.Now().After(giveUp) {
			progress.Warn("drain timeout: timers left unprocessed", "done", done, "of", n)
			return nil // the tally reports them as missing
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(settle):
		return nil
	}
}

// queueStats is the critical queue's (the SLA timers') asynq counters.
func queueStats(in *asynq.Inspector) (*asynq.QueueInfo, error) {
	qi, err := in.GetQueueInfo("critical")
	if err != nil {
		return nil, fmt.Errorf("asynq queue info: %w", err)
	}
	return qi, nil
}

// serverVersion names the Redis server, e.g. "Redis 7.0.15".
func serverVersion(ctx context.Context, rdb redis.UniversalClient) (string, error) {
	info, err := rdb.Info(ctx, "server").Result()
	if err != nil {
		return "", fmt.Errorf("redis info: %w", err)
	}
	return "Redis " + loadtest.RedisVersion(info), nil
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }

package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"kefu/bench/loadtest"
)

// clockTicks is USER_HZ, the unit of /proc/stat; 100 on every Linux
// platform Go supports.
const clockTicks = 100

// waitInterval is how often the wait sampler looks at pg_stat_activity:
// often enough for a profile over a few seconds, rarely enough that its
// own query costs a few percent of one core.
const waitInterval = 50 * time.Millisecond

// monitor watches where a scenario's time goes: CPU of this process, of
// the PostgreSQL backends serving it and of the rest of the machine, and
// what those backends are waiting on.
type monitor struct {
	db   *sql.DB // a single connection, for pg_stat_activity; left out of everything
	port int     // the database's TCP port
	// profileDir, when set, receives a Go CPU profile per scenario.
	profileDir string

	mu      sync.Mutex
	ports   map[int]bool // this process's connections to the database
	portsAt time.Time
}

// portsTTL is how long the set of connections is trusted: reading it
// walks /proc/self/fd and the socket table, too dear for every sample;
// the pools are warm, so connections rarely come and go mid-scenario.
const portsTTL = time.Second

func (m *monitor) ownPorts() (map[int]bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ports != nil && time.Since(m.portsAt) < portsTTL {
		return m.ports, nil
	}
	p, err := ownPorts(m.port)
	if err != nil {
		return nil, err
	}
	m.ports, m.portsAt = p, time.Now()
	return p, nil
}

func newMonitor(ctx context.Context, dbURL, profileDir string) (*monitor, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return nil, fmt.Errorf("monitor: %w", err)
	}
	port := 5432
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("monitor: port %q: %w", p, err)
		}
	}
	db, err := openDB(dbURL, 1)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("monitor: %w", err)
	}
	return &monitor{db: db, port: port, profileDir: profileDir}, nil
}

func (m *monitor) Close() { m.db.Close() }

// activity is one sample of this process's backends.
type activity struct {
	pid                  int
	state, wtype, wevent string
}

// backends lists the client backends serving this process's connections
// (the monitor's own excepted), with what each is doing. It runs to the
// end even when ctx is cancelled.
func (m *monitor) backends(ctx context.Context) ([]activity, error) {
	ports, err := m.ownPorts()
	if err != nil {
		return nil, err
	}
	// Never cancelled midway: pgx closes a connection whose query is
	// cancelled, and the monitor's next connection would be a stranger.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	rows, err := m.db.QueryContext(ctx, `SELECT pid, client_port, coalesce(state, ''), coalesce(wait_event_type, ''), coalesce(wait_event, '')
		FROM pg_stat_activity WHERE backend_type = 'client backend' AND client_port > 0 AND pid <> pg_backend_pid()`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []activity
	for rows.Next() {
		var a activity
		var port int
		if err := rows.Scan(&a.pid, &port, &a.state, &a.wtype, &a.wevent); err != nil {
			return nil, err
		}
		if ports[port] {
			out = append(out, a)
		}
	}
	return out, rows.Err()
}

// cpuSample is the CPU time this process and its backends used and the
// machine's busy and total time, at one instant.
type cpuSample struct {
	self        time.Duration
	pg          map[int]uint64 // backend pid → ticks
	busy, total uint64         // /proc/stat ticks; zero when unreadable
}

func (m *monitor) sample(ctx context.Context) cpuSample {
	m.mu.Lock()
	m.ports = nil // a fresh look at the connections for each scenario
	m.mu.Unlock()
	s := cpuSample{pg: map[int]uint64{}}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		s.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		line, _, _ := strings.Cut(string(b), "\n")
		s.busy, s.total, _ = parseProcStat(line)
	}
	if acts, err := m.backends(ctx); err == nil {
		for _, a := range acts {
			if t, err := procTicks(a.pid); err == nil {
				s.pg[a.pid] = t
			}
		}
	}
	return s
}

// parseProcStat reads the aggregate "cpu" line of /proc/stat: busy is
// user, nice, system, irq, softirq and steal; total adds idle and iowait.
// (guest time is already inside user.)
func parseProcStat(line string) (busy, total uint64, err error) {
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, 0, fmt.Errorf("not the aggregate cpu line: %q", line)
	}
	var v [8]uint64
	for i := range v {
		if v[i], err = strconv.ParseUint(f[i+1], 10, 64); err != nil {
			return 0, 0, fmt.Errorf("cpu line field %d: %w", i+1, err)
		}
	}
	user, nice, system, idle, iowait, irq, softirq, steal := v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]
	busy = user + nice + system + irq + softirq + steal
	return busy, busy + idle + iowait, nil
}

// cpuUse is where a scenario's CPU went, per request. Self is this
// process: the app and the load generator, which cannot be told apart;
// PG is the PostgreSQL backends serving this process; other is the rest
// of the machine's busy time: PostgreSQL's own background processes
// (WAL writer, checkpointer), the kernel and anything else running.
type cpuUse struct {
	SelfMSPerReq  float64 `json:"self_cpu_ms_per_request"`
	PGMSPerReq    float64 `json:"pg_backends_cpu_ms_per_request"`
	OtherMSPerReq float64 `json:"other_cpu_ms_per_request"`
	BusyPercent   float64 `json:"machine_busy_percent"` // of all cores
}

// use computes the per-request split between two samples; no requests or
// an unreadable /proc leave the figures at zero.
func use(a, b cpuSample, requests int64) cpuUse {
	var u cpuUse
	if requests <= 0 {
		return u
	}
	per := func(sec float64) float64 { return round3(sec * 1000 / float64(requests)) }
	self := (b.self - a.self).Seconds()
	var pgTicks uint64
	for pid, tb := range b.pg {
		if ta := a.pg[pid]; tb >= ta { // a backend new since a counts whole
			pgTicks += tb - ta
		}
	}
	pg := float64(pgTicks) / clockTicks
	u.SelfMSPerReq, u.PGMSPerReq = per(self), per(pg)
	if b.total > a.total {
		busy := float64(b.busy-a.busy) / clockTicks
		u.BusyPercent = round1(100 * float64(b.busy-a.busy) / float64(b.total-a.total))
		u.OtherMSPerReq = per(max(busy-self-pg, 0))
	}
	return u
}

// waitShare is the share of busy-backend samples in one state.
type waitShare struct {
	State   string  `json:"state"`
	Percent float64 `json:"percent"`
}

// waitProfile is what this process's backends were doing while busy.
type waitProfile struct {
	Samples int `json:"samples"`
	// MeanBusy is the mean number of backends not idle per sample.
	MeanBusy float64     `json:"mean_busy_backends"`
	Shares   []waitShare `json:"shares"`
}

// classify names a busy backend's state: running, waiting on the app
// inside a transaction, or a wait event such as Lock:transactionid (a row
// lock held by another transaction) or IO:WALSync (commit flush).
func classify(state, wtype, wevent string) string {
	switch {
	case state == "idle in transaction":
		return "idle in transaction (the app's turn)"
	case state == "active" && wtype == "":
		return "running (CPU)"
	case wtype != "":
		return wtype + ":" + wevent
	default:
		return state
	}
}

// watch samples the backends every waitInterval until the returned
// function is called, which returns the profile.
func (m *monitor) watch(ctx context.Context) func() waitProfile {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan waitProfile, 1)
	go func() {
		counts := map[string]int{}
		samples, busy := 0, 0
		t := time.NewTicker(waitInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				done <- profile(counts, samples, busy)
				return
			case <-t.C:
			}
			acts, err := m.backends(ctx)
			if err != nil {
				continue
			}
			samples++
			for _, a := range acts {
				if a.state == "idle" || a.state == "" {
					continue
				}
				busy++
				counts[classify(a.state, a.wtype, a.wevent)]++
			}
		}
	}()
	return func() waitProfile {
		cancel()
		return <-done
	}
}

// profile turns sample counts into shares, largest first.
func profile(counts map[string]int, samples, busy int) waitProfile {
	p := waitProfile{Samples: samples}
	if samples > 0 {
		p.MeanBusy = round3(float64(busy) / float64(samples))
	}
	for k, n := range counts {
		p.Shares = append(p.Shares, waitShare{State: k, Percent: round1(100 * float64(n) / float64(busy))})
	}
	sort.Slice(p.Shares, func(i, j int) bool {
		if p.Shares[i].Percent != p.Shares[j].Percent {
			return p.Shares[i].Percent > p.Shares[j].Percent
		}
		return p.Shares[i].State < p.Shares[j].State
	})
	return p
}

// profile starts a Go CPU profile into profileDir/<scenario>.pprof when
// profiling is on; the returned function stops it.
func (m *monitor) profile(scenario string) (func() error, error) {
	if m.profileDir == "" {
		return func() error { return nil }, nil
	}
	if err := os.MkdirAll(m.profileDir, 0o755); err != nil {
		return nil, fmt.Errorf("profile dir: %w", err)
	}
	path := filepath.Join(m.profileDir, scenario+".pprof")
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			return fmt.Errorf("profile: %w", err)
		}
		progress.Info("cpu profile written", "path", path)
		return nil
	}, nil
}

// measured is a scenario's result with its CPU split and wait profile.
type measured struct {
	loadtest.Result
	Workers int         `json:"workers"`
	CPU     cpuUse      `json:"cpu"`
	Waits   waitProfile `json:"pg_waits"`
}

// runMeasured runs sc like loadtest.Run while the monitor watches.
func runMeasured(ctx context.Context, m *monitor, sc loadtest.Scenario, o loadtest.Options) (measured, error) {
	stopProfile, err := m.profile(sc.Name)
	if err != nil {
		return measured{}, err
	}
	a := m.sample(ctx)
	stop := m.watch(ctx)
	r, err := loadtest.Run(ctx, sc, o)
	waits := stop()
	b := m.sample(ctx)
	if perr := stopProfile(); err == nil {
		err = perr
	}
	if err != nil {
		return measured{}, err
	}
	out := measured{Result: r, Workers: o.Concurrency, CPU: use(a, b, r.Requests), Waits: waits}
	progress.Info("cpu", "scenario", sc.Name, "self_ms_per_req", out.CPU.SelfMSPerReq, "pg_ms_per_req", out.CPU.PGMSPerReq,
		"other_ms_per_req", out.CPU.OtherMSPerReq, "busy_pct", out.CPU.BusyPercent)
	if len(waits.Shares) > 0 {
		progress.Info("pg waits", "scenario", sc.Name, "busy_backends", waits.MeanBusy, "top", waits.Shares[0].State, "pct", waits.Shares[0].Percent)
	}
	return out, nil
}

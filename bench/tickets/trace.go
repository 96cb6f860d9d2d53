package main

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"kefu/desk/orgchart"
	"kefu/desk/tickets"
	"kefu/ent"
	_ "kefu/ent/runtime" // privacy policies, hooks and defaults, as in the app
	"kefu/ent/store"
	"kefu/tenants/accounts"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// statement is one database round trip the app's code made.
type statement struct {
	Op      string  `json:"op"` // e.g. `UPDATE ticket_counters`, BEGIN, COMMIT
	MS      float64 `json:"ms"`
	InTx    bool    `json:"in_tx"`
	SQL     string  `json:"sql,omitempty"`
	args    []any
	fullSQL string
}

// tracer records the statements that pass through its driver while on.
type tracer struct {
	mu    sync.Mutex
	on    bool
	stmts []statement
}

func (t *tracer) start() {
	t.mu.Lock()
	t.on, t.stmts = true, nil
	t.mu.Unlock()
}

func (t *tracer) stop() []statement {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.on = false
	return t.stmts
}

// addBatch records a pipelined round trip under the ops it carried.
func (t *tracer) addBatch(ops string, d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.on {
		t.stmts = append(t.stmts, statement{Op: ops, MS: float64(d.Microseconds()) / 1000, InTx: true})
	}
}

func (t *tracer) add(inTx bool, query string, args any, d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.on {
		return
	}
	a, _ := args.([]any)
	t.stmts = append(t.stmts, statement{Op: opOf(query), MS: float64(d.Microseconds()) / 1000, InTx: inTx,
		SQL: shorten(query, 160), args: a, fullSQL: query})
}

// rtTracer is a pgx tracer: it records each round trip to the server, a
// single statement or a pipelined batch of them, as the connection sees it.
type rtTracer struct{ t *tracer }

type rtKey struct{}

// rtStart is what a round trip's start leaves for its end.
type rtStart struct {
	t0    time.Time
	inTx  bool
	query string // one statement, or the batch's ops joined by " + "
	args  []any
	batch bool
}

func (r rtTracer) TraceQueryStart(ctx context.Context, c *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	return context.WithValue(ctx, rtKey{}, rtStart{t0: time.Now(), inTx: c.PgConn().TxStatus() == 'T', query: d.SQL, args: d.Args})
}

func (r rtTracer) TraceQueryEnd(ctx context.Context, c *pgx.Conn, _ pgx.TraceQueryEndData) {
	st, _ := ctx.Value(rtKey{}).(rtStart)
	// BEGIN starts outside a transaction and COMMIT ends it: both belong to it.
	op := opOf(st.query)
	inTx := st.inTx || c.PgConn().TxStatus() == 'T' || op == "COMMIT" || op == "ROLLBACK"
	r.t.add(inTx, st.query, st.args, time.Since(st.t0))
}

func (r rtTracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	var ops []string
	for _, q := range d.Batch.QueuedQueries {
		ops = append(ops, opOf(q.SQL))
	}
	return context.WithValue(ctx, rtKey{}, rtStart{t0: time.Now(), inTx: true, query: strings.Join(ops, " + "), batch: true})
}

func (r rtTracer) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

func (r rtTracer) TraceBatchEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchEndData) {
	st, _ := ctx.Value(rtKey{}).(rtStart)
	r.t.addBatch(st.query, time.Since(st.t0))
}

var (
	opPatterns = []struct {
		verb string
		re   *regexp.Regexp
	}{
		{"SELECT", regexp.MustCompile(`(?is)^SELECT\b.*?\bFROM\s+"?([A-Za-z_][A-Za-z0-9_]*)"?`)},
		{"INSERT", regexp.MustCompile(`(?i)^INSERT\s+INTO\s+"?([A-Za-z_][A-Za-z0-9_]*)"?`)},
		{"UPDATE", regexp.MustCompile(`(?i)^UPDATE\s+"?([A-Za-z_][A-Za-z0-9_]*)"?`)},
		{"DELETE", regexp.MustCompile(`(?i)^DELETE\s+FROM\s+"?([A-Za-z_][A-Za-z0-9_]*)"?`)},
	}
	spaces = regexp.MustCompile(`\s+`)
)

// opOf names a statement by its verb and first table, e.g.
// `UPDATE ticket_counters`; anything else by its start.
func opOf(query string) string {
	q := strings.TrimSpace(query)
	switch u := strings.ToUpper(q); u {
	case "BEGIN", "COMMIT", "ROLLBACK":
		return u
	}
	for _, p := range opPatterns {
		if m := p.re.FindStringSubmatch(q); m != nil {
			return p.verb + " " + m[1]
		}
	}
	return shorten(q, 40)
}

func shorten(s string, n int) string {
	s = spaces.ReplaceAllString(strings.TrimSpace(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// traced is the app's services on an instrumented client.
type traced struct {
	t      *tracer
	db     *sql.DB
	client *ent.Client
}

func openTraced(url string) (*traced, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	t := &tracer{}
	cfg.Tracer = rtTracer{t}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(4)
	// The app's own driver (with its pipelined transactions); pgx sees
	// the round trips it makes.
	return &traced{t: t, db: db, client: ent.NewClient(ent.Driver(store.NewDriver(db, dialect.Postgres)))}, nil
}

func (x *traced) Close() { x.client.Close() }

// traceRuns is how many times a traced call is repeated; each
// statement's time is the median over the runs.
const traceRuns = 15

// medianStatements merges runs of the same call: each statement with its
// median time. Runs that did not all make the same statements cannot be
// merged; the last run is returned then.
func medianStatements(runs [][]statement) []statement {
	if len(runs) == 0 {
		return nil
	}
	last := runs[len(runs)-1]
	for _, r := range runs {
		if len(r) != len(last) {
			return last
		}
		for i := range r {
			if r[i].Op != last[i].Op {
				return last
			}
		}
	}
	out := make([]statement, len(last))
	for i := range last {
		ms := make([]float64, len(runs))
		for k, r := range runs {
			ms[k] = r[i].MS
		}
		sort.Float64s(ms)
		out[i] = last[i]
		out[i].MS = ms[len(ms)/2]
		if len(ms)%2 == 0 {
			out[i].MS = round3((ms[len(ms)/2-1] + ms[len(ms)/2]) / 2)
		}
	}
	return out
}

// createTrace is the statements of one POST /v1/tickets at rest (median
// times over traceRuns): the session check of the request's guard with its
// cache cold, then the create transaction.
type createTrace struct {
	Auth       []statement `json:"authenticate"`
	Create     []statement `json:"create"`
	RoundTrips int         `json:"round_trips"` // the create's; Auth's only on a cold cache
	DBMS       float64     `json:"db_ms"`       // sum of the create's statements' times
	// MeanMS is the service call's mean wall time over repeated creates,
	// one at a time without HTTP.
	MeanMS  float64 `json:"service_mean_ms"`
	Repeats int     `json:"repeats"`
}

// traceCreate runs the session check and Service.Create of the app on a
// traced client, in tenant ts as its first agent, the way the handler
// does; the ticket is the same as in the create scenarios.
func traceCreate(ctx context.Context, url string, ts *tenantSeed) (createTrace, error) {
	var out createTrace
	x, err := openTraced(url)
	if err != nil {
		return out, err
	}
	defer x.Close()
	sessions := accounts.New(x.client, nil)
	// The services Create uses for this ticket: no customer, not a major
	// complaint (which would need authz and the org chart), no timers.
	svc := tickets.New(x.client, nil, nil, nil, nil, nil)
	a := ts.Agents[0]
	vctx := tenancy.WithViewer(ctx, tenancy.Viewer{TenantID: ts.ID, ActorType: tenancy.ActorUser, ActorID: a.ID})
	in := tickets.NewTicket{Type: "complaint", Channel: "phone", Subject: fmt.Sprintf(createSubject, 1),
		Description: "业主来电：3 号楼 2 单元电梯停在 7 层，门打不开，请尽快派人处理。",
		UnitID:      ts.Unit, AssigneeID: ts.Agents[1%len(ts.Agents)].ID}

	create := func() error {
		if _, err := sessions.Authenticate(ctx, a.Token); err != nil {
			return fmt.Errorf("trace: authenticate: %w", err)
		}
		if _, err := svc.Create(vctx, in); err != nil {
			return fmt.Errorf("trace: create: %w", err)
		}
		return nil
	}
	if err := create(); err != nil { // warm the pool and statement caches
		return out, err
	}
	var auths, creates [][]statement
	for range traceRuns {
		// A service of its own each time: its session cache is cold, so
		// the read it makes once per token and cache period shows.
		x.t.start()
		if _, err := accounts.New(x.client, nil).Authenticate(ctx, a.Token); err != nil {
			return out, fmt.Errorf("trace: authenticate: %w", err)
		}
		auths = append(auths, x.t.stop())
		x.t.start()
		if _, err := svc.Create(vctx, in); err != nil {
			return out, fmt.Errorf("trace: create: %w", err)
		}
		creates = append(creates, x.t.stop())
	}
	out.Auth, out.Create = medianStatements(auths), medianStatements(creates)
	for _, s := range out.Create {
		out.RoundTrips++
		out.DBMS += s.MS
	}
	out.DBMS = round3(out.DBMS)

	out.Repeats = 50
	t0 := time.Now()
	for range out.Repeats {
		if _, err := svc.Create(vctx, in); err != nil {
			return out, fmt.Errorf("trace: create: %w", err)
		}
	}
	out.MeanMS = round3(float64(time.Since(t0).Microseconds()) / 1000 / float64(out.Repeats))
	progress.Info("create traced", "round_trips", out.RoundTrips, "db_ms", out.DBMS, "service_mean_ms", out.MeanMS)
	return out, nil
}

// listTrace is an agent's queue read: the app's statements and the plans
// of its tickets query.
type listTrace struct {
	Open  []statement `json:"open_statements"`
	All   []statement `json:"any_status_statements"`
	Plans []plan      `json:"plans"`
}

// plan is EXPLAIN (ANALYZE, BUFFERS) of the query the app ran.
type plan struct {
	Name        string   `json:"name"`
	SQL         string   `json:"sql"`
	Args        []string `json:"args"`
	PlanningMS  float64  `json:"planning_ms"`
	ExecutionMS float64  `json:"execution_ms"`
	Text        []string `json:"plan"`
}

// traceList runs Service.List as an agent of ts, with and without the
// status filter, exactly as GET /v1/tickets does for assignee_id=me; then
// explains the tickets query each made with its own arguments.
func traceList(ctx context.Context, url string, ts *tenantSeed) (listTrace, error) {
	var out listTrace
	x, err := openTraced(url)
	if err != nil {
		return out, err
	}
	defer x.Close()
	az, err := authz.New(x.client)
	if err != nil {
		return out, fmt.Errorf("trace: %w", err)
	}
	org := orgchart.New(x.client, az, nil)
	svc := tickets.New(x.client, az, org, nil, nil, nil)
	a := ts.Agents[0]
	vctx := tenancy.WithViewer(ctx, tenancy.Viewer{TenantID: ts.ID, ActorType: tenancy.ActorUser, ActorID: a.ID})

	for _, v := range []struct {
		name   string
		status string
		into   *[]statement
	}{{agentQueue, "open", &out.Open}, {agentQueueAll, "", &out.All}} {
		list := func() error {
			_, err := svc.List(vctx, a.ID, tickets.ListFilter{Status: v.status, AssigneeID: a.ID}, "", 51)
			return err
		}
		if err := list(); err != nil {
			return out, fmt.Errorf("trace: list: %w", err)
		}
		var runs [][]statement
		for range traceRuns {
			x.t.start()
			err := list()
			runs = append(runs, x.t.stop())
			if err != nil {
				return out, fmt.Errorf("trace: list: %w", err)
			}
		}
		*v.into = medianStatements(runs)
		var q *statement
		for i := range *v.into {
			if s := &(*v.into)[i]; s.Op == "SELECT tickets" {
				q = s
			}
		}
		if q == nil {
			return out, fmt.Errorf("trace: list ran no query on tickets: %+v", *v.into)
		}
		p, err := explain(ctx, x.db, v.name, q.fullSQL, q.args)
		if err != nil {
			return out, err
		}
		out.Plans = append(out.Plans, p)
		progress.Info("queue query explained", "scenario", v.name, "execution_ms", p.ExecutionMS, "planning_ms", p.PlanningMS)
	}
	return out, nil
}

// explain runs EXPLAIN (ANALYZE, BUFFERS) three times and keeps the last,
// warm run.
func explain(ctx context.Context, db *sql.DB, name, query string, args []any) (plan, error) {
	p := plan{Name: name, SQL: shorten(query, 10000)}
	for _, a := range args {
		p.Args = append(p.Args, fmt.Sprint(a))
	}
	for range 3 {
		rows, err := db.QueryContext(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+query, args...)
		if err != nil {
			return p, fmt.Errorf("explain %s: %w", name, err)
		}
		p.Text = p.Text[:0]
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				rows.Close()
				return p, fmt.Errorf("explain %s: %w", name, err)
			}
			p.Text = append(p.Text, line)
		}
		if err := rows.Close(); err != nil {
			return p, fmt.Errorf("explain %s: %w", name, err)
		}
	}
	p.PlanningMS, p.ExecutionMS = explainTimes(p.Text)
	return p, nil
}

// explainTimes reads "Planning Time: x ms" and "Execution Time: y ms".
func explainTimes(lines []string) (planning, execution float64) {
	for _, l := range lines {
		l = strings.TrimSpace(l)
		for prefix, into := range map[string]*float64{"Planning Time:": &planning, "Execution Time:": &execution} {
			if rest, ok := strings.CutPrefix(l, prefix); ok {
				if v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "ms")), 64); err == nil {
					*into = v
				}
			}
		}
	}
	return planning, execution
}

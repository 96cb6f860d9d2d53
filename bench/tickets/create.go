package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"kefu/bench/loadtest"
	"kefu/ids"
)

const (
	apiCreate     = "api-create"
	apiSpread     = "api-create-spread"
	apiLoop       = "api-create-c1"
	rawInsert     = "raw-insert"
	rawLoop       = "raw-insert-c1"
	rawTable      = "tickets_raw"
	targetRatio   = 0.35
	createSubject = "电梯停运，业主被困 %d 分钟"
)

// createResults are the creation scenarios and what was checked about them.
type createResults struct {
	API, Spread, Raw measured
	// APILoop and RawLoop are the same two with a single worker each: one
	// client filing tickets one after another against one INSERT loop.
	APILoop, RawLoop measured
	// Floor is the create's SQL alone in one round trip (floor.go).
	Floor measured
	// Paired is APILoop and RawLoop again, taking turns (paired.go).
	Paired      pairedResult
	Ratio       float64 // API req/s ÷ raw rows/s
	SpreadRatio float64
	LoopRatio   float64
	FloorRatio  float64 // Floor ÷ RawLoop
	Created     int     // tickets the API scenarios created
	WithSLA     int     // of those, with the policy and both due times
	Probe       probe
}

// probe is what one create answered, to show the SLA path ran.
type probe struct {
	Number        string  `json:"number"`
	Status        string  `json:"status"`
	PolicyID      string  `json:"sla_policy_id"`
	FirstResponse float64 `json:"first_response_due_minutes"`
	Resolution    float64 `json:"resolution_due_hours"`
}

// openDB opens a database/sql pool on the bench schema through pgx, the
// driver the app uses, sized for n concurrent statements.
func openDB(url string, n int) (*sql.DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	return db, nil
}

// createBody is POST /v1/tickets for a complaint by phone, assigned, with
// a unit: the combination the SLA policy matches.
func createBody(n int, assignee, unit string) []byte {
	b, _ := json.Marshal(map[string]string{
		"type": "complaint", "channel": "phone", "subject": fmt.Sprintf(createSubject, n%60+1),
		"description": "业主来电：3 号楼 2 单元电梯停在 7 层，门打不开，请尽快派人处理。",
		"assignee_id": assignee, "unit_id": unit,
	})
	return b
}

// runCreate checks one create end to end, then runs the API scenario in
// one tenant, the raw INSERT baseline and the API scenario spread over
// every tenant.
func runCreate(ctx context.Context, c *loadtest.Client, db *sql.DB, mon *monitor, o options, w *world) (createResults, error) {
	var r createResults
	t0 := w.tenants[0]
	var err error
	if r.Probe, err = probeCreate(ctx, c, t0); err != nil {
		return r, err
	}

	// One tenant: its agents file tickets for each other. Every create
	// in a tenant takes the same counter row, so this is the contended case.
	k := len(t0.Agents)
	bodies := make([][]byte, k)
	for i := range bodies {
		bodies[i] = createBody(i, t0.Agents[(i+1)%k].ID, t0.Unit)
	}
	one := loadtest.Scenario{Name: apiCreate, Do: func(ctx context.Context, n int64) (int64, error) {
		i := n % int64(k)
		return 0, c.Call(ctx, http.MethodPost, "/v1/tickets", t0.Agents[i].Token, bodies[i], nil)
	}}
	if r.API, err = runMeasured(ctx, mon, one, o.Options); err != nil {
		return r, err
	}
	loop := one
	loop.Name = apiLoop
	if r.APILoop, err = runMeasured(ctx, mon, loop, single(o.Options)); err != nil {
		return r, err
	}

	var raw loadtest.Scenario
	if r.Raw, r.RawLoop, r.Floor, raw, err = runRawInsert(ctx, db, mon, o, t0); err != nil {
		return r, err
	}
	raw.Name = rawLoop
	if r.Paired, err = runPaired(ctx, loop, raw, o.Options); err != nil {
		return r, err
	}
	if _, err := db.ExecContext(ctx, `DROP TABLE `+rawTable); err != nil {
		return r, fmt.Errorf("drop %s: %w", rawTable, err)
	}

	// Every tenant: each agent files for a colleague; requests rotate over
	// the agents in a shuffled order, so consecutive ones hit different
	// tenants and counter rows.
	var all []agent
	var spreadBodies [][]byte
	for _, ts := range w.tenants {
		for j, a := range ts.Agents {
			all = append(all, a)
			spreadBodies = append(spreadBodies, createBody(len(all), ts.Agents[(j+1)%len(ts.Agents)].ID, ts.Unit))
		}
	}
	order := rand.New(rand.NewPCG(1, 2)).Perm(len(all))
	spread := loadtest.Scenario{Name: apiSpread, Do: func(ctx context.Context, n int64) (int64, error) {
		i := order[n%int64(len(order))]
		return 0, c.Call(ctx, http.MethodPost, "/v1/tickets", all[i].Token, spreadBodies[i], nil)
	}}
	if r.Spread, err = runMeasured(ctx, mon, spread, o.Options); err != nil {
		return r, err
	}

	r.Ratio = ratio(r.API.Throughput, r.Raw.Throughput)
	r.SpreadRatio = ratio(r.Spread.Throughput, r.Raw.Throughput)
	r.LoopRatio = ratio(r.APILoop.Throughput, r.RawLoop.Throughput)
	r.FloorRatio = ratio(r.Floor.Throughput, r.RawLoop.Throughput)
	err = db.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE sla_policy_id IS NOT NULL
		AND first_response_due_at IS NOT NULL AND resolution_due_at IS NOT NULL AND next_check_at IS NOT NULL) FROM tickets`).
		Scan(&r.Created, &r.WithSLA)
	if err != nil {
		return r, fmt.Errorf("count created tickets: %w", err)
	}
	progress.Info("create measured", "api_rps", round1(r.API.Throughput), "raw_rps", round1(r.Raw.Throughput),
		"ratio", round3(r.Ratio), "loop_ratio", round3(r.LoopRatio), "spread_rps", round1(r.Spread.Throughput), "created", r.Created, "with_sla", r.WithSLA)
	return r, nil
}

// probeCreate files one ticket and checks the answer shows the SLA policy
// applied with its due times.
func probeCreate(ctx context.Context, c *loadtest.Client, ts *tenantSeed) (probe, error) {
	var out struct {
		Number    string    `json:"number"`
		Status    string    `json:"status"`
		CreatedAt time.Time `json:"created_at"`
		SLA       struct {
			PolicyID      string    `json:"policy_id"`
			FirstResponse time.Time `json:"first_response_due_at"`
			Resolution    time.Time `json:"resolution_due_at"`
		} `json:"sla"`
	}
	rctx, cancel := context.WithTimeout(ctx, loadtest.RequestTimeout)
	defer cancel()
	body := createBody(0, ts.Agents[0].ID, ts.Unit)
	if err := c.Call(rctx, http.MethodPost, "/v1/tickets", ts.Agents[0].Token, body, &out); err != nil {
		return probe{}, fmt.Errorf("probe create: %w", err)
	}
	p := probe{Number: out.Number, Status: out.Status, PolicyID: out.SLA.PolicyID,
		FirstResponse: out.SLA.FirstResponse.Sub(out.CreatedAt).Minutes(), Resolution: out.SLA.Resolution.Sub(out.CreatedAt).Hours()}
	off := func(got, want float64) bool { return math.Abs(got-want) > 0.01 }
	if p.PolicyID != ts.Policy || off(p.FirstResponse, policyFirstResponse.Minutes()) || off(p.Resolution, policyResolution.Hours()) || p.Status != "open" {
		return p, fmt.Errorf("probe create: the SLA path did not run as set up: %+v (policy %s)", p, ts.Policy)
	}
	return p, nil
}

// rawInsertSQL writes the columns an API-created ticket ends up with, in
// one statement.
const rawInsertSQL = `INSERT INTO ` + rawTable + ` (id, created_at, updated_at, number, type, channel, subject, description,
	priority, severity, status, created_by, sla_policy_id, first_response_due_at, resolution_due_at, next_check_at,
	escalation_level, reopen_count, tenant_id, assignee_id, unit_id)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`

// single is o with one worker.
func single(o loadtest.Options) loadtest.Options {
	o.Concurrency = 1
	return o
}

// runRawInsert is the baseline: o.Concurrency workers, then one, each doing
// one autocommit single-row INSERT at a time, through database/sql and pgx,
// into a copy of tickets with the same columns, defaults and indexes
// (LIKE … INCLUDING ALL; no foreign keys), for the same duration; then the
// create's SQL floor on the same table (floor.go). It returns the loop's
// scenario for runPaired; the caller drops rawTable.
func runRawInsert(ctx context.Context, db *sql.DB, mon *monitor, o options, ts *tenantSeed) (many, one, floor measured, sc loadtest.Scenario, err error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE `+rawTable+` (LIKE tickets INCLUDING ALL)`); err != nil {
		return many, one, floor, sc, fmt.Errorf("create %s: %w", rawTable, err)
	}
	var seq atomic.Int64
	sc = loadtest.Scenario{Name: rawInsert, Do: func(ctx context.Context, n int64) (int64, error) {
		now := time.Now().UTC()
		a := ts.Agents[n%int64(len(ts.Agents))]
		_, err := db.ExecContext(ctx, rawInsertSQL,
			ids.New("tkt"), now, now, fmt.Sprintf("T-%d-%06d", now.Year(), seq.Add(1)), "complaint", "phone",
			fmt.Sprintf(createSubject, n%60+1), "业主来电：3 号楼 2 单元电梯停在 7 层，门打不开，请尽快派人处理。",
			"high", "normal", "open", a.ID, ts.Policy, now.Add(policyFirstResponse), now.Add(policyResolution),
			now.Add(policyFirstResponse*8/10), 0, 0, ts.ID, ts.Agents[(n+1)%int64(len(ts.Agents))].ID, ts.Unit)
		return 0, err
	}}
	if err := warmPool(ctx, db, o.Concurrency); err != nil {
		return many, one, floor, sc, err
	}
	if many, err = runMeasured(ctx, mon, sc, o.Options); err != nil {
		return many, one, floor, sc, err
	}
	sc.Name = rawLoop
	if one, err = runMeasured(ctx, mon, sc, single(o.Options)); err != nil {
		return many, one, floor, sc, err
	}
	floor, err = runFloor(ctx, db, mon, o, ts)
	return many, one, floor, sc, err
}

// warmPool opens n connections at once, so the measurement does not
// include dialling.
func warmPool(ctx context.Context, db *sql.DB, n int) error {
	conns := make([]*sql.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range n {
		c, err := db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("open connection: %w", err)
		}
		conns = append(conns, c)
	}
	return nil
}

// ratio is a/b, 0 when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }
func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }

package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"kefu/bench/copyrows"
	"kefu/ids"
)

const (
	customers = 20_000
	batchSize = 2_000
	// callbackAgents of the agents make the callbacks (回访专员).
	callbackAgents = 10
)

// month is the measured period in the tenant's zone.
type month struct {
	Start, End time.Time
}

// measuredMonth is the last full month before now, in Shanghai (the
// tenant's zone).
func measuredMonth(now time.Time) month {
	z, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		z = time.FixedZone("CST", 8*3600)
	}
	l := now.In(z)
	end := time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, z)
	return month{Start: end.AddDate(0, -1, 0), End: end}
}

// loadResult describes the loaded data.
type loadResult struct {
	Tickets, Metrics, Callbacks, Customers int
	Seconds, VacuumSeconds                 float64
}

// table is one COPY target: its columns and a channel of row batches.
type table struct {
	name string
	cols []string
	ch   chan [][]any
	rows int
}

// bulkLoad fills the month before the measured one and the measured month
// with o.perMonth tickets each, and their facts and callbacks.
func bulkLoad(ctx context.Context, url string, o options, w *world, m month) (loadResult, error) {
	t0 := time.Now()
	var res loadResult
	tables := []*table{
		{name: "customers", cols: []string{"id", "created_at", "updated_at", "name", "tenant_id"}},
		{name: "tickets", cols: []string{"id", "created_at", "updated_at", "number", "type", "channel", "subject", "priority", "severity",
			"complaint_validity", "status", "created_by", "first_responded_at", "resolved_at", "closed_at", "first_response_breached_at",
			"resolution_breached_at", "reopen_count", "tenant_id", "customer_id", "assignee_id", "unit_id"}},
		{name: "ticket_metrics", cols: []string{"id", "tenant_id", "ticket_id", "customer_id", "ticket_created_at", "responder_id",
			"first_responded_at", "first_response_seconds", "first_response_breached", "resolver_id", "resolved_at", "resolution_seconds",
			"pending_seconds", "resolution_breached", "reopen_count", "transfers", "complaint_about_id", "complaint_filed_at", "updated_at"}},
		{name: "callbacks", cols: []string{"id", "created_at", "updated_at", "ticket_id", "customer_id", "status", "due_at", "scheduled_at",
			"assignee_id", "attempts", "outcome", "resolver_id", "closed_at", "tenant_id"}},
	}
	for _, t := range tables {
		t.ch = make(chan [][]any, 4)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	copyInto := func(t *table, workers int) {
		for range workers {
			wg.Go(func() {
				conn, err := pgx.Connect(ctx, url)
				if err != nil {
					cancel(fmt.Errorf("bulk load: %w", err))
					return
				}
				defer conn.Close(context.WithoutCancel(ctx))
				if _, err := conn.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, copyrows.From(ctx, t.ch)); err != nil {
					cancel(fmt.Errorf("bulk load %s: %w", t.name, err))
				}
			})
		}
	}
	g := newGenerator(w, m)
	// Customers first and committed: tickets reference them.
	copyInto(tables[0], 1)
	g.customers(ctx, tables[0])
	close(tables[0].ch)
	wg.Wait()
	copyInto(tables[1], o.copyWorkers)
	copyInto(tables[2], o.copyWorkers)
	copyInto(tables[3], 1)
	g.tickets(ctx, o.perMonth, tables[1], tables[2], tables[3])
	for _, t := range tables[1:] {
		close(t.ch)
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return res, err
	}
	res.Customers, res.Tickets, res.Metrics, res.Callbacks = tables[0].rows, tables[1].rows, tables[2].rows, tables[3].rows
	res.Seconds = round3(time.Since(t0).Seconds())
	progress.Info("bulk loaded", "tickets", res.Tickets, "metrics", res.Metrics, "callbacks", res.Callbacks, "took", time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return res, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, t := range tables {
		if _, err := conn.Exec(ctx, "VACUUM (ANALYZE) "+t.name); err != nil {
			return res, fmt.Errorf("vacuum %s: %w", t.name, err)
		}
	}
	res.VacuumSeconds = round3(time.Since(t0).Seconds())
	return res, nil
}

// generator makes the rows, deterministically.
type generator struct {
	r *rand.Rand
	// last is each customer's latest resolution so far (tickets are made
	// in creation order), which a valid complaint is attributed to.
	last     map[string]resolution
	w        *world
	m        month
	cust     []string
	numbered int
	now      time.Time
}

type resolution struct {
	by string
	at time.Time
}

func newGenerator(w *world, m month) *generator {
	return &generator{r: rand.New(rand.NewPCG(20261123, 0x9e3779b97f4a7c15)), w: w, m: m, now: time.Now().UTC(), last: map[string]resolution{}}
}

func (g *generator) customers(ctx context.Context, t *table) {
	batch := make([][]any, 0, batchSize)
	for i := range customers {
		id := ids.New("cus")
		g.cust = append(g.cust, id)
		batch = append(batch, []any{id, g.m.Start, g.m.Start, fmt.Sprintf("Customer %05d", i+1), g.w.tenantID})
		if len(batch) == batchSize {
			send(ctx, t, batch)
			batch = make([][]any, 0, batchSize)
		}
	}
	send(ctx, t, batch)
}

func send(ctx context.Context, t *table, batch [][]any) {
	if len(batch) == 0 {
		return
	}
	t.rows += len(batch)
	select {
	case t.ch <- batch:
	case <-ctx.Done():
	}
}

func (g *generator) pick(ws ...float64) int {
	total := 0.0
	for _, w := range ws {
		total += w
	}
	x := g.r.Float64() * total
	for i, w := range ws {
		if x < w {
			return i
		}
		x -= w
	}
	return len(ws) - 1
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

// tickets makes perMonth tickets in the month before and in the measured
// month: most answered within hours, most resolved within days, some
// breached, reopened or transferred; 40 % of resolved tickets with a
// customer get a callback three days out.
func (g *generator) tickets(ctx context.Context, perMonth int, tk, tm, cb *table) {
	types := []string{"inquiry", "complaint", "request", "suggestion", "praise"}
	channels := []string{"phone", "chat", "wechat", "email", "web"}
	var bt, bm, bc [][]any
	flush := func(force bool) {
		if force || len(bt) >= batchSize {
			send(ctx, tk, bt)
			bt = nil
		}
		if force || len(bm) >= batchSize {
			send(ctx, tm, bm)
			bm = nil
		}
		if force || len(bc) >= batchSize {
			send(ctx, cb, bc)
			bc = nil
		}
	}
	for _, start := range []time.Time{g.m.Start.AddDate(0, -1, 0), g.m.Start} {
		span := start.AddDate(0, 1, 0).Sub(start)
		for i := range perMonth {
			if ctx.Err() != nil {
				return
			}
			created := start.Add(time.Duration(float64(span) * (float64(i) + g.r.Float64()) / float64(perMonth))).UTC()
			a := g.r.IntN(len(g.w.agents))
			agent, unit := g.w.agents[a], g.w.unitOf[a]
			typ := types[g.pick(40, 20, 25, 10, 5)]
			var validity, customer any
			if typ == "complaint" {
				validity = []string{"valid", "communicative"}[g.r.IntN(2)]
			}
			if g.chance(0.9) {
				customer = g.cust[g.r.IntN(len(g.cust))]
			}
			id := ids.New("tkt")
			g.numbered++
			status := []string{"new", "open", "pending"}[g.pick(10, 70, 20)]
			var responded, resolved, closed, frBreach, resBreach any
			var frSecs, resSecs any
			reopens, moves := 0, 0
			frLate, resLate := g.chance(0.12), g.chance(0.1)
			var resolvedAt time.Time
			if g.chance(0.9) {
				fr := time.Duration(60+g.r.IntN(4*3600)) * time.Second
				responded, frSecs = created.Add(fr), int64(fr.Seconds())
				if frLate {
					frBreach = created.Add(fr / 2)
				}
				if g.chance(0.85) {
					res := fr + time.Duration(600+g.r.IntN(3*86400))*time.Second
					resolvedAt = created.Add(res)
					if resolvedAt.Before(g.now) {
						resolved, resSecs = resolvedAt, int64(res.Seconds()*0.6)
						status = "resolved"
						if g.chance(0.7) {
							status, closed = "closed", resolvedAt.Add(time.Hour)
						}
						if resLate {
							resBreach = resolvedAt.Add(-time.Hour)
						}
						if g.chance(0.08) {
							reopens = 1
						}
						if g.chance(0.06) {
							moves = 1
						}
					}
				}
			}
			bt = append(bt, []any{id, created, created, fmt.Sprintf("T-2026-%07d", g.numbered), typ, channels[g.r.IntN(len(channels))],
				"Bench ticket", "normal", "normal", validity, status, agent, responded, resolved, closed, frBreach, resBreach,
				reopens, g.w.tenantID, customer, agent, unit})
			var about, filed any
			if cust, ok := customer.(string); ok && validity == "valid" {
				if l, ok := g.last[cust]; ok && l.at.Before(created) && created.Sub(l.at) <= 30*24*time.Hour {
					about, filed = l.by, created
				}
			}
			if responded != nil || about != nil {
				var responder, resolver any
				if responded != nil {
					responder = agent
				}
				if resolved != nil {
					resolver = agent
				}
				bm = append(bm, []any{ids.New("tkm"), g.w.tenantID, id, customer, created, responder, responded, frSecs, frLate,
					resolver, resolved, resSecs, 0, resolved != nil && resLate, reopens, moves, about, filed, created})
			}
			if cust, ok := customer.(string); ok && resolved != nil {
				g.last[cust] = resolution{by: agent, at: resolvedAt}
			}
			if resolved != nil && customer != nil && g.chance(0.4) {
				due := resolvedAt.Add(72 * time.Hour)
				st, outcome, done := "pending", any(nil), any(nil)
				switch g.pick(85, 5, 10) {
				case 0:
					st, done = "done", resolvedAt.Add(time.Duration(g.r.IntN(96))*time.Hour)
					outcome = []string{"satisfied", "neutral", "unsatisfied"}[g.pick(80, 12, 8)]
				case 1:
					st, outcome, done = "unreachable", "unreachable", due
				}
				bc = append(bc, []any{ids.New("cbk"), resolvedAt, resolvedAt, id, customer, st, due, resolvedAt.Add(time.Hour),
					g.w.agents[g.r.IntN(min(callbackAgents, len(g.w.agents)))], 1, outcome, agent, done, g.w.tenantID})
			}
			flush(false)
		}
	}
	flush(true)
}

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }

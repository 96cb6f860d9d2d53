package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"kefu/bench/copyrows"
	"kefu/bench/loadtest"
	"kefu/desk/tickets"
	"kefu/ids"
	"kefu/workers"
)

// timer is one seeded ticket whose first-response deadline is measured.
type timer struct {
	ID, TenantID string
	Due          time.Time
}

// copyColumns are the columns the load fills; the rest keep their
// defaults or stay NULL, as on a fresh, unanswered complaint.
var copyColumns = []string{
	"id", "created_at", "updated_at", "number", "type", "channel", "subject", "description", "priority", "severity",
	"status", "created_by", "sla_policy_id", "first_response_due_at", "resolution_due_at", "sla_warned_at",
	"escalation_level", "next_check_at", "reopen_count", "tenant_id", "assignee_id", "unit_id",
}

// deadlines spreads n due times uniformly at random over [start,
// start+window), sorted, at PostgreSQL's microsecond precision.
func deadlines(r *rand.Rand, n int, start time.Time, window time.Duration) []time.Time {
	out := make([]time.Time, n)
	for i := range out {
		out[i] = start.Add(time.Duration(r.Int64N(int64(window)))).Truncate(time.Microsecond)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// makeTimers deals the due times round-robin over the tenants and gives
// each ticket a random agent of its tenant; counters holds each tenant's
// last ticket number and is advanced.
func makeTimers(r *rand.Rand, tenants []*tenantSeed, due []time.Time, counters map[string]int, loc *time.Location) ([]timer, [][]any) {
	timers := make([]timer, len(due))
	rows := make([][]any, len(due))
	priority := tickets.DerivePriority("complaint", "normal", "regular")
	for i, d := range due {
		ts := tenants[i%len(tenants)]
		created := d.Add(-policyFirstResponse)
		warned := created.Add(policyFirstResponse * warnAtPercent / 100)
		year := created.In(loc).Year()
		counters[ts.ID]++
		number := fmt.Sprintf("T-%d-%06d", year, counters[ts.ID])
		id := ids.New("tkt")
		timers[i] = timer{ID: id, TenantID: ts.ID, Due: d}
		// Already warned at 80 %, so the next check is the breach itself:
		// the timer under test, and the only one in the window.
		rows[i] = []any{
			id, created, created, number, "complaint", "phone", "投诉：服务未按时响应（" + number + "）",
			"客户来电投诉，需在 30 分钟内首次响应。", priority, "normal", "open", ts.Director, ts.Policy, d,
			created.Add(policyResolution), warned, int64(0), d, int64(0), ts.ID,
			ts.Agents[r.IntN(len(ts.Agents))], ts.Unit,
		}
	}
	return timers, rows
}

// load writes the rows with one COPY and moves ticket_counters on, so
// numbers stay unique if anything creates tickets afterwards.
func load(ctx context.Context, url string, db *sql.DB, rows [][]any, counters map[string]int, year int) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("copy timers: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	ch := make(chan [][]any, 1)
	ch <- rows
	close(ch)
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"tickets"}, copyColumns, copyrows.From(ctx, ch)); err != nil {
		return fmt.Errorf("copy timers into tickets: %w", err)
	}
	for tenant, last := range counters {
		_, err := db.ExecContext(ctx, `INSERT INTO ticket_counters (id, year, last, tenant_id) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tenant_id, year) DO UPDATE SET last = GREATEST(ticket_counters.last, EXCLUDED.last)`,
			ids.New("ctr"), year, last, tenant)
		if err != nil {
			return fmt.Errorf("save ticket counters: %w", err)
		}
	}
	return nil
}

// enqueue schedules every timer the way ticket creation does after its
// commit (workers.Queue.ScheduleSLACheck: deterministic task id, due
// time in the payload), over a few connections.
func enqueue(ctx context.Context, q *workers.Queue, timers []timer, conns int) error {
	return loadtest.Each(ctx, len(timers), conns, func(ctx context.Context, i int) error {
		t := timers[i]
		return q.ScheduleSLACheck(ctx, t.TenantID, t.ID, t.Due)
	})
}

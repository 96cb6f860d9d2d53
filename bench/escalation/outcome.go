package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"kefu/bench/loadtest"
)

// outcome is what the database holds for one timer after the run.
type outcome struct {
	Breaches    int       // sla_breached events for the first response
	FirstAt     time.Time // the earliest of them: when the worker acted
	Escalated   int       // escalated timeline events
	Escalations int       // escalation rows (unique per ticket and level)
}

// collect reads the outcome of every timer: its breach events, escalation
// events and escalation rows.
func collect(ctx context.Context, conn *pgx.Conn, timers []timer) (map[string]outcome, error) {
	idList := make([]string, len(timers))
	for i, t := range timers {
		idList[i] = t.ID
	}
	out := make(map[string]outcome, len(timers))
	rows, err := conn.Query(ctx, `
		SELECT e.ticket_id,
			count(*) FILTER (WHERE e.type = 'sla_breached' AND e.data->>'target' = 'first_response'),
			min(e.at) FILTER (WHERE e.type = 'sla_breached' AND e.data->>'target' = 'first_response'),
			count(*) FILTER (WHERE e.type = 'escalated')
		FROM ticket_events e WHERE e.ticket_id = ANY($1) GROUP BY e.ticket_id`, idList)
	if err != nil {
		return nil, fmt.Errorf("read breach events: %w", err)
	}
	for rows.Next() {
		var id string
		var o outcome
		var first *time.Time
		if err := rows.Scan(&id, &o.Breaches, &first, &o.Escalated); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read breach events: %w", err)
		}
		if first != nil {
			o.FirstAt = *first
		}
		out[id] = o
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read breach events: %w", err)
	}
	rows, err = conn.Query(ctx, `SELECT ticket_id, count(*) FROM escalations WHERE ticket_id = ANY($1) GROUP BY ticket_id`, idList)
	if err != nil {
		return nil, fmt.Errorf("read escalations: %w", err)
	}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read escalations: %w", err)
		}
		o := out[id]
		o.Escalations = n
		out[id] = o
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read escalations: %w", err)
	}
	return out, nil
}

// tally is one run's verdict on its timers; latencies in milliseconds.
type tally struct {
	Timers    int `json:"timers"`
	Processed int `json:"processed"` // timers with a breach recorded
	Escalated int `json:"escalated"` // timers with an escalation row
	Missing   int `json:"missing"`   // timers without a breach: must be 0
	// Duplicates counts every breach event, escalated event or escalation
	// row beyond the first per timer: must be 0.
	Duplicates int `json:"duplicates"`
	// Early counts breaches recorded before their deadline: must be 0.
	Early      int     `json:"early"`
	LateP50    float64 `json:"lateness_p50_ms"`
	LateP90    float64 `json:"lateness_p90_ms"`
	LateP99    float64 `json:"lateness_p99_ms"`
	LateMax    float64 `json:"lateness_max_ms"`
	LateMean   float64 `json:"lateness_mean_ms"`
	WithinSec  float64 `json:"within_1s_percent"` // share of timers processed ≤ 1 s late
	LastActSec float64 `json:"last_breach_after_last_deadline_s"`
	// Slices splits the window into ten equal parts by deadline, to show
	// whether lateness builds up (a backlog) or stays flat.
	Slices []slice `json:"by_deadline"`
}

// slice is the lateness of the timers whose deadlines fall in one tenth
// of the window.
type slice struct {
	FromSec float64 `json:"from_s"` // offset of the slice into the window
	Timers  int     `json:"timers"`
	P50     float64 `json:"lateness_p50_ms"`
	P99     float64 `json:"lateness_p99_ms"`
	Max     float64 `json:"lateness_max_ms"`
}

// summarize judges the timers by their outcomes. Lateness is the first
// breach event's time minus the deadline, over the processed timers.
func summarize(timers []timer, got map[string]outcome) tally {
	t := tally{Timers: len(timers)}
	var late []time.Duration
	var sum time.Duration
	var firstDue, lastDue, lastAct time.Time
	within := 0
	for _, tm := range timers {
		if tm.Due.After(lastDue) {
			lastDue = tm.Due
		}
		if firstDue.IsZero() || tm.Due.Before(firstDue) {
			firstDue = tm.Due
		}
		o := got[tm.ID]
		t.Duplicates += max(o.Breaches-1, 0) + max(o.Escalated-1, 0) + max(o.Escalations-1, 0)
		if o.Escalations > 0 {
			t.Escalated++
		}
		if o.Breaches == 0 {
			t.Missing++
			continue
		}
		t.Processed++
		d := o.FirstAt.Sub(tm.Due)
		if d < 0 {
			t.Early++
		}
		if d <= time.Second {
			within++
		}
		late = append(late, d)
		sum += d
		if o.FirstAt.After(lastAct) {
			lastAct = o.FirstAt
		}
	}
	if len(late) == 0 {
		return t
	}
	slices.Sort(late)
	t.LateP50 = loadtest.Ms(loadtest.Percentile(late, 50))
	t.LateP90 = loadtest.Ms(loadtest.Percentile(late, 90))
	t.LateP99 = loadtest.Ms(loadtest.Percentile(late, 99))
	t.LateMax = loadtest.Ms(late[len(late)-1])
	t.LateMean = loadtest.Ms(sum / time.Duration(len(late)))
	t.WithinSec = float64(within*1000/len(timers)) / 10
	t.LastActSec = float64(lastAct.Sub(lastDue).Milliseconds()) / 1000
	t.Slices = slices10(timers, got, firstDue, lastDue)
	return t
}

// slices10 groups the processed timers' lateness by tenth of the window.
func slices10(timers []timer, got map[string]outcome, first, last time.Time) []slice {
	const n = 10
	span := last.Sub(first)/n + 1
	groups := make([][]time.Duration, n)
	for _, tm := range timers {
		o := got[tm.ID]
		if o.Breaches == 0 {
			continue
		}
		i := min(int(tm.Due.Sub(first)/span), n-1)
		groups[i] = append(groups[i], o.FirstAt.Sub(tm.Due))
	}
	out := make([]slice, n)
	for i, g := range groups {
		slices.Sort(g)
		out[i] = slice{FromSec: float64((time.Duration(i) * span).Milliseconds()) / 1000, Timers: len(g)}
		if len(g) > 0 {
			out[i].P50 = loadtest.Ms(loadtest.Percentile(g, 50))
			out[i].P99 = loadtest.Ms(loadtest.Percentile(g, 99))
			out[i].Max = loadtest.Ms(g[len(g)-1])
		}
	}
	return out
}

// Passed is the run's verdict: every timer processed exactly once and
// none early.
func (t tally) Passed() bool { return t.Missing == 0 && t.Duplicates == 0 && t.Early == 0 }

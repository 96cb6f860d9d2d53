package cluster

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// OpenDB opens the cluster's database for the checks.
func OpenDB(url string) (*sql.DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	return db, nil
}

// AckCheck: does every acknowledged ticket exist, exactly once?
type AckCheck struct {
	Acknowledged int `json:"acknowledged"`
	Found        int `json:"found"`
	Missing      int `json:"missing"`
	// Duplicates counts subjects (one per create request) filed more than once.
	Duplicates int `json:"duplicates"`
	// InDoubt creates got no 2xx; InDoubtCommitted of them exist anyway
	// (the answer, not the write, was lost), which is allowed.
	InDoubt          int `json:"in_doubt"`
	InDoubtCommitted int `json:"in_doubt_committed"`
}

// OK is the verdict.
func (a AckCheck) OK() bool { return a.Missing == 0 && a.Duplicates == 0 }

// CheckAcks looks the load's tickets up in the database.
func CheckAcks(ctx context.Context, db *sql.DB, tag string, o Outcome) (AckCheck, error) {
	r := AckCheck{Acknowledged: len(o.Acks), InDoubt: len(o.InDoubt)}
	ids := make([]string, len(o.Acks))
	for i, a := range o.Acks {
		ids[i] = a.ID
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM tickets WHERE id = ANY($1)`, ids).Scan(&r.Found); err != nil {
		return r, fmt.Errorf("count acknowledged tickets: %w", err)
	}
	r.Missing = r.Acknowledged - r.Found
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT subject FROM tickets WHERE subject LIKE $1
		GROUP BY tenant_id, subject HAVING count(*) > 1) d`, tag+"-%").Scan(&r.Duplicates); err != nil {
		return r, fmt.Errorf("count duplicate tickets: %w", err)
	}
	if len(o.InDoubt) > 0 {
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM tickets WHERE subject = ANY($1)`, o.InDoubt).Scan(&r.InDoubtCommitted); err != nil {
			return r, fmt.Errorf("count in-doubt tickets: %w", err)
		}
	}
	return r, nil
}

// EscCheck: did every due escalation of the run's SLA tickets happen
// exactly once, and none before its time?
type EscCheck struct {
	SLATickets int `json:"sla_tickets"`
	Expected   int `json:"expected_escalations"`
	Done       int `json:"escalations"`
	Missing    int `json:"missing"`
	// Duplicates: an escalation row or timeline event, or a breach event,
	// recorded more than once for one ticket and level.
	Duplicates int `json:"duplicates"`
	// The duplicates by kind, and a few of the tickets, to look into.
	DupRows     int      `json:"duplicate_escalation_rows"`
	DupEvents   int      `json:"duplicate_escalated_events"`
	DupBreaches int      `json:"duplicate_breach_events"`
	DupWarnings int      `json:"duplicate_warning_events"`
	DupSample   []string `json:"duplicate_sample,omitempty"`
	Early       int      `json:"early"`
	LateP50     float64  `json:"lateness_p50_ms"`
	LateP99     float64  `json:"lateness_p99_ms"`
	LateMax     float64  `json:"lateness_max_ms"`
	WaitedSec   float64  `json:"waited_seconds"`
}

// OK: every escalation (row and `escalated` event) exactly once, none early.
func (e EscCheck) OK() bool {
	return e.SLATickets > 0 && e.Missing == 0 && e.DupRows == 0 && e.DupEvents == 0 && e.Early == 0
}

// EventsOnce: the breach and the warning were recorded once per ticket
// (each also publishes a webhook event).
func (e EscCheck) EventsOnce() bool { return e.DupBreaches == 0 && e.DupWarnings == 0 }

type slaTicket struct {
	due, breached sql.NullTime
	rows, events  [Levels + 1]int
	at            [Levels + 1]sql.NullTime
	breaches      int
	warnings      int
}

// CheckEscalations judges every ticket under the tenants' short SLA policy
// whose subject starts with tag (all its levels count as due: call it
// after the last one's time).
func CheckEscalations(ctx context.Context, db *sql.DB, tag string, tenants []Tenant) (EscCheck, error) {
	policies := make([]string, len(tenants))
	for i, t := range tenants {
		policies[i] = t.Policy
	}
	var r EscCheck
	ts := map[string]*slaTicket{}
	rows, err := db.QueryContext(ctx, `SELECT id, first_response_due_at, first_response_breached_at FROM tickets
		WHERE subject LIKE $1 AND sla_policy_id = ANY($2)`, tag+"-%", policies)
	if err != nil {
		return r, fmt.Errorf("list sla tickets: %w", err)
	}
	for rows.Next() {
		var id string
		t := &slaTicket{}
		if err := rows.Scan(&id, &t.due, &t.breached); err != nil {
			rows.Close()
			return r, err
		}
		ts[id] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, err
	}
	sub := `SELECT id FROM tickets WHERE subject LIKE $1 AND sla_policy_id = ANY($2)`
	rows, err = db.QueryContext(ctx, `SELECT ticket_id, level, count(*), min(at) FROM escalations
		WHERE ticket_id IN (`+sub+`) GROUP BY ticket_id, level`, tag+"-%", policies)
	if err != nil {
		return r, fmt.Errorf("list escalations: %w", err)
	}
	for rows.Next() {
		var id string
		var level, n int
		var at sql.NullTime
		if err := rows.Scan(&id, &level, &n, &at); err != nil {
			rows.Close()
			return r, err
		}
		if t := ts[id]; t != nil && level >= 1 && level <= Levels {
			t.rows[level], t.at[level] = n, at
		}
	}
	rows.Close()
	rows, err = db.QueryContext(ctx, `SELECT ticket_id, type, coalesce((data->>'level')::int, 0), coalesce(data->>'target', ''), count(*)
		FROM ticket_events WHERE type IN ('escalated', 'sla_breached', 'sla_warning') AND ticket_id IN (`+sub+`)
		GROUP BY 1, 2, 3, 4`, tag+"-%", policies)
	if err != nil {
		return r, fmt.Errorf("list timeline events: %w", err)
	}
	for rows.Next() {
		var id, typ, target string
		var level, n int
		if err := rows.Scan(&id, &typ, &level, &target, &n); err != nil {
			rows.Close()
			return r, err
		}
		t := ts[id]
		switch {
		case t == nil:
		case typ == "escalated" && level >= 1 && level <= Levels:
			t.events[level] = n
		case typ == "sla_breached" && target == "first_response":
			t.breaches = n
		case typ == "sla_warning":
			t.warnings = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, err
	}

	var late []time.Duration
	r.SLATickets = len(ts)
	for id, t := range ts {
		dup := false
		if t.breaches > 1 {
			r.DupBreaches++
			dup = true
		}
		if t.warnings > 1 {
			r.DupWarnings++
			dup = true
		}
		for level := 1; level <= Levels; level++ {
			r.Expected++
			if t.rows[level] > 1 {
				r.DupRows++
				dup = true
			}
			if t.events[level] > 1 {
				r.DupEvents++
				dup = true
			}
			if t.rows[level] == 0 || t.events[level] == 0 {
				r.Missing++
				continue
			}
			r.Done++
			// Level 1 is due at the first-response deadline, level 2 a step
			// after the breach was recorded.
			due := t.due.Time
			if level == 2 {
				if t.breached.Valid {
					due = t.breached.Time
				}
				due = due.Add(StepAfter)
			}
			d := t.at[level].Time.Sub(due)
			if d < 0 {
				r.Early++
			}
			late = append(late, d)
		}
		if dup {
			r.Duplicates++
			if len(r.DupSample) < 5 {
				r.DupSample = append(r.DupSample, id)
			}
		}
	}
	slices.Sort(late)
	r.LateP50, r.LateP99 = ms(percentile(late, 50)), ms(percentile(late, 99))
	if len(late) > 0 {
		r.LateMax = ms(late[len(late)-1])
	}
	return r, nil
}

// WaitEscalations polls CheckEscalations until nothing is missing or
// timeout passes, and returns the last check.
func WaitEscalations(ctx context.Context, db *sql.DB, tag string, tenants []Tenant, timeout time.Duration) (EscCheck, error) {
	t0 := time.Now()
	for {
		r, err := CheckEscalations(ctx, db, tag, tenants)
		r.WaitedSec = round(time.Since(t0).Seconds(), 1)
		if err != nil || (r.Missing == 0 && r.SLATickets > 0) || time.Since(t0) > timeout {
			return r, err
		}
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// Timeline lists a ticket's SLA events and escalation rows, to look into
// a duplicate.
func Timeline(ctx context.Context, db *sql.DB, id string) string {
	var b strings.Builder
	rows, err := db.QueryContext(ctx, `SELECT 'event', type, at, coalesce(data::text, '') FROM ticket_events WHERE ticket_id = $1
		UNION ALL SELECT 'escalation', level::text, at, '' FROM escalations WHERE ticket_id = $1
		UNION ALL SELECT 'ticket', 'created', created_at, 'first_response_due_at=' || coalesce(first_response_due_at::text, '') ||
			' breached_at=' || coalesce(first_response_breached_at::text, '') FROM tickets WHERE id = $1 ORDER BY 3`, id)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	for rows.Next() {
		var kind, what, data string
		var at time.Time
		if err := rows.Scan(&kind, &what, &at, &data); err != nil {
			return err.Error()
		}
		fmt.Fprintf(&b, "  %s %s %s %s\n", at.UTC().Format("15:04:05.000000"), kind, what, data)
	}
	return b.String()
}

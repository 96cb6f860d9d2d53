package kpi

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"kefu/ent"
	"kefu/ent/store"
)

// slice says which rows a query counts and how it buckets them. Every
// query groups by (b, person): b is the trend bucket (0 without a trend);
// persons become row keys (themselves, their group or department) in Go,
// after the scans (fold), so the SQL is the same for every grouping.
type slice struct {
	tenantID string
	from, to time.Time
	people   []string            // only these persons; nil for everyone
	seen     map[string]struct{} // people as a set
	keyOf    map[string]string   // person → row key; nil: the person is the key
	buckets  []Bucket            // trend buckets; nil for none
}

// sees reports whether person is in the slice's people.
func (s *slice) sees(person string) bool {
	if s.people == nil {
		return true
	}
	_, ok := s.seen[person]
	return ok
}

// cell addresses one (bucket, person) or (bucket, key) result.
type cell struct {
	b int
	k string
}

// cells are results by cell.
type cells map[cell]*tally

// at returns c's tally, adding an empty one.
func (cs cells) at(c cell) *tally {
	t, ok := cs[c]
	if !ok {
		t = &tally{}
		cs[c] = t
	}
	return t
}

// sqlq builds one statement with ? placeholders, rebound for PostgreSQL.
// The text is written in order, so the arguments line up with it.
type sqlq struct {
	dia  string
	b    strings.Builder
	args []any
}

func (q *sqlq) w(s string, args ...any) *sqlq {
	q.b.WriteString(s)
	q.args = append(q.args, args...)
	return q
}

func (q *sqlq) text() string {
	s := q.b.String()
	if q.dia != dialect.Postgres {
		return s
	}
	var out strings.Builder
	n := 0
	for _, r := range s {
		if r == '?' {
			n++
			out.WriteString("$" + strconv.Itoa(n))
			continue
		}
		out.WriteRune(r)
	}
	return out.String()
}

// bucket writes the trend bucket of the instant in timeCol, 0 without a
// trend. Buckets are cut in the tenant's zone by the caller, so the SQL
// needs no date functions: a CASE halves the buckets' starts, log2(n)
// comparisons a row rather than one per bucket.
func (s *slice) bucket(q *sqlq, timeCol string) {
	if len(s.buckets) < 2 {
		q.w("0")
		return
	}
	s.split(q, timeCol, 0, len(s.buckets)-1)
}

// split writes the CASE choosing among buckets lo..hi.
func (s *slice) split(q *sqlq, timeCol string, lo, hi int) {
	if lo == hi {
		q.w(strconv.Itoa(lo))
		return
	}
	mid := (lo + hi + 1) / 2
	q.w("CASE WHEN "+timeCol+" < ? THEN ", s.buckets[mid].Start)
	s.split(q, timeCol, lo, mid-1)
	q.w(" ELSE ")
	s.split(q, timeCol, mid, hi)
	q.w(" END")
}

// where writes the table, tenant and period conditions, and keeps the rows
// of the slice's people in any of personCols.
func (s *slice) where(q *sqlq, table, timeCol string, personCols ...string) {
	q.w(" FROM "+table+" WHERE tenant_id = ? AND "+timeCol+" >= ? AND "+timeCol+" < ?", s.tenantID, s.from, s.to)
	if s.people == nil {
		return
	}
	q.w(" AND (")
	for i, col := range personCols {
		if i > 0 {
			q.w(" OR ")
		}
		q.w(col + " IN (")
		for j, p := range s.people {
			if j > 0 {
				q.w(", ")
			}
			q.w("?", p)
		}
		q.w(")")
	}
	q.w(")")
}

// queryMemory is PostgreSQL's work_mem for a KPI query: enough to hash a
// month of a large tenant's durations (500,000) in memory.
const queryMemory = "64MB"

// query runs q and hands every result row to each. On PostgreSQL it runs
// in a transaction of its own settings: the planner cannot tell how many
// (bucket, person) groups a bucket CASE makes, guesses one a row and would
// sort a month of rows to group them, where hashing them is a third of the
// work; JIT compiling such a scan costs more than it saves.
func query(ctx context.Context, db *ent.Client, q *sqlq, each func(scan func(...any) error) error) error {
	run := func(c *ent.Client) error {
		rows, err := c.QueryContext(ctx, q.text(), q.args...)
		if err != nil {
			return fmt.Errorf("kpi query: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := each(rows.Scan); err != nil {
				return fmt.Errorf("kpi query: %w", err)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("kpi query: %w", err)
		}
		return nil
	}
	if q.dia != dialect.Postgres {
		return run(db)
	}
	return store.WithTx(ctx, db, func(tx *ent.Client) error {
		if _, err := tx.ExecContext(ctx, "SELECT set_config('work_mem', $1, true), set_config('enable_sort', 'off', true), set_config('jit', 'off', true)",
			queryMemory); err != nil {
			return fmt.Errorf("kpi query: %w", err)
		}
		return run(tx)
	})
}

// durations counts the tickets resolved (or first answered) in the period
// by the person credited, with their business-time durations in one list
// per cell (string_agg, in both dialects), so the medians of any grouping
// and of the total are taken in Go from one pass, with no sort in SQL.
func (s *slice) durations(ctx context.Context, db *ent.Client, dia string, resolved bool, into cells) error {
	person, at, v := "responder_id", "first_responded_at", "first_response_seconds"
	counts := "SUM(CASE WHEN first_response_breached THEN 0 ELSE 1 END)"
	if resolved {
		person, at, v = "resolver_id", "resolved_at", "resolution_seconds"
		counts = `SUM(CASE WHEN resolution_breached THEN 0 ELSE 1 END),
  SUM(CASE WHEN reopen_count = 0 AND transfers = 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN reopen_count > 0 THEN 1 ELSE 0 END)`
	}
	q := &sqlq{dia: dia}
	q.w("SELECT ")
	s.bucket(q, at)
	q.w(", COALESCE(" + person + ", ''), COUNT(*), " + counts + ", string_agg(CAST(" + v + " AS TEXT), ',')")
	s.where(q, "ticket_metrics", at, person)
	q.w(" GROUP BY 1, 2")
	return query(ctx, db, q, func(scan func(...any) error) error {
		var c cell
		var n, inTime, first, reopened int
		var list sql.NullString
		dst := []any{&c.b, &c.k, &n, &inTime, &list}
		if resolved {
			dst = []any{&c.b, &c.k, &n, &inTime, &first, &reopened, &list}
		}
		if err := scan(dst...); err != nil {
			return err
		}
		ds, err := parseDurations(list.String)
		if err != nil {
			return err
		}
		t := into.at(c)
		if resolved {
			t.Handled, t.ResolvedInTime, t.FirstContact, t.Reopened = n, inTime, first, reopened
			t.resolutions = durations{ds}
		} else {
			t.Responded, t.RespondedInTime = n, inTime
			t.firstResponses = durations{ds}
		}
		return nil
	})
}

// callbacks counts, in one pass over the callbacks due in the period,
// those due, done and done on time by their assignee (the callback
// summary's definitions), and those done and satisfied by the person who
// resolved the ticket. PostgreSQL groups by each person apart (grouping
// sets: the other one is NULL); SQLite, without them, by the pair.
func (s *slice) callbacks(ctx context.Context, db *ent.Client, dia string, into cells) error {
	q := &sqlq{dia: dia}
	q.w("SELECT ")
	s.bucket(q, "due_at")
	q.w(` AS bucket, COALESCE(assignee_id, '') AS by_assignee, COALESCE(resolver_id, '') AS by_resolver, COUNT(*),
  SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END),
  SUM(CASE WHEN status = 'done' AND closed_at IS NOT NULL AND closed_at <= due_at THEN 1 ELSE 0 END),
  SUM(CASE WHEN status = 'done' AND outcome = 'satisfied' THEN 1 ELSE 0 END)`)
	s.where(q, "callbacks", "due_at", "assignee_id", "resolver_id")
	if dia == dialect.Postgres {
		q.w(" GROUP BY GROUPING SETS ((bucket, by_assignee), (bucket, by_resolver))")
	} else {
		q.w(" GROUP BY 1, 2, 3")
	}
	return query(ctx, db, q, func(scan func(...any) error) error {
		var b, n, done, onTime, satisfied int
		var assignee, resolver sql.NullString
		if err := scan(&b, &assignee, &resolver, &n, &done, &onTime, &satisfied); err != nil {
			return err
		}
		if assignee.Valid && s.sees(assignee.String) {
			t := into.at(cell{b, assignee.String})
			t.CallbacksDue += n
			t.CallbacksDone += done
			t.CallbacksOnTime += onTime
		}
		if resolver.Valid && s.sees(resolver.String) {
			t := into.at(cell{b, resolver.String})
			t.Rated += done
			t.Satisfied += satisfied
		}
		return nil
	})
}

// complaints counts the valid complaints filed in the period by the agent
// they were attributed to when filed (track.go).
func (s *slice) complaints(ctx context.Context, db *ent.Client, dia string, into cells) error {
	q := &sqlq{dia: dia}
	q.w("SELECT ")
	s.bucket(q, "complaint_filed_at")
	q.w(", complaint_about_id, COUNT(*)")
	s.where(q, "ticket_metrics", "complaint_filed_at", "complaint_about_id")
	q.w(" AND complaint_about_id IS NOT NULL AND complaint_about_id <> '' GROUP BY 1, 2")
	return query(ctx, db, q, func(scan func(...any) error) error {
		var c cell
		var n int
		if err := scan(&c.b, &c.k, &n); err != nil {
			return err
		}
		into.at(c).Complaints += n
		return nil
	})
}

// punctuality counts the duty shifts (desk/duty roster entries) that
// started in the period, before now, and those signed in by their start.
func (s *slice) punctuality(ctx context.Context, db *ent.Client, dia string, now time.Time, into cells) error {
	end := s.to
	if now.Before(end) {
		end = now
	}
	if !end.After(s.from) {
		return nil
	}
	cut := *s
	cut.to = end
	q := &sqlq{dia: dia}
	q.w("SELECT ")
	cut.bucket(q, "start_at")
	q.w(", COALESCE(user_id, ''), COUNT(*), SUM(CASE WHEN signed_in_at IS NOT NULL AND signed_in_at <= start_at THEN 1 ELSE 0 END)")
	cut.where(q, "duty_roster_entries", "start_at", "user_id")
	q.w(" GROUP BY 1, 2")
	return query(ctx, db, q, func(scan func(...any) error) error {
		var c cell
		var n, onTime int
		if err := scan(&c.b, &c.k, &n, &onTime); err != nil {
			return err
		}
		t := into.at(c)
		t.Shifts += n
		t.ShiftsOnTime += onTime
		return nil
	})
}

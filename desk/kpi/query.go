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

// slice says which rows a query counts and how it groups them. Every
// query groups by (b, k): b is the trend bucket (0 without a trend), k the
// row key — a person, their group or department, or "" for the total.
type slice struct {
	tenantID string
	from, to time.Time
	people   []string          // only these persons; nil for everyone
	keyOf    map[string]string // person → row key; nil: the person is the key
	total    bool              // one row for everything
	buckets  []Bucket          // trend buckets; nil for none
}

// cell addresses one (bucket, key) result.
type cell struct {
	b int
	k string
}

// cells are a query's results by (bucket, key).
type cells map[cell]*row

// medians returns a cell's medians (nil when it has no rows).
func (cs cells) medians(c cell) (firstResponse, resolution *float64) {
	if r := cs[c]; r != nil {
		return r.frMedian, r.resMedian
	}
	return nil, nil
}

// row is one (bucket, key)'s counts and medians.
type row struct {
	Counts
	frMedian, resMedian *float64
}

// merge takes what another query filled in.
func (r *row) merge(o row) {
	r.Counts.Add(o.Counts)
	if o.frMedian != nil {
		r.frMedian = o.frMedian
	}
	if o.resMedian != nil {
		r.resMedian = o.resMedian
	}
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

// mapped reports whether rows are keyed through keyOf (groups, departments).
func (s *slice) mapped() bool { return !s.total && s.keyOf != nil }

// keys writes "<bucket> AS b, <key> AS k" for a row whose person is in
// personCol and whose defining instant is in timeCol. Buckets are a CASE
// over their starts (cut in the tenant's zone by the caller), so neither
// dialect needs date functions.
func (s *slice) keys(q *sqlq, personCol, timeCol string) {
	if len(s.buckets) > 1 {
		q.w("CASE")
		for i, bk := range s.buckets[1:] {
			q.w(" WHEN "+timeCol+" < ? THEN "+strconv.Itoa(i), bk.Start)
		}
		q.w(" ELSE " + strconv.Itoa(len(s.buckets)-1) + " END AS b, ")
	} else {
		q.w("0 AS b, ")
	}
	switch {
	case s.total:
		q.w("'' AS k")
	case s.mapped():
		q.w("COALESCE(km.column2, '') AS k")
	default:
		q.w("COALESCE(" + personCol + ", '') AS k")
	}
}

// table writes the FROM clause: the table, and for groups and departments a
// join to the person → key list (a hash join, not a CASE per row).
func (s *slice) table(q *sqlq, table, personCol string) {
	q.w(" FROM " + table)
	if !s.mapped() {
		return
	}
	q.w(" LEFT JOIN (VALUES ")
	if len(s.keyOf) == 0 {
		q.w("('', '')")
	}
	i := 0
	for p, k := range s.keyOf {
		if i > 0 {
			q.w(", ")
		}
		q.w("(?, ?)", p, k)
		i++
	}
	q.w(") km ON km.column1 = " + personCol)
}

// where writes the tenant, period and people conditions.
func (s *slice) where(q *sqlq, personCol, timeCol string) {
	q.w(" WHERE tenant_id = ? AND "+timeCol+" >= ? AND "+timeCol+" < ?", s.tenantID, s.from, s.to)
	if s.people != nil {
		q.w(" AND " + personCol + " IN (")
		for i, p := range s.people {
			if i > 0 {
				q.w(", ")
			}
			q.w("?", p)
		}
		q.w(")")
	}
}

// sortMemory is PostgreSQL's work_mem for a durations query: enough to
// sort a month of a large tenant's durations (500,000 rows) in memory.
const sortMemory = "64MB"

// durations counts the tickets resolved (or first answered) in the period
// and takes the median of their business time in the same pass: on
// PostgreSQL percentile_cont, with the everyone-together rows from the
// same scan (grouping sets); on SQLite, which has neither, a window numbers
// each group's durations so the middle one or two can be averaged, and the
// total is a second query. total receives the everyone rows (nil: none).
func (s *slice) durations(ctx context.Context, db *ent.Client, dia string, resolved bool, into, total cells) error {
	person, at, cols := "responder_id", "first_responded_at", "first_response_seconds AS v, first_response_breached AS late, 0 AS reopens, 0 AS moves"
	if resolved {
		person, at, cols = "resolver_id", "resolved_at", "resolution_seconds AS v, resolution_breached AS late, reopen_count AS reopens, transfers AS moves"
	}
	fill := func(r *row, sc func(...any) error) error {
		var n, inTime, first, reopened, timed int
		var sum int64
		var median sql.NullFloat64
		if err := sc(&n, &inTime, &first, &reopened, &timed, &sum, &median); err != nil {
			return err
		}
		var m *float64
		if median.Valid {
			m = &median.Float64
		}
		if resolved {
			r.Handled, r.ResolvedInTime, r.FirstContact, r.Reopened, r.ResolutionTimed, r.ResolutionSum, r.resMedian = n, inTime, first, reopened, timed, sum, m
		} else {
			r.Responded, r.RespondedInTime, r.FirstResponseTimed, r.FirstResponseSum, r.frMedian = n, inTime, timed, sum, m
		}
		return nil
	}
	counts := `COUNT(*),
  SUM(CASE WHEN late THEN 0 ELSE 1 END),
  SUM(CASE WHEN reopens = 0 AND moves = 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN reopens > 0 THEN 1 ELSE 0 END),
  COUNT(v), CAST(COALESCE(SUM(v), 0) AS BIGINT), `
	base := func(sl *slice) *sqlq {
		q := &sqlq{dia: dia}
		q.w("WITH base AS (SELECT ")
		sl.keys(q, person, at)
		q.w(", " + cols)
		sl.table(q, "ticket_metrics", person)
		sl.where(q, person, at)
		q.w(")")
		return q
	}
	if dia == dialect.Postgres {
		q := base(s)
		q.w(" SELECT b, k, GROUPING(k), " + counts + "percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM base GROUP BY ")
		if total != nil {
			q.w("GROUPING SETS ((b, k), (b))")
		} else {
			q.w("b, k")
		}
		// The medians sort a month of durations: in memory, not on disk.
		return store.WithTx(ctx, db, func(tx *ent.Client) error {
			if _, err := tx.ExecContext(ctx, "SET LOCAL work_mem = '"+sortMemory+"'"); err != nil {
				return fmt.Errorf("kpi query: %w", err)
			}
			return scan(ctx, tx, q, fill, func(c cell, everyone bool) cells {
				if everyone {
					return total
				}
				return into
			})
		})
	}
	window := func(sl *slice, dst cells) error {
		q := base(sl)
		q.w(`, ranked AS (SELECT b, k, v, late, reopens, moves,
  ROW_NUMBER() OVER (PARTITION BY b, k ORDER BY CASE WHEN v IS NULL THEN 1 ELSE 0 END, v) AS rn,
  COUNT(v) OVER (PARTITION BY b, k) AS n
  FROM base)
SELECT b, k, 0, ` + counts + `CAST(AVG(CASE WHEN v IS NOT NULL AND 2 * rn IN (n, n + 1, n + 2) THEN v END) AS DOUBLE PRECISION)
FROM ranked GROUP BY b, k`)
		return scan(ctx, db, q, fill, func(cell, bool) cells { return dst })
	}
	if err := window(s, into); err != nil {
		return err
	}
	if total == nil {
		return nil
	}
	all := *s
	all.total, all.keyOf = true, nil
	return window(&all, total)
}

// callbacks counts the callbacks due in the period by their assignee: due,
// done, done on time (the callback summary's definitions).
func (s *slice) callbacks(ctx context.Context, db *ent.Client, dia string, into cells) error {
	q := &sqlq{dia: dia}
	q.w("SELECT ")
	s.keys(q, "assignee_id", "due_at")
	q.w(`, 0, COUNT(*),
  SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END),
  SUM(CASE WHEN status = 'done' AND closed_at IS NOT NULL AND closed_at <= due_at THEN 1 ELSE 0 END)`)
	s.table(q, "callbacks", "assignee_id")
	s.where(q, "assignee_id", "due_at")
	q.w(" GROUP BY 1, 2")
	return scan(ctx, db, q, func(r *row, sc func(...any) error) error {
		return sc(&r.CallbacksDue, &r.CallbacksDone, &r.CallbacksOnTime)
	}, only(into))
}

// satisfaction counts the callbacks due in the period and done, and the
// satisfied ones, by the person who resolved the ticket.
func (s *slice) satisfaction(ctx context.Context, db *ent.Client, dia string, into cells) error {
	q := &sqlq{dia: dia}
	q.w("SELECT ")
	s.keys(q, "resolver_id", "due_at")
	q.w(", 0, COUNT(*), SUM(CASE WHEN outcome = 'satisfied' THEN 1 ELSE 0 END)")
	s.table(q, "callbacks", "resolver_id")
	s.where(q, "resolver_id", "due_at")
	q.w(" AND status = 'done' GROUP BY 1, 2")
	return scan(ctx, db, q, func(r *row, sc func(...any) error) error {
		return sc(&r.Rated, &r.Satisfied)
	}, only(into))
}

// complaints counts the valid complaints filed in the period by the agent
// they were attributed to when filed (track.go).
func (s *slice) complaints(ctx context.Context, db *ent.Client, dia string, into cells) error {
	q := &sqlq{dia: dia}
	q.w("SELECT ")
	s.keys(q, "complaint_about_id", "complaint_filed_at")
	q.w(", 0, COUNT(*)")
	s.table(q, "ticket_metrics", "complaint_about_id")
	s.where(q, "complaint_about_id", "complaint_filed_at")
	q.w(" AND complaint_about_id IS NOT NULL AND complaint_about_id <> '' GROUP BY 1, 2")
	return scan(ctx, db, q, func(r *row, sc func(...any) error) error {
		return sc(&r.Complaints)
	}, only(into))
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
	cut.keys(q, "user_id", "start_at")
	q.w(", 0, COUNT(*), SUM(CASE WHEN signed_in_at IS NOT NULL AND signed_in_at <= start_at THEN 1 ELSE 0 END)")
	cut.table(q, "duty_roster_entries", "user_id")
	cut.where(q, "user_id", "start_at")
	q.w(" GROUP BY 1, 2")
	return scan(ctx, db, q, func(r *row, sc func(...any) error) error {
		return sc(&r.Shifts, &r.ShiftsOnTime)
	}, only(into))
}

// only sends every result to one set of cells.
func only(c cells) func(cell, bool) cells { return func(cell, bool) cells { return c } }

// scan runs q and hands each result's columns after (b, k, everyone) to
// fill, on the row of its cell in the cells dst picks; everyone marks a
// grouping-set row that spans all keys.
func scan(ctx context.Context, db *ent.Client, q *sqlq, fill func(r *row, sc func(...any) error) error, dst func(c cell, everyone bool) cells) error {
	rows, err := db.QueryContext(ctx, q.text(), q.args...)
	if err != nil {
		return fmt.Errorf("kpi query: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c cell
		var k sql.NullString
		var everyone int
		sc := func(more ...any) error { return rows.Scan(append([]any{&c.b, &k, &everyone}, more...)...) }
		var r row
		if err := fill(&r, sc); err != nil {
			return fmt.Errorf("kpi query: %w", err)
		}
		c.k = k.String
		into := dst(c, everyone == 1)
		cur, ok := into[c]
		if !ok {
			cur = &row{}
			into[c] = cur
		}
		cur.merge(r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("kpi query: %w", err)
	}
	return nil
}

package main

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"kefu/bench/copyrows"
	"kefu/ids"
)

const (
	copyBatch = 2000
	// bulkSpan is how far back the bulk tickets reach.
	bulkSpan = 365 * 24 * time.Hour
)

// bulkResult describes the loaded data set.
type bulkResult struct {
	Rows         int            `json:"rows"`
	PerTenant    int            `json:"per_tenant"`
	Statuses     map[string]int `json:"statuses"`
	Assigned     int            `json:"assigned"`
	Complaints   int            `json:"complaints"`
	OpenAssigned int            `json:"open_assigned"`
	CopyWorkers  int            `json:"copy_workers"`
	CopySeconds  float64        `json:"copy_seconds"`
	VacuumSecs   float64        `json:"vacuum_analyze_seconds"`
	TotalRows    int64          `json:"table_rows"` // bulk plus API-created
	TableMB      float64        `json:"table_mb"`
	IndexesMB    float64        `json:"indexes_mb"`
}

// bulkLoad writes perTenant tickets into every tenant with COPY, straight
// into the app's tickets table (all columns, ids and numbers in the app's
// formats, numbering continued from ticket_counters), moves the counters
// on, then VACUUM (ANALYZE)s the table, as a long-lived table would be.
func bulkLoad(ctx context.Context, url string, db *sql.DB, o options, w *world) (bulkResult, error) {
	res := bulkResult{PerTenant: o.perTenant, CopyWorkers: o.copyWorkers, Statuses: map[string]int{}}
	tenants := make([]bulkTenant, len(w.tenants))
	index := map[string]int{}
	for i, ts := range w.tenants {
		bt := bulkTenant{ID: ts.ID, Unit: ts.Unit, Policy: ts.Policy, Creators: []string{ts.Director}}
		for _, a := range ts.Agents {
			bt.Agents = append(bt.Agents, a.ID)
			bt.Creators = append(bt.Creators, a.ID)
		}
		tenants[i] = bt
		index[ts.ID] = i
	}
	counters := make([]map[int]int, len(tenants))
	for i := range counters {
		counters[i] = map[int]int{}
	}
	rows, err := db.QueryContext(ctx, `SELECT tenant_id, year, last FROM ticket_counters`)
	if err != nil {
		return res, fmt.Errorf("read ticket counters: %w", err)
	}
	for rows.Next() {
		var tid string
		var year, last int
		if err := rows.Scan(&tid, &year, &last); err != nil {
			rows.Close()
			return res, fmt.Errorf("read ticket counters: %w", err)
		}
		if i, ok := index[tid]; ok {
			counters[i][year] = last
		}
	}
	if err := rows.Close(); err != nil {
		return res, fmt.Errorf("read ticket counters: %w", err)
	}

	loc, err := time.LoadLocation("Asia/Shanghai") // the tenants' time zone: numbers follow its years
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	end := time.Now().Add(-time.Minute)
	g := newGenerator(20261122, tenants, o.perTenant, end.Add(-bulkSpan), end, loc, counters)
	res.Rows = g.total()

	t0 := time.Now()
	if err := copyRows(ctx, url, o.copyWorkers, g, &res); err != nil {
		return res, err
	}
	res.CopySeconds = round3(time.Since(t0).Seconds())
	progress.Info("tickets copied", "rows", res.Rows, "workers", o.copyWorkers, "took", time.Since(t0).Round(time.Millisecond))

	if err := saveCounters(ctx, db, tenants, counters); err != nil {
		return res, err
	}
	t0 = time.Now()
	if _, err := db.ExecContext(ctx, `VACUUM (ANALYZE) tickets`); err != nil {
		return res, fmt.Errorf("vacuum analyze tickets: %w", err)
	}
	// Best effort: settle the load's dirty pages now rather than during
	// the measurement (needs superuser or pg_checkpoint).
	if _, err := db.ExecContext(ctx, `CHECKPOINT`); err != nil {
		progress.Warn("checkpoint skipped", "err", err)
	}
	res.VacuumSecs = round3(time.Since(t0).Seconds())
	var table, indexes int64
	err = db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM tickets), pg_table_size('tickets'), pg_indexes_size('tickets')`).
		Scan(&res.TotalRows, &table, &indexes)
	if err != nil {
		return res, fmt.Errorf("size of tickets: %w", err)
	}
	res.TableMB, res.IndexesMB = round1(float64(table)/(1<<20)), round1(float64(indexes)/(1<<20))
	progress.Info("tickets ready", "table_rows", res.TotalRows, "table_mb", res.TableMB, "indexes_mb", res.IndexesMB,
		"vacuum_analyze", time.Since(t0).Round(time.Millisecond))
	return res, nil
}

// copyRows streams the generator's rows into tickets over workers COPY
// connections: one goroutine makes batches in creation order, the
// connections take them as they come, so the table fills roughly in id
// order, as it would have in production.
func copyRows(ctx context.Context, url string, workers int, g *generator, res *bulkResult) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	batches := make(chan [][]any, 2*workers)
	go func() {
		defer close(batches)
		batch := make([][]any, 0, copyBatch)
		for {
			t, ok := g.row()
			if ok {
				res.Statuses[t.Status]++
				if t.AssigneeID != "" {
					res.Assigned++
					if t.Status == "open" {
						res.OpenAssigned++
					}
				}
				if t.Type == "complaint" {
					res.Complaints++
				}
				batch = append(batch, t.values())
			}
			if len(batch) == copyBatch || !ok && len(batch) > 0 {
				select {
				case batches <- batch:
				case <-ctx.Done():
					return
				}
				batch = make([][]any, 0, copyBatch)
			}
			if !ok {
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				cancel(fmt.Errorf("bulk load: connect: %w", err))
				return
			}
			defer conn.Close(context.WithoutCancel(ctx))
			if _, err := conn.CopyFrom(ctx, pgx.Identifier{"tickets"}, copyColumns, copyrows.From(ctx, batches)); err != nil {
				cancel(fmt.Errorf("bulk load: copy into tickets: %w", err))
			}
		})
	}
	wg.Wait()
	for range batches { // let the producer finish if a worker failed
	}
	return context.Cause(ctx)
}

// saveCounters moves ticket_counters to the last number used per tenant
// and year, so tickets created afterwards continue the sequence.
func saveCounters(ctx context.Context, db *sql.DB, tenants []bulkTenant, counters []map[int]int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save counters: %w", err)
	}
	defer tx.Rollback()
	for i, byYear := range counters {
		for year, last := range byYear {
			_, err := tx.ExecContext(ctx, `INSERT INTO ticket_counters (id, year, last, tenant_id) VALUES ($1, $2, $3, $4)
				ON CONFLICT (tenant_id, year) DO UPDATE SET last = EXCLUDED.last`, ids.New("ctr"), year, last, tenants[i].ID)
			if err != nil {
				return fmt.Errorf("save counters: %w", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save counters: %w", err)
	}
	return nil
}

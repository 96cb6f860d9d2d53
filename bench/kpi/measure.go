package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"

	"kefu/bench/loadtest"
)

// scenario is one KPI request.
type scenario struct {
	name, path string
}

// checks are what the answers were compared against.
type checks struct {
	Rows           int // agent rows in the answer
	Handled        int // total handled per the API
	HandledInDB    int // tickets resolved in the month per a plain count
	CallbacksDue   int
	CallbacksInDB  int
	TrendBuckets   int
	TrendSeries    int
	Responded      int
	RespondedInDB  int
	ExplainTopNode string
	AppCPU         []string // "scenario X ms": this process's CPU per timed request
}

func scenarios(m month, agent string) []scenario {
	q := "from=" + url.QueryEscape(m.Start.UTC().Format(time.RFC3339)) + "&to=" + url.QueryEscape(m.End.UTC().Format(time.RFC3339))
	return []scenario{
		{"kpis-by-agent", "/v1/kpis?group_by=agent&" + q},
		{"kpis-by-group", "/v1/kpis?group_by=group&" + q},
		{"kpis-by-department", "/v1/kpis?group_by=department&" + q},
		{"trend-daily-by-group", "/v1/kpis/trend?interval=day&group_by=group&" + q},
		{"trend-weekly-one-agent", "/v1/kpis/trend?interval=week&user_id=" + agent + "&" + q},
	}
}

// measure checks one answer against plain counts, then times each
// scenario: one warm-up, then o.runs requests back to back.
func measure(ctx context.Context, c *loadtest.Client, dbURL string, o options, w *world, m month) ([]loadtest.Result, checks, error) {
	var ck checks
	sc := scenarios(m, w.agents[0])
	var rep struct {
		Rows  []map[string]any `json:"rows"`
		Total struct {
			Handled      int `json:"handled"`
			CallbacksDue int `json:"callbacks_due"`
			Responded    int `json:"responded"`
		} `json:"total"`
	}
	long := c.WithTimeout(2 * time.Minute)
	if err := long.Call(ctx, http.MethodGet, sc[0].path, w.token, nil, &rep); err != nil {
		return nil, ck, fmt.Errorf("check: %w", err)
	}
	ck.Rows, ck.Handled, ck.CallbacksDue, ck.Responded = len(rep.Rows), rep.Total.Handled, rep.Total.CallbacksDue, rep.Total.Responded
	var tr struct {
		Buckets []any `json:"buckets"`
		Series  []any `json:"series"`
	}
	if err := long.Call(ctx, http.MethodGet, sc[3].path, w.token, nil, &tr); err != nil {
		return nil, ck, fmt.Errorf("check trend: %w", err)
	}
	ck.TrendBuckets, ck.TrendSeries = len(tr.Buckets), len(tr.Series)
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, ck, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	from, to := m.Start.UTC(), m.End.UTC()
	if err := conn.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM tickets WHERE tenant_id = $1 AND resolved_at >= $2 AND resolved_at < $3),
		(SELECT count(*) FROM callbacks WHERE tenant_id = $1 AND due_at >= $2 AND due_at < $3),
		(SELECT count(*) FROM tickets WHERE tenant_id = $1 AND first_responded_at >= $2 AND first_responded_at < $3)`,
		w.tenantID, from, to).Scan(&ck.HandledInDB, &ck.CallbacksInDB, &ck.RespondedInDB); err != nil {
		return nil, ck, fmt.Errorf("check counts: %w", err)
	}
	if ck.Handled != ck.HandledInDB || ck.CallbacksDue != ck.CallbacksInDB || ck.Responded != ck.RespondedInDB || ck.Rows != len(w.agents) {
		return nil, ck, fmt.Errorf("check: the API counted %d handled, %d callbacks, %d responded in %d rows; the tables hold %d, %d, %d for %d agents",
			ck.Handled, ck.CallbacksDue, ck.Responded, ck.Rows, ck.HandledInDB, ck.CallbacksInDB, ck.RespondedInDB, len(w.agents))
	}
	var out []loadtest.Result
	w.load[1] = loadtest.LoadAvg()
	defer func() { w.load[2] = loadtest.LoadAvg() }()
	for _, s := range sc {
		if err := long.Call(ctx, http.MethodGet, s.path, w.token, nil, nil); err != nil {
			return nil, ck, fmt.Errorf("warm up %s: %w", s.name, err)
		}
		runOpts := o.Options
		runOpts.Concurrency, runOpts.MaxRequests, runOpts.Duration = 1, int64(o.runs), 30*time.Minute
		cpu0 := loadtest.ProcessCPU()
		r, err := loadtest.Run(ctx, loadtest.Scenario{Name: s.name, Do: func(ctx context.Context, _ int64) (int64, error) {
			return long.Get(ctx, s.path, w.token)
		}}, runOpts)
		if err != nil {
			return nil, ck, err
		}
		if r.Requests > 0 {
			per := (loadtest.ProcessCPU() - cpu0) / time.Duration(r.Requests)
			ck.AppCPU = append(ck.AppCPU, fmt.Sprintf("%s %.0f ms", s.name, per.Seconds()*1000))
		}
		out = append(out, r)
	}
	return out, ck, nil
}

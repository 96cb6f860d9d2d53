package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/callbacks"
	"kefu/tenants/authz"
)

// FiguresView is one row of the callback summary.
type FiguresView struct {
	Key              string  `json:"key,omitempty" doc:"Unit or agent id; absent on the total"`
	Required         int     `json:"required" doc:"Callbacks due in the period"`
	Done             int     `json:"done" doc:"Customer reached, outcome recorded"`
	OnTime           int     `json:"on_time"`
	Satisfied        int     `json:"satisfied"`
	Unreachable      int     `json:"unreachable"`
	Waived           int     `json:"waived"`
	Pending          int     `json:"pending"`
	Coverage         float64 `json:"coverage" doc:"done / required"`
	OnTimeRate       float64 `json:"on_time_rate" doc:"on_time / done"`
	SatisfactionRate float64 `json:"satisfaction_rate" doc:"satisfied / done"`
	UnreachableRate  float64 `json:"unreachable_rate" doc:"unreachable / required"`
}

func figuresView(f callbacks.Figures) FiguresView {
	return FiguresView{Key: f.Key, Required: f.Required, Done: f.Done, OnTime: f.OnTime, Satisfied: f.Satisfied,
		Unreachable: f.Unreachable, Waived: f.Waived, Pending: f.Pending, Coverage: f.Coverage,
		OnTimeRate: f.OnTimeRate, SatisfactionRate: f.Satisfaction, UnreachableRate: f.UnreachableRate}
}

// ReportPeriod is the query every report takes: a half-open period and an
// optional unit whose subtree it is limited to.
type ReportPeriod struct {
	From   time.Time `query:"from" required:"true" doc:"RFC 3339; the period starts here"`
	To     time.Time `query:"to" required:"true" doc:"RFC 3339; up to (not including) here"`
	UnitID string    `query:"unit_id" maxLength:"40" doc:"Only tickets of this unit and the units below it"`
}

// units checks the period and returns the unit subtree (nil: every unit).
func (s *server) units(ctx context.Context, in *ReportPeriod) ([]string, error) {
	if !in.To.After(in.From) {
		return nil, huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "query.to", Message: "must be after from", Value: in.To})
	}
	if in.UnitID == "" {
		return nil, nil
	}
	return s.d.Org.Subtree(ctx, in.UnitID)
}

type callbackReportInput struct{ ReportPeriod }

type callbackReport struct {
	From    time.Time     `json:"from"`
	To      time.Time     `json:"to"`
	Total   FiguresView   `json:"total"`
	ByUnit  []FiguresView `json:"by_unit"`
	ByAgent []FiguresView `json:"by_agent"`
}

func (s *server) summarize(ctx context.Context, in *callbackReportInput) (*callbacks.Report, error) {
	units, err := s.units(ctx, &in.ReportPeriod)
	if err != nil {
		return nil, err
	}
	return callbacks.Summarize(ctx, s.d.DB, in.From, in.To, units)
}

func (s *server) reportRoutes(api huma.API) {
	tags := []string{"Reports"}
	handle(api, can(authz.ReportsRead), huma.Operation{
		OperationID: "callback-report", Method: http.MethodGet, Path: "/v1/reports/callbacks", Tags: tags,
		Summary:     "Callback summary (回访总结报告)",
		Description: "Coverage, on-time rate, satisfaction rate and unreachable rate of the callbacks due in the period, in total, by unit and by agent.",
		Errors:      []int{http.StatusNotFound},
	}, func(ctx context.Context, in *callbackReportInput) (*struct{ Body callbackReport }, error) {
		r, err := s.summarize(ctx, in)
		if err != nil {
			return nil, err
		}
		out := &struct{ Body callbackReport }{}
		out.Body = callbackReport{From: r.From, To: r.To, Total: figuresView(r.Total),
			ByUnit: make([]FiguresView, len(r.ByUnit)), ByAgent: make([]FiguresView, len(r.ByAgent))}
		for i, f := range r.ByUnit {
			out.Body.ByUnit[i] = figuresView(f)
		}
		for i, f := range r.ByAgent {
			out.Body.ByAgent[i] = figuresView(f)
		}
		return out, nil
	})
	handle(api, can(authz.ReportsRead), huma.Operation{
		OperationID: "callback-report-csv", Method: http.MethodGet, Path: "/v1/reports/callbacks/export", Tags: tags,
		Summary: "Callback summary as CSV", Description: "The same figures as rows: total, then by unit, then by agent.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *callbackReportInput) (*struct {
		ContentType        string `header:"Content-Type"`
		ContentDisposition string `header:"Content-Disposition"`
		Body               []byte
	}, error) {
		r, err := s.summarize(ctx, in)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write([]string{"group", "key", "required", "done", "on_time", "satisfied", "unreachable", "waived", "pending", "coverage", "on_time_rate", "satisfaction_rate", "unreachable_rate"})
		row := func(group string, f callbacks.Figures) {
			_ = w.Write([]string{group, f.Key, fmt.Sprint(f.Required), fmt.Sprint(f.Done), fmt.Sprint(f.OnTime), fmt.Sprint(f.Satisfied),
				fmt.Sprint(f.Unreachable), fmt.Sprint(f.Waived), fmt.Sprint(f.Pending),
				fmt.Sprintf("%.4f", f.Coverage), fmt.Sprintf("%.4f", f.OnTimeRate), fmt.Sprintf("%.4f", f.Satisfaction), fmt.Sprintf("%.4f", f.UnreachableRate)})
		}
		row("total", r.Total)
		for _, f := range r.ByUnit {
			row("unit", f)
		}
		for _, f := range r.ByAgent {
			row("agent", f)
		}
		w.Flush()
		return &struct {
			ContentType        string `header:"Content-Type"`
			ContentDisposition string `header:"Content-Disposition"`
			Body               []byte
		}{ContentType: "text/csv; charset=utf-8", ContentDisposition: `attachment; filename="callbacks.csv"`, Body: buf.Bytes()}, nil
	})
}

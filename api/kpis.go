package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/kpi"
	"kefu/tenants/authz"
	"kefu/tenants/tenantzone"
)

// KPIFigures is one row of KPIs; desk/kpi/definitions.go defines each.
// Rates are shares of 0–1 and durations business seconds; both are null
// when there is nothing to measure them on.
type KPIFigures struct {
	Handled         int `json:"handled" doc:"Tickets resolved in the period, credited to whoever resolved them"`
	ResolvedInTime  int `json:"resolved_in_time"`
	FirstContact    int `json:"first_contact" doc:"Resolved tickets never reopened nor transferred"`
	Reopened        int `json:"reopened" doc:"Resolved tickets that had been reopened"`
	Responded       int `json:"responded" doc:"Tickets first answered in the period, credited to whoever answered"`
	RespondedInTime int `json:"responded_in_time"`
	CallbacksDue    int `json:"callbacks_due" doc:"Callbacks due in the period, by callback assignee"`
	CallbacksDone   int `json:"callbacks_done"`
	CallbacksOnTime int `json:"callbacks_on_time"`
	Rated           int `json:"rated" doc:"Callbacks due in the period and done, by resolver of the ticket"`
	Satisfied       int `json:"satisfied"`
	Complaints      int `json:"complaints" doc:"Valid complaints about the person filed in the period"`
	Shifts          int `json:"shifts" doc:"Duty shifts rostered that started in the period"`
	ShiftsOnTime    int `json:"shifts_on_time"`

	FirstResponseMedian *float64 `json:"first_response_median_seconds" nullable:"true"`
	FirstResponseAvg    *float64 `json:"first_response_avg_seconds" nullable:"true"`
	ResolutionMedian    *float64 `json:"resolution_median_seconds" nullable:"true"`
	ResolutionAvg       *float64 `json:"resolution_avg_seconds" nullable:"true"`

	FirstResponseCompliance *float64 `json:"first_response_compliance" nullable:"true"`
	ResolutionCompliance    *float64 `json:"resolution_compliance" nullable:"true"`
	FCRRate                 *float64 `json:"fcr_rate" nullable:"true"`
	ReopenRate              *float64 `json:"reopen_rate" nullable:"true"`
	CallbackCoverage        *float64 `json:"callback_coverage" nullable:"true"`
	CallbackOnTimeRate      *float64 `json:"callback_on_time_rate" nullable:"true"`
	SatisfactionRate        *float64 `json:"satisfaction_rate" nullable:"true"`
	ComplaintRate           *float64 `json:"complaint_rate" nullable:"true"`
	Punctuality             *float64 `json:"punctuality" nullable:"true"`
}

func kpiFigures(f kpi.Figures) KPIFigures {
	c := f.Counts
	return KPIFigures{
		Handled: c.Handled, ResolvedInTime: c.ResolvedInTime, FirstContact: c.FirstContact, Reopened: c.Reopened,
		Responded: c.Responded, RespondedInTime: c.RespondedInTime, CallbacksDue: c.CallbacksDue, CallbacksDone: c.CallbacksDone,
		CallbacksOnTime: c.CallbacksOnTime, Rated: c.Rated, Satisfied: c.Satisfied, Complaints: c.Complaints,
		Shifts: c.Shifts, ShiftsOnTime: c.ShiftsOnTime,
		FirstResponseMedian: f.FirstResponseMedian, FirstResponseAvg: f.FirstResponseAvg,
		ResolutionMedian: f.ResolutionMedian, ResolutionAvg: f.ResolutionAvg,
		FirstResponseCompliance: f.Rates[kpi.FirstResponseCompliance], ResolutionCompliance: f.Rates[kpi.ResolutionCompliance],
		FCRRate: f.Rates[kpi.FCRRate], ReopenRate: f.Rates[kpi.ReopenRate], CallbackCoverage: f.Rates[kpi.CallbackCoverage],
		CallbackOnTimeRate: f.Rates[kpi.CallbackOnTimeRate], SatisfactionRate: f.Rates[kpi.SatisfactionRate],
		ComplaintRate: f.Rates[kpi.ComplaintRate], Punctuality: f.Rates[kpi.Punctuality],
	}
}

// KPIRow is one agent's, group's or department's KPIs.
type KPIRow struct {
	Key  string `json:"key" doc:"User id, or the group's or department's unit id"`
	Name string `json:"name,omitempty"`
	KPIFigures
}

// KPIQuery is what every KPI request takes.
type KPIQuery struct {
	From    time.Time `query:"from" required:"true" doc:"RFC 3339; the period starts here"`
	To      time.Time `query:"to" required:"true" doc:"RFC 3339; up to (not including) here; at most 366 days"`
	UnitID  string    `query:"unit_id" maxLength:"40" doc:"Only people posted in this unit or below it"`
	UserID  string    `query:"user_id" maxLength:"40" doc:"Only this person (\"me\" for yourself)"`
	GroupBy string    `query:"group_by" enum:"agent,group,department" default:"agent" doc:"One row per agent, per group or per department (the org chart's units above each person's primary post)"`
}

func (in *KPIQuery) query(ctx context.Context) kpi.Query {
	q := kpi.Query{From: in.From, To: in.To, GroupBy: in.GroupBy, UnitID: in.UnitID, UserID: in.UserID}
	if q.UserID == "me" {
		q.UserID = principalFrom(ctx).ActorID()
	}
	return q
}

type kpiReport struct {
	From    time.Time  `json:"from"`
	To      time.Time  `json:"to"`
	GroupBy string     `json:"group_by" enum:"agent,group,department"`
	Rows    []KPIRow   `json:"rows"`
	Total   KPIFigures `json:"total" doc:"Everyone in view together (medians over all their tickets)"`
}

type kpiTrendInput struct {
	KPIQuery
	Interval string `query:"interval" enum:"day,week" default:"day" doc:"Buckets cut in the tenant's time zone; weeks start on Monday"`
}

// KPIBucket is one step of a trend.
type KPIBucket struct {
	Key   string    `json:"key" example:"2026-11-02" doc:"Local date the bucket starts on"`
	Start time.Time `json:"start"`
}

// KPISeries is one key's figures per bucket.
type KPISeries struct {
	Key    string       `json:"key"`
	Name   string       `json:"name,omitempty"`
	Points []KPIFigures `json:"points" doc:"One per bucket"`
}

type kpiTrend struct {
	Timezone string       `json:"timezone"`
	Buckets  []KPIBucket  `json:"buckets"`
	Series   []KPISeries  `json:"series"`
	Total    []KPIFigures `json:"total" doc:"Everyone in view, one per bucket"`
}

func (s *server) kpiRoutes(api huma.API) {
	tags := []string{"Performance"}
	handle(api, can(authz.PerformanceRead), huma.Operation{
		OperationID: "get-kpis", Method: http.MethodGet, Path: "/v1/kpis", Tags: tags,
		Summary: "KPIs per agent, group or department (绩效指标)",
		Description: "Tickets handled, first-response and resolution business time (median and average), SLA compliance, " +
			"first-contact resolution, reopen rate, callback coverage and on-time rate, satisfaction rate, complaint rate and duty " +
			"punctuality for the period. People outside your data scope are left out.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *KPIQuery) (*struct{ Body kpiReport }, error) {
		r, err := s.d.KPI.Report(ctx, principalFrom(ctx).ActorID(), in.query(ctx))
		if err != nil {
			return nil, err
		}
		out := &struct{ Body kpiReport }{}
		out.Body = kpiReport{From: r.From, To: r.To, GroupBy: r.GroupBy, Rows: make([]KPIRow, len(r.Rows)), Total: kpiFigures(r.Total)}
		for i, row := range r.Rows {
			out.Body.Rows[i] = KPIRow{Key: row.Key, Name: row.Name, KPIFigures: kpiFigures(row.Figures)}
		}
		return out, nil
	})
	handle(api, can(authz.PerformanceRead), huma.Operation{
		OperationID: "get-kpi-trend", Method: http.MethodGet, Path: "/v1/kpis/trend", Tags: tags,
		Summary:     "KPIs per day or week",
		Description: "The same figures per day or ISO week, per key and in total, for charts.",
		Errors:      []int{http.StatusNotFound},
	}, func(ctx context.Context, in *kpiTrendInput) (*struct{ Body kpiTrend }, error) {
		zone, err := tenantzone.Of(ctx, s.d.DB)
		if err != nil {
			return nil, err
		}
		tr, err := s.d.KPI.Trend(ctx, principalFrom(ctx).ActorID(), in.query(ctx), in.Interval, zone)
		if err != nil {
			return nil, err
		}
		out := &struct{ Body kpiTrend }{}
		out.Body = kpiTrend{Timezone: zone.String(), Buckets: make([]KPIBucket, len(tr.Buckets)),
			Series: make([]KPISeries, len(tr.Series)), Total: make([]KPIFigures, len(tr.Total))}
		for i, b := range tr.Buckets {
			out.Body.Buckets[i] = KPIBucket{Key: b.Key, Start: b.Start.UTC()}
		}
		for i, se := range tr.Series {
			pts := make([]KPIFigures, len(se.Points))
			for j, p := range se.Points {
				pts[j] = kpiFigures(p)
			}
			out.Body.Series[i] = KPISeries{Key: se.Key, Name: se.Name, Points: pts}
		}
		for i, f := range tr.Total {
			out.Body.Total[i] = kpiFigures(f)
		}
		return out, nil
	})
}

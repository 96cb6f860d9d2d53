package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/tickets"
	"kefu/tenants/authz"
	"kefu/tenants/tenantzone"
)

// BacklogView is one unit's open tickets now.
type BacklogView struct {
	UnitID   string `json:"unit_id,omitempty" doc:"Absent for tickets not yet dispatched to a unit"`
	Open     int    `json:"open" doc:"new, open or pending"`
	Breached int    `json:"breached" doc:"of those, past a first-response or resolution deadline"`
}

type ticketReport struct {
	From      time.Time       `json:"from"`
	To        time.Time       `json:"to"`
	Timezone  string          `json:"timezone" doc:"The zone days are cut in (the tenant's)"`
	Created   int             `json:"created"`
	Major     int             `json:"major" doc:"Major complaints (重大投诉) created"`
	ByChannel []tickets.Count `json:"by_channel"`
	ByType    []tickets.Count `json:"by_type"`
	ByDay     []tickets.Count `json:"by_day" doc:"Every day of the period, key YYYY-MM-DD"`
	Resolved  int             `json:"resolved" doc:"Tickets resolved in the period"`
	// Compliance rates are 0 when nothing was resolved or answered.
	ResolvedInTime          int           `json:"resolved_in_time" doc:"Of those, resolved without breaching the resolution deadline"`
	ResolutionCompliance    float64       `json:"resolution_compliance" doc:"resolved_in_time / resolved"`
	Responded               int           `json:"responded" doc:"Tickets first answered in the period"`
	RespondedInTime         int           `json:"responded_in_time"`
	FirstResponseCompliance float64       `json:"first_response_compliance" doc:"responded_in_time / responded"`
	Backlog                 []BacklogView `json:"backlog" doc:"Open tickets by unit right now (not limited to the period)"`
}

func (s *server) ticketReportRoutes(api huma.API) {
	handle(api, can(authz.ReportsRead), huma.Operation{
		OperationID: "ticket-report", Method: http.MethodGet, Path: "/v1/reports/tickets", Tags: []string{"Reports"},
		Summary:     "Ticket volume and SLA compliance (工单统计)",
		Description: "Tickets created in the period by channel, type and day; first-response and resolution SLA compliance of the tickets answered and resolved in it; the open backlog by unit. At most 366 days.",
		Errors:      []int{http.StatusNotFound},
	}, func(ctx context.Context, in *struct{ ReportPeriod }) (*struct{ Body ticketReport }, error) {
		units, err := s.units(ctx, &in.ReportPeriod)
		if err != nil {
			return nil, err
		}
		zone, err := tenantzone.Of(ctx, s.d.DB)
		if err != nil {
			return nil, err
		}
		v, err := tickets.Report(ctx, s.d.DB, in.From, in.To, units, zone)
		if err != nil {
			return nil, err
		}
		out := &struct{ Body ticketReport }{}
		out.Body = ticketReport{From: v.From, To: v.To, Timezone: zone.String(), Created: v.Created, Major: v.Major,
			ByChannel: v.ByChannel, ByType: v.ByType, ByDay: v.ByDay,
			Resolved: v.Resolved, ResolvedInTime: v.ResolvedInTime, ResolutionCompliance: v.ResolutionCompliance,
			Responded: v.Responded, RespondedInTime: v.RespondedInTime, FirstResponseCompliance: v.FirstResponseCompliance,
			Backlog: make([]BacklogView, len(v.Backlog))}
		for i, b := range v.Backlog {
			out.Body.Backlog[i] = BacklogView(b)
		}
		return out, nil
	})
}

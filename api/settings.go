package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/calendars"
	"kefu/desk/categories"
	"kefu/desk/policies"
	"kefu/ent"
	"kefu/ent/types"
	"kefu/isodur"
	"kefu/tenants/authz"
)

// CalendarView is a business calendar.
type CalendarView struct {
	ID         string          `json:"id" example:"cal_01jd0000000000000000000000"`
	Name       string          `json:"name" example:"工作日 8:30–17:30"`
	Timezone   string          `json:"timezone" example:"Asia/Shanghai"`
	AlwaysOpen bool            `json:"always_open" doc:"24×7"`
	IsDefault  bool            `json:"is_default"`
	Hours      []types.Span    `json:"hours" doc:"weekday is ISO (1 = Monday … 7 = Sunday); start/end local HH:MM"`
	Holidays   []types.Holiday `json:"holidays"`
	Workdays   []types.Workday `json:"workdays" doc:"Make-up workdays (调休), with the hours of as_weekday (default Monday)"`
}

func calendarView(c *ent.Calendar) CalendarView {
	v := CalendarView{ID: c.ID, Name: c.Name, Timezone: c.Timezone, AlwaysOpen: c.AlwaysOpen, IsDefault: c.IsDefault,
		Hours: c.Hours, Holidays: c.Holidays, Workdays: c.Workdays}
	if v.Hours == nil {
		v.Hours = []types.Span{}
	}
	if v.Holidays == nil {
		v.Holidays = []types.Holiday{}
	}
	if v.Workdays == nil {
		v.Workdays = []types.Workday{}
	}
	return v
}

type calendarFields struct {
	Name       *string          `json:"name,omitempty" minLength:"1" maxLength:"100" example:"工作日 8:30–17:30"`
	Timezone   *string          `json:"timezone,omitempty" maxLength:"64" example:"Asia/Shanghai"`
	AlwaysOpen *bool            `json:"always_open,omitempty"`
	IsDefault  *bool            `json:"is_default,omitempty"`
	Hours      *[]types.Span    `json:"hours,omitempty" maxItems:"70"`
	Holidays   *[]types.Holiday `json:"holidays,omitempty" maxItems:"2000"`
	Workdays   *[]types.Workday `json:"workdays,omitempty" maxItems:"2000"`
}

func (f calendarFields) spec() calendars.Spec {
	return calendars.Spec{Name: f.Name, Timezone: f.Timezone, AlwaysOpen: f.AlwaysOpen, IsDefault: f.IsDefault,
		Hours: f.Hours, Holidays: f.Holidays, Workdays: f.Workdays}
}

type deadlineInput struct {
	ID       string    `path:"id" maxLength:"40"`
	Start    time.Time `query:"start" required:"true" doc:"RFC 3339"`
	Duration string    `query:"duration" required:"true" example:"PT4H" doc:"ISO 8601 business time"`
}

// PolicyView is an SLA policy.
type PolicyView struct {
	ID            string               `json:"id" example:"sla_01jd0000000000000000000000"`
	Name          string               `json:"name" example:"投诉 4 小时"`
	CalendarID    string               `json:"calendar_id"`
	Match         types.SLAMatch       `json:"match"`
	FirstResponse string               `json:"first_response" example:"PT30M"`
	Resolution    string               `json:"resolution" example:"PT4H"`
	WarnAtPercent int                  `json:"warn_at_percent" example:"80"`
	Escalation    []EscalationStepView `json:"escalation"`
	Callback      types.CallbackPolicy `json:"callback"`
	Rank          int                  `json:"rank" doc:"Lower ranks are tried first"`
	Enabled       bool                 `json:"enabled"`
}

// EscalationStepView is one rung of the ladder.
type EscalationStepView struct {
	After string `json:"after" example:"PT1H" doc:"Time after the breach"`
	To    string `json:"to" example:"supervisor" doc:"supervisor, manager, director, center_head or position:<id>"`
}

func policyView(p *ent.SLAPolicy) PolicyView {
	v := PolicyView{ID: p.ID, Name: p.Name, CalendarID: p.CalendarID, Match: p.Match,
		FirstResponse: isodur.Format(time.Duration(p.FirstResponseSeconds) * time.Second),
		Resolution:    isodur.Format(time.Duration(p.ResolutionSeconds) * time.Second),
		WarnAtPercent: p.WarnAtPercent, Callback: p.Callback, Rank: p.Rank, Enabled: p.Enabled,
		Escalation: make([]EscalationStepView, len(p.Escalation))}
	for i, st := range p.Escalation {
		v.Escalation[i] = EscalationStepView{After: isodur.Format(time.Duration(st.AfterSeconds) * time.Second), To: st.To}
	}
	return v
}

type policyFields struct {
	Name          *string               `json:"name,omitempty" minLength:"1" maxLength:"100"`
	CalendarID    *string               `json:"calendar_id,omitempty" maxLength:"40"`
	Match         *types.SLAMatch       `json:"match,omitempty"`
	FirstResponse *string               `json:"first_response,omitempty" example:"PT30M"`
	Resolution    *string               `json:"resolution,omitempty" example:"PT4H"`
	WarnAtPercent *int                  `json:"warn_at_percent,omitempty" minimum:"1" maximum:"99"`
	Escalation    *[]EscalationStepView `json:"escalation,omitempty" maxItems:"10"`
	Callback      *types.CallbackPolicy `json:"callback,omitempty"`
	Rank          *int                  `json:"rank,omitempty"`
	Enabled       *bool                 `json:"enabled,omitempty"`
}

func (f policyFields) spec() (policies.Spec, error) {
	sp := policies.Spec{Name: f.Name, CalendarID: f.CalendarID, Match: f.Match, WarnAtPercent: f.WarnAtPercent,
		Callback: f.Callback, Rank: f.Rank, Enabled: f.Enabled}
	var errs []error
	parse := func(loc string, s *string, allowZero bool) *time.Duration {
		if s == nil {
			return nil
		}
		if allowZero && *s == "PT0S" {
			d := time.Duration(0)
			return &d
		}
		d, err := isodur.Parse(*s)
		if err != nil {
			errs = append(errs, &huma.ErrorDetail{Location: loc, Message: err.Error(), Value: *s})
			return nil
		}
		return &d
	}
	sp.FirstResponse = parse("body.first_response", f.FirstResponse, false)
	sp.Resolution = parse("body.resolution", f.Resolution, false)
	if f.Escalation != nil {
		steps := make([]types.EscalationStep, len(*f.Escalation))
		for i, st := range *f.Escalation {
			after := st.After
			d := parse("body.escalation["+strconv.Itoa(i)+"].after", &after, true)
			if d != nil {
				steps[i] = types.EscalationStep{AfterSeconds: int64(d.Seconds()), To: st.To}
			}
		}
		sp.Escalation = &steps
	}
	if len(errs) > 0 {
		return sp, huma.Error422UnprocessableEntity("validation failed", errs...)
	}
	return sp, nil
}

type categoryView struct {
	ID       string `json:"id"`
	Name     string `json:"name" example:"报修"`
	NameEn   string `json:"name_en,omitempty" example:"Repairs"`
	ParentID string `json:"parent_id,omitempty"`
	Sort     int    `json:"sort"`
}

func (s *server) settingsRoutes(api huma.API) {
	tags := []string{"Settings"}
	handle(api, can(authz.CalendarsWrite), huma.Operation{
		OperationID: "create-calendar", Method: http.MethodPost, Path: "/v1/calendars", Tags: tags,
		Summary: "Create a business calendar", Description: "Weekdays are ISO (1 = Monday … 7 = Sunday); times are local HH:MM in the calendar's zone; a make-up workday takes the hours of as_weekday (default Monday). always_open: true makes a 24×7 calendar. A taken name answers 409.", DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *struct{ Body calendarFields }) (*struct{ Body CalendarView }, error) {
		c, err := s.d.Calendars.Create(ctx, in.Body.spec())
		if err != nil {
			return nil, err
		}
		return &struct{ Body CalendarView }{Body: calendarView(c)}, nil
	})
	handle(api, can(authz.CalendarsRead), huma.Operation{
		OperationID: "list-calendars", Method: http.MethodGet, Path: "/v1/calendars", Tags: tags, Summary: "List business calendars", Description: "Business calendars of your organization: weekly working hours, holidays and make-up workdays (调休) in the calendar's time zone, or always open (24×7). SLA policies measure their targets on one of them.",
	}, func(ctx context.Context, _ *struct{}) (*listOut[CalendarView], error) {
		rows, err := s.d.Calendars.List(ctx)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) CalendarView { return calendarView(rows[i]) }, ""), nil
	})
	handle(api, can(authz.CalendarsRead), huma.Operation{
		OperationID: "get-calendar", Method: http.MethodGet, Path: "/v1/calendars/{id}", Tags: tags, Summary: "Get a business calendar", Description: "The calendar with its hours, holidays and make-up workdays.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body CalendarView }, error) {
		c, err := s.d.Calendars.Get(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body CalendarView }{Body: calendarView(c)}, nil
	})
	handle(api, can(authz.CalendarsWrite), huma.Operation{
		OperationID: "update-calendar", Method: http.MethodPatch, Path: "/v1/calendars/{id}", Tags: tags,
		Summary: "Update a business calendar", Description: "Add next year's holidays here when the State Council publishes them.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body calendarFields
	}) (*struct{ Body CalendarView }, error) {
		c, err := s.d.Calendars.Update(ctx, in.ID, in.Body.spec())
		if err != nil {
			return nil, err
		}
		return &struct{ Body CalendarView }{Body: calendarView(c)}, nil
	})
	handle(api, can(authz.CalendarsWrite), huma.Operation{
		OperationID: "delete-calendar", Method: http.MethodDelete, Path: "/v1/calendars/{id}", Tags: tags,
		Summary: "Delete a business calendar", Description: "A calendar that an SLA policy still uses cannot be deleted (409); change the policy first.", DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *idInput) (*struct{}, error) {
		return nil, s.d.Calendars.Delete(ctx, in.ID)
	})
	handle(api, can(authz.CalendarsRead), huma.Operation{
		OperationID: "preview-calendar-deadline", Method: http.MethodGet, Path: "/v1/calendars/{id}/deadline", Tags: tags,
		Summary: "Preview a business-time deadline", Description: "The business-time deadline this calendar gives for a duration (ISO 8601, e.g. PT8H) counted from start, so an admin can check a policy before saving it.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *deadlineInput) (*struct {
		Body struct {
			DueAt time.Time `json:"due_at"`
		}
	}, error) {
		d, err := isodur.Parse(in.Duration)
		if err != nil {
			return nil, huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "query.duration", Message: err.Error(), Value: in.Duration})
		}
		due, err := s.d.Calendars.Deadline(ctx, in.ID, in.Start, d)
		if err != nil {
			return nil, err
		}
		out := &struct {
			Body struct {
				DueAt time.Time `json:"due_at"`
			}
		}{}
		out.Body.DueAt = due.UTC()
		return out, nil
	})

	handle(api, can(authz.SLAWrite), huma.Operation{
		OperationID: "create-sla-policy", Method: http.MethodPost, Path: "/v1/sla-policies", Tags: tags,
		Summary: "Create an SLA policy", Description: "Targets for first response and resolution on a business calendar, for the tickets it matches (types, priorities, tiers), with an escalation ladder and callback rules. A taken name answers 409.", DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *struct{ Body policyFields }) (*struct{ Body PolicyView }, error) {
		sp, err := in.Body.spec()
		if err != nil {
			return nil, err
		}
		p, err := s.d.Policies.Create(ctx, sp)
		if err != nil {
			return nil, err
		}
		return &struct{ Body PolicyView }{Body: policyView(p)}, nil
	})
	handle(api, can(authz.SLARead), huma.Operation{
		OperationID: "list-sla-policies", Method: http.MethodGet, Path: "/v1/sla-policies", Tags: tags,
		Summary: "List SLA policies", Description: "In the order they are tried: the first enabled policy that matches a ticket applies.",
	}, func(ctx context.Context, _ *struct{}) (*listOut[PolicyView], error) {
		rows, err := s.d.Policies.List(ctx)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) PolicyView { return policyView(rows[i]) }, ""), nil
	})
	handle(api, can(authz.SLARead), huma.Operation{
		OperationID: "get-sla-policy", Method: http.MethodGet, Path: "/v1/sla-policies/{id}", Tags: tags, Summary: "Get an SLA policy", Description: "The policy with its match, targets, escalation ladder and callback rules.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body PolicyView }, error) {
		p, err := s.d.Policies.Get(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body PolicyView }{Body: policyView(p)}, nil
	})
	handle(api, can(authz.SLAWrite), huma.Operation{
		OperationID: "update-sla-policy", Method: http.MethodPatch, Path: "/v1/sla-policies/{id}", Tags: tags,
		Summary: "Update an SLA policy", Description: "Running tickets keep the due times they were given.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body policyFields
	}) (*struct{ Body PolicyView }, error) {
		sp, err := in.Body.spec()
		if err != nil {
			return nil, err
		}
		p, err := s.d.Policies.Update(ctx, in.ID, sp)
		if err != nil {
			return nil, err
		}
		return &struct{ Body PolicyView }{Body: policyView(p)}, nil
	})
	handle(api, can(authz.SLAWrite), huma.Operation{
		OperationID: "delete-sla-policy", Method: http.MethodDelete, Path: "/v1/sla-policies/{id}", Tags: tags,
		Summary: "Delete an SLA policy", Description: "Running tickets keep the due times it gave them; new tickets match the remaining policies.", DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *idInput) (*struct{}, error) {
		return nil, s.d.Policies.Delete(ctx, in.ID)
	})

	handle(api, can(authz.TicketsRead), huma.Operation{
		OperationID: "list-categories", Method: http.MethodGet, Path: "/v1/categories", Tags: tags, Summary: "List ticket categories", Description: "The ticket categories of your organization as a flat list; parent_id builds the tree.",
	}, func(ctx context.Context, _ *struct{}) (*listOut[categoryView], error) {
		rows, err := categories.List(ctx, s.d.DB)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) categoryView {
			return categoryView{ID: rows[i].ID, Name: rows[i].Name, NameEn: rows[i].NameEn, ParentID: str(rows[i].ParentID), Sort: rows[i].Sort}
		}, ""), nil
	})
	handle(api, can(authz.SLAWrite), huma.Operation{
		OperationID: "create-category", Method: http.MethodPost, Path: "/v1/categories", Tags: tags,
		Summary: "Create a ticket category", Description: "Adds a category, under parent_id when given.", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *struct {
		Body struct {
			Name     string `json:"name" minLength:"1" maxLength:"100" example:"电梯"`
			NameEn   string `json:"name_en,omitempty" maxLength:"100" example:"Elevators"`
			ParentID string `json:"parent_id,omitempty" maxLength:"40"`
			Sort     int    `json:"sort,omitempty"`
		}
	}) (*struct{ Body categoryView }, error) {
		c, err := categories.Create(ctx, s.d.DB, in.Body.Name, in.Body.NameEn, in.Body.ParentID, in.Body.Sort)
		if err != nil {
			return nil, err
		}
		return &struct{ Body categoryView }{Body: categoryView{ID: c.ID, Name: c.Name, NameEn: c.NameEn, ParentID: str(c.ParentID), Sort: c.Sort}}, nil
	})
	handle(api, can(authz.SLAWrite), huma.Operation{
		OperationID: "delete-category", Method: http.MethodDelete, Path: "/v1/categories/{id}", Tags: tags,
		Summary: "Delete a ticket category", Description: "A category that tickets or other categories still use cannot be deleted (409).", DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *idInput) (*struct{}, error) {
		return nil, categories.Delete(ctx, s.d.DB, in.ID)
	})
}

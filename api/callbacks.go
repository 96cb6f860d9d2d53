package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/callbacks"
	"kefu/ent"
	"kefu/paging"
	"kefu/tenants/authz"
	"kefu/tenants/billing"
)

// AttemptView is one call of a callback.
type AttemptView struct {
	At      time.Time      `json:"at"`
	ActorID string         `json:"actor_id,omitempty"`
	Outcome string         `json:"outcome" enum:"satisfied,neutral,unsatisfied,unreachable"`
	Note    string         `json:"note,omitempty"`
	Answers map[string]any `json:"answers,omitempty" doc:"Answers to the callback script's questions"`
}

// CallbackView is a callback (回访).
type CallbackView struct {
	ID          string        `json:"id" example:"cbk_01jd0000000000000000000000"`
	TicketID    string        `json:"ticket_id"`
	CustomerID  string        `json:"customer_id,omitempty"`
	Status      string        `json:"status" enum:"pending,done,unreachable,waived"`
	DueAt       time.Time     `json:"due_at"`
	ScheduledAt time.Time     `json:"scheduled_at" doc:"Inside the center's hours and outside the customer's quiet hours"`
	AssigneeID  string        `json:"assignee_id,omitempty"`
	MaxAttempts int           `json:"max_attempts"`
	Outcome     string        `json:"outcome,omitempty" enum:"satisfied,neutral,unsatisfied,unreachable"`
	Attempts    []AttemptView `json:"attempts"`
	Script      *ScriptView   `json:"script,omitempty" doc:"The tenant's default callback script (回访用语), to read from"`
	// Worklist labels, filled on lists so a page needs no read per row.
	TicketNumber  string `json:"ticket_number,omitempty" example:"T-2026-000123"`
	TicketSubject string `json:"ticket_subject,omitempty"`
	CustomerName  string `json:"customer_name,omitempty"`
	CustomerTier  string `json:"customer_tier,omitempty" enum:"regular,member,vip,key_account"`
}

func callbackView(c *ent.Callback, atts []*ent.CallbackAttempt) CallbackView {
	v := CallbackView{ID: c.ID, TicketID: c.TicketID, CustomerID: c.CustomerID, Status: string(c.Status),
		DueAt: c.DueAt.UTC(), ScheduledAt: c.ScheduledAt.UTC(), AssigneeID: str(c.AssigneeID), MaxAttempts: c.MaxAttempts,
		Attempts: make([]AttemptView, len(atts))}
	if c.Outcome != nil {
		v.Outcome = string(*c.Outcome)
	}
	for i, a := range atts {
		v.Attempts[i] = AttemptView{At: a.At.UTC(), ActorID: a.ActorID, Outcome: string(a.Outcome), Note: a.Note, Answers: a.Answers}
	}
	return v
}

type listCallbacksInput struct {
	ListParams
	Status     string    `query:"status" enum:"pending,done,unreachable,waived,"`
	TicketID   string    `query:"ticket_id" maxLength:"40"`
	AssigneeID string    `query:"assignee_id" maxLength:"40" doc:"\"me\" for your own worklist"`
	DueBefore  time.Time `query:"due_before" doc:"RFC 3339"`
}

type attemptInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		Outcome string         `json:"outcome" enum:"satisfied,neutral,unsatisfied,unreachable" example:"satisfied"`
		Note    string         `json:"note,omitempty" maxLength:"4000" example:"业主表示电梯已恢复，满意"`
		Answers map[string]any `json:"answers,omitempty"`
	}
}

func (s *server) callbackRoutes(api huma.API) {
	tags := []string{"Callbacks"}
	handle(api, can(authz.CallbacksRead), huma.Operation{
		OperationID: "list-callbacks", Method: http.MethodGet, Path: "/v1/callbacks", Tags: tags,
		Summary: "List callbacks", Description: "By scheduled time: the callback worklist.",
	}, func(ctx context.Context, in *listCallbacksInput) (*listOut[CallbackView], error) {
		f := callbacks.Filter{Status: in.Status, TicketID: in.TicketID, AssigneeID: in.AssigneeID}
		if f.AssigneeID == "me" {
			f.AssigneeID = principalFrom(ctx).ActorID()
		}
		if !in.DueBefore.IsZero() {
			f.DueBefore = &in.DueBefore
		}
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		rows, atts, next, err := s.d.Callbacks.List(ctx, f, pg)
		if err != nil {
			return nil, err
		}
		labels, err := s.d.Callbacks.Labels(ctx, rows)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) CallbackView {
			v := callbackView(rows[i], atts[rows[i].ID])
			l := labels[rows[i].ID]
			v.TicketNumber, v.TicketSubject, v.CustomerName, v.CustomerTier = l.TicketNumber, l.TicketSubject, l.CustomerName, l.CustomerTier
			return v
		}, next), nil
	})
	handle(api, can(authz.CallbacksRead), huma.Operation{
		OperationID: "get-callback", Method: http.MethodGet, Path: "/v1/callbacks/{id}", Tags: tags,
		Summary: "Get a callback with its attempts", Description: "The callback with every attempt made and the script to read.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body CallbackView }, error) {
		c, atts, err := s.d.Callbacks.Get(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		v := callbackView(c, atts)
		sc, err := s.d.Callbacks.DefaultScript(ctx)
		if err != nil {
			return nil, err
		}
		if sc != nil {
			sv := scriptView(sc)
			v.Script = &sv
		}
		return &struct{ Body CallbackView }{Body: v}, nil
	})
	handle(api, can(authz.CallbacksWrite).onPlan(billing.FeatureCallbacks), huma.Operation{
		OperationID: "record-callback-attempt", Method: http.MethodPost, Path: "/v1/callbacks/{id}/attempts", Tags: tags,
		Summary:       "Record a callback attempt",
		Description:   "satisfied or neutral closes the ticket; unsatisfied reopens it, raises its priority and escalates to the resolver's supervisor; unreachable tries again later until the attempts run out.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *attemptInput) (*struct{ Body CallbackView }, error) {
		c, err := s.d.Callbacks.Record(ctx, principalFrom(ctx).ActorID(), in.ID, in.Body.Outcome, in.Body.Note, in.Body.Answers)
		if err != nil {
			return nil, err
		}
		_, atts, err := s.d.Callbacks.Get(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body CallbackView }{Body: callbackView(c, atts)}, nil
	})
}

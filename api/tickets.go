package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/tickets"
	"kefu/ent"
	"kefu/ent/types"
	"kefu/paging"
	"kefu/tenants/authz"
)

// SLAView is a ticket's SLA state.
type SLAView struct {
	PolicyID                string     `json:"policy_id,omitempty"`
	FirstResponseDueAt      *time.Time `json:"first_response_due_at,omitempty"`
	ResolutionDueAt         *time.Time `json:"resolution_due_at,omitempty"`
	FirstRespondedAt        *time.Time `json:"first_responded_at,omitempty"`
	FirstResponseBreachedAt *time.Time `json:"first_response_breached_at,omitempty"`
	ResolutionBreachedAt    *time.Time `json:"resolution_breached_at,omitempty"`
	WarnedAt                *time.Time `json:"warned_at,omitempty"`
	Paused                  bool       `json:"paused" doc:"The clock stands still while the ticket waits on the customer"`
	Breached                bool       `json:"breached"`
}

// TicketView is a work order.
type TicketView struct {
	ID                string     `json:"id" example:"tkt_01jd0000000000000000000000"`
	Number            string     `json:"number" example:"T-2026-000123"`
	Type              string     `json:"type" enum:"inquiry,complaint,suggestion,request,praise"`
	Channel           string     `json:"channel" enum:"phone,chat,email,sms,wechat,walk_in,letter,web,api"`
	Subject           string     `json:"subject"`
	Description       string     `json:"description,omitempty"`
	CustomerID        string     `json:"customer_id,omitempty"`
	Category          string     `json:"category,omitempty" doc:"Category id"`
	Priority          string     `json:"priority" enum:"low,normal,high,urgent"`
	Severity          string     `json:"severity" enum:"normal,major"`
	ComplaintValidity string     `json:"complaint_validity,omitempty" enum:"valid,communicative"`
	UnitID            string     `json:"unit_id,omitempty"`
	AssigneeID        string     `json:"assignee_id,omitempty"`
	Status            string     `json:"status" enum:"new,open,pending,resolved,closed"`
	SLA               SLAView    `json:"sla"`
	EscalationLevel   int        `json:"escalation_level"`
	ReopenCount       int        `json:"reopen_count"`
	ResolvedAt        *time.Time `json:"resolved_at,omitempty"`
	ClosedAt          *time.Time `json:"closed_at,omitempty"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
	Call              *CallView  `json:"call,omitempty" doc:"Set for tickets taken in by telephony/IVR intake"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// utc keeps every time in the API in UTC (api.md), whatever zone the
// business calendar computed it in.
func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func ticketView(t *ent.Ticket) TicketView {
	v := TicketView{ID: t.ID, Number: t.Number, Type: string(t.Type), Channel: string(t.Channel), Subject: t.Subject,
		Description: t.Description, CustomerID: str(t.CustomerID), Category: str(t.CategoryID), Priority: string(t.Priority),
		Severity: string(t.Severity), UnitID: str(t.UnitID), AssigneeID: str(t.AssigneeID), Status: string(t.Status),
		EscalationLevel: t.EscalationLevel, ReopenCount: t.ReopenCount, ResolvedAt: utc(t.ResolvedAt), ClosedAt: utc(t.ClosedAt),
		CreatedAt: t.CreatedAt.UTC(), UpdatedAt: t.UpdatedAt.UTC(),
		SLA: SLAView{PolicyID: str(t.SLAPolicyID), FirstResponseDueAt: utc(t.FirstResponseDueAt), ResolutionDueAt: utc(t.ResolutionDueAt),
			FirstRespondedAt: utc(t.FirstRespondedAt), FirstResponseBreachedAt: utc(t.FirstResponseBreachedAt),
			ResolutionBreachedAt: utc(t.ResolutionBreachedAt), WarnedAt: utc(t.SLAWarnedAt), Paused: t.PendingSince != nil,
			Breached: t.FirstResponseBreachedAt != nil || t.ResolutionBreachedAt != nil}}
	if t.ComplaintValidity != nil {
		v.ComplaintValidity = string(*t.ComplaintValidity)
	}
	if t.Call != nil {
		v.Call = &CallView{CallerNumber: t.Call.CallerNumber, IVRPath: t.Call.IVRPath, CallID: t.Call.CallID}
	}
	return v
}

// EventView is a timeline entry.
type EventView struct {
	ID      string         `json:"id"`
	Type    string         `json:"type" enum:"created,assigned,transferred,commented,status_changed,sla_warning,sla_breached,escalated,callback_scheduled,callback_recorded,reopened"`
	At      time.Time      `json:"at"`
	ActorID string         `json:"actor_id,omitempty"`
	Data    map[string]any `json:"data"`
}

// CommentView is a reply or an internal note.
type CommentView struct {
	ID        string    `json:"id"`
	TicketID  string    `json:"ticket_id"`
	AuthorID  string    `json:"author_id,omitempty"`
	Body      string    `json:"body"`
	Public    bool      `json:"public"`
	CreatedAt time.Time `json:"created_at"`
}

func commentView(c *ent.TicketComment) CommentView {
	return CommentView{ID: c.ID, TicketID: c.TicketID, AuthorID: c.AuthorID, Body: c.Body, Public: c.Public, CreatedAt: c.CreatedAt}
}

type createTicketInput struct {
	Body struct {
		Type              string     `json:"type,omitempty" enum:"inquiry,complaint,suggestion,request,praise" example:"complaint" doc:"Required, except for phone intake with call, where it is derived from the IVR path (投诉→complaint, 建议→suggestion, 咨询→inquiry, 报修/求助→request, 表扬→praise, otherwise inquiry)"`
		Channel           string     `json:"channel" enum:"phone,chat,email,sms,wechat,walk_in,letter,web,api" example:"phone"`
		Subject           string     `json:"subject,omitempty" minLength:"1" maxLength:"200" example:"电梯停运" doc:"Required, except for phone intake with call, where it defaults to 来电：<IVR path>"`
		Description       string     `json:"description,omitempty" maxLength:"20000" example:"3号楼电梯停在8层，业主被困"`
		Call              *CallInput `json:"call,omitempty" doc:"Telephony/IVR intake (channel phone only): the caller's number finds the customer (customer phone, then contacts' phones) or creates a regular one"`
		CustomerID        string     `json:"customer_id,omitempty" maxLength:"40"`
		Priority          string     `json:"priority,omitempty" enum:"low,normal,high,urgent" doc:"Derived from type, severity and customer tier when omitted"`
		Severity          string     `json:"severity,omitempty" enum:"normal,major" doc:"major = 重大投诉: escalates to the center's head at once"`
		ComplaintValidity string     `json:"complaint_validity,omitempty" enum:"valid,communicative"`
		UnitID            string     `json:"unit_id,omitempty" maxLength:"40" doc:"Responsible unit"`
		AssigneeID        string     `json:"assignee_id,omitempty" maxLength:"40"`
		Category          string     `json:"category,omitempty" maxLength:"40" doc:"Category id"`
	}
}

// CallInput is what a telephone switch/IVR knows about a call.
type CallInput struct {
	CallerNumber string   `json:"caller_number" minLength:"1" maxLength:"32" example:"+86 138 0013 8000" doc:"Normalised for lookup: separators dropped; +86/0086 replaced by the domestic form (13800138000, 01012345678); other international numbers keep + and digits"`
	IVRPath      []string `json:"ivr_path,omitempty" maxItems:"10" example:"[\"业务咨询\",\"投诉建议\"]" doc:"The menu nodes the caller chose, in order"`
	CallID       string   `json:"call_id,omitempty" maxLength:"128" example:"call-20260312-0001" doc:"The switch's id of the call"`
}

// CallView is how a phone ticket came in.
type CallView struct {
	CallerNumber string   `json:"caller_number" example:"13800138000" doc:"Normalised caller number"`
	IVRPath      []string `json:"ivr_path,omitempty" example:"[\"投诉建议\"]"`
	CallID       string   `json:"call_id,omitempty"`
}

type listTicketsInput struct {
	ListParams
	Status     string `query:"status" enum:"new,open,pending,resolved,closed,"`
	AssigneeID string `query:"assignee_id" maxLength:"40" doc:"\"me\" for your own queue"`
	UnitID     string `query:"unit_id" maxLength:"40"`
	Type       string `query:"type" enum:"inquiry,complaint,suggestion,request,praise,"`
	CustomerID string `query:"customer_id" maxLength:"40"`
	Breached   string `query:"breached" enum:"true,false,"`
}

type commentInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		Body   string `json:"body" minLength:"1" maxLength:"20000" example:"您好，维修师傅已出发，预计30分钟内到达。"`
		Public bool   `json:"public" doc:"A reply the customer sees; false is an internal note. The first public reply is the first response."`
	}
}

type ticketAssignInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		AssigneeID string `json:"assignee_id,omitempty" maxLength:"40" example:"usr_01jd0000000000000000000000"`
		UnitID     string `json:"unit_id,omitempty" maxLength:"40" example:"unt_01jd0000000000000000000000"`
		Reason     string `json:"reason,omitempty" maxLength:"1000" example:"属工程部维修范围" doc:"Required when the unit changes (部门协调单)"`
	}
}

type ticketStatusInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		Status        string `json:"status" enum:"open,pending,resolved,closed" example:"resolved" doc:"open from resolved or closed reopens the ticket"`
		Note          string `json:"note,omitempty" maxLength:"4000" example:"已更换电梯控制板，运行正常"`
		WaiveCallback bool   `json:"waive_callback,omitempty" doc:"Close although a callback is pending (needs callbacks:waive; the note is the reason)"`
	}
}

func (s *server) ticketRoutes(api huma.API) {
	tags := []string{"Tickets"}
	handle(api, can(authz.TicketsWrite), huma.Operation{
		OperationID: "create-ticket", Method: http.MethodPost, Path: "/v1/tickets", Tags: tags,
		Summary: "Create a ticket",
		Description: "Numbers it per tenant and year, applies the first matching SLA policy and starts its clock.\n\n" +
			"Telephony/IVR intake: with `channel: phone` and `call: {caller_number, ivr_path, call_id}` the caller's number " +
			"finds the customer or creates a regular one named after the masked number; `type` and `subject` may then be " +
			"omitted and are derived from the IVR path.",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createTicketInput) (*struct{ Body TicketView }, error) {
		b := in.Body
		nt := tickets.NewTicket{Type: b.Type, Channel: b.Channel, Subject: b.Subject,
			Description: b.Description, CustomerID: b.CustomerID, Priority: b.Priority, Severity: b.Severity,
			Validity: b.ComplaintValidity, UnitID: b.UnitID, AssigneeID: b.AssigneeID, CategoryID: b.Category}
		if b.Call != nil {
			nt.Call = &types.Call{CallerNumber: b.Call.CallerNumber, IVRPath: b.Call.IVRPath, CallID: b.Call.CallID}
		}
		t, err := s.d.Tickets.Create(ctx, nt)
		if err != nil {
			return nil, err
		}
		return &struct{ Body TicketView }{Body: ticketView(t)}, nil
	})

	handle(api, can(authz.TicketsRead), huma.Operation{
		OperationID: "list-tickets", Method: http.MethodGet, Path: "/v1/tickets", Tags: tags,
		Summary:     "List tickets",
		Description: "Newest first, within your data scope: agents see their own, supervisors their group, managers their department, directors everything.",
	}, func(ctx context.Context, in *listTicketsInput) (*listOut[TicketView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		me := principalFrom(ctx).ActorID()
		f := tickets.ListFilter{Status: in.Status, AssigneeID: in.AssigneeID, UnitID: in.UnitID, Type: in.Type, CustomerID: in.CustomerID}
		if f.AssigneeID == "me" {
			f.AssigneeID = me
		}
		if in.Breached != "" {
			b := in.Breached == "true"
			f.Breached = &b
		}
		rows, err := s.d.Tickets.List(ctx, me, f, pg.After, pg.Limit+1)
		if err != nil {
			return nil, err
		}
		rows, next := paging.Trim(rows, pg.Limit, func(t *ent.Ticket) string { return t.ID })
		return listOf(len(rows), func(i int) TicketView { return ticketView(rows[i]) }, next), nil
	})

	handle(api, can(authz.TicketsRead), huma.Operation{
		OperationID: "get-ticket", Method: http.MethodGet, Path: "/v1/tickets/{id}", Tags: tags,
		Summary: "Get a ticket", Description: "The ticket with its SLA state (due times, breaches, paused) and escalation level, within your data scope.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body TicketView }, error) {
		t, err := s.d.Tickets.Get(ctx, principalFrom(ctx).ActorID(), in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body TicketView }{Body: ticketView(t)}, nil
	})

	handle(api, can(authz.TicketsWrite), huma.Operation{
		OperationID: "create-ticket-comment", Method: http.MethodPost, Path: "/v1/tickets/{id}/comments", Tags: tags,
		Summary: "Reply or add an internal note", Description: "public: true is a reply the customer sees (the first one is the first response and stops that SLA clock); false is an internal note.", DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *commentInput) (*struct{ Body CommentView }, error) {
		c, err := s.d.Tickets.Comment(ctx, principalFrom(ctx).ActorID(), in.ID, in.Body.Body, in.Body.Public)
		if err != nil {
			return nil, err
		}
		return &struct{ Body CommentView }{Body: commentView(c)}, nil
	})

	handle(api, can(authz.TicketsRead), huma.Operation{
		OperationID: "list-ticket-comments", Method: http.MethodGet, Path: "/v1/tickets/{id}/comments", Tags: tags,
		Summary: "A ticket's replies and notes", Description: "Public replies and internal notes, oldest first.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*listOut[CommentView], error) {
		rows, err := s.d.Tickets.Comments(ctx, principalFrom(ctx).ActorID(), in.ID)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) CommentView { return commentView(rows[i]) }, ""), nil
	})

	handle(api, can(authz.TicketsAssign), huma.Operation{
		OperationID: "assign-ticket", Method: http.MethodPost, Path: "/v1/tickets/{id}/assign", Tags: tags,
		Summary:     "Assign or transfer a ticket",
		Description: "A new unit is a transfer between departments (部门协调单) and needs a reason; both are on the timeline.",
		Errors:      []int{http.StatusNotFound},
	}, func(ctx context.Context, in *ticketAssignInput) (*struct{ Body TicketView }, error) {
		t, err := s.d.Tickets.Assign(ctx, principalFrom(ctx).ActorID(), in.ID, in.Body.AssigneeID, in.Body.UnitID, in.Body.Reason)
		if err != nil {
			return nil, err
		}
		return &struct{ Body TicketView }{Body: ticketView(t)}, nil
	})

	handle(api, can(authz.TicketsWrite), huma.Operation{
		OperationID: "set-ticket-status", Method: http.MethodPost, Path: "/v1/tickets/{id}/status", Tags: tags,
		Summary:     "Change a ticket's status",
		Description: "pending pauses the SLA clock; open from resolved or closed reopens it with a fresh resolution target. Closing with a pending callback answers 409 unless waive_callback is set by a role with callbacks:waive.",
		Errors:      []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *ticketStatusInput) (*struct{ Body TicketView }, error) {
		var t *ent.Ticket
		var err error
		if in.Body.Status == "closed" {
			t, err = s.d.Tickets.Close(ctx, principalFrom(ctx).ActorID(), in.ID, in.Body.Note, in.Body.WaiveCallback)
		} else {
			t, err = s.d.Tickets.SetStatus(ctx, principalFrom(ctx).ActorID(), in.ID, in.Body.Status, in.Body.Note)
		}
		if err != nil {
			return nil, err
		}
		return &struct{ Body TicketView }{Body: ticketView(t)}, nil
	})

	handle(api, can(authz.TicketsRead), huma.Operation{
		OperationID: "list-ticket-events", Method: http.MethodGet, Path: "/v1/tickets/{id}/events", Tags: tags,
		Summary: "A ticket's timeline", Description: "Every change to the ticket, oldest first: created, assigned, transferred, commented, status_changed, sla_warning, sla_breached, escalated, callback_scheduled, callback_recorded, reopened.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*listOut[EventView], error) {
		rows, err := s.d.Tickets.Events(ctx, principalFrom(ctx).ActorID(), in.ID)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) EventView {
			e := rows[i]
			data := e.Data
			if data == nil {
				data = map[string]any{}
			}
			return EventView{ID: e.ID, Type: e.Type, At: e.At, ActorID: e.ActorID, Data: data}
		}, ""), nil
	})
}

// Package tickets is the work order (工单) domain: one window takes every
// request from every channel, records it, classifies it, dispatches it,
// and keeps a full timeline. SLA clocks and escalation live in desk/sla
// and desk/escalation; this package calls them.
package tickets

import (
	"context"
	"fmt"
	"time"

	"kefu/desk/customers"
	"kefu/desk/orgchart"
	"kefu/ent"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// Timers schedules the SLA check of a ticket (an asynq task in workers/);
// the sweeper catches anything a failed schedule misses.
type Timers interface {
	ScheduleSLACheck(ctx context.Context, tenantID, ticketID string, at time.Time) error
}

// Clock tells the time; tests inject a fake one.
type Clock func() time.Time

// Service runs the work-order desk.
type Service struct {
	db        *ent.Client
	az        *authz.Authorizer
	org       *orgchart.Service
	customers *customers.Service
	timers    Timers
	now       Clock
	resolved  ResolvedHook
}

// New returns the ticket service.
func New(db *ent.Client, az *authz.Authorizer, org *orgchart.Service, cs *customers.Service, timers Timers, now Clock) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, az: az, org: org, customers: cs, timers: timers, now: now}
}

// Event types on a ticket's timeline (api.md).
const (
	EventCreated           = "created"
	EventAssigned          = "assigned"
	EventTransferred       = "transferred"
	EventCommented         = "commented"
	EventStatusChanged     = "status_changed"
	EventSLAWarning        = "sla_warning"
	EventSLABreached       = "sla_breached"
	EventEscalated         = "escalated"
	EventReopened          = "reopened"
	EventCallbackScheduled = "callback_scheduled"
	EventCallbackRecorded  = "callback_recorded"
)

// record appends a timeline event through c (the caller's transaction).
// Events are themselves the record, so they are not audited again.
// Record appends a timeline event (for other desk packages, e.g. callbacks).
func Record(ctx context.Context, c *ent.Client, ticketID, typ, actorID string, at time.Time, data map[string]any) error {
	return record(ctx, c, ticketID, typ, actorID, at, data)
}

func record(ctx context.Context, c *ent.Client, ticketID, typ, actorID string, at time.Time, data map[string]any) error {
	err := c.TicketEvent.Create().SetTicketID(ticketID).SetType(typ).SetActorID(actorID).
		SetAt(at.UTC()).SetData(data).Exec(tenancy.Quiet(ctx))
	if err != nil {
		return fmt.Errorf("record %s on %s: %w", typ, ticketID, err)
	}
	return nil
}

func actorOf(ctx context.Context) string {
	v, _ := tenancy.FromContext(ctx)
	return v.ActorID
}

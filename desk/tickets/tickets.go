// Package tickets is the work order (工单) domain: one window takes every
// request from every channel, records it, classifies it, dispatches it,
// and keeps a full timeline. SLA clocks and escalation live in desk/sla
// and desk/escalation; this package calls them.
package tickets

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"kefu/desk/customers"
	"kefu/desk/orgchart"
	"kefu/ent"
	"kefu/ent/store"
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
	horizon   time.Duration // see ArmWithin
	now       Clock
	resolved  ResolvedHook
	policies  *policyCache
	facts     *factCache
	allowance Allowance
	router    Router
	oneTrip   atomic.Int64 // creates that took their number in one round trip
}

// OneTripCreates counts the creates since start that took their number
// inside their single round trip (laterNumber; PostgreSQL only).
func (s *Service) OneTripCreates() int64 { return s.oneTrip.Load() }

// New returns the ticket service.
func New(db *ent.Client, az *authz.Authorizer, org *orgchart.Service, cs *customers.Service, timers Timers, now Clock) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, az: az, org: org, customers: cs, timers: timers, now: now, policies: newPolicyCache(), facts: newFactCache()}
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

// Record appends a timeline event (for other desk packages, e.g. callbacks).
func Record(ctx context.Context, c *ent.Client, ticketID, typ, actorID string, at time.Time, data map[string]any) error {
	return record(ctx, c, ticketID, typ, actorID, at, data)
}

// record appends a timeline event through c (the caller's transaction).
// Events are themselves the record, so they are not audited again.
func record(ctx context.Context, c *ent.Client, ticketID, typ, actorID string, at time.Time, data map[string]any) error {
	return recordAll(ctx, c, ticketID, actorID, at, event{typ, data})
}

// event is one entry of a batch for recordAll.
type event struct {
	typ  string
	data map[string]any
}

// recordAll appends events in order with one INSERT, and the webhook
// events they publish in the same transaction.
func recordAll(ctx context.Context, c *ent.Client, ticketID, actorID string, at time.Time, evs ...event) error {
	evIDs, err := insertEvents(ctx, c, ticketID, actorID, at, evs)
	if err != nil {
		return err
	}
	return emitWebhooks(ctx, c, nil, ticketID, actorID, at, evs, evIDs)
}

// insertEvents writes timeline entries only, returning their ids (ticket
// creation publishes them after the ticket row exists).
func insertEvents(ctx context.Context, c *ent.Client, ticketID, actorID string, at time.Time, evs []event) ([]string, error) {
	b := make([]*ent.TicketEventCreate, len(evs))
	for i, e := range evs {
		b[i] = c.TicketEvent.Create().SetTicketID(ticketID).SetType(e.typ).SetActorID(actorID).SetAt(at.UTC()).SetData(e.data)
	}
	if len(b) == 1 || store.Deferring(ctx) {
		// One row, or writes that wait for the next statement anyway:
		// plain INSERTs, which need no RETURNING round trip.
		out := make([]string, len(b))
		for i, e := range b {
			r, err := e.Save(tenancy.Quiet(ctx))
			if err != nil {
				return nil, fmt.Errorf("record %s on %s: %w", evs[i].typ, ticketID, err)
			}
			out[i] = r.ID
		}
		return out, nil
	}
	rows, err := c.TicketEvent.CreateBulk(b...).Save(tenancy.Quiet(ctx))
	if err != nil {
		return nil, fmt.Errorf("record %s on %s: %w", evs[0].typ, ticketID, err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out, nil
}

func actorOf(ctx context.Context) string {
	v, _ := tenancy.FromContext(ctx)
	return v.ActorID
}

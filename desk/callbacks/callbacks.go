package callbacks

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"kefu/desk/sla"
	"kefu/desk/tickets"
	"kefu/ent"
	"kefu/ent/assignment"
	"kefu/ent/calendar"
	"kefu/ent/callback"
	"kefu/ent/callbackattempt"
	"kefu/ent/store"
	"kefu/ent/types"
	"kefu/ent/user"
	"kefu/fault"
	"kefu/paging"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// Defaults when the SLA policy says nothing: within three days, every
// member, VIP and key account, three in ten regular customers, three tries
// two hours apart.
var Default = types.CallbackPolicy{
	WithinSeconds:  3 * 24 * 3600,
	Coverage:       map[string]float64{"regular": 0.3, "member": 1, "vip": 1, "key_account": 1},
	MaxAttempts:    3,
	SpacingSeconds: 2 * 3600,
}

// Service runs callbacks.
type Service struct {
	db      *ent.Client
	az      *authz.Authorizer
	tickets *tickets.Service
	now     func() time.Time
	roster  Roster
}

// New returns the callback service.
func New(db *ent.Client, az *authz.Authorizer, t *tickets.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, az: az, tickets: t, now: now}
}

func effective(p types.CallbackPolicy) types.CallbackPolicy {
	if p.WithinSeconds <= 0 {
		p.WithinSeconds = Default.WithinSeconds
	}
	if p.Coverage == nil {
		p.Coverage = Default.Coverage
	}
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = Default.MaxAttempts
	}
	if p.SpacingSeconds <= 0 {
		p.SpacingSeconds = Default.SpacingSeconds
	}
	return p
}

// Schedule runs in the transaction that resolves t: if the customer's tier
// is covered (sampled deterministically for partial coverage), a callback
// is created, due within the window and scheduled in the first slot inside
// the calendar and outside the customer's quiet hours, assigned round-robin
// to the callback staff.
func (s *Service) Schedule(ctx context.Context, tx *ent.Client, t *ent.Ticket, resolverID string, now time.Time) error {
	if t.CustomerID == nil {
		return nil // nobody to call
	}
	open, err := tx.Callback.Query().Where(callback.TicketID(t.ID), callback.StatusEQ(callback.StatusPending)).Exist(ctx)
	if err != nil || open {
		return err
	}
	cust, err := tx.Customer.Get(ctx, *t.CustomerID)
	if err != nil {
		return fmt.Errorf("callback for %s: %w", t.ID, err)
	}
	pol, cal, err := tickets.PolicyOf(ctx, tx, t)
	if err != nil {
		return err
	}
	var cp types.CallbackPolicy
	if pol != nil {
		cp = pol.Callback
	}
	cp = effective(cp)
	if !Sampled(t.ID, cp.Coverage[string(cust.Tier)]) {
		return nil
	}
	if cal == nil {
		if cal, err = defaultCalendar(ctx, tx); err != nil {
			return err
		}
	}
	// The window and the slots follow the ticket's calendar; without an
	// SLA policy, the tenant's default calendar.
	window := time.Duration(cp.WithinSeconds) * time.Second
	due := now.Add(window)
	if cp.BusinessTime {
		due = sla.Deadline(cal, now, window)
	}
	loc, err := time.LoadLocation(cust.Timezone)
	if err != nil {
		loc = time.UTC
	}
	at, _ := Slot(cal, cust.QuietHours, loc, now, due)
	assignee, err := s.nextAgent(ctx, tx, cp.PositionID, at)
	if err != nil {
		return err
	}
	c := tx.Callback.Create().SetTicketID(t.ID).SetCustomerID(cust.ID).SetDueAt(due.UTC()).SetScheduledAt(at.UTC()).
		SetMaxAttempts(cp.MaxAttempts).SetSpacingSeconds(cp.SpacingSeconds).SetResolverID(resolverID)
	if assignee != "" {
		c.SetAssigneeID(assignee)
	}
	cb, err := c.Save(ctx)
	if err != nil {
		return fmt.Errorf("create callback for %s: %w", t.ID, err)
	}
	return tickets.Record(ctx, tx, t.ID, tickets.EventCallbackScheduled, "", now, map[string]any{
		"callback_id": cb.ID, "due_at": cb.DueAt, "scheduled_at": cb.ScheduledAt, "assignee_id": assignee,
	})
}

// calendarFor is the calendar callbacks of t follow: its SLA policy's,
// else the tenant's default.
func calendarFor(ctx context.Context, tx *ent.Client, t *ent.Ticket) (*sla.Calendar, error) {
	_, cal, err := tickets.PolicyOf(ctx, tx, t)
	if err != nil || cal != nil {
		return cal, err
	}
	return defaultCalendar(ctx, tx)
}

// defaultCalendar is the tenant's default calendar, else 24×7.
func defaultCalendar(ctx context.Context, tx *ent.Client) (*sla.Calendar, error) {
	row, err := tx.Calendar.Query().Where(calendar.IsDefault(true)).First(ctx)
	if ent.IsNotFound(err) {
		return sla.AlwaysOpen(), nil
	}
	if err != nil {
		return nil, err
	}
	return tickets.CalendarOf(ctx, tx, row.ID)
}

// nextAgent picks, among the holders of positionID (or everyone with the
// callback_agent role), the active one with the fewest pending callbacks:
// among those on duty at the callback's slot when a roster says (roster.go).
func (s *Service) nextAgent(ctx context.Context, tx *ent.Client, positionID string, at time.Time) (string, error) {
	staff := s.az.Holders(tenancy.TenantID(ctx), authz.CallbackAgent)
	if positionID != "" {
		var err error
		staff, err = tx.Assignment.Query().Where(assignment.PositionID(positionID), assignment.EndedAtIsNil()).
			Select(assignment.FieldUserID).Strings(ctx)
		if err != nil {
			return "", err
		}
	}
	staff, err := s.onDuty(ctx, tx, staff, positionID != "", at)
	if err != nil {
		return "", err
	}
	if len(staff) == 0 {
		return "", nil
	}
	active, err := tx.User.Query().Where(user.IDIn(staff...), user.StatusEQ(user.StatusActive)).IDs(ctx)
	if err != nil || len(active) == 0 {
		return "", err
	}
	load := map[string]int{}
	pending, err := tx.Callback.Query().Where(callback.StatusEQ(callback.StatusPending), callback.AssigneeIDIn(active...)).
		Select(callback.FieldAssigneeID).Strings(ctx)
	if err != nil {
		return "", err
	}
	for _, a := range pending {
		load[a]++
	}
	sort.Strings(active)
	best := active[0]
	for _, a := range active[1:] {
		if load[a] < load[best] {
			best = a
		}
	}
	return best, nil
}

// Outcome of one call.
const (
	Satisfied   = "satisfied"
	Neutral     = "neutral"
	Unsatisfied = "unsatisfied"
	Unreachable = "unreachable"
)

// Record stores an attempt and acts on it: satisfied or neutral closes the
// ticket; unsatisfied reopens and escalates it; unreachable tries again
// after the spacing (outside quiet hours) until the attempts run out.
func (s *Service) Record(ctx context.Context, viewerID, id, outcome, note string, answers map[string]any) (*ent.Callback, error) {
	now := s.now().UTC()
	var cb *ent.Callback
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if cb, err = tx.Callback.Get(ctx, id); err != nil {
			if ent.IsNotFound(err) {
				return fault.NotFoundf("callback %s", id)
			}
			return err
		}
		if cb.Status != callback.StatusPending {
			return fault.Conflictf("the callback is %s already", cb.Status)
		}
		if err := tx.CallbackAttempt.Create().SetCallbackID(id).SetAt(now).SetActorID(viewerID).
			SetOutcome(callbackattempt.Outcome(outcome)).SetNote(note).SetAnswers(answers).Exec(ctx); err != nil {
			return err
		}
		upd := tx.Callback.UpdateOne(cb).AddAttempts(1)
		switch outcome {
		case Unreachable:
			if cb.Attempts+1 >= cb.MaxAttempts {
				upd.SetStatus(callback.StatusUnreachable).SetOutcome(callback.OutcomeUnreachable).SetClosedAt(now)
			} else {
				next, err := s.retry(ctx, tx, cb, now)
				if err != nil {
					return err
				}
				upd.SetScheduledAt(next.UTC())
			}
		default:
			upd.SetStatus(callback.StatusDone).SetOutcome(callback.Outcome(outcome)).SetClosedAt(now)
		}
		if cb, err = upd.Save(ctx); err != nil {
			return err
		}
		return tickets.Record(ctx, tx, cb.TicketID, tickets.EventCallbackRecorded, viewerID, now, map[string]any{
			"callback_id": id, "outcome": outcome, "attempt": cb.Attempts, "status": string(cb.Status),
		})
	})
	if err != nil {
		return nil, fmt.Errorf("record callback %s: %w", id, err)
	}
	// The ticket follows the callback (its own transaction: the callback
	// is recorded either way, and the sweep or a person can redo the close).
	sys := tenancy.WithViewer(ctx, tenancy.Viewer{TenantID: tenancy.TenantID(ctx), ActorType: tenancy.ActorSystem, ActorID: viewerID})
	switch {
	case outcome == Unsatisfied:
		_, err = s.tickets.Dissatisfied(sys, viewerID, cb.TicketID, cb.ResolverID, note)
	case cb.Status == callback.StatusDone, cb.Status == callback.StatusUnreachable:
		_, err = s.tickets.CloseAfterCallback(sys, viewerID, cb.TicketID, "回访完成 / callback "+outcome)
	}
	if err != nil {
		return cb, fmt.Errorf("record callback %s: update ticket: %w", id, err)
	}
	return cb, nil
}

// retry schedules the next attempt after the spacing, in the calendar and
// outside the customer's rest.
func (s *Service) retry(ctx context.Context, tx *ent.Client, cb *ent.Callback, now time.Time) (time.Time, error) {
	t, err := tx.Ticket.Get(ctx, cb.TicketID)
	if err != nil {
		return time.Time{}, err
	}
	cal, err := calendarFor(ctx, tx, t)
	if err != nil {
		return time.Time{}, err
	}
	var quiet []types.QuietHours
	loc := time.UTC
	if cb.CustomerID != "" {
		if cust, err := tx.Customer.Get(ctx, cb.CustomerID); err == nil {
			quiet = cust.QuietHours
			if l, err := time.LoadLocation(cust.Timezone); err == nil {
				loc = l
			}
		}
	}
	at, _ := Slot(cal, quiet, loc, now.Add(time.Duration(cb.SpacingSeconds)*time.Second), cb.DueAt)
	return at, nil
}

// Get returns a callback with its attempts.
func (s *Service) Get(ctx context.Context, id string) (*ent.Callback, []*ent.CallbackAttempt, error) {
	cb, err := s.db.Callback.Get(ctx, id)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, nil, fault.NotFoundf("callback %s", id)
		}
		return nil, nil, err
	}
	atts, err := s.db.CallbackAttempt.Query().Where(callbackattempt.CallbackID(id)).Order(callbackattempt.ByID()).All(ctx)
	return cb, atts, err
}

// Filter narrows List.
type Filter struct {
	Status     string
	TicketID   string
	AssigneeID string
	DueBefore  *time.Time
}

// List returns a page of callbacks by scheduled time, with their attempts,
// and the cursor of the next page ("" on the last).
func (s *Service) List(ctx context.Context, f Filter, page paging.Page) ([]*ent.Callback, map[string][]*ent.CallbackAttempt, string, error) {
	q := s.db.Callback.Query()
	if f.Status != "" {
		q = q.Where(callback.StatusEQ(callback.Status(f.Status)))
	}
	if f.TicketID != "" {
		q = q.Where(callback.TicketID(f.TicketID))
	}
	if f.AssigneeID != "" {
		q = q.Where(callback.AssigneeID(f.AssigneeID))
	}
	if f.DueBefore != nil {
		q = q.Where(callback.DueAtLT(*f.DueBefore))
	}
	if page.After != "" {
		at, id, err := parseListKey(page.After)
		if err != nil {
			return nil, nil, "", err
		}
		q = q.Where(callback.Or(callback.ScheduledAtGT(at), callback.And(callback.ScheduledAt(at), callback.IDGT(id))))
	}
	rows, err := q.Order(callback.ByScheduledAt(), callback.ByID()).Limit(page.Limit + 1).All(ctx)
	if err != nil {
		return nil, nil, "", fmt.Errorf("list callbacks: %w", err)
	}
	rows, next := paging.Trim(rows, page.Limit, listKey)
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	atts, err := s.db.CallbackAttempt.Query().Where(callbackattempt.CallbackIDIn(ids...)).Order(callbackattempt.ByID()).All(ctx)
	if err != nil {
		return nil, nil, "", err
	}
	by := map[string][]*ent.CallbackAttempt{}
	for _, a := range atts {
		by[a.CallbackID] = append(by[a.CallbackID], a)
	}
	return rows, by, next, nil
}

// listKey is a callback's place in List's order, the next page's start: the
// scheduled time as well as the id, since the list is not in id order.
func listKey(c *ent.Callback) string {
	return c.ScheduledAt.UTC().Format(time.RFC3339Nano) + "|" + c.ID
}

func parseListKey(k string) (time.Time, string, error) {
	ts, id, ok := strings.Cut(k, "|")
	at, err := time.Parse(time.RFC3339Nano, ts)
	if !ok || err != nil || id == "" {
		return time.Time{}, "", paging.ErrBadCursor
	}
	return at, id, nil
}

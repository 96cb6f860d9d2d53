package kpi

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"

	"kefu/desk/sla"
	"kefu/desk/tickets"
	"kefu/ent"
	"kefu/ent/calendar"
	"kefu/ent/hook"
	"kefu/ent/ticket"
	"kefu/ent/ticketevent"
	"kefu/ent/ticketmetric"
	"kefu/tenants/tenancy"
)

// Track keeps ticket_metrics current: a valid complaint is attributed in
// the transaction that files it, and every update that answers, resolves
// or reopens a ticket rewrites its facts in its transaction, so the KPIs
// never lag the tickets. Wired once on the application's client.
func Track(c *ent.Client) {
	c.Ticket.Use(func(next ent.Mutator) ent.Mutator {
		return hook.TicketFunc(func(ctx context.Context, m *ent.TicketMutation) (ent.Value, error) {
			_, answered := m.FirstRespondedAt()
			_, resolved := m.ResolvedAt()
			typ, _ := m.GetType()
			validity, _ := m.ComplaintValidity()
			filed := m.Op().Is(ent.OpCreate) && typ == ticket.TypeComplaint && validity == ticket.ComplaintValidityValid
			update := m.Op().Is(ent.OpUpdateOne) && (answered || resolved || m.ResolvedAtCleared())
			if !filed && !update {
				return next.Mutate(ctx, m)
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			t, ok := v.(*ent.Ticket)
			if !ok {
				return v, nil
			}
			if filed {
				err = attribute(ctx, m.Client(), t)
			} else {
				err = Refresh(ctx, m.Client(), t)
			}
			if err != nil {
				return nil, err
			}
			return v, nil
		})
	})
}

// attribute records who a valid complaint is about: whoever resolved the
// customer's latest ticket within ComplaintLookback before it was filed.
func attribute(ctx context.Context, c *ent.Client, t *ent.Ticket) error {
	if t.CustomerID == nil {
		return nil
	}
	last, err := c.TicketMetric.Query().
		Where(ticketmetric.CustomerID(*t.CustomerID), ticketmetric.TicketIDNEQ(t.ID),
			ticketmetric.ResolvedAtLT(t.CreatedAt), ticketmetric.ResolvedAtGTE(t.CreatedAt.Add(-ComplaintLookback))).
		Order(ticketmetric.ByResolvedAt(sql.OrderDesc()), ticketmetric.ByTicketID(sql.OrderDesc())).First(ctx)
	if ent.IsNotFound(err) || (err == nil && last.ResolverID == "") {
		return nil
	}
	if err != nil {
		return fmt.Errorf("attribute complaint %s: %w", t.ID, err)
	}
	err = c.TicketMetric.Create().SetTicketID(t.ID).SetCustomerID(*t.CustomerID).SetTicketCreatedAt(t.CreatedAt).
		SetUpdatedAt(time.Now().UTC()).SetComplaintAboutID(last.ResolverID).SetComplaintFiledAt(t.CreatedAt).
		OnConflictColumns(ticketmetric.FieldTenantID, ticketmetric.FieldTicketID).
		Update(func(u *ent.TicketMetricUpsert) { u.UpdateComplaintAboutID().UpdateComplaintFiledAt() }).
		Exec(tenancy.Quiet(ctx))
	if err != nil {
		return fmt.Errorf("attribute complaint %s: %w", t.ID, err)
	}
	return nil
}

// Refresh recomputes and stores one ticket's facts through c (the caller's
// transaction, when there is one).
func Refresh(ctx context.Context, c *ent.Client, t *ent.Ticket) error {
	cal, err := calendarFor(ctx, c, t)
	if err != nil {
		return err
	}
	evs, err := c.TicketEvent.Query().
		Where(ticketevent.TicketID(t.ID), ticketevent.TypeIn(tickets.EventCommented, tickets.EventTransferred, tickets.EventStatusChanged)).
		Order(ticketevent.ByID()).All(ctx)
	if err != nil {
		return fmt.Errorf("kpi facts of %s: %w", t.ID, err)
	}
	tl := Timeline{CreatedAt: t.CreatedAt, FirstRespondedAt: t.FirstRespondedAt, ResolvedAt: t.ResolvedAt, Steps: make([]Step, len(evs))}
	if t.AssigneeID != nil {
		tl.AssigneeID = *t.AssigneeID
	}
	for i, e := range evs {
		s := Step{Type: e.Type, At: e.At, ActorID: e.ActorID}
		s.From, _ = e.Data["from"].(string)
		s.To, _ = e.Data["to"].(string)
		s.Public, _ = e.Data["public"].(bool)
		tl.Steps[i] = s
	}
	f := Measure(tl, cal)
	create := c.TicketMetric.Create().
		SetTicketID(t.ID).SetTicketCreatedAt(t.CreatedAt).SetUpdatedAt(time.Now().UTC()).
		SetResponderID(f.ResponderID).SetNillableFirstRespondedAt(t.FirstRespondedAt).SetNillableFirstResponseSeconds(f.FirstResponseSeconds).
		SetFirstResponseBreached(t.FirstResponseBreachedAt != nil).
		SetResolverID(f.ResolverID).SetNillableResolvedAt(t.ResolvedAt).SetNillableResolutionSeconds(f.ResolutionSeconds).
		SetPendingSeconds(f.PendingSeconds).SetResolutionBreached(t.ResolutionBreachedAt != nil).
		SetReopenCount(t.ReopenCount).SetTransfers(f.Transfers)
	if t.CustomerID != nil {
		create.SetCustomerID(*t.CustomerID)
	}
	// Facts are derived data: not audited, like the SLA bookkeeping.
	err = create.OnConflictColumns(ticketmetric.FieldTenantID, ticketmetric.FieldTicketID).
		UpdateNewValues().
		Update(func(u *ent.TicketMetricUpsert) {
			// A reopen clears the resolution; UpdateNewValues skips unset fields.
			if t.FirstRespondedAt == nil {
				u.ClearFirstRespondedAt().ClearFirstResponseSeconds()
			}
			if t.ResolvedAt == nil {
				u.ClearResolvedAt().ClearResolutionSeconds()
			}
		}).Exec(tenancy.Quiet(ctx))
	if err != nil {
		return fmt.Errorf("kpi facts of %s: %w", t.ID, err)
	}
	return nil
}

// calendarFor is the calendar a ticket's durations are measured on: its
// SLA policy's, else the tenant's default, else 24×7.
func calendarFor(ctx context.Context, c *ent.Client, t *ent.Ticket) (*sla.Calendar, error) {
	_, cal, err := tickets.PolicyOf(ctx, c, t)
	if err != nil || cal != nil {
		return cal, err
	}
	def, err := c.Calendar.Query().Where(calendar.IsDefault(true)).Order(calendar.ByID()).First(ctx)
	if ent.IsNotFound(err) {
		return sla.AlwaysOpen(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("default calendar: %w", err)
	}
	return tickets.CalendarOf(ctx, c, def.ID)
}

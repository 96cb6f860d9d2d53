package tickets

import (
	"context"
	"fmt"
	"time"

	"kefu/ent"
	"kefu/ent/store"
	"kefu/ent/ticket"
)

// Dissatisfied handles an unsatisfied callback: the ticket is not done. It
// reopens with a fresh resolution clock, its priority goes up one step,
// and it escalates to the supervisor of whoever resolved it.
func (s *Service) Dissatisfied(ctx context.Context, viewerID, id, resolverID, note string) (*ent.Ticket, error) {
	now := s.now().UTC()
	var out *ent.Ticket
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		t, err := tx.Ticket.Get(ctx, id)
		if err != nil {
			return err
		}
		from := t.Status
		upd := tx.Ticket.UpdateOne(t).SetStatus(ticket.StatusOpen).SetUpdatedAt(now).SetPriority(raise(t.Priority))
		if err := s.reopen(ctx, tx, t, upd, viewerID, note, now); err != nil {
			return err
		}
		if err := record(ctx, tx, id, EventStatusChanged, viewerID, now, map[string]any{"from": string(from), "to": "open", "note": note}); err != nil {
			return err
		}
		t.Status = ticket.StatusOpen
		level := t.EscalationLevel + 1
		// Escalate along the resolver's line, whoever holds the ticket now.
		esc := *t
		if resolverID != "" {
			esc.AssigneeID = &resolverID
		}
		if err := s.escalate(ctx, tx, &esc, level, "supervisor", "callback_unsatisfied", now); err != nil {
			return err
		}
		upd.SetEscalationLevel(level)
		t.EscalationLevel = level
		if err := s.retime(ctx, tx, t, upd, now); err != nil {
			return err
		}
		out, err = upd.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reopen unsatisfied %s: %w", id, err)
	}
	s.schedule(ctx, out)
	return out, nil
}

func raise(p ticket.Priority) ticket.Priority {
	switch p {
	case ticket.PriorityLow:
		return ticket.PriorityNormal
	case ticket.PriorityNormal:
		return ticket.PriorityHigh
	}
	return ticket.PriorityUrgent
}

// EscalateFor escalates t one level through tx, along the reporting line of
// onBehalfOf (e.g. the callback agent whose callback went overdue).
func (s *Service) EscalateFor(ctx context.Context, tx *ent.Client, t *ent.Ticket, onBehalfOf, reason string, now time.Time) error {
	level := t.EscalationLevel + 1
	esc := *t
	if onBehalfOf != "" {
		esc.AssigneeID = &onBehalfOf
	}
	if err := s.escalate(ctx, tx, &esc, level, "supervisor", reason, now); err != nil {
		return err
	}
	return tx.Ticket.UpdateOne(t).SetEscalationLevel(level).Exec(quiet(ctx))
}

package callbacks

import (
	"context"
	"fmt"
	"time"

	"kefu/ent"
	"kefu/ent/callback"
	"kefu/ent/store"
	"kefu/tenants/tenancy"
)

// CheckOverdue escalates a callback whose window passed while it was still
// pending: once (overdue_at is the key), and never before its due time.
func (s *Service) CheckOverdue(ctx context.Context, id string) error {
	now := s.now().UTC()
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cb, err := tx.Callback.Get(ctx, id)
		if err != nil {
			return err
		}
		if cb.Status != callback.StatusPending || cb.OverdueAt != nil || now.Before(cb.DueAt) {
			return nil
		}
		n, err := tx.Callback.Update().Where(callback.ID(id), callback.OverdueAtIsNil()).SetOverdueAt(now).Save(ctx)
		if err != nil || n == 0 {
			return err
		}
		t, err := tx.Ticket.Get(ctx, cb.TicketID)
		if err != nil {
			return err
		}
		agent := ""
		if cb.AssigneeID != nil {
			agent = *cb.AssigneeID
		}
		return s.tickets.EscalateFor(ctx, tx, t, agent, "callback_overdue", now)
	})
	if err != nil {
		return fmt.Errorf("check overdue callback %s: %w", id, err)
	}
	return nil
}

// Due names a pending callback and when its window closes, across tenants.
type Due struct {
	TenantID, ID string
	At           time.Time
}

// DueBefore lists pending, not yet escalated callbacks due before `before`
// in every tenant, for the sweeper to time.
func (s *Service) DueBefore(ctx context.Context, before time.Time, limit int) ([]Due, error) {
	rows, err := s.db.Callback.Query().
		Where(callback.StatusEQ(callback.StatusPending), callback.OverdueAtIsNil(), callback.DueAtLT(before)).
		Order(callback.ByDueAt()).Limit(limit).
		Select(callback.FieldID, callback.FieldTenantID, callback.FieldDueAt).All(tenancy.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("list due callbacks: %w", err)
	}
	out := make([]Due, len(rows))
	for i, r := range rows {
		out[i] = Due{TenantID: r.TenantID, ID: r.ID, At: r.DueAt}
	}
	return out, nil
}

package billing

import (
	"context"
	"fmt"
	"time"

	"kefu/ent"
	"kefu/ent/store"
	"kefu/ent/stripeevent"
	enttenant "kefu/ent/tenant"
	"kefu/tenants/tenancy"
)

// Sweep is billing's share of the periodic sweep: it re-enqueues stored
// events Redis lost (received more than grace ago and still pending),
// moves tenants whose time ran out along the lifecycle, and enqueues the
// purge of canceled tenants past retention. It returns how much it did.
func (s *Service) Sweep(ctx context.Context, grace time.Duration) (int, error) {
	if !s.Enabled() {
		return 0, nil
	}
	n, err := s.requeue(ctx, grace)
	if err != nil {
		return n, err
	}
	m, err := s.Enforce(ctx)
	if err != nil {
		return n + m, err
	}
	p, err := s.enqueuePurges(ctx)
	return n + m + p, err
}

func (s *Service) requeue(ctx context.Context, grace time.Duration) (int, error) {
	sys := tenancy.System(ctx)
	rows, err := s.db.StripeEvent.Query().
		Where(stripeevent.StatusEQ(stripeevent.StatusPending), stripeevent.ReceivedAtLT(s.now().Add(-grace).UTC())).
		Order(stripeevent.ByReceivedAt()).Limit(1000).Select(stripeevent.FieldID, stripeevent.FieldTenantID).All(sys)
	if err != nil {
		return 0, fmt.Errorf("pending stripe events: %w", err)
	}
	for i, r := range rows {
		if err := s.queue.ProcessStripeEvent(ctx, r.TenantID, r.ID); err != nil {
			return i, err
		}
	}
	return len(rows), nil
}

// Enforce moves tenants along the lifecycle on the clock: a trial that
// ended without a subscription becomes past due; past due beyond the
// grace period becomes suspended (read-only). It also restores the billing
// status of a tenant the operator resumed while it was behind on payment.
// An operator's suspension is left alone.
func (s *Service) Enforce(ctx context.Context) (int, error) {
	sys := tenancy.System(ctx)
	now := s.now().UTC()
	ids, err := s.db.Tenant.Query().Where(
		enttenant.SuspendedByIsNil(),
		enttenant.Or(
			enttenant.And(enttenant.StatusEQ(enttenant.StatusTrialing), enttenant.StripeSubscriptionIDIsNil(), enttenant.TrialEndsAtLTE(now)),
			enttenant.And(enttenant.PastDueSinceNotNil(), enttenant.PastDueSinceLTE(now.Add(-s.cfg.Grace()))),
			enttenant.And(enttenant.PastDueSinceNotNil(), enttenant.StatusNEQ(enttenant.StatusPastDue)),
			enttenant.And(enttenant.CanceledAtNotNil(), enttenant.StatusNEQ(enttenant.StatusCanceled)),
		)).Limit(1000).IDs(sys)
	if err != nil {
		return 0, fmt.Errorf("tenants due for a billing change: %w", err)
	}
	n := 0
	for _, id := range ids {
		err := store.WithTx(sys, s.db, func(tx *ent.Client) error {
			t, err := lockTenant(ctx, tx, id)
			if err != nil {
				return err
			}
			next, due := s.due(t, now)
			if !due {
				return nil // changed since the query
			}
			n++
			_, err = s.write(ctx, tx, t, next, nil)
			return err
		})
		if err != nil {
			return n, fmt.Errorf("enforce billing of %s: %w", id, err)
		}
	}
	return n, nil
}

// due is the state the clock says a tenant should now be in.
func (s *Service) due(t *ent.Tenant, now time.Time) (state, bool) {
	next := stateOf(t)
	if t.SuspendedBy != nil {
		return next, false
	}
	switch {
	case t.CanceledAt != nil:
		next.status = enttenant.StatusCanceled
	case t.PastDueSince != nil:
		next.status = enttenant.StatusPastDue // write suspends it past the grace period
		if now.Before(t.PastDueSince.Add(s.cfg.Grace())) && t.Status == enttenant.StatusPastDue {
			return next, false
		}
	case t.Status == enttenant.StatusTrialing && t.StripeSubscriptionID == nil && t.TrialEndsAt != nil && !now.Before(*t.TrialEndsAt):
		next.status, next.pastDueSince = enttenant.StatusPastDue, t.TrialEndsAt
	default:
		return next, false
	}
	return next, true
}

// enqueuePurges queues the export and purge of canceled tenants past
// retention; an operator's hold (suspension) keeps the data.
func (s *Service) enqueuePurges(ctx context.Context) (int, error) {
	ids, err := s.db.Tenant.Query().Where(
		enttenant.StatusEQ(enttenant.StatusCanceled),
		enttenant.CanceledAtLTE(s.now().Add(-s.cfg.RetentionPeriod()).UTC()),
		enttenant.Or(enttenant.SuspendedByIsNil(), enttenant.SuspendedByEQ(enttenant.SuspendedByBilling)),
	).Limit(100).IDs(tenancy.System(ctx))
	if err != nil {
		return 0, fmt.Errorf("tenants due for purge: %w", err)
	}
	for i, id := range ids {
		if err := s.queue.PurgeTenant(ctx, id); err != nil {
			return i, err
		}
	}
	return len(ids), nil
}

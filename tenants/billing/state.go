package billing

import (
	"context"
	"fmt"
	"time"

	"kefu/ent"
	enttenant "kefu/ent/tenant"
	"kefu/tenants/tenancy"
	"kefu/tenants/webhooks"
)

// state is a tenant's billing columns, as one value to compute and write.
type state struct {
	plan             string
	status           enttenant.Status
	trialEndsAt      *time.Time
	currentPeriodEnd *time.Time
	pastDueSince     *time.Time
	canceledAt       *time.Time
	subscriptionID   *string
	customerID       *string
}

func stateOf(t *ent.Tenant) state {
	return state{plan: t.Plan, status: t.Status, trialEndsAt: t.TrialEndsAt, currentPeriodEnd: t.CurrentPeriodEnd,
		pastDueSince: t.PastDueSince, canceledAt: t.CanceledAt, subscriptionID: t.StripeSubscriptionID, customerID: t.StripeCustomerID}
}

// lockTenant takes the tenant row's write lock for the rest of tx, so two
// events (or an event and a limit check) for one tenant apply one after
// the other. A no-op UPDATE works on PostgreSQL and SQLite alike.
func lockTenant(ctx context.Context, tx *ent.Client, tenantID string) (*ent.Tenant, error) {
	sys := tenancy.System(tenancy.WithTenant(ctx, tenantID))
	if _, err := tx.ExecContext(sys, `UPDATE tenants SET plan = plan WHERE id = $1`, tenantID); err != nil {
		return nil, fmt.Errorf("lock tenant %s: %w", tenantID, err)
	}
	t, err := tx.Tenant.Get(sys, tenantID)
	if err != nil {
		return nil, fmt.Errorf("tenant %s: %w", tenantID, err)
	}
	return t, nil
}

// write stores next as the tenant's billing state, stamped at (Stripe's
// time of the event; nil keeps the stamp), and derives the suspension:
// suspended and canceled tenants are read-only by billing, an operator's
// suspension is never touched (its status column waits until the
// operator resumes; Enforce then restores the billing status). A plan
// change is published to the tenant's webhooks in the same transaction.
func (s *Service) write(ctx context.Context, tx *ent.Client, t *ent.Tenant, next state, at *time.Time) (*ent.Tenant, error) {
	now := s.now().UTC()
	if next.status == enttenant.StatusPastDue && next.pastDueSince != nil && !now.Before(next.pastDueSince.Add(s.cfg.Grace())) {
		next.status = enttenant.StatusSuspended
	}
	tctx := tenancy.System(tenancy.WithTenant(ctx, t.ID))
	upd := tx.Tenant.UpdateOneID(t.ID).SetPlan(next.plan).
		SetNillableTrialEndsAt(next.trialEndsAt).SetNillableCurrentPeriodEnd(next.currentPeriodEnd).
		SetNillablePastDueSince(next.pastDueSince).SetNillableCanceledAt(next.canceledAt).
		SetNillableStripeSubscriptionID(next.subscriptionID).SetNillableStripeCustomerID(next.customerID).
		SetNillableBillingStateAt(at)
	if next.trialEndsAt == nil {
		upd.ClearTrialEndsAt()
	}
	if next.currentPeriodEnd == nil {
		upd.ClearCurrentPeriodEnd()
	}
	if next.pastDueSince == nil {
		upd.ClearPastDueSince()
	}
	if next.canceledAt == nil {
		upd.ClearCanceledAt()
	}
	if next.subscriptionID == nil {
		upd.ClearStripeSubscriptionID()
	}
	operator := t.SuspendedBy != nil && *t.SuspendedBy == enttenant.SuspendedByOperator
	if !operator {
		upd.SetStatus(next.status)
		switch next.status {
		case enttenant.StatusSuspended, enttenant.StatusCanceled:
			upd.SetSuspendedBy(enttenant.SuspendedByBilling).SetSuspensionReason(suspensionReason(next.status))
		default:
			upd.ClearSuspendedBy().ClearSuspensionReason()
		}
	}
	out, err := upd.Save(tctx)
	if err != nil {
		return nil, fmt.Errorf("apply billing state to %s: %w", t.ID, err)
	}
	s.plans.m.Delete(t.ID) // this process sees the new plan at once, others within planTTL
	if next.plan != t.Plan {
		if err := webhooks.EmitAt(tctx, tx, webhooks.TenantPlanChanged, now, map[string]any{
			"plan": next.plan, "previous_plan": t.Plan, "status": string(out.Status),
		}); err != nil {
			return nil, err
		}
	}
	if !operator && out.Status != t.Status {
		if err := s.notifyStatus(tctx, tx, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func suspensionReason(st enttenant.Status) string {
	if st == enttenant.StatusCanceled {
		return "subscription canceled"
	}
	return "payment overdue past the grace period"
}

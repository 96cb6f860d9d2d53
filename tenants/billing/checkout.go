package billing

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"kefu/ent"
	"kefu/ent/store"
	enttenant "kefu/ent/tenant"
	"kefu/ent/user"
	"kefu/fault"
	"kefu/tenants/authz"
	"kefu/tenants/lifecycle"
	"kefu/tenants/tenancy"
)

// StartingPlan is the signup rule (lifecycle.StartingPlan): with billing off
// every tenant is local and active; on, a free plan starts active and a paid
// one trialing for the configured trial days, paid through the Checkout
// session the signup answer links to. "local" is for the demo seed only
// (the API does not accept it).
func (s *Service) StartingPlan(plan string, now time.Time) (lifecycle.Start, error) {
	if !s.Enabled() || plan == LocalPlan {
		return lifecycle.Start{Plan: LocalPlan, Status: string(enttenant.StatusActive)}, nil
	}
	p := s.cfg.DefaultPlan()
	if plan != "" {
		var ok bool
		if p, ok = s.cfg.Plan(plan); !ok {
			return lifecycle.Start{}, fault.Field("body.plan", "no such plan", plan)
		}
	}
	if !p.Paid() {
		return lifecycle.Start{Plan: p.ID, Status: string(enttenant.StatusActive)}, nil
	}
	ends := now.AddDate(0, 0, s.cfg.TrialDays).UTC()
	return lifecycle.Start{Plan: p.ID, Status: string(enttenant.StatusTrialing), TrialEndsAt: &ends}, nil
}

// CheckoutResult says what a plan change did.
type CheckoutResult struct {
	// Action: "checkout" (pay at URL), "updated" (the subscription's price
	// changed; the webhook applies it), "scheduled" (moves to a free plan
	// at the end of the paid period) or "changed" (done now: a free plan
	// without a subscription).
	Action string
	URL    string
}

// SignupCheckout opens the Checkout session of a tenant that just signed
// up on a paid plan. A failure leaves the tenant trialing, and is logged:
// the billing page offers the same checkout again.
func (s *Service) SignupCheckout(ctx context.Context, t *ent.Tenant) string {
	if !s.Enabled() || !s.PlanOf(t.Plan).Paid() {
		return ""
	}
	res, err := s.Checkout(ctx, t.Plan)
	if err != nil {
		slog.WarnContext(ctx, "signup checkout failed; the tenant can retry from the billing page", "tenant_id", t.ID, "err", err)
		return ""
	}
	return res.URL
}

// Checkout moves the viewer's tenant to plan: a new Checkout session when
// there is no live subscription, otherwise a change of the subscription.
func (s *Service) Checkout(ctx context.Context, planID string) (*CheckoutResult, error) {
	if !s.Enabled() {
		return nil, ErrOff
	}
	p, ok := s.cfg.Plan(planID)
	if !ok || planID == LocalPlan {
		return nil, fault.Field("body.plan", "no such plan", planID)
	}
	tid := tenancy.TenantID(ctx)
	sys := tenancy.System(ctx)
	t, err := s.db.Tenant.Get(sys, tid)
	if err != nil {
		return nil, fmt.Errorf("checkout: tenant %s: %w", tid, err)
	}
	live := t.StripeSubscriptionID != nil && t.Status != enttenant.StatusCanceled
	switch {
	case live && p.Paid():
		if t.Plan == p.ID {
			return nil, fault.Conflictf("the organization is already on the %s plan", p.Name)
		}
		if err := s.stripe.changePrice(ctx, *t.StripeSubscriptionID, p.StripePriceID, p.ID); err != nil {
			return nil, err
		}
		return &CheckoutResult{Action: "updated"}, nil
	case live:
		if err := s.stripe.cancelInto(ctx, *t.StripeSubscriptionID, p.ID); err != nil {
			return nil, err
		}
		return &CheckoutResult{Action: "scheduled"}, nil
	case !p.Paid():
		if err := s.switchFree(ctx, t, p); err != nil {
			return nil, err
		}
		return &CheckoutResult{Action: "changed"}, nil
	}
	customer, err := s.customerOf(ctx, t)
	if err != nil {
		return nil, err
	}
	req := checkoutRequest{
		tenantID: t.ID, customerID: customer, priceID: p.StripePriceID, plan: p.ID,
		successURL: s.baseURL + "/settings/billing?checkout=success",
		cancelURL:  s.baseURL + "/settings/billing?checkout=canceled",
	}
	// The trial already granted carries over, but only as long as Stripe
	// accepts (a trial_end at least two days ahead); it never restarts.
	if t.Status == enttenant.StatusTrialing && t.TrialEndsAt != nil && t.TrialEndsAt.After(s.now().Add(48*time.Hour)) {
		req.trialEnd = *t.TrialEndsAt
	}
	url, err := s.stripe.createCheckout(ctx, req)
	if err != nil {
		return nil, err
	}
	return &CheckoutResult{Action: "checkout", URL: url}, nil
}

// Portal returns a customer-portal link (payment method, invoices, cancel).
func (s *Service) Portal(ctx context.Context) (string, error) {
	if !s.Enabled() {
		return "", ErrOff
	}
	tid := tenancy.TenantID(ctx)
	t, err := s.db.Tenant.Get(tenancy.System(ctx), tid)
	if err != nil {
		return "", fmt.Errorf("portal: tenant %s: %w", tid, err)
	}
	if t.StripeCustomerID == nil {
		return "", fault.Conflictf("there is nothing to manage yet: choose a paid plan first")
	}
	return s.stripe.createPortal(ctx, *t.StripeCustomerID, s.baseURL+"/settings/billing")
}

// customerOf returns the tenant's Stripe customer, creating it on first use.
func (s *Service) customerOf(ctx context.Context, t *ent.Tenant) (string, error) {
	if t.StripeCustomerID != nil {
		return *t.StripeCustomerID, nil
	}
	sys := tenancy.System(ctx)
	email := ""
	directors := s.az.Holders(t.ID, authz.Director)
	if len(directors) > 0 {
		u, err := s.db.User.Query().Where(user.IDIn(directors...), user.TenantID(t.ID)).Order(user.ByCreatedAt()).First(sys)
		if err == nil {
			email = u.Email
		}
	}
	id, err := s.stripe.createCustomer(ctx, t.ID, t.Name, email)
	if err != nil {
		return "", err
	}
	// Only the first customer sticks; a racing request keeps its own answer
	// from Stripe, which the idempotency key made the same customer.
	if _, err := s.db.Tenant.Update().Where(enttenant.ID(t.ID), enttenant.StripeCustomerIDIsNil()).
		SetStripeCustomerID(id).Save(tenancy.WithTenant(sys, t.ID)); err != nil {
		return "", fmt.Errorf("store stripe customer of %s: %w", t.ID, err)
	}
	return id, nil
}

// switchFree moves a tenant without a live subscription to a free plan at
// once. Stamping the state now makes any older Stripe event stale.
func (s *Service) switchFree(ctx context.Context, t *ent.Tenant, p Plan) error {
	return store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cur, err := lockTenant(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		next := stateOf(cur)
		next.plan, next.status = p.ID, enttenant.StatusActive
		next.trialEndsAt, next.currentPeriodEnd, next.pastDueSince, next.canceledAt = nil, nil, nil, nil
		at := s.now().UTC()
		_, err = s.write(ctx, tx, cur, next, &at)
		return err
	})
}

package billing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/stripe/stripe-go/v76"

	"kefu/ent"
	"kefu/ent/store"
	"kefu/ent/stripeevent"
	enttenant "kefu/ent/tenant"
	"kefu/tenants/tenancy"
)

// errPermanent marks an event that can never apply (an unknown price): it
// is stored as failed for the operator instead of being retried.
var errPermanent = errors.New("cannot apply")

// Process applies a stored event to its tenant, once: the event row's
// status moves from pending in the same transaction as the tenant's state,
// with the tenant row locked, so concurrent or repeated runs apply it at
// most once and in a well-defined order.
func (s *Service) Process(ctx context.Context, eventID string) error {
	sys := tenancy.System(ctx)
	row, err := s.db.StripeEvent.Get(sys, eventID)
	if err != nil {
		return fmt.Errorf("stripe event %s: %w", eventID, err)
	}
	if row.Status != stripeevent.StatusPending {
		return nil
	}
	var ev stripe.Event
	if err := json.Unmarshal(row.Payload, &ev); err != nil {
		return s.finish(ctx, s.db, row, stripeevent.StatusFailed, "payload: "+err.Error())
	}
	var outcome string
	err = store.WithTx(sys, s.db, func(tx *ent.Client) error {
		t, err := lockTenant(sys, tx, row.TenantID)
		if ent.IsNotFound(err) {
			return s.finish(ctx, tx, row, stripeevent.StatusIgnored, "the tenant no longer exists")
		}
		if err != nil {
			return err
		}
		cur, err := tx.StripeEvent.Get(sys, eventID)
		if err != nil {
			return err
		}
		if cur.Status != stripeevent.StatusPending {
			outcome = "done"
			return nil // another worker got here first
		}
		why, err := s.apply(ctx, tx, t, &ev, row.Created)
		if errors.Is(err, errPermanent) {
			outcome = "failed"
			return s.finish(ctx, tx, row, stripeevent.StatusFailed, err.Error())
		}
		if err != nil {
			return err
		}
		if why != "" {
			return s.finish(ctx, tx, row, stripeevent.StatusIgnored, why)
		}
		return s.finish(ctx, tx, row, stripeevent.StatusProcessed, "")
	})
	if err != nil {
		return fmt.Errorf("process stripe event %s: %w", eventID, err)
	}
	if outcome == "failed" {
		slog.ErrorContext(ctx, "stripe event cannot apply", "event_id", eventID, "tenant_id", row.TenantID)
	}
	return nil
}

func (s *Service) finish(ctx context.Context, c *ent.Client, row *ent.StripeEvent, status stripeevent.Status, why string) error {
	if len(why) > 500 {
		why = why[:500]
	}
	return c.StripeEvent.UpdateOneID(row.ID).SetStatus(status).SetError(why).SetProcessedAt(s.now().UTC()).Exec(tenancy.System(ctx))
}

// apply changes the tenant by one event; a non-empty reason means the event
// changed nothing (stale, about another subscription) and is ignored.
func (s *Service) apply(ctx context.Context, tx *ent.Client, t *ent.Tenant, ev *stripe.Event, created time.Time) (string, error) {
	// Stripe does not deliver in order; the state applied last wins unless
	// this event is newer. Equal times apply: the same state again is a no-op.
	if t.BillingStateAt != nil && created.Before(*t.BillingStateAt) {
		return "older than the billing state applied", nil
	}
	switch ev.Type {
	case "checkout.session.completed":
		var cs stripe.CheckoutSession
		if err := json.Unmarshal(ev.Data.Raw, &cs); err != nil {
			return "", fmt.Errorf("%w: checkout session: %v", errPermanent, err)
		}
		return s.linkCheckout(ctx, tx, t, &cs)
	case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted":
		var sub stripe.Subscription
		if err := json.Unmarshal(ev.Data.Raw, &sub); err != nil {
			return "", fmt.Errorf("%w: subscription: %v", errPermanent, err)
		}
		return s.applySubscription(ctx, tx, t, &sub, ev.Type == "customer.subscription.deleted", created)
	case "invoice.paid", "invoice.payment_failed":
		var inv stripe.Invoice
		if err := json.Unmarshal(ev.Data.Raw, &inv); err != nil {
			return "", fmt.Errorf("%w: invoice: %v", errPermanent, err)
		}
		return s.applyInvoice(ctx, tx, t, &inv, ev.Type == "invoice.paid", created)
	}
	return "event type not handled", nil
}

// linkCheckout records the customer and subscription a completed Checkout
// created. The subscription's own events carry its state.
func (s *Service) linkCheckout(ctx context.Context, tx *ent.Client, t *ent.Tenant, cs *stripe.CheckoutSession) (string, error) {
	if cs.Mode != stripe.CheckoutSessionModeSubscription || cs.Subscription == nil || cs.Subscription.ID == "" {
		return "not a subscription checkout", nil
	}
	next := stateOf(t)
	if cs.Customer != nil && cs.Customer.ID != "" {
		next.customerID = &cs.Customer.ID
	}
	next.subscriptionID = &cs.Subscription.ID
	if same(t.StripeSubscriptionID, next.subscriptionID) && same(t.StripeCustomerID, next.customerID) {
		return "already linked", nil
	}
	_, err := s.write(ctx, tx, t, next, nil)
	return "", err
}

// applySubscription takes the tenant's state from the subscription object:
// status, price (→ plan), trial end and current period end.
func (s *Service) applySubscription(ctx context.Context, tx *ent.Client, t *ent.Tenant, sub *stripe.Subscription, deleted bool, created time.Time) (string, error) {
	ended := deleted || sub.Status == stripe.SubscriptionStatusCanceled || sub.Status == stripe.SubscriptionStatusIncompleteExpired
	other := t.StripeSubscriptionID != nil && *t.StripeSubscriptionID != sub.ID
	if other && ended {
		// The end of an older subscription must not cancel the current one.
		return "about subscription " + sub.ID + ", not the tenant's current " + *t.StripeSubscriptionID, nil
	}
	next := stateOf(t)
	next.subscriptionID = &sub.ID
	if sub.Customer != nil && sub.Customer.ID != "" {
		next.customerID = &sub.Customer.ID
	}
	next.trialEndsAt = unixOrNil(sub.TrialEnd)
	next.currentPeriodEnd = unixOrNil(sub.CurrentPeriodEnd)
	if !ended {
		p, err := s.planOfSubscription(sub)
		if err != nil {
			return "", err
		}
		next.plan = p.ID
	}
	switch {
	case ended && sub.Metadata[metaNextPlan] != "":
		// A downgrade to a free plan: the paid period ended, the tenant stays.
		p, ok := s.cfg.Plan(sub.Metadata[metaNextPlan])
		if !ok || p.Paid() {
			return "", fmt.Errorf("%w: subscription %s asks for plan %q, which is not a free plan", errPermanent, sub.ID, sub.Metadata[metaNextPlan])
		}
		next.plan, next.status, next.subscriptionID = p.ID, enttenant.StatusActive, nil
		next.trialEndsAt, next.currentPeriodEnd, next.pastDueSince, next.canceledAt = nil, nil, nil, nil
	case ended:
		next.status = enttenant.StatusCanceled
		if next.canceledAt == nil {
			next.canceledAt = firstOf(unixOrNil(sub.EndedAt), unixOrNil(sub.CanceledAt), &created)
		}
	case sub.Status == stripe.SubscriptionStatusTrialing:
		next.status, next.pastDueSince, next.canceledAt = enttenant.StatusTrialing, nil, nil
	case sub.Status == stripe.SubscriptionStatusActive:
		next.status, next.pastDueSince, next.canceledAt = enttenant.StatusActive, nil, nil
	case sub.Status == stripe.SubscriptionStatusPaused:
		next.status, next.canceledAt = enttenant.StatusSuspended, nil
	default: // past_due, unpaid, incomplete: money is owed
		next.status, next.canceledAt = enttenant.StatusPastDue, nil
		if next.pastDueSince == nil {
			next.pastDueSince = &created
		}
	}
	_, err := s.write(ctx, tx, t, next, &created)
	return "", err
}

// applyInvoice moves a tenant into past_due when a payment fails and back
// to active when one succeeds. Invoices of other subscriptions and of a
// canceled tenant change nothing.
func (s *Service) applyInvoice(ctx context.Context, tx *ent.Client, t *ent.Tenant, inv *stripe.Invoice, paid bool, created time.Time) (string, error) {
	if inv.Subscription == nil || inv.Subscription.ID == "" {
		return "invoice without a subscription", nil
	}
	if t.StripeSubscriptionID != nil && *t.StripeSubscriptionID != inv.Subscription.ID {
		return "invoice of subscription " + inv.Subscription.ID + ", not the tenant's current one", nil
	}
	if t.Status == enttenant.StatusCanceled {
		return "the tenant's subscription is canceled", nil
	}
	next := stateOf(t)
	next.subscriptionID = &inv.Subscription.ID
	if paid {
		next.pastDueSince = nil
		// A paid invoice ends any arrears; a trial stays a trial (its first
		// invoice is a paid zero).
		if t.Status != enttenant.StatusTrialing {
			next.status = enttenant.StatusActive
		}
	} else {
		next.status = enttenant.StatusPastDue
		if next.pastDueSince == nil {
			next.pastDueSince = &created
		}
	}
	_, err := s.write(ctx, tx, t, next, &created)
	return "", err
}

// planOfSubscription maps the subscription's price to a plan.
func (s *Service) planOfSubscription(sub *stripe.Subscription) (Plan, error) {
	if sub.Items == nil || len(sub.Items.Data) == 0 || sub.Items.Data[0].Price == nil {
		return Plan{}, fmt.Errorf("%w: subscription %s has no price", errPermanent, sub.ID)
	}
	price := sub.Items.Data[0].Price.ID
	p, ok := s.cfg.PlanByPrice(price)
	if !ok {
		return Plan{}, fmt.Errorf("%w: price %s of subscription %s is not in any plan", errPermanent, price, sub.ID)
	}
	return p, nil
}

func same(a, b *string) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func unixOrNil(sec int64) *time.Time {
	if sec == 0 {
		return nil
	}
	t := time.Unix(sec, 0).UTC()
	return &t
}

func firstOf(ts ...*time.Time) *time.Time {
	for _, t := range ts {
		if t != nil {
			return t
		}
	}
	return nil
}

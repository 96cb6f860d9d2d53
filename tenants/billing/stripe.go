package billing

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
)

// gateway is the handful of Stripe calls Kefu makes. Every state change
// still arrives through a webhook; these calls only start things.
type gateway struct {
	api *client.API
}

func newGateway(key, apiURL string) *gateway {
	cfg := &stripe.BackendConfig{
		HTTPClient: &http.Client{Timeout: 30 * time.Second},
		// Errors are returned to, and logged by, the caller.
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	}
	if apiURL != "" {
		cfg.URL = stripe.String(apiURL)
	}
	api := &client.API{}
	api.Init(key, &stripe.Backends{
		API:     stripe.GetBackendWithConfig(stripe.APIBackend, cfg),
		Connect: stripe.GetBackendWithConfig(stripe.ConnectBackend, cfg),
		Uploads: stripe.GetBackendWithConfig(stripe.UploadsBackend, cfg),
	})
	return &gateway{api: api}
}

// Metadata keys Kefu puts on Stripe objects, so every event names its tenant.
const (
	metaTenant   = "kefu_tenant_id"
	metaPlan     = "kefu_plan"
	metaNextPlan = "kefu_next_plan" // set when a cancellation means "move to this free plan"
)

// createCustomer makes the Stripe customer of a tenant. The idempotency key
// names the tenant, so a retried call within Stripe's 24 h window returns
// the same customer instead of a second one.
func (g *gateway) createCustomer(ctx context.Context, tenantID, name, email string) (string, error) {
	p := &stripe.CustomerParams{Name: stripe.String(name), Email: stripe.String(email)}
	p.Context = ctx
	p.AddMetadata(metaTenant, tenantID)
	p.SetIdempotencyKey("kefu-customer-" + tenantID)
	c, err := g.api.Customers.New(p)
	if err != nil {
		return "", fmt.Errorf("stripe: create customer: %w", err)
	}
	return c.ID, nil
}

type checkoutRequest struct {
	tenantID, customerID, priceID, plan string
	successURL, cancelURL               string
	trialEnd                            time.Time // zero: no trial
}

// createCheckout opens a Checkout session in subscription mode and returns
// where to send the buyer.
func (g *gateway) createCheckout(ctx context.Context, r checkoutRequest) (string, error) {
	sd := &stripe.CheckoutSessionSubscriptionDataParams{}
	sd.AddMetadata(metaTenant, r.tenantID)
	sd.AddMetadata(metaPlan, r.plan)
	if !r.trialEnd.IsZero() {
		sd.TrialEnd = stripe.Int64(r.trialEnd.Unix())
	}
	p := &stripe.CheckoutSessionParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		Customer:          stripe.String(r.customerID),
		ClientReferenceID: stripe.String(r.tenantID),
		LineItems:         []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(r.priceID), Quantity: stripe.Int64(1)}},
		SubscriptionData:  sd,
		SuccessURL:        stripe.String(r.successURL),
		CancelURL:         stripe.String(r.cancelURL),
	}
	p.Context = ctx
	p.AddMetadata(metaTenant, r.tenantID)
	p.AddMetadata(metaPlan, r.plan)
	s, err := g.api.CheckoutSessions.New(p)
	if err != nil {
		return "", fmt.Errorf("stripe: create checkout session: %w", err)
	}
	return s.URL, nil
}

// createPortal opens a customer portal session.
func (g *gateway) createPortal(ctx context.Context, customerID, returnURL string) (string, error) {
	p := &stripe.BillingPortalSessionParams{Customer: stripe.String(customerID), ReturnURL: stripe.String(returnURL)}
	p.Context = ctx
	s, err := g.api.BillingPortalSessions.New(p)
	if err != nil {
		return "", fmt.Errorf("stripe: create portal session: %w", err)
	}
	return s.URL, nil
}

// changePrice moves a live subscription to another price (prorated); the
// customer.subscription.updated webhook then applies the new plan.
func (g *gateway) changePrice(ctx context.Context, subID, priceID, plan string) error {
	gp := &stripe.SubscriptionParams{}
	gp.Context = ctx
	sub, err := g.api.Subscriptions.Get(subID, gp)
	if err != nil {
		return fmt.Errorf("stripe: get subscription %s: %w", subID, err)
	}
	if sub.Items == nil || len(sub.Items.Data) == 0 {
		return fmt.Errorf("stripe: subscription %s has no items", subID)
	}
	p := &stripe.SubscriptionParams{
		Items:             []*stripe.SubscriptionItemsParams{{ID: stripe.String(sub.Items.Data[0].ID), Price: stripe.String(priceID)}},
		ProrationBehavior: stripe.String("create_prorations"),
		CancelAtPeriodEnd: stripe.Bool(false),
	}
	p.Context = ctx
	p.AddMetadata(metaPlan, plan)
	p.AddMetadata(metaNextPlan, "")
	if _, err := g.api.Subscriptions.Update(subID, p); err != nil {
		return fmt.Errorf("stripe: change subscription %s to %s: %w", subID, priceID, err)
	}
	return nil
}

// cancelInto ends a subscription at the end of the paid period; the
// metadata tells the deletion webhook to move the tenant to a free plan
// rather than cancel it.
func (g *gateway) cancelInto(ctx context.Context, subID, nextPlan string) error {
	p := &stripe.SubscriptionParams{CancelAtPeriodEnd: stripe.Bool(true)}
	p.Context = ctx
	p.AddMetadata(metaNextPlan, nextPlan)
	if _, err := g.api.Subscriptions.Update(subID, p); err != nil {
		return fmt.Errorf("stripe: cancel subscription %s at period end: %w", subID, err)
	}
	return nil
}

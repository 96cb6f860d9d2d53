package billing

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"kefu/ent"
	"kefu/ent/stripeevent"
	enttenant "kefu/ent/tenant"
	"kefu/tenants/tenancy"
)

// ErrBadWebhook is a Stripe webhook that is not signed with our secret, too
// old, or not an event of the API version Kefu speaks; nothing is stored.
var ErrBadWebhook = errors.New("invalid stripe webhook")

// Tolerance is how old a webhook signature may be (Stripe's own default).
const Tolerance = 5 * time.Minute

// The event types Kefu acts on; others are stored as ignored.
var handled = []string{
	"checkout.session.completed",
	"customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
	"invoice.paid", "invoice.payment_failed",
}

// Receive verifies a Stripe webhook, stores the event once by its id and
// enqueues its processing. A replayed event changes nothing: its row
// exists, and processing looks at the row's status.
func (s *Service) Receive(ctx context.Context, payload []byte, signature string) error {
	if !s.Enabled() {
		return ErrOff
	}
	ev, err := s.verify(payload, signature)
	if err != nil {
		return err
	}
	sys := tenancy.System(ctx)
	tenantID, reason, err := s.tenantOf(sys, &ev)
	if err != nil {
		return err
	}
	status := stripeevent.StatusPending
	switch {
	case !slices.Contains(handled, string(ev.Type)):
		status, reason = stripeevent.StatusIgnored, "event type not handled"
	case tenantID == "":
		status = stripeevent.StatusIgnored
	}
	created := time.Unix(ev.Created, 0).UTC()
	c := s.db.StripeEvent.Create().SetID(ev.ID).SetType(string(ev.Type)).SetCreated(created).SetPayload(payload).
		SetStatus(status).SetTenantID(tenantID).SetError(reason).SetReceivedAt(s.now().UTC())
	if status != stripeevent.StatusPending {
		c.SetProcessedAt(s.now().UTC())
	}
	err = c.OnConflictColumns(stripeevent.FieldID).DoNothing().Exec(sys)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store stripe event %s: %w", ev.ID, err)
	}
	stored, err := s.db.StripeEvent.Query().Where(stripeevent.ID(ev.ID)).Select(stripeevent.FieldStatus, stripeevent.FieldTenantID).Only(sys)
	if err != nil {
		return fmt.Errorf("read stripe event %s: %w", ev.ID, err)
	}
	if stored.Status == stripeevent.StatusPending {
		// Best effort: the sweeper re-enqueues pending events this misses.
		if err := s.queue.ProcessStripeEvent(ctx, stored.TenantID, ev.ID); err != nil {
			slog.WarnContext(ctx, "enqueue stripe event", "event_id", ev.ID, "err", err)
		}
	}
	return nil
}

// verify checks the Stripe-Signature header against the signing secret and
// the tolerance on the application clock, and the event's API version.
func (s *Service) verify(payload []byte, signature string) (stripe.Event, error) {
	ev, err := webhook.ConstructEventWithOptions(payload, signature, s.webhookSecret, webhook.ConstructEventOptions{IgnoreTolerance: true})
	if err != nil {
		if strings.Contains(err.Error(), "API version") {
			return ev, fmt.Errorf("%w: event API version %s, Kefu speaks %s: set the webhook endpoint's version in Stripe", ErrBadWebhook, ev.APIVersion, stripe.APIVersion)
		}
		return ev, fmt.Errorf("%w: %v", ErrBadWebhook, err)
	}
	signed, ok := signedAt(signature)
	if !ok || s.now().Sub(signed) > Tolerance {
		return ev, fmt.Errorf("%w: signature timestamp outside the %s tolerance", ErrBadWebhook, Tolerance)
	}
	if ev.ID == "" || ev.Data == nil {
		return ev, fmt.Errorf("%w: event without id or data", ErrBadWebhook)
	}
	return ev, nil
}

// signedAt reads t= from a Stripe-Signature header ("t=…,v1=…").
func signedAt(header string) (time.Time, bool) {
	for part := range strings.SplitSeq(header, ",") {
		if v, ok := strings.CutPrefix(part, "t="); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			return time.Unix(n, 0), err == nil
		}
	}
	return time.Time{}, false
}

// tenantOf finds the tenant an event is about: the tenant id Kefu put on
// the Checkout session or subscription, else the Stripe customer. An event
// for no tenant of ours comes back with a reason and is stored as ignored.
func (s *Service) tenantOf(ctx context.Context, ev *stripe.Event) (string, string, error) {
	var obj struct {
		Object            string            `json:"object"`
		ClientReferenceID string            `json:"client_reference_id"`
		Metadata          map[string]string `json:"metadata"`
		Customer          json.RawMessage   `json:"customer"`
		SubscriptionInfo  *struct {
			Metadata map[string]string `json:"metadata"`
		} `json:"subscription_details"`
	}
	if err := json.Unmarshal(ev.Data.Raw, &obj); err != nil {
		return "", "", fmt.Errorf("%w: event %s data: %v", ErrBadWebhook, ev.ID, err)
	}
	candidates := []string{obj.ClientReferenceID, obj.Metadata[metaTenant]}
	if obj.SubscriptionInfo != nil {
		candidates = append(candidates, obj.SubscriptionInfo.Metadata[metaTenant])
	}
	for _, id := range candidates {
		if id == "" {
			continue
		}
		ok, err := s.db.Tenant.Query().Where(enttenant.ID(id)).Exist(ctx)
		if err != nil {
			return "", "", fmt.Errorf("find tenant %s: %w", id, err)
		}
		if ok {
			return id, "", nil
		}
	}
	customer := customerID(obj.Customer)
	if customer == "" {
		return "", "no tenant named and no customer", nil
	}
	t, err := s.db.Tenant.Query().Where(enttenant.StripeCustomerID(customer)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return "", "no tenant has customer " + customer, nil
	case err != nil:
		return "", "", fmt.Errorf("find tenant of customer %s: %w", customer, err)
	}
	return t.ID, "", nil
}

// customerID reads a "customer" that is either an id or an expanded object.
func customerID(raw json.RawMessage) string {
	var id string
	if json.Unmarshal(raw, &id) == nil {
		return id
	}
	var obj struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &obj)
	return obj.ID
}

package webhooks

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/store"
	"kefu/ent/webhookattempt"
	"kefu/ent/webhookdelivery"
	"kefu/ent/webhookendpoint"
	"kefu/fault"
	"kefu/paging"
	"kefu/tenants/tenancy"
)

// MaxEndpoints bounds a tenant's receivers.
const MaxEndpoints = 20

// SecretPrefix starts every generated signing secret.
const SecretPrefix = "whsec_"

// Spec is an endpoint as a request describes it; nil fields are left alone
// on update.
type Spec struct {
	URL         *string
	Events      *[]string
	Description *string
	Secret      *string // create only; generated when nil
	Enabled     *bool   // update only
}

// Create registers an endpoint for the context's tenant.
func (s *Service) Create(ctx context.Context, actorID string, in Spec) (*ent.WebhookEndpoint, error) {
	if in.URL == nil {
		return nil, fault.Field("body.url", "is required", nil)
	}
	if in.Events == nil {
		return nil, fault.Field("body.events", "is required", nil)
	}
	if err := s.validate(ctx, in); err != nil {
		return nil, err
	}
	secret := ""
	if in.Secret != nil {
		secret = strings.TrimSpace(*in.Secret)
		if len(secret) < 16 || len(secret) > 200 {
			return nil, fault.Field("body.secret", "must be 16 to 200 characters", nil)
		}
	} else {
		secret = NewSecret()
	}
	n, err := s.db.WebhookEndpoint.Query().Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("count webhook endpoints: %w", err)
	}
	if n >= MaxEndpoints {
		return nil, fault.Conflictf("an organization has at most %d webhook endpoints", MaxEndpoints)
	}
	now := s.now().UTC()
	c := s.db.WebhookEndpoint.Create().SetURL(strings.TrimSpace(*in.URL)).SetEvents(normEvents(*in.Events)).
		SetSecret(secret).SetCreatedBy(actorID).SetCreatedAt(now).SetUpdatedAt(now)
	if in.Description != nil {
		c.SetDescription(strings.TrimSpace(*in.Description))
	}
	ep, err := c.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create webhook endpoint: %w", err)
	}
	return ep, nil
}

// Update changes the fields in Spec that are set. Re-enabling clears the
// failure record, so an endpoint turned back on gets a fresh three days.
func (s *Service) Update(ctx context.Context, id string, in Spec) (*ent.WebhookEndpoint, error) {
	if in.Secret != nil {
		return nil, fault.Field("body.secret", "cannot be changed; create a new endpoint", nil)
	}
	ep, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.validate(ctx, in); err != nil {
		return nil, err
	}
	u := s.db.WebhookEndpoint.UpdateOne(ep).SetUpdatedAt(s.now().UTC())
	if in.URL != nil {
		u.SetURL(strings.TrimSpace(*in.URL))
	}
	if in.Events != nil {
		u.SetEvents(normEvents(*in.Events))
	}
	if in.Description != nil {
		u.SetDescription(strings.TrimSpace(*in.Description))
	}
	if in.Enabled != nil && *in.Enabled != ep.Enabled {
		u.SetEnabled(*in.Enabled)
		if *in.Enabled {
			u.ClearDisabledAt().SetDisabledReason("").ClearFailingSince().SetConsecutiveFailures(0)
		} else {
			u.SetDisabledAt(s.now().UTC()).SetDisabledReason("disabled by a user")
		}
	}
	out, err := u.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("update webhook endpoint %s: %w", id, err)
	}
	return out, nil
}

func (s *Service) validate(ctx context.Context, in Spec) error {
	if in.URL != nil {
		u := strings.TrimSpace(*in.URL)
		if len(u) > 2048 {
			return fault.Field("body.url", "must be at most 2048 characters", nil)
		}
		if err := CheckURL(ctx, u, s.AllowPrivate()); err != nil {
			return fault.Field("body.url", err.Error(), u)
		}
	}
	if in.Events != nil {
		if len(*in.Events) == 0 {
			return fault.Field("body.events", `must name at least one event type (or "*" for all)`, *in.Events)
		}
		for i, e := range *in.Events {
			if e != All && !Known(e) {
				return fault.Field(fmt.Sprintf("body.events[%d]", i),
					"unknown event type; one of "+strings.Join(TypeNames(), ", ")+` or "*"`, e)
			}
		}
	}
	if in.Description != nil && len([]rune(strings.TrimSpace(*in.Description))) > 300 {
		return fault.Field("body.description", "must be at most 300 characters", nil)
	}
	return nil
}

// normEvents sorts and dedupes; "*" alone stands for everything.
func normEvents(in []string) []string {
	if slices.Contains(in, All) {
		return []string{All}
	}
	out := slices.Clone(in)
	slices.Sort(out)
	return slices.Compact(out)
}

// NewSecret returns a fresh signing secret, "whsec_" and 32 random bytes.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return SecretPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// Get returns one of the tenant's endpoints.
func (s *Service) Get(ctx context.Context, id string) (*ent.WebhookEndpoint, error) {
	ep, err := s.db.WebhookEndpoint.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fault.NotFoundf("webhook endpoint %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("get webhook endpoint %s: %w", id, err)
	}
	return ep, nil
}

// List returns the tenant's endpoints, oldest first.
func (s *Service) List(ctx context.Context, pg paging.Page) ([]*ent.WebhookEndpoint, string, error) {
	q := s.db.WebhookEndpoint.Query()
	if pg.After != "" {
		q = q.Where(webhookendpoint.IDGT(pg.After))
	}
	rows, err := q.Order(webhookendpoint.ByID()).Limit(pg.Limit + 1).All(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("list webhook endpoints: %w", err)
	}
	rows, next := paging.Trim(rows, pg.Limit, func(e *ent.WebhookEndpoint) string { return e.ID })
	return rows, next, nil
}

// Delete removes an endpoint with its delivery log; pending attempts find
// nothing to do.
func (s *Service) Delete(ctx context.Context, id string) error {
	ep, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	return store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		q := tenancy.Quiet(ctx)
		// One statement per table, the attempts through a subquery on the
		// endpoint's deliveries, however long the log.
		if _, err := tx.WebhookAttempt.Delete().Where(func(sel *sql.Selector) {
			d := sql.Table(webhookdelivery.Table)
			sel.Where(sql.In(sel.C(webhookattempt.FieldDeliveryID),
				sql.Select(d.C(webhookdelivery.FieldID)).From(d).Where(sql.EQ(d.C(webhookdelivery.FieldEndpointID), ep.ID))))
		}).Exec(q); err != nil {
			return fmt.Errorf("delete webhook attempts of %s: %w", id, err)
		}
		if _, err := tx.WebhookDelivery.Delete().Where(webhookdelivery.EndpointID(ep.ID)).Exec(q); err != nil {
			return fmt.Errorf("delete webhook deliveries of %s: %w", id, err)
		}
		if err := tx.WebhookEndpoint.DeleteOne(ep).Exec(ctx); err != nil {
			return fmt.Errorf("delete webhook endpoint %s: %w", id, err)
		}
		return nil
	})
}

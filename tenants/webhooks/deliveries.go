package webhooks

import (
	"context"
	"fmt"

	entsql "entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/store"
	"kefu/ent/webhookattempt"
	"kefu/ent/webhookdelivery"
	"kefu/fault"
	"kefu/paging"
	"kefu/tenants/tenancy"
)

// maxAttemptsShown bounds the attempts returned with a delivery (24 h of
// automatic retries is about 35).
const maxAttemptsShown = 200

// Deliveries lists an endpoint's deliveries, newest first, optionally only
// those with status.
func (s *Service) Deliveries(ctx context.Context, endpointID, status string, pg paging.Page) ([]*ent.WebhookDelivery, string, error) {
	if _, err := s.Get(ctx, endpointID); err != nil {
		return nil, "", err
	}
	q := s.db.WebhookDelivery.Query().Where(webhookdelivery.EndpointID(endpointID))
	if status != "" {
		st := webhookdelivery.Status(status)
		if err := webhookdelivery.StatusValidator(st); err != nil {
			return nil, "", fault.Field("query.status", "must be pending, succeeded or failed", status)
		}
		q = q.Where(webhookdelivery.StatusEQ(st))
	}
	if pg.After != "" {
		q = q.Where(webhookdelivery.IDLT(pg.After))
	}
	rows, err := q.Order(webhookdelivery.ByID(entsql.OrderDesc())).Limit(pg.Limit + 1).All(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("list webhook deliveries: %w", err)
	}
	rows, next := paging.Trim(rows, pg.Limit, func(d *ent.WebhookDelivery) string { return d.ID })
	return rows, next, nil
}

// Delivery returns one of an endpoint's deliveries with its attempts,
// oldest first.
func (s *Service) Delivery(ctx context.Context, endpointID, id string) (*ent.WebhookDelivery, []*ent.WebhookAttempt, error) {
	d, err := s.delivery(ctx, endpointID, id)
	if err != nil {
		return nil, nil, err
	}
	atts, err := s.db.WebhookAttempt.Query().Where(webhookattempt.DeliveryID(id)).
		Order(webhookattempt.ByAt(), webhookattempt.ByID()).Limit(maxAttemptsShown).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("list webhook attempts of %s: %w", id, err)
	}
	return d, atts, nil
}

func (s *Service) delivery(ctx context.Context, endpointID, id string) (*ent.WebhookDelivery, error) {
	d, err := s.db.WebhookDelivery.Query().Where(webhookdelivery.ID(id), webhookdelivery.EndpointID(endpointID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fault.NotFoundf("webhook delivery %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("get webhook delivery %s: %w", id, err)
	}
	return d, nil
}

// Redeliver sends a delivery again now, whatever its status (a manual
// attempt); success marks it succeeded, failure leaves any automatic
// schedule as it was.
func (s *Service) Redeliver(ctx context.Context, endpointID, id string) (*ent.WebhookDelivery, *ent.WebhookAttempt, error) {
	ep, err := s.Get(ctx, endpointID)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.delivery(ctx, endpointID, id)
	if err != nil {
		return nil, nil, err
	}
	ev, err := s.db.WebhookEvent.Get(ctx, d.EventID)
	if err != nil {
		return nil, nil, fmt.Errorf("load webhook event %s: %w", d.EventID, err)
	}
	return s.record(ctx, d, ep, s.post(ctx, ep, ev, d.ID), true)
}

// Test sends a "ping" event to the endpoint now, enabled or not, and logs
// it as a delivery like any other.
func (s *Service) Test(ctx context.Context, endpointID string) (*ent.WebhookDelivery, *ent.WebhookAttempt, error) {
	ep, err := s.Get(ctx, endpointID)
	if err != nil {
		return nil, nil, err
	}
	now := s.now().UTC()
	var ev *ent.WebhookEvent
	var d *ent.WebhookDelivery
	q := tenancy.Quiet(ctx)
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		// Dispatched at birth: the relay never fans a ping out to others.
		ev, err = tx.WebhookEvent.Create().SetType(Ping).SetOccurredAt(now).SetDispatchedAt(now).
			SetData(map[string]any{"endpoint_id": ep.ID, "message": "Test event from Kefu"}).Save(q)
		if err != nil {
			return fmt.Errorf("create ping event: %w", err)
		}
		d, err = tx.WebhookDelivery.Create().SetEndpointID(ep.ID).SetEventID(ev.ID).SetEventType(Ping).
			SetCreatedAt(now).SetUpdatedAt(now).Save(q)
		if err != nil {
			return fmt.Errorf("create ping delivery: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return s.record(ctx, d, ep, s.post(ctx, ep, ev, d.ID), true)
}

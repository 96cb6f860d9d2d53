package webhooks

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"kefu/ent"
	"kefu/ent/store"
	"kefu/ent/webhookdelivery"
	"kefu/ent/webhookendpoint"
	"kefu/ent/webhookevent"
	"kefu/tenants/tenancy"
)

// relayBatch is how many events one relay pass reads.
const relayBatch = 500

// Relay fans committed events out: one delivery per enabled endpoint that
// subscribes (unique per endpoint and event, so two relays running at once
// create each once), marks the events dispatched and schedules the first
// attempts. It returns how many events it dispatched.
func (s *Service) Relay(ctx context.Context) (int, error) {
	evs, err := s.db.WebhookEvent.Query().Where(webhookevent.DispatchedAtIsNil()).
		Order(webhookevent.ByOccurredAt(), webhookevent.ByID()).Limit(relayBatch).All(tenancy.System(ctx))
	if err != nil {
		return 0, fmt.Errorf("read undispatched webhook events: %w", err)
	}
	byTenant := map[string][]*ent.WebhookEvent{}
	var order []string
	for _, ev := range evs {
		if byTenant[ev.TenantID] == nil {
			order = append(order, ev.TenantID)
		}
		byTenant[ev.TenantID] = append(byTenant[ev.TenantID], ev)
	}
	n := 0
	for _, tenantID := range order {
		tctx := tenancy.WithTenant(ctx, tenantID)
		if err := s.dispatch(tctx, byTenant[tenantID]); err != nil {
			return n, err
		}
		n += len(byTenant[tenantID])
	}
	return n, nil
}

// dispatch relays one tenant's events.
func (s *Service) dispatch(ctx context.Context, evs []*ent.WebhookEvent) error {
	now := s.now().UTC()
	ids := make([]string, len(evs))
	for i, ev := range evs {
		ids[i] = ev.ID
	}
	q := tenancy.Quiet(ctx)
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		eps, err := tx.WebhookEndpoint.Query().Where(webhookendpoint.Enabled(true)).All(ctx)
		if err != nil {
			return fmt.Errorf("load webhook endpoints: %w", err)
		}
		var b []*ent.WebhookDeliveryCreate
		for _, ev := range evs {
			for _, ep := range eps {
				if subscribes(ep.Events, ev.Type) {
					b = append(b, tx.WebhookDelivery.Create().SetEndpointID(ep.ID).SetEventID(ev.ID).SetEventType(ev.Type).
						SetNextAttemptAt(now).SetCreatedAt(now).SetUpdatedAt(now))
				}
			}
		}
		if len(b) > 0 {
			err := tx.WebhookDelivery.CreateBulk(b...).
				OnConflictColumns(webhookdelivery.FieldEndpointID, webhookdelivery.FieldEventID).DoNothing().Exec(q)
			if err != nil {
				return fmt.Errorf("create webhook deliveries: %w", err)
			}
		}
		return tx.WebhookEvent.Update().Where(webhookevent.IDIn(ids...), webhookevent.DispatchedAtIsNil()).
			SetDispatchedAt(now).Exec(q)
	})
	if err != nil {
		return err
	}
	ds, err := s.db.WebhookDelivery.Query().
		Where(webhookdelivery.EventIDIn(ids...), webhookdelivery.StatusEQ(webhookdelivery.StatusPending), webhookdelivery.NextAttemptAtNotNil()).
		All(ctx)
	if err != nil {
		return fmt.Errorf("read new webhook deliveries: %w", err)
	}
	for _, d := range ds {
		if err := s.queue.ScheduleWebhookDelivery(ctx, d.TenantID, d.ID, *d.NextAttemptAt); err != nil {
			// Committed already: the sweeper schedules what this missed.
			slog.WarnContext(ctx, "schedule webhook delivery", "delivery_id", d.ID, "err", err)
		}
	}
	return nil
}

// Kick asks a running relay loop for a pass now instead of at its next
// tick.
func (s *Service) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// RunRelay relays events every interval (and on Kick) until ctx ends. A
// full batch is followed at once by the next.
func (s *Service) RunRelay(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		for {
			n, err := s.Relay(ctx)
			if err != nil && ctx.Err() == nil {
				slog.Error("webhook relay", "err", err)
			}
			if err != nil || n < relayBatch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
	}
}

// Due is a delivery whose attempt is due by a time, for the sweeper.
type Due struct {
	TenantID, ID string
	At           time.Time
}

// DueBefore lists pending deliveries whose next attempt is at or before
// `before`, soonest first, across tenants.
func (s *Service) DueBefore(ctx context.Context, before time.Time, limit int) ([]Due, error) {
	rows, err := s.db.WebhookDelivery.Query().
		Where(webhookdelivery.StatusEQ(webhookdelivery.StatusPending), webhookdelivery.NextAttemptAtLTE(before)).
		Order(webhookdelivery.ByNextAttemptAt()).Limit(limit).All(tenancy.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("due webhook deliveries: %w", err)
	}
	out := make([]Due, len(rows))
	for i, r := range rows {
		out[i] = Due{TenantID: r.TenantID, ID: r.ID, At: *r.NextAttemptAt}
	}
	return out, nil
}

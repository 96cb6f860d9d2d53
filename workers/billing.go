package workers

import (
	"context"
	"time"

	"github.com/hibiken/asynq"

	"kefu/tenants/billing"
)

// Billing task types.
const (
	TypeStripeEvent = "billing:stripe_event"
	TypeTenantPurge = "billing:purge"
)

// ProcessStripeEvent applies a stored Stripe event; the task id is the
// event id, so a replayed webhook or a re-enqueue by the sweeper is one task.
func (q *Queue) ProcessStripeEvent(ctx context.Context, tenantID, eventID string) error {
	return q.enqueue(ctx, TypeStripeEvent, Payload{TenantID: tenantID, ID: eventID},
		asynq.TaskID("stripe:"+eventID), asynq.MaxRetry(20), asynq.Queue("default"), asynq.Timeout(30*time.Second))
}

// PurgeTenant exports and deletes a canceled tenant past retention.
func (q *Queue) PurgeTenant(ctx context.Context, tenantID string) error {
	return q.enqueue(ctx, TypeTenantPurge, Payload{TenantID: tenantID, ID: tenantID},
		asynq.TaskID("purge:"+tenantID), asynq.MaxRetry(5), asynq.Queue("low"), asynq.Timeout(30*time.Minute))
}

// billingHandlers registers billing's task handlers (nil: billing not wired).
func billingHandlers(mux *asynq.ServeMux, b *billing.Service) {
	if b == nil {
		return
	}
	mux.HandleFunc(TypeStripeEvent, func(ctx context.Context, t *asynq.Task) error {
		p, _ := payloadFrom(ctx)
		return b.Process(ctx, p.ID)
	})
	mux.HandleFunc(TypeTenantPurge, func(ctx context.Context, t *asynq.Task) error {
		p, _ := payloadFrom(ctx)
		return b.Purge(ctx, p.TenantID)
	})
}

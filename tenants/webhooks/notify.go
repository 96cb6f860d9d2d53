package webhooks

import (
	"context"
	"fmt"
	"time"

	"kefu/ent"
	"kefu/ent/user"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// notifyDisabled tells every active user who may manage webhooks that an
// endpoint was turned off, in the transaction that turned it off.
func (s *Service) notifyDisabled(ctx context.Context, tx *ent.Client, ep *ent.WebhookEndpoint, reason string, at time.Time) error {
	if s.az == nil {
		return nil
	}
	users, err := tx.User.Query().Where(user.StatusEQ(user.StatusActive)).IDs(ctx)
	if err != nil {
		return fmt.Errorf("find webhook managers: %w", err)
	}
	for _, u := range users {
		if !s.az.Can(ep.TenantID, u, authz.WebhooksWrite) {
			continue
		}
		err := tx.Notification.Create().SetUserID(u).SetKind("webhook_disabled").
			SetTitle("Webhook 端点已停用 / Webhook endpoint disabled").
			SetBody(fmt.Sprintf("%s\n%s", ep.URL, reason)).
			SetDedupeKey(fmt.Sprintf("whoff:%s:%d:%s", ep.ID, at.Unix(), u)).SetCreatedAt(at).
			Exec(tenancy.Quiet(ctx))
		if err != nil {
			return fmt.Errorf("notify %s of disabled webhook: %w", u, err)
		}
	}
	return nil
}

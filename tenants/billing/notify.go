package billing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kefu/ent"
	"kefu/ent/notification"
	enttenant "kefu/ent/tenant"
	"kefu/ent/user"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// notifyBillingAdmins puts a message in the inbox of every active user who
// may manage billing (directors, administrators). dedupe makes a job that
// runs twice notify once.
func (s *Service) notifyBillingAdmins(ctx context.Context, c *ent.Client, tenantID, kind, dedupe, title, body string) error {
	tctx := tenancy.System(tenancy.WithTenant(ctx, tenantID))
	users, err := c.User.Query().Where(user.TenantID(tenantID), user.StatusEQ(user.StatusActive)).IDs(tctx)
	if err != nil {
		return fmt.Errorf("find billing admins of %s: %w", tenantID, err)
	}
	for _, u := range users {
		if s.az != nil && !s.az.Can(tenantID, u, authz.BillingWrite) {
			continue
		}
		err := c.Notification.Create().SetTenantID(tenantID).SetUserID(u).SetKind(kind).SetTitle(title).SetBody(body).
			SetDedupeKey(dedupe+":"+u).SetCreatedAt(s.now().UTC()).
			OnConflictColumns(notification.FieldTenantID, notification.FieldDedupeKey).DoNothing().
			Exec(tenancy.Quiet(tctx))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("notify %s: %w", u, err)
		}
	}
	return nil
}

// notifyStatus tells the billing admins the tenant fell behind on payment
// or lost write access; returning to good standing needs no message.
func (s *Service) notifyStatus(ctx context.Context, c *ent.Client, t *ent.Tenant) error {
	var title, body string
	switch t.Status {
	case enttenant.StatusPastDue:
		title = "付款失败，请更新付款方式 / Payment failed: update your payment method"
		body = fmt.Sprintf("宽限期 %s 后系统将转为只读。/ After a grace period of %s the organization becomes read-only.",
			s.cfg.GracePeriod, s.cfg.GracePeriod)
	case enttenant.StatusSuspended:
		title = "订阅欠费，系统已转为只读 / Subscription unpaid: the organization is read-only"
		body = "付款后即可恢复写入。/ Pay to write again."
	case enttenant.StatusCanceled:
		title = "订阅已取消 / Subscription canceled"
		body = fmt.Sprintf("数据保留 %s 后将导出并删除。/ Data are kept for %s, then exported and deleted.",
			s.cfg.Retention, s.cfg.Retention)
	default:
		return nil
	}
	return s.notifyBillingAdmins(ctx, c, t.ID, "billing_"+string(t.Status),
		fmt.Sprintf("billing:%s:%d", t.Status, s.now().Unix()), title, body)
}

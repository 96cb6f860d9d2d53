package billing

import (
	"context"
	"fmt"
	"log/slog"

	"kefu/ent"
	"kefu/ent/user"
	"kefu/fault"
	"kefu/tenants/tenancy"
)

// seatStatuses are the users that hold a seat: those who can sign in and
// those invited to (an invitation accepted later must still fit).
var seatStatuses = []user.Status{user.StatusActive, user.StatusInvited}

// CheckSeat runs inside the transaction that adds a seat (a new, invited or
// reactivated user) and refuses it past the plan's seats. The tenant row
// is locked first, so two concurrent invitations cannot both take the
// last seat.
func (s *Service) CheckSeat(ctx context.Context, tx *ent.Client) error {
	tid := tenancy.TenantID(ctx)
	t, err := tx.Tenant.Get(tenancy.System(ctx), tid)
	if err != nil {
		return fmt.Errorf("check seats of %s: %w", tid, err)
	}
	p := s.PlanOf(t.Plan)
	if p.Seats == 0 {
		return nil
	}
	if _, err := lockTenant(ctx, tx, tid); err != nil {
		return err
	}
	used, err := tx.User.Query().Where(user.TenantID(tid), user.StatusIn(seatStatuses...)).Count(tenancy.System(ctx))
	if err != nil {
		return fmt.Errorf("count seats of %s: %w", tid, err)
	}
	if used >= p.Seats {
		return fault.PaymentRequiredf("all %d seats of the %s plan are taken (active and invited staff): upgrade the plan or deactivate someone first", p.Seats, p.Name)
	}
	return nil
}

// TicketAllowance is the monthly ticket allowance of a tenant on plan
// (0: unlimited), for the ticket counter.
func (s *Service) TicketAllowance(plan string) int { return s.PlanOf(plan).TicketsPerMonth }

// warnAt is the count at which a monthly allowance earns a warning.
func (s *Service) warnAt(limit int) int {
	return (limit*s.cfg.WarnAtPercent + 99) / 100
}

// AllowanceUsed is told the month's ticket count after each create (tickets
// calls it after commit); the create that reaches the warning threshold
// tells the billing admins, once per month.
func (s *Service) AllowanceUsed(ctx context.Context, tenantID string, month, used, limit int) {
	if limit <= 0 || used != s.warnAt(limit) {
		return
	}
	err := s.notifyBillingAdmins(ctx, s.db, tenantID, "billing_allowance",
		fmt.Sprintf("allowance:%d:%d", month, s.cfg.WarnAtPercent),
		fmt.Sprintf("本月工单额度已用 %d%% / %d%% of this month's ticket allowance used", s.cfg.WarnAtPercent, s.cfg.WarnAtPercent),
		fmt.Sprintf("%d / %d。达到上限后将无法新建工单，请升级套餐。/ New tickets are refused at the limit: upgrade the plan.", used, limit))
	if err != nil {
		// Best effort: GET /v1/billing carries the same warning.
		slog.WarnContext(ctx, "allowance warning not delivered", "tenant_id", tenantID, "err", err)
	}
}

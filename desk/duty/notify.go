package duty

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"kefu/ent"
	"kefu/ent/notification"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// Notification kinds the duty desk sends.
const (
	KindAbsence       = "duty_absence"
	KindHandoverLate  = "duty_handover_late"
	KindReportDue     = "duty_report_due"
	KindReportMissing = "duty_report_missing"
	KindSwapRequested = "duty_swap_requested"
	KindSwapDecided   = "duty_swap_decided"
)

// notify writes one in-app notification per user through c (the caller's
// transaction); key makes a job that runs twice notify once.
func notify(ctx context.Context, c *ent.Client, users []string, kind, title, body, key string) error {
	for _, u := range users {
		err := c.Notification.Create().SetUserID(u).SetKind(kind).SetTitle(title).SetBody(body).
			SetDedupeKey(fmt.Sprintf("%s:%s", key, u)).
			OnConflictColumns(notification.FieldTenantID, notification.FieldDedupeKey).DoNothing().
			Exec(tenancy.Quiet(ctx))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("notify %s: %w", kind, err)
		}
	}
	return nil
}

// Supervisors are whom a person's duty matters to: the holders of the
// next occupied post up their reporting line, else the head of the unit
// they are on duty in.
func (s *Service) Supervisors(ctx context.Context, userID, unitID string) ([]string, error) {
	chain, err := s.org.Supervisors(ctx, userID)
	if err != nil {
		return nil, err
	}
	if len(chain) > 0 {
		return chain[0].UserIDs, nil
	}
	head, err := s.org.Head(ctx, unitID)
	if err != nil || head == nil {
		return nil, err
	}
	return slices.DeleteFunc(slices.Clone(head.UserIDs), func(id string) bool { return id == userID }), nil
}

// IsSupervisorOf reports whether approver may decide for userID: someone
// up their reporting line, the head of the unit, or a role that sees the
// person (a director sees everyone). Nobody supervises themselves.
func (s *Service) IsSupervisorOf(ctx context.Context, approverID, userID, unitID string) (bool, error) {
	if approverID == userID {
		return false, nil
	}
	chain, err := s.org.Supervisors(ctx, userID)
	if err != nil {
		return false, err
	}
	for _, l := range chain {
		if slices.Contains(l.UserIDs, approverID) {
			return true, nil
		}
	}
	if head, err := s.org.Head(ctx, unitID); err == nil && head != nil && slices.Contains(head.UserIDs, approverID) {
		return true, nil
	}
	vis, err := s.org.VisibilityOf(ctx, approverID)
	if err != nil {
		return false, err
	}
	return vis.All || (vis.Scope != authz.ScopeOwn && vis.Sees(userID)), nil
}

package lifecycle

import (
	"context"
	"fmt"

	"kefu/ent"
	enttenant "kefu/ent/tenant"
	"kefu/fault"
	"kefu/paging"
	"kefu/tenants/tenancy"
)

// ListTenants is the operator's view of every tenant.
func (s *Service) ListTenants(ctx context.Context, status string, pg paging.Page) ([]*ent.Tenant, string, error) {
	sys := tenancy.System(ctx)
	q := s.db.Tenant.Query()
	if status != "" {
		q = q.Where(enttenant.StatusEQ(enttenant.Status(status)))
	}
	if pg.After != "" {
		q = q.Where(enttenant.IDGT(pg.After))
	}
	rows, err := q.Order(enttenant.ByID()).Limit(pg.Limit + 1).All(sys)
	if err != nil {
		return nil, "", fmt.Errorf("list tenants: %w", err)
	}
	rows, next := paging.Trim(rows, pg.Limit, func(t *ent.Tenant) string { return t.ID })
	return rows, next, nil
}

// Suspend blocks every sign-in and request of a tenant (abuse, legal hold).
// Its data stay untouched.
func (s *Service) Suspend(ctx context.Context, tenantID, reason string) (*ent.Tenant, error) {
	sys := tenancy.System(tenancy.WithTenant(ctx, tenantID))
	t, err := s.db.Tenant.Get(sys, tenantID)
	if err != nil {
		return nil, notFound(tenantID, err)
	}
	if t.SuspendedBy != nil && *t.SuspendedBy == enttenant.SuspendedByOperator {
		return nil, fault.Conflictf("tenant %s is already suspended", tenantID)
	}
	t, err = s.db.Tenant.UpdateOne(t).SetStatus(enttenant.StatusSuspended).
		SetSuspendedBy(enttenant.SuspendedByOperator).SetSuspensionReason(reason).Save(sys)
	if err != nil {
		return nil, fmt.Errorf("suspend tenant %s: %w", tenantID, err)
	}
	return t, nil
}

// Resume lifts an operator's suspension.
func (s *Service) Resume(ctx context.Context, tenantID string) (*ent.Tenant, error) {
	sys := tenancy.System(tenancy.WithTenant(ctx, tenantID))
	t, err := s.db.Tenant.Get(sys, tenantID)
	if err != nil {
		return nil, notFound(tenantID, err)
	}
	if t.SuspendedBy == nil || *t.SuspendedBy != enttenant.SuspendedByOperator {
		return nil, fault.Conflictf("tenant %s is not suspended by the operator", tenantID)
	}
	t, err = s.db.Tenant.UpdateOne(t).SetStatus(enttenant.StatusActive).ClearSuspendedBy().ClearSuspensionReason().Save(sys)
	if err != nil {
		return nil, fmt.Errorf("resume tenant %s: %w", tenantID, err)
	}
	return t, nil
}

func notFound(id string, err error) error {
	if ent.IsNotFound(err) {
		return fault.NotFoundf("tenant %s", id)
	}
	return fmt.Errorf("tenant %s: %w", id, err)
}

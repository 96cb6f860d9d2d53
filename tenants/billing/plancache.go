package billing

import (
	"context"
	"sync"
	"time"

	enttenant "kefu/ent/tenant"
	"kefu/tenants/tenancy"
)

// planTTL is how long a process trusts its copy of a tenant's plan for
// per-request decisions (rate limits); a plan change reaches them within it.
const planTTL = 30 * time.Second

type cachedPlan struct {
	plan string
	at   time.Time
}

// planCache remembers each tenant's plan id for planTTL.
type planCache struct{ m sync.Map }

// TenantPlan returns the plan in force for a tenant, read from the database
// at most every planTTL per process; ok is false when the tenant is unknown.
func (s *Service) TenantPlan(ctx context.Context, tenantID string) (Plan, bool) {
	if !s.Enabled() {
		return local, true
	}
	now := time.Now()
	if v, hit := s.plans.m.Load(tenantID); hit {
		if c := v.(cachedPlan); now.Sub(c.at) < planTTL {
			return s.PlanOf(c.plan), true
		}
	}
	id, err := s.db.Tenant.Query().Where(enttenant.ID(tenantID)).Select(enttenant.FieldPlan).String(tenancy.System(ctx))
	if err != nil {
		return Plan{}, false
	}
	s.plans.m.Store(tenantID, cachedPlan{plan: id, at: now})
	return s.PlanOf(id), true
}

// Includes reports whether the tenant's plan has feature f (billing off:
// always). A plan that cannot be read counts as having it: the caller's own
// reads fail if the database does, and a lost read must not refuse a payer.
func (s *Service) Includes(ctx context.Context, tenantID, f string) bool {
	p, ok := s.TenantPlan(ctx, tenantID)
	return !ok || p.Has(f)
}

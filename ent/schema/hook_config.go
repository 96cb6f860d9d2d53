package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"

	"kefu/tenants/tenancy"
)

// bumpConfigVersion adds one to the tenant's config_version after a change
// to an entity ticket creation caches per tenant (SLA policies, calendars).
// It runs through the mutation's client, so inside a transaction the bump
// commits with the change and no reader sees the new version before it.
func bumpConfigVersion() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			cm, ok := m.(clientMutation)
			if !ok {
				return nil, fmt.Errorf("%s: mutation has no client to bump the config version", m.Type())
			}
			tenantID := tenancy.TenantID(ctx)
			if tm, ok := m.(tenantMutation); ok {
				if t, has := tm.TenantID(); has {
					tenantID = t
				}
			}
			// Not an audited change of the tenant: the policy or calendar
			// change is audited itself.
			qctx := tenancy.Quiet(ctx)
			if tenantID == "" {
				// A system-wide change names no tenant: every cache goes.
				err = cm.Client().Tenant.Update().AddConfigVersion(1).Exec(tenancy.System(qctx))
			} else {
				err = cm.Client().Tenant.UpdateOneID(tenantID).AddConfigVersion(1).Exec(qctx)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: bump config version of %s: %w", m.Type(), tenantID, err)
			}
			return v, nil
		})
	}
}

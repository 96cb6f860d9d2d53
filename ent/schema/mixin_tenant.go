package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/entql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	gen "kefu/ent"
	"kefu/ent/privacy"
	"kefu/tenants/tenancy"
)

// TenantMixin makes an entity tenant-owned: an immutable tenant_id stamped
// from the context on create, and a privacy policy that confines every
// query and mutation to the viewer's tenant. Every tenant-owned entity must
// use it (a test walks the schemas).
type TenantMixin struct{ mixin.Schema }

func (TenantMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("tenant_id").MaxLen(40).NotEmpty().Immutable(),
	}
}

func (TenantMixin) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("tenant", Tenant.Type).Field("tenant_id").Unique().Required().Immutable(),
	}
}

func (TenantMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{allowSystem(), filterTenant()},
		Mutation: privacy.MutationPolicy{allowSystem(), filterTenant()},
	}
}

func (TenantMixin) Hooks() []ent.Hook {
	return []ent.Hook{stampTenant(), auditHook()}
}

// allowSystem lets the explicit system context through unfiltered.
func allowSystem() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if v, ok := tenancy.FromContext(ctx); ok && v.IsSystem() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// tenantFilter is implemented by the generated entql filters of every
// entity that has a tenant_id field.
type tenantFilter interface {
	WhereTenantID(entql.StringP)
}

// filterTenant adds tenant_id = viewer's tenant to the query or mutation,
// and denies outright when the context names no tenant.
func filterTenant() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		tid := tenancy.TenantID(ctx)
		if tid == "" {
			return privacy.Denyf("no tenant in context")
		}
		tf, ok := f.(tenantFilter)
		if !ok {
			return privacy.Denyf("unexpected filter type %T", f)
		}
		tf.WhereTenantID(entql.StringEQ(tid))
		// Skip, not Allow: an Allow would end evaluation before the
		// entity's own rules (e.g. the append-only audit log) run.
		return privacy.Skip
	})
}

// tenantMutation is implemented by every tenant-owned entity's mutation.
type tenantMutation interface {
	SetTenantID(string)
	TenantID() (string, bool)
}

// stampTenant sets tenant_id on create from the context; only the system
// context may create rows in a tenant it names explicitly.
func stampTenant() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate) {
				return next.Mutate(ctx, m)
			}
			tm, ok := m.(tenantMutation)
			if !ok {
				return nil, fmt.Errorf("%s: mutation lacks tenant_id", m.Type())
			}
			v, _ := tenancy.FromContext(ctx)
			set, has := tm.TenantID()
			switch {
			case v.TenantID != "" && (!has || !v.IsSystem()):
				if has && set != v.TenantID {
					return nil, fmt.Errorf("%s: create in tenant %s from tenant %s: %w", m.Type(), set, v.TenantID, privacy.Deny)
				}
				tm.SetTenantID(v.TenantID)
			case has && v.IsSystem():
				// system context naming its tenant explicitly
			default:
				return nil, fmt.Errorf("%s: create without a tenant: %w", m.Type(), privacy.Deny)
			}
			return next.Mutate(ctx, m)
		})
	}
}

// clientMutation is implemented by every generated mutation; inside a
// transaction Client() is bound to it, so the audit row commits or rolls
// back with the change it describes.
type clientMutation interface {
	Client() *gen.Client
}

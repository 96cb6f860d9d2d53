package schema

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/entql"
	"entgo.io/ent/schema/field"

	"kefu/ent/privacy"
	"kefu/tenants/tenancy"
)

// Tenant is one subscribing organization. It is a platform entity: a
// tenant's viewer sees only its own row; creating tenants is for signup
// (system context) alone.
type Tenant struct{ ent.Schema }

func (Tenant) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "ten"}, TimeMixin{}}
}

func (Tenant) Fields() []ent.Field {
	return []ent.Field{
		field.String("slug").MaxLen(63).NotEmpty().Unique().Immutable(),
		field.String("name").MaxLen(200).NotEmpty(),
		field.Enum("industry").Values("property", "insurance", "hospital", "bank", "ecommerce", "generic"),
		field.String("plan").MaxLen(40).Default("local"),
		field.Enum("status").Values("trialing", "active", "past_due", "suspended", "canceled").Default("active"),
		// suspended_by tells an operator's suspension (no access at all)
		// from a billing one (read-only).
		field.Enum("suspended_by").Values("operator", "billing").Optional().Nillable(),
		field.String("suspension_reason").MaxLen(500).Optional(),
		field.String("timezone").MaxLen(64).Default("Asia/Shanghai"),
		field.Enum("locale").Values("zh-CN", "en").Default("zh-CN"),
		// config_version counts changes to the tenant's SLA policies and
		// calendars, so processes may cache them and still see a change at once.
		field.Int64("config_version").Default(0),
		// Billing (#7): the Stripe objects this tenant pays through and the
		// subscription state last applied from them.
		field.String("stripe_customer_id").MaxLen(255).Optional().Nillable(),
		field.String("stripe_subscription_id").MaxLen(255).Optional().Nillable(),
		field.Time("trial_ends_at").Optional().Nillable(),
		field.Time("current_period_end").Optional().Nillable(),
		field.Time("past_due_since").Optional().Nillable(),
		field.Time("canceled_at").Optional().Nillable(),
		// billing_state_at is the Stripe time of the state applied last, so an
		// older event arriving late changes nothing.
		field.Time("billing_state_at").Optional().Nillable(),
	}
}

func (Tenant) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{allowSystem(), filterOwnTenant()},
		Mutation: privacy.MutationPolicy{
			allowSystem(),
			privacy.OnMutationOperation(privacy.AlwaysDenyRule(), ent.OpCreate),
			filterOwnTenant(),
		},
	}
}

func (Tenant) Hooks() []ent.Hook { return []ent.Hook{auditHook()} }

// filterOwnTenant confines a tenant's viewer to its own tenant row.
func filterOwnTenant() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		tid := tenancy.TenantID(ctx)
		if tid == "" {
			return privacy.Denyf("no tenant in context")
		}
		idf, ok := f.(interface{ WhereID(entql.StringP) })
		if !ok {
			return privacy.Denyf("unexpected filter type %T", f)
		}
		idf.WhereID(entql.StringEQ(tid))
		return privacy.Skip
	})
}

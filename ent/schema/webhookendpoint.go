package schema

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// WebhookEndpoint is an integrator's receiver: a URL, the event types it
// wants and the secret deliveries are signed with.
type WebhookEndpoint struct{ ent.Schema }

func (WebhookEndpoint) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "whe"}, TenantMixin{}, TimeMixin{}}
}

func (WebhookEndpoint) Fields() []ent.Field {
	return []ent.Field{
		field.String("url").MaxLen(2048).NotEmpty(),
		field.String("description").MaxLen(300).Optional(),
		// events are the subscribed types; "*" subscribes to all.
		field.Strings("events"),
		// secret signs deliveries, so it is kept (not hashed) and never logged.
		field.String("secret").NotEmpty().Sensitive(),
		field.Bool("enabled").Default(true),
		field.Time("disabled_at").Optional().Nillable(),
		field.String("disabled_reason").MaxLen(300).Optional(),
		// failing_since marks the start of an unbroken run of failures; auto-
		// disable looks at how long it has lasted.
		field.Time("failing_since").Optional().Nillable(),
		field.Int("consecutive_failures").Default(0),
		field.String("created_by").MaxLen(40).Optional().Immutable(),
	}
}

// Hooks: ticket writes cache a tenant's subscribed event types by config
// version, so a tenant without endpoints pays nothing per event. Only a
// change of the subscribed set bumps it: failure bookkeeping after every
// delivery attempt must not empty the tenant's SLA policy cache.
func (WebhookEndpoint) Hooks() []ent.Hook {
	return []ent.Hook{onSubscriptionChange(bumpConfigVersion())}
}

// onSubscriptionChange runs h for creates, deletes and changes of events or
// enabled; other updates skip it.
func onSubscriptionChange(h ent.Hook) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		hooked := h(next)
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if m.Op().Is(ent.OpCreate | ent.OpDelete | ent.OpDeleteOne) {
				return hooked.Mutate(ctx, m)
			}
			for _, f := range []string{"events", "enabled"} {
				if _, ok := m.Field(f); ok {
					return hooked.Mutate(ctx, m)
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

func (WebhookEndpoint) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "id")}
}

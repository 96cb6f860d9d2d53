package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// WebhookEvent is an outbound event, written in the same transaction as the
// change it reports; a relay fans it out to deliveries after commit.
type WebhookEvent struct{ ent.Schema }

func (WebhookEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "whv"}, TenantMixin{}}
}

func (WebhookEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("type").MaxLen(60).Immutable(),
		field.JSON("data", map[string]any{}).Immutable(),
		field.Time("occurred_at").Immutable(),
		// dispatched_at is set once deliveries exist for every endpoint.
		field.Time("dispatched_at").Optional().Nillable(),
	}
}

func (WebhookEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("dispatched_at", "occurred_at"),
		index.Fields("tenant_id", "id"),
	}
}

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// WebhookDelivery is one event bound for one endpoint, retried with
// exponential backoff for 24 h.
type WebhookDelivery struct{ ent.Schema }

func (WebhookDelivery) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "whd"}, TenantMixin{}, TimeMixin{}}
}

func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.String("endpoint_id").MaxLen(40).Immutable(),
		field.String("event_id").MaxLen(40).Immutable(),
		field.String("event_type").MaxLen(60).Immutable(),
		field.Enum("status").Values("pending", "succeeded", "failed").Default("pending"),
		field.Int("attempts").Default(0),
		field.Time("next_attempt_at").Optional().Nillable(),
		field.Int("last_status_code").Optional(),
		field.Int("last_latency_ms").Optional(),
		field.String("last_error").MaxLen(500).Optional(),
		field.Time("delivered_at").Optional().Nillable(),
	}
}

func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("endpoint_id", "event_id").Unique(),
		index.Fields("tenant_id", "endpoint_id", "id"),
		index.Fields("status", "next_attempt_at"),
	}
}

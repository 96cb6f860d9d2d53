package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// WebhookAttempt is one POST of a delivery: the delivery log.
type WebhookAttempt struct{ ent.Schema }

func (WebhookAttempt) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "wha"}, TenantMixin{}}
}

func (WebhookAttempt) Fields() []ent.Field {
	return []ent.Field{
		field.String("delivery_id").MaxLen(40).Immutable(),
		field.Time("at").Immutable(),
		// status_code is 0 when no HTTP answer came (refused, timeout).
		field.Int("status_code").Immutable(),
		field.Int("latency_ms").Immutable(),
		field.String("error").MaxLen(500).Optional().Immutable(),
		// response is the first bytes of the receiver's answer.
		field.String("response").MaxLen(1000).Optional().Immutable(),
		// manual marks a redelivery a person asked for.
		field.Bool("manual").Default(false).Immutable(),
	}
}

func (WebhookAttempt) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "delivery_id", "at")}
}

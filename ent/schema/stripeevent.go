package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// StripeEvent is a verified Stripe webhook, stored before it is processed
// so the endpoint answers fast and each event id takes effect once.
type StripeEvent struct{ ent.Schema }

func (StripeEvent) Fields() []ent.Field {
	return []ent.Field{
		// id is Stripe's event id (evt_…).
		field.String("id").MaxLen(255).NotEmpty().Immutable(),
		field.String("type").MaxLen(100).Immutable(),
		// created is Stripe's event time, used to ignore stale state.
		field.Time("created").Immutable(),
		field.Bytes("payload").Immutable(),
		field.Enum("status").Values("pending", "processed", "ignored", "failed").Default("pending"),
		field.String("tenant_id").MaxLen(40).Optional(),
		field.String("error").MaxLen(500).Optional(),
		field.Time("received_at").Default(now).Immutable(),
		field.Time("processed_at").Optional().Nillable(),
	}
}

func (StripeEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "received_at")}
}

func (StripeEvent) Policy() ent.Policy { return systemOnly() }

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// TicketEvent is one line of a ticket's timeline.
type TicketEvent struct{ ent.Schema }

func (TicketEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "evt"}, TenantMixin{}}
}

func (TicketEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("ticket_id").MaxLen(40).Immutable(),
		field.String("type").MaxLen(40).Immutable(),
		field.Time("at").Immutable(),
		field.String("actor_id").MaxLen(40).Optional().Immutable(),
		field.JSON("data", map[string]any{}).Optional().Immutable(),
	}
}

func (TicketEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "ticket_id", "id")}
}

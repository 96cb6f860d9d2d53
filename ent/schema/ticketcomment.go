package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// TicketComment is a public reply to the customer or an internal note.
type TicketComment struct{ ent.Schema }

func (TicketComment) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "cmt"}, TenantMixin{}, TimeMixin{}}
}

func (TicketComment) Fields() []ent.Field {
	return []ent.Field{
		field.String("ticket_id").MaxLen(40).Immutable(),
		field.String("author_id").MaxLen(40).Optional().Immutable(),
		field.Text("body").NotEmpty(),
		field.Bool("public").Default(false).Immutable(),
	}
}

func (TicketComment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "ticket_id", "id")}
}

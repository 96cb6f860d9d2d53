package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Escalation records one step up the ladder; (ticket, level) is unique so
// a job that runs twice escalates once.
type Escalation struct{ ent.Schema }

func (Escalation) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "esc"}, TenantMixin{}}
}

func (Escalation) Fields() []ent.Field {
	return []ent.Field{
		field.String("ticket_id").MaxLen(40).Immutable(),
		field.Int("level").Immutable(),
		field.String("reason").MaxLen(40).Immutable(),
		field.Strings("to_user_ids").Optional().Immutable(),
		field.String("to_position_id").MaxLen(40).Optional().Immutable(),
		field.Time("at").Immutable(),
	}
}

func (Escalation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "ticket_id", "level").Unique()}
}

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CallbackAttempt is one call: its outcome, notes and the script answers.
type CallbackAttempt struct{ ent.Schema }

func (CallbackAttempt) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "cba"}, TenantMixin{}}
}

func (CallbackAttempt) Fields() []ent.Field {
	return []ent.Field{
		field.String("callback_id").MaxLen(40).Immutable(),
		field.Time("at").Immutable(),
		field.String("actor_id").MaxLen(40).Optional().Immutable(),
		field.Enum("outcome").Values("satisfied", "neutral", "unsatisfied", "unreachable").Immutable(),
		field.Text("note").Optional().Immutable(),
		field.JSON("answers", map[string]any{}).Optional().Immutable(),
	}
}

func (CallbackAttempt) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "callback_id", "id")}
}

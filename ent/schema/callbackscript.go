package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kefu/ent/types"
)

// CallbackScript is what callback staff say (回访用语): the opening, the
// questions, and the closings for a satisfied or unsatisfied customer.
type CallbackScript struct{ ent.Schema }

func (CallbackScript) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "scr"}, TenantMixin{}, TimeMixin{}}
}

func (CallbackScript) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(100).NotEmpty(),
		field.Text("opening"),
		field.JSON("questions", []types.ScriptQuestion{}).Optional(),
		field.Text("closing_satisfied"),
		field.Text("closing_unsatisfied"),
		field.Bool("is_default").Default(false),
	}
}

func (CallbackScript) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "name").Unique()}
}

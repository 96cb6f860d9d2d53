package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kefu/ent/types"
)

// Calendar is a business calendar: weekly hours, holidays and make-up
// workdays in one time zone. SLA clocks run on it.
type Calendar struct{ ent.Schema }

func (Calendar) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "cal"}, TenantMixin{}, TimeMixin{}}
}

func (Calendar) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(100).NotEmpty(),
		field.String("timezone").MaxLen(64).Default("Asia/Shanghai"),
		field.Bool("always_open").Default(false),
		field.Bool("is_default").Default(false),
		field.JSON("hours", []types.Span{}).Optional(),
		field.JSON("holidays", []types.Holiday{}).Optional(),
		field.JSON("workdays", []types.Workday{}).Optional(),
	}
}

// Hooks: ticket creation caches these per tenant by config version.
func (Calendar) Hooks() []ent.Hook { return []ent.Hook{bumpConfigVersion()} }

func (Calendar) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "name").Unique()}
}

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Category classifies tickets in a tenant-defined tree (e.g. 报修 → 水电).
type Category struct{ ent.Schema }

func (Category) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "cat"}, TenantMixin{}, TimeMixin{}}
}

func (Category) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(100).NotEmpty(),
		field.String("name_en").MaxLen(100).Optional(),
		field.String("parent_id").MaxLen(40).Optional().Nillable(),
		field.Int("sort").Default(0),
	}
}

func (Category) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "parent_id")}
}

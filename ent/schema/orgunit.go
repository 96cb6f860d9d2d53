package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// OrgUnit is a node of the org chart (机构设置): company, center,
// department, group or team.
type OrgUnit struct{ ent.Schema }

func (OrgUnit) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "unt"}, TenantMixin{}, TimeMixin{}}
}

func (OrgUnit) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(100).NotEmpty(),
		field.String("name_en").MaxLen(100).Optional(),
		field.Enum("kind").Values("company", "center", "department", "group", "team"),
		field.String("parent_id").MaxLen(40).Optional().Nillable(),
		field.Int("sort").Default(0),
	}
}

func (OrgUnit) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", OrgUnit.Type).From("parent").Field("parent_id").Unique(),
		edge.From("positions", Position.Type).Ref("unit"),
	}
}

func (OrgUnit) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "parent_id")}
}

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Position is a post (岗位) in a unit with a headcount quota (编制); it
// reports to another position (直接上级) and gives its holders a role.
type Position struct{ ent.Schema }

func (Position) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "pos"}, TenantMixin{}, TimeMixin{}}
}

func (Position) Fields() []ent.Field {
	return []ent.Field{
		field.String("unit_id").MaxLen(40).NotEmpty(),
		field.String("title").MaxLen(100).NotEmpty(),
		field.String("title_en").MaxLen(100).Optional(),
		field.String("code").MaxLen(40).Optional(),
		field.String("grade").MaxLen(20).Optional(),
		field.Int("headcount").Min(0).Default(1),
		field.String("reports_to_id").MaxLen(40).Optional().Nillable(),
		field.String("role").MaxLen(64).Default("agent"),
		// is_head marks the unit's head (主任/经理/组长): escalations to
		// "the head of a unit" go to its holders.
		field.Bool("is_head").Default(false),
		field.Text("duties").Optional(),
		field.Text("requirements").Optional(),
		field.Int("sort").Default(0),
	}
}

func (Position) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("unit", OrgUnit.Type).Field("unit_id").Unique().Required(),
		edge.To("subordinates", Position.Type).From("reports_to").Field("reports_to_id").Unique(),
		edge.From("assignments", Assignment.Type).Ref("position"),
	}
}

func (Position) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "unit_id"), index.Fields("tenant_id", "reports_to_id")}
}

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// GradeProposal is the quarterly review's proposal to move someone one
// level up or down (能上能下), from the quarter's three monthly scores; a
// manager confirms or rejects it. One per person and quarter.
type GradeProposal struct{ ent.Schema }

func (GradeProposal) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "grp"}, TenantMixin{}, TimeMixin{}}
}

func (GradeProposal) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").MaxLen(40).Immutable(),
		field.String("quarter").MaxLen(7).Immutable(), // 2026-Q4
		field.String("from_level_id").MaxLen(40).Immutable(),
		field.String("to_level_id").MaxLen(40).Immutable(),
		field.Enum("direction").Values("promote", "demote").Immutable(),
		field.Float("average").Immutable(),
		field.JSON("scores", map[string]float64{}).Immutable(), // month → total
		field.Enum("status").Values("proposed", "confirmed", "rejected").Default("proposed"),
		field.String("decided_by").MaxLen(40).Optional(),
		field.String("reason").MaxLen(2000).Optional(),
		field.Time("decided_at").Optional().Nillable(),
	}
}

func (GradeProposal) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "user_id", "quarter").Unique(),
		index.Fields("tenant_id", "status", "id"),
	}
}

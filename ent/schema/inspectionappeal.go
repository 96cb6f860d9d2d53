package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// InspectionAppeal is an agent's appeal against an inspection score (申诉):
// one per inspection, decided by a supervisor on the agent's reporting line.
type InspectionAppeal struct{ ent.Schema }

func (InspectionAppeal) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "iap"}, TenantMixin{}, TimeMixin{}}
}

func (InspectionAppeal) Fields() []ent.Field {
	return []ent.Field{
		field.String("inspection_id").MaxLen(40).Immutable(),
		field.String("agent_id").MaxLen(40).Immutable(),
		field.String("reason").MaxLen(4000).NotEmpty().Immutable(),
		field.Float("original_score").Immutable(),
		field.Enum("status").Values("pending", "upheld", "adjusted").Default("pending"),
		field.Float("adjusted_score").Optional().Nillable(),
		field.String("decided_by").MaxLen(40).Optional(),
		field.String("decision_reason").MaxLen(4000).Optional(),
		field.Time("decided_at").Optional().Nillable(),
	}
}

func (InspectionAppeal) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "inspection_id").Unique()}
}

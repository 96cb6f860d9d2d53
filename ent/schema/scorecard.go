package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kefu/ent/types"
)

// Scorecard is a tenant's quality inspection form (质检评分表): weighted
// criteria and critical items. The default one is used by the weekly
// sampling, which picks SamplesPerWeek tickets per agent, plus
// ExtraSamples for agents whose recent average is under TargetScore.
type Scorecard struct{ ent.Schema }

func (Scorecard) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "scd"}, TenantMixin{}, TimeMixin{}}
}

func (Scorecard) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(100).NotEmpty(),
		field.String("description").MaxLen(2000).Optional(),
		field.JSON("criteria", []types.Criterion{}),
		field.Bool("is_default").Default(false),
		field.Int("samples_per_week").Default(2),
		field.Int("extra_samples").Default(2),
		field.Float("target_score").Default(80),
	}
}

func (Scorecard) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "name").Unique()}
}

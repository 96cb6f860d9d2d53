package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// PerformanceRun records that a periodic performance job (the weekly QA
// sampling, the quarterly grade review) ran for a tenant and period; the
// unique key makes a job that runs twice do its work once.
type PerformanceRun struct{ ent.Schema }

func (PerformanceRun) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "prn"}, TenantMixin{}}
}

func (PerformanceRun) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("qa_sample", "grade_review").Immutable(),
		field.String("period").MaxLen(16).Immutable(),
		field.Int("count").Default(0),
		field.Time("at").Immutable(),
	}
}

func (PerformanceRun) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "kind", "period").Unique()}
}

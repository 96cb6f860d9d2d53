package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// PerformancePlan is how a tenant weighs the monthly score sheet (奖罚评分表):
// the weight of each KPI and of the QA average in the base score, and the
// complaint rate that scores zero. One per tenant; absent means defaults.
type PerformancePlan struct{ ent.Schema }

func (PerformancePlan) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "ppl"}, TenantMixin{}, TimeMixin{}}
}

func (PerformancePlan) Fields() []ent.Field {
	return []ent.Field{
		field.JSON("weights", map[string]float64{}),
		field.Float("complaint_ceiling").Default(0.05),
	}
}

func (PerformancePlan) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id").Unique().StorageKey("performanceplan_one_per_tenant")}
}

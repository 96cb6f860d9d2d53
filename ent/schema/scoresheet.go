package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ScoreSheet is an agent's monthly reward/penalty score sheet (奖罚评分表):
// the KPIs and QA average of the month weighed into a base score, plus
// manual reward and penalty items. draft → submitted (supervisor) →
// approved (manager) → locked; a locked sheet never changes, corrections
// are adjustment items.
type ScoreSheet struct{ ent.Schema }

func (ScoreSheet) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "sht"}, TenantMixin{}, TimeMixin{}}
}

func (ScoreSheet) Fields() []ent.Field {
	return []ent.Field{
		field.String("agent_id").MaxLen(40).Immutable(),
		field.String("month").MaxLen(7).Immutable(), // YYYY-MM in the tenant's zone
		field.Enum("status").Values("draft", "submitted", "approved", "locked").Default("draft"),
		// kpis are the month's figures as computed when the sheet was last
		// refreshed; scores are each weighed metric on 0–100.
		field.JSON("kpis", map[string]float64{}).Optional(),
		field.JSON("scores", map[string]float64{}).Optional(),
		field.JSON("weights", map[string]float64{}).Optional(),
		field.Float("qa_average").Optional().Nillable(),
		field.Int("qa_count").Default(0),
		field.Float("base_score").Default(0),
		field.Float("items_total").Default(0),
		field.Float("total").Default(0),
		field.String("comment").MaxLen(4000).Optional(),
		field.String("submitted_by").MaxLen(40).Optional(),
		field.Time("submitted_at").Optional().Nillable(),
		field.String("approved_by").MaxLen(40).Optional(),
		field.Time("approved_at").Optional().Nillable(),
		field.String("locked_by").MaxLen(40).Optional(),
		field.Time("locked_at").Optional().Nillable(),
		field.String("returned_reason").MaxLen(2000).Optional(),
	}
}

func (ScoreSheet) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "agent_id", "month").Unique(),
		index.Fields("tenant_id", "month", "status"),
	}
}

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kefu/ent/types"
)

// Inspection is one ticket picked for quality inspection (质检) and, once
// scored, its marks. A ticket is inspected at most once, so a sampling job
// that runs twice picks nothing new.
type Inspection struct{ ent.Schema }

func (Inspection) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "ins"}, TenantMixin{}, TimeMixin{}}
}

func (Inspection) Fields() []ent.Field {
	return []ent.Field{
		field.String("scorecard_id").MaxLen(40),
		field.String("ticket_id").MaxLen(40).Immutable(),
		field.String("agent_id").MaxLen(40).Immutable(),
		field.String("inspector_id").MaxLen(40).Optional().Nillable(),
		// period is the sampled week ("2026-W47"), or "manual".
		field.String("period").MaxLen(16).Immutable(),
		field.Enum("source").Values("sample", "manual").Immutable(),
		field.Enum("status").Values("pending", "scored", "appealed", "decided").Default("pending"),
		field.JSON("marks", []types.Mark{}).Optional(),
		field.Float("score").Optional().Nillable(),
		field.Bool("critical_failed").Default(false),
		field.String("comment").MaxLen(4000).Optional(),
		field.String("scored_by").MaxLen(40).Optional(),
		field.Time("scored_at").Optional().Nillable(),
		// final_score is what counts: the score, or the one an appeal set.
		field.Float("final_score").Optional().Nillable(),
	}
}

func (Inspection) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "ticket_id").Unique(),
		index.Fields("tenant_id", "agent_id", "scored_at"),
		index.Fields("tenant_id", "status", "id"),
	}
}

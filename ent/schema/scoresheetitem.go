package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ScoreSheetItem is a manual line on a score sheet: a reward or penalty
// (奖/罚) with its reason and points, or an adjustment added after the
// sheet was locked. Items are never edited, only added or (while the sheet
// is a draft) removed.
type ScoreSheetItem struct{ ent.Schema }

func (ScoreSheetItem) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "shi"}, TenantMixin{}}
}

func (ScoreSheetItem) Fields() []ent.Field {
	return []ent.Field{
		field.String("sheet_id").MaxLen(40).Immutable(),
		field.Enum("kind").Values("reward", "penalty", "adjustment").Immutable(),
		field.String("reason").MaxLen(1000).NotEmpty().Immutable(),
		field.Float("points").Immutable(),
		field.String("created_by").MaxLen(40).Immutable(),
		// approver_id is the manager who approved the sheet holding the
		// item, or who added an adjustment.
		field.String("approver_id").MaxLen(40).Optional(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

func (ScoreSheetItem) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "sheet_id")}
}

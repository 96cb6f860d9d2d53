package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// StaffGrade is the grade a person holds now; without a row they hold the
// ladder's lowest level.
type StaffGrade struct{ ent.Schema }

func (StaffGrade) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "stg"}, TenantMixin{}, TimeMixin{}}
}

func (StaffGrade) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").MaxLen(40).Immutable(),
		field.String("level_id").MaxLen(40),
		field.Time("since"),
	}
}

func (StaffGrade) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "user_id").Unique()}
}

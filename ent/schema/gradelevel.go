package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// GradeLevel is one rung of a tenant's grade ladder (见习, 四级 … 一级, 高级):
// rank 0 is the lowest. A quarterly average of PromoteAt or more proposes
// moving up to this level; under KeepAt, someone holding it moves down.
type GradeLevel struct{ ent.Schema }

func (GradeLevel) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "grl"}, TenantMixin{}, TimeMixin{}}
}

func (GradeLevel) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(40).NotEmpty(),
		field.String("name_en").MaxLen(40).Optional(),
		field.Int("rank"),
		field.Float("promote_at"),
		field.Float("keep_at"),
	}
}

func (GradeLevel) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "rank").Unique()}
}

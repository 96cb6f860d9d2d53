package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// Operator is a platform operator: runs the service, belongs to no tenant.
type Operator struct{ ent.Schema }

func (Operator) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "opr"}, TimeMixin{}}
}

func (Operator) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").MaxLen(254).NotEmpty().Unique(),
		field.String("name").MaxLen(100).NotEmpty(),
		field.String("password_hash").Sensitive(),
	}
}

func (Operator) Policy() ent.Policy { return systemOnly() }

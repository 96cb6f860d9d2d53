package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Role is a tenant's custom role. It inherits a built-in (or another custom)
// role and may add permissions; built-in roles themselves live in code.
type Role struct{ ent.Schema }

func (Role) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "rol"}, TenantMixin{}, TimeMixin{}}
}

func (Role) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(64).NotEmpty().Immutable(),
		field.String("label").MaxLen(100).Optional(),
		field.String("label_en").MaxLen(100).Optional(),
		field.String("description").MaxLen(500).Optional(),
		field.String("parent").MaxLen(64).NotEmpty(),
		field.Strings("permissions").Optional(),
		// scope is the rows the role sees: own, group, department or all;
		// empty inherits the parent's.
		field.Enum("scope").Values("own", "group", "department", "all").Optional().Nillable(),
	}
}

func (Role) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "name").Unique()}
}

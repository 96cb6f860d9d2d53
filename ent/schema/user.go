package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// User is a staff member of a tenant (agents, supervisors, admins…).
type User struct{ ent.Schema }

func (User) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "usr"}, TenantMixin{}, TimeMixin{}}
}

func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").MaxLen(254).NotEmpty(),
		field.String("name").MaxLen(100).NotEmpty(),
		field.String("phone").MaxLen(32).Optional(),
		field.String("password_hash").Optional().Sensitive(),
		field.Enum("status").Values("active", "invited", "deactivated").Default("active"),
		// roles are granted directly; positions in the org chart add theirs.
		field.Strings("roles").Optional(),
		field.Enum("locale").Values("zh-CN", "en").Optional().Nillable(),
		field.String("invite_token_hash").Optional().Nillable().Sensitive(),
		field.Time("invite_expires_at").Optional().Nillable(),
		field.Time("last_login_at").Optional().Nillable(),
	}
}

func (User) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "email").Unique(),
		index.Fields("invite_token_hash").Unique(),
	}
}

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// APIKey lets an integrator's system call the API with a role of its own.
// The secret is shown once; only its HMAC-SHA256 under a server-side pepper
// is stored, found before any tenant is known (system context).
type APIKey struct{ ent.Schema }

func (APIKey) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "key"}, TenantMixin{}, TimeMixin{}}
}

func (APIKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(100).NotEmpty(),
		field.Enum("mode").Values("live", "test").Immutable(),
		field.String("secret_hash").NotEmpty().Unique().Immutable().Sensitive(),
		// hint is the key's last characters, so a person can tell keys apart.
		field.String("hint").MaxLen(16).Immutable(),
		field.String("role_id").MaxLen(40).NotEmpty(),
		field.String("created_by").MaxLen(40).Optional().Immutable(),
		field.Time("expires_at").Optional().Nillable(),
		field.Time("last_used_at").Optional().Nillable(),
		field.String("last_used_ip").MaxLen(64).Optional(),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

func (APIKey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "id")}
}

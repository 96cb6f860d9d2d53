package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Session is a console login. It is found by its token before any tenant is
// known, so it is a platform entity read only in the system context. The
// token itself is never stored, only its SHA-256.
type Session struct{ ent.Schema }

func (Session) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "ses"}}
}

func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").NotEmpty().Unique().Immutable().Sensitive(),
		field.String("tenant_id").MaxLen(40).Optional().Immutable(),
		field.String("user_id").MaxLen(40).Optional().Immutable(),
		field.String("operator_id").MaxLen(40).Optional().Immutable(),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("expires_at"),
		field.Time("last_seen_at").Default(now),
	}
}

func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id"), index.Fields("expires_at")}
}

func (Session) Policy() ent.Policy { return systemOnly() }

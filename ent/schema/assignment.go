package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Assignment puts a user on a position: their primary post, a concurrent
// one (兼任) or an acting one (代理). Ending it keeps the row as history.
type Assignment struct{ ent.Schema }

func (Assignment) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "asg"}, TenantMixin{}, TimeMixin{}}
}

func (Assignment) Fields() []ent.Field {
	return []ent.Field{
		field.String("position_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("user_id").MaxLen(40).NotEmpty().Immutable(),
		field.Enum("kind").Values("primary", "concurrent", "acting").Default("primary"),
		field.Time("starts_on").Optional().Nillable(),
		field.Time("ends_on").Optional().Nillable(),
		// over_quota flags an assignment allowed past the headcount.
		field.Bool("over_quota").Default(false),
		field.Time("ended_at").Optional().Nillable(),
	}
}

func (Assignment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("position", Position.Type).Field("position_id").Unique().Required().Immutable(),
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable(),
	}
}

func (Assignment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "user_id", "ended_at"),
		index.Fields("tenant_id", "position_id", "ended_at"),
	}
}

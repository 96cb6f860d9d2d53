package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Notification is an in-app message to one user (escalations, warnings).
type Notification struct{ ent.Schema }

func (Notification) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "ntf"}, TenantMixin{}}
}

func (Notification) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").MaxLen(40).Immutable(),
		field.String("kind").MaxLen(40).Immutable(),
		field.String("title").MaxLen(300),
		field.Text("body").Optional(),
		field.String("ticket_id").MaxLen(40).Optional().Immutable(),
		// dedupe_key makes a job that runs twice notify once.
		field.String("dedupe_key").MaxLen(160).Immutable(),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("read_at").Optional().Nillable(),
	}
}

func (Notification) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "user_id", "id"),
		index.Fields("tenant_id", "dedupe_key").Unique(),
	}
}

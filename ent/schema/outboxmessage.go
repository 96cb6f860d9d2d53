package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// OutboxMessage is an email (welcome, invite…) written in the same
// transaction as the change that caused it and delivered by a job.
type OutboxMessage struct{ ent.Schema }

func (OutboxMessage) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "msg"}, TenantMixin{}, TimeMixin{}}
}

func (OutboxMessage) Fields() []ent.Field {
	return []ent.Field{
		field.String("kind").MaxLen(40),
		// dedupe_key makes each effect happen once per tenant.
		field.String("dedupe_key").MaxLen(128).Immutable(),
		field.String("recipient").MaxLen(254),
		field.String("subject").MaxLen(300),
		field.Text("body"),
		field.Enum("status").Values("pending", "sent", "failed").Default("pending"),
		field.Int("attempts").Default(0),
		field.String("last_error").MaxLen(500).Optional(),
		field.Time("sent_at").Optional().Nillable(),
	}
}

func (OutboxMessage) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "dedupe_key").Unique(),
		index.Fields("status", "created_at"),
	}
}

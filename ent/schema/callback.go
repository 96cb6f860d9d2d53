package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Callback is the call back to the customer (回访) after a ticket is resolved.
type Callback struct{ ent.Schema }

func (Callback) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "cbk"}, TenantMixin{}, TimeMixin{}}
}

func (Callback) Fields() []ent.Field {
	return []ent.Field{
		field.String("ticket_id").MaxLen(40).Immutable(),
		field.String("customer_id").MaxLen(40).Optional(),
		field.Enum("status").Values("pending", "done", "unreachable", "waived").Default("pending"),
		field.Time("due_at"),
		field.Time("scheduled_at"),
		field.String("assignee_id").MaxLen(40).Optional().Nillable(),
		field.Int("attempts").Default(0),
		field.Int("max_attempts").Default(3),
		field.Int64("spacing_seconds").Default(7200),
		field.Enum("outcome").Values("satisfied", "neutral", "unsatisfied", "unreachable").Optional().Nillable(),
		// resolver_id is who resolved the ticket: an unsatisfied customer
		// escalates to their supervisor.
		field.String("resolver_id").MaxLen(40).Optional(),
		field.String("waive_reason").MaxLen(1000).Optional(),
		field.Time("closed_at").Optional().Nillable(),
		// overdue_at records (once) that the window passed with the
		// callback still pending; the ticket escalated then.
		field.Time("overdue_at").Optional().Nillable(),
		// A survey link is a second channel: a random token (stored hashed)
		// that expires, answered once with a CSAT score of 1–5.
		field.String("survey_token_hash").Optional().Nillable().Sensitive(),
		field.Time("survey_expires_at").Optional().Nillable(),
		field.Int("csat").Optional().Nillable().Range(1, 5),
		field.String("survey_comment").MaxLen(2000).Optional(),
		field.Time("surveyed_at").Optional().Nillable(),
	}
}

func (Callback) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "ticket_id"),
		index.Fields("tenant_id", "status", "scheduled_at"),
		index.Fields("tenant_id", "assignee_id", "status"),
		index.Fields("status", "due_at"),
		// Covering the KPI scan (desk/kpi), so a month of callbacks is read from the index alone.
		index.Fields("tenant_id", "due_at", "assignee_id", "resolver_id", "status", "outcome", "closed_at").
			StorageKey("callback_due_kpis"),
		index.Fields("survey_token_hash").Unique(),
	}
}

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// DutyLogEntry is one timestamped line of a duty log: an inspection, an
// incident, a call, a leader's instruction. A major incident (重大事件)
// needs a written report by the end of the next day.
type DutyLogEntry struct{ ent.Schema }

func (DutyLogEntry) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "dle"}, TenantMixin{}, TimeMixin{}}
}

func (DutyLogEntry) Fields() []ent.Field {
	return []ent.Field{
		field.String("log_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("unit_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("author_id").MaxLen(40).NotEmpty().Immutable(),
		field.Time("at"),
		field.Enum("kind").Values("inspection", "incident", "call", "instruction", "other"),
		field.Text("text").NotEmpty(),
		field.Text("result").Optional(),
		field.Bool("major").Default(false),
		// closed_at marks the item handled; a major incident blocks the
		// unit's handover until it is.
		field.Time("closed_at").Optional().Nillable(),
		field.String("closed_by").MaxLen(40).Optional().Nillable(),
		field.Text("report").Optional(),
		field.Time("reported_at").Optional().Nillable(),
		field.Time("report_due_at").Optional().Nillable(),
		// report_check_at is when the report job looks next (reminder,
		// then escalation); nil once the report is in or escalated.
		field.Time("report_check_at").Optional().Nillable(),
		field.Time("report_reminded_at").Optional().Nillable(),
		field.Time("report_escalated_at").Optional().Nillable(),
	}
}

func (DutyLogEntry) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "log_id", "at"),
		index.Fields("tenant_id", "unit_id", "closed_at"),
		index.Fields("report_check_at"),
	}
}

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// TicketMetric is a ticket's performance facts (desk/kpi), written when
// the ticket is first answered, resolved or reopened: business-time
// durations that SQL cannot compute from a calendar, and who is credited.
// KPI queries aggregate this table alone.
type TicketMetric struct{ ent.Schema }

func (TicketMetric) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "tkm"}, TenantMixin{}}
}

func (TicketMetric) Fields() []ent.Field {
	return []ent.Field{
		field.String("ticket_id").MaxLen(40).Immutable(),
		field.String("customer_id").MaxLen(40).Optional(),
		field.Time("ticket_created_at"),
		// responder_id is who the first response is credited to (the
		// assignee then, else whoever answered).
		field.String("responder_id").MaxLen(40).Optional(),
		field.Time("first_responded_at").Optional().Nillable(),
		field.Int64("first_response_seconds").Optional().Nillable(),
		field.Bool("first_response_breached").Default(false),
		// resolver_id is who the resolution is credited to (the assignee
		// then, else whoever resolved); the resolution facts are cleared
		// on reopen and written again at the next resolution.
		field.String("resolver_id").MaxLen(40).Optional(),
		field.Time("resolved_at").Optional().Nillable(),
		field.Int64("resolution_seconds").Optional().Nillable(),
		field.Int64("pending_seconds").Default(0),
		field.Bool("resolution_breached").Default(false),
		field.Int("reopen_count").Default(0),
		field.Int("transfers").Default(0),
		// A valid complaint is attributed when it is filed: complaint_about_id
		// is who resolved the customer's latest ticket within the lookback.
		field.String("complaint_about_id").MaxLen(40).Optional(),
		field.Time("complaint_filed_at").Optional().Nillable(),
		field.Time("updated_at"),
	}
}

func (TicketMetric) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "ticket_id").Unique(),
		// Covering the KPI scans, so a month of facts is read from the index alone.
		index.Fields("tenant_id", "resolved_at", "resolver_id", "resolution_seconds", "resolution_breached", "reopen_count", "transfers").
			StorageKey("ticketmetric_resolved_kpis"),
		index.Fields("tenant_id", "first_responded_at", "responder_id", "first_response_seconds", "first_response_breached").
			StorageKey("ticketmetric_responded_kpis"),
		index.Fields("tenant_id", "customer_id", "resolved_at"),
		index.Fields("tenant_id", "complaint_filed_at", "complaint_about_id"),
	}
}

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kefu/ent/types"
)

// Ticket is a work order (工单): one request from one channel, classified,
// dispatched, timed by its SLA and escalated until it is closed.
type Ticket struct{ ent.Schema }

func (Ticket) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "tkt"}, TenantMixin{}, TimeMixin{}}
}

func (Ticket) Fields() []ent.Field {
	return []ent.Field{
		field.String("number").MaxLen(32).Immutable(),
		field.Enum("type").Values("inquiry", "complaint", "suggestion", "request", "praise"),
		field.Enum("channel").Values("phone", "chat", "email", "sms", "wechat", "walk_in", "letter", "web", "api"),
		field.String("subject").MaxLen(200).NotEmpty(),
		field.Text("description").Optional(),
		field.String("customer_id").MaxLen(40).Optional().Nillable(),
		field.String("category_id").MaxLen(40).Optional().Nillable(),
		field.Enum("priority").Values("low", "normal", "high", "urgent").Default("normal"),
		field.Enum("severity").Values("normal", "major").Default("normal"),
		field.Enum("complaint_validity").Values("valid", "communicative").Optional().Nillable(),
		field.String("unit_id").MaxLen(40).Optional().Nillable(),
		field.String("assignee_id").MaxLen(40).Optional().Nillable(),
		field.Enum("status").Values("new", "open", "pending", "resolved", "closed").Default("new"),
		field.String("created_by").MaxLen(40).Optional(),

		// SLA state: deadlines are business-time instants computed from the
		// policy's calendar; the clock pauses while pending.
		field.String("sla_policy_id").MaxLen(40).Optional().Nillable(),
		field.Time("first_response_due_at").Optional().Nillable(),
		field.Time("resolution_due_at").Optional().Nillable(),
		field.Time("first_responded_at").Optional().Nillable(),
		field.Time("resolved_at").Optional().Nillable(),
		field.Time("closed_at").Optional().Nillable(),
		field.Time("pending_since").Optional().Nillable(),
		field.Time("sla_warned_at").Optional().Nillable(),
		field.Time("first_response_breached_at").Optional().Nillable(),
		field.Time("resolution_breached_at").Optional().Nillable(),
		field.Int("escalation_level").Default(0),
		// next_check_at is when the SLA job must next look at this ticket
		// (warning, breach or the next escalation step); the sweeper
		// re-enqueues anything due that Redis lost.
		field.Time("next_check_at").Optional().Nillable(),
		field.Int("reopen_count").Default(0),
		// call is the telephony/IVR intake: caller number, IVR path, call id.
		field.JSON("call", &types.Call{}).Optional(),
	}
}

func (Ticket) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("customer", Customer.Type).Field("customer_id").Unique(),
		edge.To("assignee", User.Type).Field("assignee_id").Unique(),
		edge.To("unit", OrgUnit.Type).Field("unit_id").Unique(),
		edge.To("category", Category.Type).Field("category_id").Unique(),
	}
}

func (Ticket) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "number").Unique(),
		index.Fields("tenant_id", "assignee_id", "status", "id"),
		// An agent's whole queue (any status) and what they filed, newest first.
		index.Fields("tenant_id", "assignee_id", "id"),
		index.Fields("tenant_id", "created_by", "id"),
		index.Fields("tenant_id", "unit_id", "status", "id"),
		index.Fields("tenant_id", "status", "id"),
		index.Fields("next_check_at"),
	}
}

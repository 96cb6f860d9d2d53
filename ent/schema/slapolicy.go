package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kefu/ent/types"
)

// SLAPolicy sets response and resolution targets for the tickets it
// matches, on a business calendar, with an escalation ladder.
type SLAPolicy struct{ ent.Schema }

func (SLAPolicy) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "sla"}, TenantMixin{}, TimeMixin{}}
}

func (SLAPolicy) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(100).NotEmpty(),
		field.String("calendar_id").MaxLen(40),
		field.JSON("match", types.SLAMatch{}).Optional(),
		field.Int64("first_response_seconds").Min(1),
		field.Int64("resolution_seconds").Min(1),
		field.Int("warn_at_percent").Range(1, 99).Default(80),
		field.JSON("escalation", []types.EscalationStep{}).Optional(),
		field.JSON("callback", types.CallbackPolicy{}).Optional(),
		// rank orders policies: the first that matches a ticket applies.
		field.Int("rank").Default(100),
		field.Bool("enabled").Default(true),
	}
}

// Hooks: ticket creation caches these per tenant by config version.
func (SLAPolicy) Hooks() []ent.Hook { return []ent.Hook{bumpConfigVersion()} }

func (SLAPolicy) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "name").Unique()}
}

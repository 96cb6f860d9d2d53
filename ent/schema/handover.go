package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kefu/ent/types"
)

// Handover is a shift handover (交接班): the outgoing person prepares it
// from live data plus free text and signs, the incoming person reviews
// and signs; both signatures keep their time. A supervisor may override
// a refused handover, with a reason.
type Handover struct{ ent.Schema }

func (Handover) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "hdo"}, TenantMixin{}, TimeMixin{}}
}

func (Handover) Fields() []ent.Field {
	return []ent.Field{
		field.String("unit_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("from_entry_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("from_user_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("to_entry_id").MaxLen(40).Optional().Nillable(),
		field.String("to_user_id").MaxLen(40).NotEmpty(),
		field.JSON("items", types.HandoverItems{}),
		field.Text("notes").Optional(),
		field.Time("prepared_at"),
		field.Time("from_signed_at").Optional().Nillable(),
		field.Time("to_signed_at").Optional().Nillable(),
		field.String("overridden_by").MaxLen(40).Optional().Nillable(),
		field.String("override_reason").MaxLen(500).Optional(),
		field.Time("overridden_at").Optional().Nillable(),
	}
}

func (Handover) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "from_entry_id").Unique(),
		index.Fields("tenant_id", "unit_id", "id"),
		index.Fields("tenant_id", "to_user_id", "id"),
	}
}

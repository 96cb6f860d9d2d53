package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ShiftSwap is a request to change the roster (调班 / 顶班): a swap
// exchanges two people's entries, a cover hands one entry to a
// replacement. A supervisor decides; nobody may change shifts privately.
type ShiftSwap struct{ ent.Schema }

func (ShiftSwap) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "swp"}, TenantMixin{}, TimeMixin{}}
}

func (ShiftSwap) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("swap", "cover").Immutable(),
		field.String("requester_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("entry_id").MaxLen(40).NotEmpty().Immutable(),
		// counterpart_id takes the requester's entry; in a swap the
		// requester takes counterpart_entry_id in return.
		field.String("counterpart_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("counterpart_entry_id").MaxLen(40).Optional().Nillable().Immutable(),
		field.String("unit_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("reason").MaxLen(500).NotEmpty().Immutable(),
		field.Enum("status").Values("pending", "approved", "rejected", "cancelled").Default("pending"),
		// approver_ids are the requester's supervisors from the org chart
		// when the request was made: they are asked, one of them decides.
		field.Strings("approver_ids").Optional().Immutable(),
		field.String("decided_by").MaxLen(40).Optional().Nillable(),
		field.Time("decided_at").Optional().Nillable(),
		field.String("decision_note").MaxLen(500).Optional(),
	}
}

func (ShiftSwap) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "status", "id"),
		index.Fields("tenant_id", "requester_id", "id"),
		index.Fields("tenant_id", "entry_id"),
		index.Fields("tenant_id", "unit_id", "id"),
	}
}

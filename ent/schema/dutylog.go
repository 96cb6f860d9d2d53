package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// DutyLog is the duty record (值班记录) of one roster entry: who was on
// duty in which unit, from sign-in to sign-out; its entries are what
// happened.
type DutyLog struct{ ent.Schema }

func (DutyLog) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "dlg"}, TenantMixin{}, TimeMixin{}}
}

func (DutyLog) Fields() []ent.Field {
	return []ent.Field{
		field.String("roster_entry_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("unit_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("user_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("shift_id").MaxLen(40).NotEmpty().Immutable(),
		field.Time("started_at").Immutable(),
		field.Time("ended_at").Optional().Nillable(),
	}
}

func (DutyLog) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "roster_entry_id").Unique(),
		index.Fields("tenant_id", "unit_id", "started_at"),
		index.Fields("tenant_id", "user_id", "started_at"),
	}
}

package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ShiftTemplate is a kind of duty shift (班次) a tenant rosters people on:
// 早班 08:30–17:30, 晚班 17:30–次日08:30, holiday-reinforced shifts. Times
// are wall-clock HH:MM in the tenant's time zone; an end at or before the
// start crosses midnight.
type ShiftTemplate struct{ ent.Schema }

func (ShiftTemplate) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "shf"}, TenantMixin{}, TimeMixin{}}
}

func (ShiftTemplate) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(50).NotEmpty(),
		field.String("name_en").MaxLen(50).Optional(),
		field.String("start_time").MaxLen(5).NotEmpty(),
		field.String("end_time").MaxLen(5).NotEmpty(),
		field.Enum("kind").Values("normal", "holiday_reinforced").Default("normal"),
		// unit_id limits the shift to one unit; empty: any unit.
		field.String("unit_id").MaxLen(40).Optional().Nillable(),
		// checklist is the keys and equipment handed over at the end of
		// the shift (钥匙、对讲机、值班手机…).
		field.Strings("checklist").Optional(),
		field.Int("sort").Default(0),
	}
}

func (ShiftTemplate) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "name").Unique()}
}

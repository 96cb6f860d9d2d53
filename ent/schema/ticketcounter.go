package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// TicketCounter hands out a tenant's human ticket numbers per year
// (T-2026-000123) without gaps from concurrent creates.
type TicketCounter struct{ ent.Schema }

func (TicketCounter) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "ctr"}, TenantMixin{}}
}

func (TicketCounter) Fields() []ent.Field {
	return []ent.Field{
		field.Int("year"),
		field.Int("last").Default(0),
		// month (YYYYMM) and month_count count this month's tickets for the
		// plan's allowance in the same UPDATE that hands out the number.
		field.Int("month").Default(0),
		field.Int("month_count").Default(0),
	}
}

func (TicketCounter) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "year").Unique()}
}

package schema

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// DutyRosterEntry is one person on one shift on one date in one unit
// (值班表的一格), with the role they are on duty in. start_at and end_at
// are the shift's instants on that date, so "who is on duty now" is one
// indexed range query.
type DutyRosterEntry struct{ ent.Schema }

func (DutyRosterEntry) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "dre"}, TenantMixin{}, TimeMixin{}}
}

func (DutyRosterEntry) Fields() []ent.Field {
	return []ent.Field{
		field.String("unit_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("user_id").MaxLen(40).NotEmpty(),
		field.String("shift_id").MaxLen(40).NotEmpty().Immutable(),
		// date is the local date (YYYY-MM-DD) the shift starts on.
		field.String("date").MaxLen(10).NotEmpty().Immutable(),
		field.Enum("role").Values("agent", "callback", "leader").Default("agent"),
		// day_kind is what the business calendar said of the date.
		field.Enum("day_kind").Values("workday", "rest_day", "holiday").Default("workday"),
		field.Time("start_at").Immutable(),
		field.Time("end_at").Immutable(),
		field.Enum("source").Values("generated", "manual").Default("manual").Immutable(),
		// original_user_id is who was rostered before an approved swap.
		field.String("original_user_id").MaxLen(40).Optional().Nillable(),
		field.String("swap_id").MaxLen(40).Optional().Nillable(),
		// signed_in_at / signed_out_at mirror the duty log, so routing
		// reads who is on duty from this table alone.
		field.Time("signed_in_at").Optional().Nillable(),
		field.Time("signed_out_at").Optional().Nillable(),
		// check_at is when the duty job looks at the entry next (absence
		// after the start, late handover after the end); nil when done.
		field.Time("check_at").Optional().Nillable(),
		field.Time("absence_alerted_at").Optional().Nillable(),
		field.Time("handover_alerted_at").Optional().Nillable(),
	}
}

func (DutyRosterEntry) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "unit_id", "start_at"),
		index.Fields("tenant_id", "user_id", "start_at"),
		index.Fields("tenant_id", "role", "start_at"),
		index.Fields("tenant_id", "unit_id", "date", "shift_id", "user_id").Unique(),
		index.Fields("check_at"),
	}
}

// Hooks: ticket creation caches per tenant which units have a roster,
// keyed by config version; adding or removing entries changes that.
func (DutyRosterEntry) Hooks() []ent.Hook {
	return []ent.Hook{onCreateOrDelete(bumpConfigVersion())}
}

// onCreateOrDelete runs h only for creates and deletes.
func onCreateOrDelete(h ent.Hook) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		hooked := h(next)
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if m.Op().Is(ent.OpCreate) || m.Op().Is(ent.OpDelete) || m.Op().Is(ent.OpDeleteOne) {
				return hooked.Mutate(ctx, m)
			}
			return next.Mutate(ctx, m)
		})
	}
}

package handover

import (
	"context"
	"fmt"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/callback"
	"kefu/ent/dutylogentry"
	"kefu/ent/ticket"
	"kefu/ent/types"
)

// listCap bounds each generated list: a handover is read by a person.
const listCap = 50

// items builds the handover list from live data: the unit's open tickets,
// callbacks due before the next shift ends, the unit's unfinished duty-log
// items, the instructions recorded in this shift's log plus those typed
// in, and the shift's keys/equipment checklist with what the outgoing
// person ticked.
func items(ctx context.Context, c *ent.Client, from *ent.DutyRosterEntry, logID string, nextEnd time.Time,
	instructions []string, checks []types.ChecklistItem, checklist []string, now time.Time) (types.HandoverItems, error) {
	it := types.HandoverItems{GeneratedAt: now, Tickets: []types.HandoverTicket{}, Callbacks: []types.HandoverCallback{},
		Unfinished: []types.HandoverLogItem{}, Instructions: []types.HandoverInstruction{}, Checklist: []types.ChecklistItem{}}
	open := []ticket.Status{ticket.StatusNew, ticket.StatusOpen, ticket.StatusPending}
	tq := c.Ticket.Query().Where(ticket.UnitID(from.UnitID), ticket.StatusIn(open...))
	total, err := tq.Clone().Count(ctx)
	if err != nil {
		return it, fmt.Errorf("open tickets: %w", err)
	}
	it.TicketsTotal = total
	ts, err := tq.Order(ticket.ByID()).Limit(listCap).All(ctx)
	if err != nil {
		return it, fmt.Errorf("open tickets: %w", err)
	}
	for _, t := range ts {
		ht := types.HandoverTicket{ID: t.ID, Number: t.Number, Subject: t.Subject, Status: string(t.Status), Priority: string(t.Priority)}
		if t.AssigneeID != nil {
			ht.AssigneeID = *t.AssigneeID
		}
		it.Tickets = append(it.Tickets, ht)
	}
	cbs, err := c.Callback.Query().Where(callback.StatusEQ(callback.StatusPending), callback.ScheduledAtLT(nextEnd),
		callback.Or(callback.AssigneeID(from.UserID), func(s *entsql.Selector) {
			t := entsql.Table(ticket.Table)
			s.Where(entsql.In(s.C(callback.FieldTicketID), entsql.Select(t.C(ticket.FieldID)).From(t).
				Where(entsql.EQ(t.C(ticket.FieldUnitID), from.UnitID))))
		})).Order(callback.ByScheduledAt()).Limit(listCap).All(ctx)
	if err != nil {
		return it, fmt.Errorf("callbacks due: %w", err)
	}
	numbers := map[string]string{}
	if len(cbs) > 0 {
		ids := make([]string, len(cbs))
		for i, cb := range cbs {
			ids[i] = cb.TicketID
		}
		rows, err := c.Ticket.Query().Where(ticket.IDIn(ids...)).Select(ticket.FieldID, ticket.FieldNumber).All(ctx)
		if err != nil {
			return it, fmt.Errorf("callback tickets: %w", err)
		}
		for _, t := range rows {
			numbers[t.ID] = t.Number
		}
	}
	for _, cb := range cbs {
		hc := types.HandoverCallback{ID: cb.ID, TicketID: cb.TicketID, TicketNumber: numbers[cb.TicketID], ScheduledAt: cb.ScheduledAt.UTC(), DueAt: cb.DueAt.UTC()}
		if cb.AssigneeID != nil {
			hc.AssigneeID = *cb.AssigneeID
		}
		it.Callbacks = append(it.Callbacks, hc)
	}
	open2, err := c.DutyLogEntry.Query().Where(dutylogentry.UnitID(from.UnitID), dutylogentry.ClosedAtIsNil()).
		Order(dutylogentry.ByAt()).Limit(listCap).All(ctx)
	if err != nil {
		return it, fmt.Errorf("unfinished duty items: %w", err)
	}
	for _, le := range open2 {
		it.Unfinished = append(it.Unfinished, types.HandoverLogItem{ID: le.ID, At: le.At.UTC(), Kind: string(le.Kind), Text: le.Text, Major: le.Major})
	}
	if logID != "" {
		ins, err := c.DutyLogEntry.Query().Where(dutylogentry.LogID(logID), dutylogentry.KindEQ(dutylogentry.KindInstruction)).
			Order(dutylogentry.ByAt()).All(ctx)
		if err != nil {
			return it, fmt.Errorf("instructions: %w", err)
		}
		for _, le := range ins {
			at := le.At.UTC()
			it.Instructions = append(it.Instructions, types.HandoverInstruction{Text: le.Text, At: &at, EntryID: le.ID})
		}
	}
	for _, s := range instructions {
		if s = strings.TrimSpace(s); s != "" {
			it.Instructions = append(it.Instructions, types.HandoverInstruction{Text: s})
		}
	}
	it.Checklist = mergeChecklist(checklist, checks)
	return it, nil
}

// mergeChecklist is the shift's checklist in its order, each item with what
// the outgoing person said of it, then any items they added.
func mergeChecklist(template []string, ticked []types.ChecklistItem) []types.ChecklistItem {
	said := map[string]types.ChecklistItem{}
	for _, c := range ticked {
		c.Item = strings.TrimSpace(c.Item)
		if c.Item != "" {
			said[c.Item] = c
		}
	}
	out := []types.ChecklistItem{}
	seen := map[string]bool{}
	for _, item := range template {
		c, ok := said[item]
		if !ok {
			c = types.ChecklistItem{Item: item}
		}
		out = append(out, c)
		seen[item] = true
	}
	for _, c := range ticked {
		c.Item = strings.TrimSpace(c.Item)
		if c.Item != "" && !seen[c.Item] {
			out = append(out, c)
			seen[c.Item] = true
		}
	}
	return out
}

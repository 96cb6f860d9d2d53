package callbacks

import (
	"context"
	"fmt"
	"sort"
	"time"

	"kefu/ent"
	"kefu/ent/callback"
	"kefu/ent/ticket"
)

// Figures are the callback summary (回访总结报告) numbers for one group.
type Figures struct {
	Key             string  // unit or agent id; "" for the total
	Required        int     // callbacks due in the period
	Done            int     // customer reached, outcome recorded
	OnTime          int     // done no later than due
	Satisfied       int     // outcome satisfied
	Unreachable     int     // closed as unreachable
	Waived          int     // waived by hand
	Pending         int     // still open
	Coverage        float64 // Done / Required
	OnTimeRate      float64 // OnTime / Done
	Satisfaction    float64 // Satisfied / Done
	UnreachableRate float64 // Unreachable / Required
}

// Report is the period's figures in total, by unit and by agent.
type Report struct {
	From, To time.Time
	Total    Figures
	ByUnit   []Figures
	ByAgent  []Figures
}

// Summarize counts the callbacks due in [from, to), optionally only those
// whose ticket belongs to one of units (a unit's subtree).
func Summarize(ctx context.Context, db *ent.Client, from, to time.Time, units []string) (*Report, error) {
	cbs, err := db.Callback.Query().Where(callback.DueAtGTE(from), callback.DueAtLT(to)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("callback report: %w", err)
	}
	ticketIDs := make([]string, len(cbs))
	for i, c := range cbs {
		ticketIDs[i] = c.TicketID
	}
	ts, err := db.Ticket.Query().Where(ticket.IDIn(ticketIDs...)).Select(ticket.FieldID, ticket.FieldUnitID).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("callback report: %w", err)
	}
	unitOf := map[string]string{}
	for _, t := range ts {
		if t.UnitID != nil {
			unitOf[t.ID] = *t.UnitID
		}
	}
	keep := map[string]bool{}
	for _, u := range units {
		keep[u] = true
	}
	r := &Report{From: from, To: to}
	byUnit, byAgent := map[string]*Figures{}, map[string]*Figures{}
	for _, c := range cbs {
		unit := unitOf[c.TicketID]
		if units != nil && !keep[unit] {
			continue
		}
		agent := ""
		if c.AssigneeID != nil {
			agent = *c.AssigneeID
		}
		for _, f := range []*Figures{&r.Total, group(byUnit, unit), group(byAgent, agent)} {
			f.add(c)
		}
	}
	r.Total.rates()
	r.ByUnit, r.ByAgent = sorted(byUnit), sorted(byAgent)
	return r, nil
}

func group(m map[string]*Figures, key string) *Figures {
	f, ok := m[key]
	if !ok {
		f = &Figures{Key: key}
		m[key] = f
	}
	return f
}

func (f *Figures) add(c *ent.Callback) {
	f.Required++
	switch c.Status {
	case callback.StatusDone:
		f.Done++
		if c.ClosedAt != nil && !c.ClosedAt.After(c.DueAt) {
			f.OnTime++
		}
		if c.Outcome != nil && *c.Outcome == callback.OutcomeSatisfied {
			f.Satisfied++
		}
	case callback.StatusUnreachable:
		f.Unreachable++
	case callback.StatusWaived:
		f.Waived++
	default:
		f.Pending++
	}
}

func (f *Figures) rates() {
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	f.Coverage = ratio(f.Done, f.Required)
	f.OnTimeRate = ratio(f.OnTime, f.Done)
	f.Satisfaction = ratio(f.Satisfied, f.Done)
	f.UnreachableRate = ratio(f.Unreachable, f.Required)
}

func sorted(m map[string]*Figures) []Figures {
	out := make([]Figures, 0, len(m))
	for _, f := range m {
		f.rates()
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

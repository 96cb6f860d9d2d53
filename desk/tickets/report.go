package tickets

import (
	"context"
	"fmt"
	"sort"
	"time"

	"entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/predicate"
	"kefu/ent/ticket"
	"kefu/fault"
)

// Count is one bar of a breakdown.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Backlog is a unit's open work right now.
type Backlog struct {
	UnitID   string // "" for tickets not yet dispatched to a unit
	Open     int    // new, open or pending
	Breached int    // of those, past a first-response or resolution deadline
}

// Volume is the operations dashboard's ticket figures (工单统计) for a period.
type Volume struct {
	From, To  time.Time
	Created   int
	Major     int // major complaints (重大投诉) created
	ByChannel []Count
	ByType    []Count
	ByDay     []Count // days in zone, every day of the period, zero included
	// Resolution SLA: tickets resolved in the period, and how many of them
	// never breached the resolution deadline.
	Resolved, ResolvedInTime int
	ResolutionCompliance     float64 // ResolvedInTime / Resolved, 0 when none
	// First response SLA: tickets first answered in the period, in time.
	Responded, RespondedInTime int
	FirstResponseCompliance    float64 // RespondedInTime / Responded, 0 when none
	Backlog                    []Backlog
}

// maxDays bounds the per-day series so a careless range cannot ask for years
// of buckets.
const maxDays = 366

// Report counts the tickets created, answered and resolved in [from, to),
// optionally only those of units (a unit's subtree); days are cut in zone.
func Report(ctx context.Context, db *ent.Client, from, to time.Time, units []string, zone *time.Location) (*Volume, error) {
	if to.Sub(from) > maxDays*24*time.Hour {
		return nil, fault.Field("query.to", fmt.Sprintf("the period may span at most %d days", maxDays), to)
	}
	inUnits := func(ps ...predicate.Ticket) []predicate.Ticket {
		if units != nil {
			ps = append(ps, ticket.UnitIDIn(units...))
		}
		return ps
	}
	created := inUnits(ticket.CreatedAtGTE(from), ticket.CreatedAtLT(to))
	v := &Volume{From: from, To: to}
	var err error
	if v.ByChannel, err = countBy(ctx, db, ticket.FieldChannel, created); err != nil {
		return nil, err
	}
	if v.ByType, err = countBy(ctx, db, ticket.FieldType, created); err != nil {
		return nil, err
	}
	for _, c := range v.ByType {
		v.Created += c.Count
	}
	counts := []struct {
		dst *int
		ps  []predicate.Ticket
	}{
		{&v.Major, append(created, ticket.SeverityEQ(ticket.SeverityMajor))},
		{&v.Resolved, inUnits(ticket.ResolvedAtGTE(from), ticket.ResolvedAtLT(to))},
		{&v.ResolvedInTime, inUnits(ticket.ResolvedAtGTE(from), ticket.ResolvedAtLT(to), ticket.ResolutionBreachedAtIsNil())},
		{&v.Responded, inUnits(ticket.FirstRespondedAtGTE(from), ticket.FirstRespondedAtLT(to))},
		{&v.RespondedInTime, inUnits(ticket.FirstRespondedAtGTE(from), ticket.FirstRespondedAtLT(to), ticket.FirstResponseBreachedAtIsNil())},
	}
	for _, c := range counts {
		if *c.dst, err = db.Ticket.Query().Where(c.ps...).Count(ctx); err != nil {
			return nil, fmt.Errorf("ticket report: %w", err)
		}
	}
	v.ResolutionCompliance = ratio(v.ResolvedInTime, v.Resolved)
	v.FirstResponseCompliance = ratio(v.RespondedInTime, v.Responded)
	if v.ByDay, err = perDay(ctx, db, created, from, to, zone); err != nil {
		return nil, err
	}
	if v.Backlog, err = backlog(ctx, db, inUnits()); err != nil {
		return nil, err
	}
	return v, nil
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

func countBy(ctx context.Context, db *ent.Client, field string, ps []predicate.Ticket) ([]Count, error) {
	var rows []struct {
		Key   sql.NullString `json:"key"`
		Count int            `json:"count"`
	}
	err := db.Ticket.Query().Where(ps...).Modify(func(s *sql.Selector) {
		s.Select(sql.As(s.C(field), "key"), sql.As(sql.Count("*"), "count")).GroupBy(s.C(field))
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("ticket report by %s: %w", field, err)
	}
	out := make([]Count, 0, len(rows))
	for _, r := range rows {
		out = append(out, Count{Key: r.Key.String, Count: r.Count})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Count > out[j].Count || (out[i].Count == out[j].Count && out[i].Key < out[j].Key)
	})
	return out, nil
}

// perDay buckets creation times by local day. Only the timestamps are read;
// cutting days in SQL would need a zone-aware expression per dialect.
func perDay(ctx context.Context, db *ent.Client, ps []predicate.Ticket, from, to time.Time, zone *time.Location) ([]Count, error) {
	var rows []struct {
		CreatedAt time.Time `json:"created_at"`
	}
	if err := db.Ticket.Query().Where(ps...).Select(ticket.FieldCreatedAt).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("ticket report per day: %w", err)
	}
	n := map[string]int{}
	for _, r := range rows {
		n[r.CreatedAt.In(zone).Format(time.DateOnly)]++
	}
	var out []Count
	for d := from.In(zone); d.Before(to); d = d.AddDate(0, 0, 1) {
		key := d.Format(time.DateOnly)
		if len(out) > 0 && out[len(out)-1].Key == key {
			continue
		}
		out = append(out, Count{Key: key, Count: n[key]})
	}
	return out, nil
}

func backlog(ctx context.Context, db *ent.Client, ps []predicate.Ticket) ([]Backlog, error) {
	open := append(ps, ticket.StatusIn(ticket.StatusNew, ticket.StatusOpen, ticket.StatusPending))
	all, err := countBy(ctx, db, ticket.FieldUnitID, open)
	if err != nil {
		return nil, err
	}
	late, err := countBy(ctx, db, ticket.FieldUnitID, append(open, ticket.Or(ticket.ResolutionBreachedAtNotNil(), ticket.FirstResponseBreachedAtNotNil())))
	if err != nil {
		return nil, err
	}
	breached := map[string]int{}
	for _, c := range late {
		breached[c.Key] = c.Count
	}
	out := make([]Backlog, 0, len(all))
	for _, c := range all {
		out = append(out, Backlog{UnitID: c.Key, Open: c.Count, Breached: breached[c.Key]})
	}
	return out, nil
}

package kpi

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"kefu/desk/orgchart"
	"kefu/ent"
	"kefu/ent/user"
	"kefu/fault"
	"kefu/tenants/tenancy"
)

// Service computes KPIs.
type Service struct {
	db      *ent.Client
	dialect string
	org     *orgchart.Service
	now     func() time.Time
}

// New returns the KPI service; dialect is the database's (ent's names).
func New(db *ent.Client, dialect string, org *orgchart.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, dialect: dialect, org: org, now: now}
}

// Group-by choices.
const (
	ByAgent      = "agent"
	ByGroup      = "group"
	ByDepartment = "department"
)

// Query asks for KPIs of a period.
type Query struct {
	From, To time.Time
	GroupBy  string // agent (default), group, department
	UnitID   string // only people posted in this unit's subtree
	UserID   string // only this person
}

// Row is one agent's, group's or department's KPIs.
type Row struct {
	Key, Name string
	Figures
}

// Report is the KPIs of a period, one row per key, and their total.
type Report struct {
	From, To time.Time
	GroupBy  string
	Rows     []Row
	Total    Figures
}

// maxSpan bounds a period.
const maxSpan = 366 * 24 * time.Hour

// Report computes the period's KPIs as viewerID may see them: people
// outside the viewer's data scope are left out.
func (s *Service) Report(ctx context.Context, viewerID string, q Query) (*Report, error) {
	if q.GroupBy == "" {
		q.GroupBy = ByAgent
	}
	sl, teams, err := s.slice(ctx, viewerID, q)
	if err != nil {
		return nil, err
	}
	out := &Report{From: q.From, To: q.To, GroupBy: q.GroupBy}
	if sl == nil {
		out.Total = figures(Counts{}, nil, nil)
		return out, nil
	}
	rows, totals, err := s.run(ctx, sl)
	if err != nil {
		return nil, err
	}
	for c, t := range rows {
		out.Rows = append(out.Rows, Row{Key: c.k, Figures: t.figures()})
	}
	out.Total = totals[0].figures()
	if err := s.name(ctx, out.Rows, q.GroupBy, teams); err != nil {
		return nil, err
	}
	sort.Slice(out.Rows, func(i, j int) bool { return out.Rows[i].Key < out.Rows[j].Key })
	return out, nil
}

// Series is one key's figures per trend bucket.
type Series struct {
	Key, Name string
	Points    []Figures // one per bucket
}

// Trend is a period's KPIs per day or week.
type Trend struct {
	Buckets []Bucket
	Series  []Series
	Total   []Figures
}

// Trend computes the KPIs per bucket ("day" or "week" in zone), per key
// and in total.
func (s *Service) Trend(ctx context.Context, viewerID string, q Query, interval string, zone *time.Location) (*Trend, error) {
	if q.GroupBy == "" {
		q.GroupBy = ByAgent
	}
	bs, err := Buckets(q.From, q.To, interval, zone)
	if err != nil {
		return nil, fault.Field("query.interval", err.Error(), interval)
	}
	sl, teams, err := s.slice(ctx, viewerID, q)
	if err != nil {
		return nil, err
	}
	out := &Trend{Buckets: bs, Total: make([]Figures, len(bs))}
	if sl == nil {
		for i := range out.Total {
			out.Total[i] = figures(Counts{}, nil, nil)
		}
		return out, nil
	}
	sl.buckets = bs
	cells, totals, err := s.run(ctx, sl)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*Series{}
	for c, t := range cells {
		se, ok := byKey[c.k]
		if !ok {
			se = &Series{Key: c.k, Points: make([]Figures, len(bs))}
			for i := range se.Points {
				se.Points[i] = figures(Counts{}, nil, nil)
			}
			byKey[c.k] = se
		}
		se.Points[c.b] = t.figures()
	}
	for i := range bs {
		out.Total[i] = totals[i].figures()
	}
	rows := make([]Row, 0, len(byKey))
	for k := range byKey {
		rows = append(rows, Row{Key: k})
	}
	if err := s.name(ctx, rows, q.GroupBy, teams); err != nil {
		return nil, err
	}
	for _, r := range rows {
		se := byKey[r.Key]
		se.Name = r.Name
		out.Series = append(out.Series, *se)
	}
	sort.Slice(out.Series, func(i, j int) bool { return out.Series[i].Key < out.Series[j].Key })
	return out, nil
}

// run executes the queries of sl at once, each on its own connection (a
// KPI page is a handful of scans of different tables), and folds their
// (bucket, person) results into rows by (bucket, key) and a total per
// bucket. A person outside keyOf (or "", nobody) counts in the total only.
func (s *Service) run(ctx context.Context, sl *slice) (rows cells, totals []tally, err error) {
	qs := []func(cells) error{
		func(c cells) error { return sl.durations(ctx, s.db, s.dialect, true, c) },
		func(c cells) error { return sl.durations(ctx, s.db, s.dialect, false, c) },
		func(c cells) error { return sl.callbacks(ctx, s.db, s.dialect, c) },
		func(c cells) error { return sl.complaints(ctx, s.db, s.dialect, c) },
		func(c cells) error { return sl.punctuality(ctx, s.db, s.dialect, s.now(), c) },
	}
	parts := make([]cells, len(qs))
	errs := make([]error, len(qs))
	var wg sync.WaitGroup
	for i, q := range qs {
		parts[i] = cells{}
		wg.Go(func() { errs[i] = q(parts[i]) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	rows, totals = cells{}, make([]tally, max(len(sl.buckets), 1))
	for _, p := range parts {
		for c, t := range p {
			totals[c.b].add(t)
			k := c.k
			if sl.keyOf != nil {
				k = sl.keyOf[k]
			}
			if k != "" {
				rows.at(cell{c.b, k}).add(t)
			}
		}
	}
	return rows, totals, nil
}

// slice turns a query into what the SQL counts: the viewer's tenant, the
// people the filters and the viewer's scope allow, and the row keys. A nil
// slice means nobody is in view (every figure is empty).
func (s *Service) slice(ctx context.Context, viewerID string, q Query) (*slice, map[string]orgchart.Team, error) {
	if !q.To.After(q.From) {
		return nil, nil, fault.Field("query.to", "must be after from", q.To)
	}
	if q.To.Sub(q.From) > maxSpan {
		return nil, nil, fault.Field("query.to", "the period may span at most 366 days", q.To)
	}
	switch q.GroupBy {
	case ByAgent, ByGroup, ByDepartment:
	default:
		return nil, nil, fault.Field("query.group_by", "must be agent, group or department", q.GroupBy)
	}
	tid := tenancy.TenantID(ctx)
	if tid == "" {
		return nil, nil, fmt.Errorf("kpi: no tenant in context")
	}
	sl := &slice{tenantID: tid, from: q.From.UTC(), to: q.To.UTC()}
	vis, err := s.org.VisibilityOf(ctx, viewerID)
	if err != nil {
		return nil, nil, err
	}
	if !vis.All {
		sl.people = slices.Clone(vis.UserIDs)
	}
	if q.UnitID != "" {
		members, err := s.org.Members(ctx, q.UnitID)
		if err != nil {
			return nil, nil, err
		}
		ids := make([]string, 0, len(members))
		for _, m := range members {
			ids = append(ids, m.UserID)
		}
		sl.people = intersect(sl.people, ids)
	}
	if q.UserID != "" {
		if _, err := s.db.User.Get(ctx, q.UserID); err != nil {
			if ent.IsNotFound(err) {
				return nil, nil, fault.NotFoundf("user %s", q.UserID)
			}
			return nil, nil, fmt.Errorf("kpi: user %s: %w", q.UserID, err)
		}
		sl.people = intersect(sl.people, []string{q.UserID})
	}
	if sl.people != nil && len(sl.people) == 0 {
		return nil, nil, nil
	}
	if sl.people != nil {
		sl.seen = make(map[string]struct{}, len(sl.people))
		for _, p := range sl.people {
			sl.seen[p] = struct{}{}
		}
	}
	var teams map[string]orgchart.Team
	if q.GroupBy != ByAgent {
		if teams, err = s.org.Teams(ctx); err != nil {
			return nil, nil, err
		}
		sl.keyOf = map[string]string{}
		for id, t := range teams {
			if !sl.sees(id) {
				continue
			}
			if q.GroupBy == ByGroup {
				sl.keyOf[id] = t.GroupID
			} else {
				sl.keyOf[id] = t.DepartmentID
			}
		}
	}
	return sl, teams, nil
}

// intersect narrows have (nil: everyone) to want.
func intersect(have, want []string) []string {
	if have == nil {
		return slices.Clone(want)
	}
	out := []string{}
	for _, w := range want {
		if slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}

// name fills the rows' display names: people's names, or units'.
func (s *Service) name(ctx context.Context, rows []Row, groupBy string, teams map[string]orgchart.Team) error {
	if len(rows) == 0 {
		return nil
	}
	names := map[string]string{}
	if groupBy == ByAgent {
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.Key
		}
		us, err := s.db.User.Query().Where(user.IDIn(ids...)).Select(user.FieldID, user.FieldName).All(ctx)
		if err != nil {
			return fmt.Errorf("kpi names: %w", err)
		}
		for _, u := range us {
			names[u.ID] = u.Name
		}
	} else {
		for _, t := range teams {
			names[t.GroupID] = t.GroupName
			names[t.DepartmentID] = t.DepartmentName
		}
	}
	for i := range rows {
		rows[i].Name = names[rows[i].Key]
	}
	return nil
}

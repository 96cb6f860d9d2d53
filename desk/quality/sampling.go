package quality

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"kefu/desk/perfrun"
	"kefu/ent"
	"kefu/ent/inspection"
	"kefu/ent/performancerun"
	"kefu/ent/scorecard"
	"kefu/ent/store"
	"kefu/fault"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
	"kefu/tenants/tenantzone"
)

// Week is an ISO week in a time zone: [Start, End).
type Week struct {
	Key        string // 2026-W47
	Start, End time.Time
}

// WeekOf returns the ISO week holding t in zone.
func WeekOf(t time.Time, zone *time.Location) Week {
	l := t.In(zone)
	mon := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, zone).AddDate(0, 0, -((int(l.Weekday()) + 6) % 7))
	y, w := mon.ISOWeek()
	return Week{Key: fmt.Sprintf("%04d-W%02d", y, w), Start: mon, End: mon.AddDate(0, 0, 7)}
}

// ParseWeek reads "2026-W47" in zone.
func ParseWeek(key string, zone *time.Location) (Week, error) {
	y, w, ok := strings.Cut(key, "-W")
	year, err1 := strconv.Atoi(y)
	week, err2 := strconv.Atoi(w)
	if !ok || err1 != nil || err2 != nil || week < 1 || week > 53 || year < 2000 || year > 2999 {
		return Week{}, fault.Field("body.week", "must be an ISO week like 2026-W47", key)
	}
	// 4 January is always in week 1.
	wk := WeekOf(time.Date(year, 1, 4, 12, 0, 0, 0, zone), zone)
	wk = WeekOf(wk.Start.AddDate(0, 0, 7*(week-1)+3), zone)
	if wk.Key != key {
		return Week{}, fault.Field("body.week", "that year has no such week", key)
	}
	return wk, nil
}

// Sample is the result of a sampling run.
type Sample struct {
	Week    Week
	Picked  int
	Already bool // the week had been sampled before: nothing was picked
}

// SampleWeek picks the week's tickets for inspection, once per week: for
// every agent who resolved tickets in it, the default scorecard's
// samples_per_week of them, plus extra_samples when the agent's average
// over the four weeks before is under its target. The pick is
// deterministic (by the random tail of the ticket id) and a ticket is
// never picked twice; inspectors are assigned round-robin.
func (s *Service) SampleWeek(ctx context.Context, wk Week) (*Sample, error) {
	out := &Sample{Week: wk}
	done, err := s.db.PerformanceRun.Query().Where(performancerun.KindEQ(performancerun.KindQaSample), performancerun.Period(wk.Key)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("sample %s: %w", wk.Key, err)
	}
	if done {
		out.Already = true
		return out, nil
	}
	sc, err := s.db.Scorecard.Query().Where(scorecard.IsDefault(true)).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("sample %s: %w", wk.Key, err)
	}
	var picks []pick
	if sc != nil && (sc.SamplesPerWeek > 0 || sc.ExtraSamples > 0) {
		if picks, err = s.candidates(ctx, wk, sc.SamplesPerWeek+sc.ExtraSamples); err != nil {
			return nil, err
		}
		under, err := s.underTarget(ctx, wk, sc.TargetScore)
		if err != nil {
			return nil, err
		}
		picks = slices.DeleteFunc(picks, func(p pick) bool {
			return p.rank > sc.SamplesPerWeek && !(under[p.agent] && p.rank <= sc.SamplesPerWeek+sc.ExtraSamples)
		})
	}
	inspectors := s.az.Holders(tenancy.TenantID(ctx), authz.QualityInspector)
	sort.Strings(inspectors)
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		b := make([]*ent.InspectionCreate, 0, len(picks))
		next := 0
		for _, p := range picks {
			c := tx.Inspection.Create().SetScorecardID(sc.ID).SetTicketID(p.ticket).SetAgentID(p.agent).
				SetPeriod(wk.Key).SetSource(inspection.SourceSample)
			for range inspectors {
				who := inspectors[next%len(inspectors)]
				next++
				if who != p.agent {
					c.SetInspectorID(who)
					break
				}
			}
			b = append(b, c)
		}
		for len(b) > 0 {
			n := min(len(b), 200)
			if err := tx.Inspection.CreateBulk(b[:n]...).OnConflictColumns(inspection.FieldTenantID, inspection.FieldTicketID).
				DoNothing().Exec(ctx); err != nil {
				return err
			}
			b = b[n:]
		}
		return tx.PerformanceRun.Create().SetKind(performancerun.KindQaSample).SetPeriod(wk.Key).
			SetCount(len(picks)).SetAt(s.now().UTC()).Exec(ctx)
	})
	if ent.IsConstraintError(err) {
		out.Already = true // another run got there first
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sample %s: %w", wk.Key, err)
	}
	out.Picked = len(picks)
	return out, nil
}

type pick struct {
	ticket, agent string
	rank          int // 1 = first pick of this agent
}

// candidates ranks each agent's tickets resolved in the week and not yet
// inspected, and returns the first upTo of each.
func (s *Service) candidates(ctx context.Context, wk Week, upTo int) ([]pick, error) {
	q := `SELECT ticket_id, resolver_id, rn FROM (
  SELECT m.ticket_id, m.resolver_id,
    ROW_NUMBER() OVER (PARTITION BY m.resolver_id ORDER BY substr(m.ticket_id, length(m.ticket_id) - 7), m.ticket_id) AS rn
  FROM ticket_metrics m
  WHERE m.tenant_id = ? AND m.resolved_at >= ? AND m.resolved_at < ? AND m.resolver_id IS NOT NULL AND m.resolver_id <> ''
    AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.tenant_id = m.tenant_id AND i.ticket_id = m.ticket_id)
) r WHERE rn <= ? ORDER BY resolver_id, rn`
	if s.dialect == dialect.Postgres {
		for n := 1; strings.Contains(q, "?"); n++ {
			q = strings.Replace(q, "?", "$"+strconv.Itoa(n), 1)
		}
	}
	rows, err := s.db.QueryContext(ctx, q, tenancy.TenantID(ctx), wk.Start.UTC(), wk.End.UTC(), upTo)
	if err != nil {
		return nil, fmt.Errorf("sampling candidates: %w", err)
	}
	defer rows.Close()
	var out []pick
	for rows.Next() {
		var p pick
		if err := rows.Scan(&p.ticket, &p.agent, &p.rank); err != nil {
			return nil, fmt.Errorf("sampling candidates: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// underTarget names the agents whose inspections scored in the four weeks
// before wk average under target.
func (s *Service) underTarget(ctx context.Context, wk Week, target float64) (map[string]bool, error) {
	var rows []struct {
		AgentID string  `json:"agent_id"`
		Avg     float64 `json:"avg"`
	}
	err := s.db.Inspection.Query().
		Where(inspection.ScoredAtGTE(wk.Start.AddDate(0, 0, -28).UTC()), inspection.ScoredAtLT(wk.Start.UTC()), inspection.FinalScoreNotNil()).
		GroupBy(inspection.FieldAgentID).Aggregate(ent.As(ent.Mean(inspection.FieldFinalScore), "avg")).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("agents under target: %w", err)
	}
	out := map[string]bool{}
	for _, r := range rows {
		if r.Avg < target {
			out[r.AgentID] = true
		}
	}
	return out, nil
}

// DueSamplings lists, across tenants, the last completed week (in each
// tenant's zone) not yet sampled, for the sweeper to enqueue.
func (s *Service) DueSamplings(ctx context.Context, now time.Time) ([]perfrun.Due, error) {
	return perfrun.Pending(ctx, s.db, performancerun.KindQaSample, func(zone *time.Location) (string, time.Time) {
		wk := WeekOf(WeekOf(now, zone).Start.Add(-time.Hour), zone)
		return wk.Key, wk.End
	})
}

// SampleDue runs the sampling of period (a week key) for the tenant in ctx.
func (s *Service) SampleDue(ctx context.Context, period string) (*Sample, error) {
	zone, err := s.Zone(ctx)
	if err != nil {
		return nil, err
	}
	wk, err := ParseWeek(period, zone)
	if err != nil {
		return nil, err
	}
	return s.SampleWeek(ctx, wk)
}

// Zone is the tenant's time zone, for callers that name weeks.
func (s *Service) Zone(ctx context.Context) (*time.Location, error) { return tenantzone.Of(ctx, s.db) }

// LastWeek is the last completed week in the tenant's zone.
func (s *Service) LastWeek(ctx context.Context) (Week, error) {
	zone, err := s.Zone(ctx)
	if err != nil {
		return Week{}, err
	}
	return WeekOf(WeekOf(s.now(), zone).Start.Add(-time.Hour), zone), nil
}

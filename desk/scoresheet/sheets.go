package scoresheet

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"kefu/desk/kpi"
	"kefu/ent"
	"kefu/ent/inspection"
	"kefu/ent/scoresheet"
	"kefu/ent/scoresheetitem"
	"kefu/ent/store"
	"kefu/fault"
	"kefu/paging"
	"kefu/tenants/tenantzone"
)

// Sheet is a score sheet with its items.
type Sheet struct {
	*ent.ScoreSheet
	Items []*ent.ScoreSheetItem
}

// Adjustments is the sum of the adjustment items added after locking.
func (s Sheet) Adjustments() float64 {
	var sum float64
	for _, it := range s.Items {
		if it.Kind == scoresheetitem.KindAdjustment {
			sum += it.Points
		}
	}
	return round2(sum)
}

// Final is the score that counts: the total plus any adjustments.
func (s Sheet) Final() float64 { return round2(s.Total + s.Adjustments()) }

// ErrLocked refuses any change to a locked sheet.
var ErrLocked = fault.Conflictf("the sheet is locked; add an adjustment to correct it")

// Zone is the tenant's time zone, in which months are cut.
func (s *Service) Zone(ctx context.Context) (*time.Location, error) { return tenantzone.Of(ctx, s.db) }

// Generate makes (or, for drafts, refreshes) the month's sheets of the
// people in the viewer's scope — of unitID's subtree when given — other
// than the viewer. Sheets past draft are left as they are.
func (s *Service) Generate(ctx context.Context, viewerID, monthKey, unitID string) ([]Sheet, error) {
	zone, err := s.Zone(ctx)
	if err != nil {
		return nil, err
	}
	m, err := ParseMonth(monthKey, zone)
	if err != nil {
		return nil, err
	}
	if !m.Start.Before(s.now()) {
		return nil, fault.Field("body.month", "the month has not begun", monthKey)
	}
	people, err := s.people(ctx, viewerID, unitID)
	if err != nil {
		return nil, err
	}
	if len(people) == 0 {
		return nil, nil
	}
	rep, err := s.kpi.Report(ctx, viewerID, kpi.Query{From: m.Start, To: m.End, GroupBy: kpi.ByAgent, UnitID: unitID})
	if err != nil {
		return nil, err
	}
	figs := map[string]kpi.Figures{}
	for _, r := range rep.Rows {
		figs[r.Key] = r.Figures
	}
	qa, err := s.qaAverages(ctx, m)
	if err != nil {
		return nil, err
	}
	plan, err := s.Plan(ctx)
	if err != nil {
		return nil, err
	}
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		have, err := tx.ScoreSheet.Query().Where(scoresheet.Month(m.Key), scoresheet.AgentIDIn(people...)).All(ctx)
		if err != nil {
			return err
		}
		byAgent := map[string]*ent.ScoreSheet{}
		for _, h := range have {
			byAgent[h.AgentID] = h
		}
		for _, p := range people {
			f, ok := figs[p]
			if !ok {
				f = kpi.Figures{Rates: map[kpi.Metric]*float64{}}
			}
			a := qa[p]
			scores, base := Scores(plan, f.Rates, a.avg)
			snap := snapshot(f)
			cur := byAgent[p]
			if cur == nil {
				err = tx.ScoreSheet.Create().SetAgentID(p).SetMonth(m.Key).SetKpis(snap).SetScores(scores).SetWeights(plan.Weights).
					SetNillableQaAverage(a.avg).SetQaCount(a.n).SetBaseScore(base).SetTotal(base).Exec(ctx)
			} else if cur.Status == scoresheet.StatusDraft {
				upd := tx.ScoreSheet.UpdateOne(cur).SetKpis(snap).SetScores(scores).SetWeights(plan.Weights).
					SetQaCount(a.n).SetBaseScore(base).SetTotal(round2(base + cur.ItemsTotal))
				if a.avg == nil {
					upd.ClearQaAverage()
				} else {
					upd.SetQaAverage(*a.avg)
				}
				err = upd.Exec(ctx)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("generate sheets %s: %w", m.Key, err)
	}
	rows, _, err := s.List(ctx, viewerID, Filter{Month: m.Key, UnitID: unitID}, paging.Page{Limit: 10000})
	return rows, err
}

// people are those the viewer makes sheets for: holders of posts in unitID
// (or, without one, everyone in the viewer's scope), less the viewer.
func (s *Service) people(ctx context.Context, viewerID, unitID string) ([]string, error) {
	vis, err := s.org.VisibilityOf(ctx, viewerID)
	if err != nil {
		return nil, err
	}
	var ids []string
	switch {
	case unitID != "":
		ms, err := s.org.Members(ctx, unitID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			ids = append(ids, m.UserID)
		}
	case vis.All:
		teams, err := s.org.Teams(ctx)
		if err != nil {
			return nil, err
		}
		for id := range teams {
			ids = append(ids, id)
		}
	default:
		ids = vis.UserIDs
	}
	out := []string{}
	for _, id := range ids {
		if id != viewerID && vis.Sees(id) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out, nil
}

type qaAvg struct {
	avg *float64
	n   int
}

// qaAverages is each agent's mean final inspection score over the
// inspections scored in the month.
func (s *Service) qaAverages(ctx context.Context, m Month) (map[string]qaAvg, error) {
	var rows []struct {
		AgentID string  `json:"agent_id"`
		Avg     float64 `json:"avg"`
		N       int     `json:"n"`
	}
	err := s.db.Inspection.Query().
		Where(inspection.ScoredAtGTE(m.Start.UTC()), inspection.ScoredAtLT(m.End.UTC()), inspection.FinalScoreNotNil()).
		GroupBy(inspection.FieldAgentID).
		Aggregate(ent.As(ent.Mean(inspection.FieldFinalScore), "avg"), ent.As(ent.Count(), "n")).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("qa averages: %w", err)
	}
	out := map[string]qaAvg{}
	for _, r := range rows {
		v := round2(r.Avg)
		out[r.AgentID] = qaAvg{avg: &v, n: r.N}
	}
	return out, nil
}

// snapshot keeps the figures a sheet was computed from.
func snapshot(f kpi.Figures) map[string]float64 {
	out := map[string]float64{
		string(kpi.Handled): float64(f.Handled), "responded": float64(f.Responded),
		"complaints": float64(f.Complaints), "callbacks_due": float64(f.CallbacksDue),
	}
	for m, v := range f.Rates {
		if v != nil {
			out[string(m)] = *v
		}
	}
	for k, v := range map[kpi.Metric]*float64{kpi.FirstResponseMedian: f.FirstResponseMedian, kpi.ResolutionMedian: f.ResolutionMedian} {
		if v != nil {
			out[string(k)] = *v
		}
	}
	return out
}

// Filter narrows the sheet list.
type Filter struct {
	Month   string
	Status  string
	AgentID string
	UnitID  string
}

// List returns the sheets the viewer may see, by agent.
func (s *Service) List(ctx context.Context, viewerID string, f Filter, pg paging.Page) ([]Sheet, string, error) {
	q := s.db.ScoreSheet.Query()
	if f.Month != "" {
		q = q.Where(scoresheet.Month(f.Month))
	}
	if f.Status != "" {
		q = q.Where(scoresheet.StatusEQ(scoresheet.Status(f.Status)))
	}
	if f.AgentID != "" {
		q = q.Where(scoresheet.AgentID(f.AgentID))
	}
	if f.UnitID != "" {
		ms, err := s.org.Members(ctx, f.UnitID)
		if err != nil {
			return nil, "", err
		}
		ids := make([]string, len(ms))
		for i, m := range ms {
			ids[i] = m.UserID
		}
		q = q.Where(scoresheet.AgentIDIn(ids...))
	}
	vis, err := s.org.VisibilityOf(ctx, viewerID)
	if err != nil {
		return nil, "", err
	}
	if !vis.All {
		q = q.Where(scoresheet.AgentIDIn(vis.UserIDs...))
	}
	if pg.After != "" {
		q = q.Where(scoresheet.IDLT(pg.After))
	}
	rows, err := q.Order(scoresheet.ByID(sql.OrderDesc())).Limit(pg.Limit + 1).All(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("list sheets: %w", err)
	}
	rows, next := paging.Trim(rows, pg.Limit, func(r *ent.ScoreSheet) string { return r.ID })
	out, err := s.withItems(ctx, rows)
	return out, next, err
}

func (s *Service) withItems(ctx context.Context, rows []*ent.ScoreSheet) ([]Sheet, error) {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	items, err := s.db.ScoreSheetItem.Query().Where(scoresheetitem.SheetIDIn(ids...)).Order(scoresheetitem.ByID()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("sheet items: %w", err)
	}
	by := map[string][]*ent.ScoreSheetItem{}
	for _, it := range items {
		by[it.SheetID] = append(by[it.SheetID], it)
	}
	out := make([]Sheet, len(rows))
	for i, r := range rows {
		out[i] = Sheet{ScoreSheet: r, Items: by[r.ID]}
	}
	return out, nil
}

// Get returns a sheet the viewer may see.
func (s *Service) Get(ctx context.Context, viewerID, id string) (Sheet, error) {
	row, err := s.db.ScoreSheet.Get(ctx, id)
	if ent.IsNotFound(err) {
		return Sheet{}, fault.NotFoundf("score sheet %s", id)
	}
	if err != nil {
		return Sheet{}, fmt.Errorf("get sheet %s: %w", id, err)
	}
	vis, err := s.org.VisibilityOf(ctx, viewerID)
	if err != nil {
		return Sheet{}, err
	}
	if !vis.Sees(row.AgentID) {
		return Sheet{}, fault.NotFoundf("score sheet %s", id)
	}
	out, err := s.withItems(ctx, []*ent.ScoreSheet{row})
	if err != nil {
		return Sheet{}, err
	}
	return out[0], nil
}

// change runs fn on a sheet the viewer may see, in a transaction, after
// refusing locked sheets; fn sees the current row.
func (s *Service) change(ctx context.Context, viewerID, id string, fn func(tx *ent.Client, cur *ent.ScoreSheet) error) (Sheet, error) {
	if _, err := s.Get(ctx, viewerID, id); err != nil {
		return Sheet{}, err
	}
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cur, err := tx.ScoreSheet.Get(ctx, id)
		if err != nil {
			return err
		}
		if cur.Status == scoresheet.StatusLocked {
			return ErrLocked
		}
		return fn(tx, cur)
	})
	if err != nil {
		return Sheet{}, fmt.Errorf("score sheet %s: %w", id, err)
	}
	return s.Get(ctx, viewerID, id)
}

// draftOnly refuses changes to a sheet past draft.
func draftOnly(cur *ent.ScoreSheet) error {
	if cur.Status != scoresheet.StatusDraft {
		return fault.Conflictf("the sheet is %s; return it to draft to change it", cur.Status)
	}
	return nil
}

// SetComment changes a draft's comment.
func (s *Service) SetComment(ctx context.Context, viewerID, id, comment string) (Sheet, error) {
	return s.change(ctx, viewerID, id, func(tx *ent.Client, cur *ent.ScoreSheet) error {
		if err := draftOnly(cur); err != nil {
			return err
		}
		return tx.ScoreSheet.UpdateOne(cur).SetComment(strings.TrimSpace(comment)).Exec(ctx)
	})
}

// AddItem adds a reward or penalty (points > 0) to a draft.
func (s *Service) AddItem(ctx context.Context, viewerID, id, kind, reason string, points float64) (Sheet, error) {
	if kind != "reward" && kind != "penalty" {
		return Sheet{}, fault.Field("body.kind", "must be reward or penalty", kind)
	}
	if strings.TrimSpace(reason) == "" {
		return Sheet{}, fault.Field("body.reason", "must not be empty", reason)
	}
	if points <= 0 || points > 100 {
		return Sheet{}, fault.Field("body.points", "must be above 0 and at most 100 (a penalty subtracts them)", points)
	}
	return s.change(ctx, viewerID, id, func(tx *ent.Client, cur *ent.ScoreSheet) error {
		if err := draftOnly(cur); err != nil {
			return err
		}
		if err := tx.ScoreSheetItem.Create().SetSheetID(id).SetKind(scoresheetitem.Kind(kind)).SetReason(strings.TrimSpace(reason)).
			SetPoints(points).SetCreatedBy(viewerID).Exec(ctx); err != nil {
			return err
		}
		return retotal(ctx, tx, cur)
	})
}

// RemoveItem takes a reward or penalty off a draft.
func (s *Service) RemoveItem(ctx context.Context, viewerID, id, itemID string) (Sheet, error) {
	return s.change(ctx, viewerID, id, func(tx *ent.Client, cur *ent.ScoreSheet) error {
		if err := draftOnly(cur); err != nil {
			return err
		}
		n, err := tx.ScoreSheetItem.Delete().Where(scoresheetitem.ID(itemID), scoresheetitem.SheetID(id)).Exec(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return fault.NotFoundf("item %s", itemID)
		}
		return retotal(ctx, tx, cur)
	})
}

// retotal recomputes a draft's items total and total from its items.
func retotal(ctx context.Context, tx *ent.Client, cur *ent.ScoreSheet) error {
	items, err := tx.ScoreSheetItem.Query().Where(scoresheetitem.SheetID(cur.ID)).All(ctx)
	if err != nil {
		return err
	}
	var sum float64
	for _, it := range items {
		switch it.Kind {
		case scoresheetitem.KindReward:
			sum += it.Points
		case scoresheetitem.KindPenalty:
			sum -= it.Points
		}
	}
	sum = round2(sum)
	return tx.ScoreSheet.UpdateOne(cur).SetItemsTotal(sum).SetTotal(round2(cur.BaseScore + sum)).Exec(ctx)
}

// Submit hands a draft to the manager; the agent cannot submit their own.
func (s *Service) Submit(ctx context.Context, viewerID, id string) (Sheet, error) {
	return s.change(ctx, viewerID, id, func(tx *ent.Client, cur *ent.ScoreSheet) error {
		if cur.AgentID == viewerID {
			return fault.Forbiddenf("your own sheet is submitted by your supervisor")
		}
		if cur.Status != scoresheet.StatusDraft {
			return fault.Conflictf("only a draft can be submitted; the sheet is %s", cur.Status)
		}
		return tx.ScoreSheet.UpdateOne(cur).SetStatus(scoresheet.StatusSubmitted).SetSubmittedBy(viewerID).
			SetSubmittedAt(s.now().UTC()).SetReturnedReason("").Exec(ctx)
	})
}

// Approve approves a submitted sheet, and its items with it; the agent
// cannot approve their own.
func (s *Service) Approve(ctx context.Context, viewerID, id string) (Sheet, error) {
	return s.change(ctx, viewerID, id, func(tx *ent.Client, cur *ent.ScoreSheet) error {
		if cur.AgentID == viewerID {
			return fault.Forbiddenf("you cannot approve your own sheet")
		}
		if cur.Status != scoresheet.StatusSubmitted {
			return fault.Conflictf("only a submitted sheet can be approved; the sheet is %s", cur.Status)
		}
		if err := tx.ScoreSheetItem.Update().Where(scoresheetitem.SheetID(id), scoresheetitem.KindNEQ(scoresheetitem.KindAdjustment)).
			SetApproverID(viewerID).Exec(ctx); err != nil {
			return err
		}
		return tx.ScoreSheet.UpdateOne(cur).SetStatus(scoresheet.StatusApproved).SetApprovedBy(viewerID).SetApprovedAt(s.now().UTC()).Exec(ctx)
	})
}

// Lock closes an approved sheet for good.
func (s *Service) Lock(ctx context.Context, viewerID, id string) (Sheet, error) {
	return s.change(ctx, viewerID, id, func(tx *ent.Client, cur *ent.ScoreSheet) error {
		if cur.Status != scoresheet.StatusApproved {
			return fault.Conflictf("only an approved sheet can be locked; the sheet is %s", cur.Status)
		}
		return tx.ScoreSheet.UpdateOne(cur).SetStatus(scoresheet.StatusLocked).SetLockedBy(viewerID).SetLockedAt(s.now().UTC()).Exec(ctx)
	})
}

// Return sends a submitted or approved sheet back to draft with a reason.
func (s *Service) Return(ctx context.Context, viewerID, id, reason string) (Sheet, error) {
	if strings.TrimSpace(reason) == "" {
		return Sheet{}, fault.Field("body.reason", "say what to fix", reason)
	}
	return s.change(ctx, viewerID, id, func(tx *ent.Client, cur *ent.ScoreSheet) error {
		if cur.Status != scoresheet.StatusSubmitted && cur.Status != scoresheet.StatusApproved {
			return fault.Conflictf("only a submitted or approved sheet can be returned; the sheet is %s", cur.Status)
		}
		if err := tx.ScoreSheetItem.Update().Where(scoresheetitem.SheetID(id)).ClearApproverID().Exec(ctx); err != nil {
			return err
		}
		return tx.ScoreSheet.UpdateOne(cur).SetStatus(scoresheet.StatusDraft).SetReturnedReason(strings.TrimSpace(reason)).
			ClearSubmittedAt().SetSubmittedBy("").ClearApprovedAt().SetApprovedBy("").Exec(ctx)
	})
}

// Adjust corrects a locked sheet with an adjustment item (points may be
// negative); the sheet itself does not change.
func (s *Service) Adjust(ctx context.Context, viewerID, id, reason string, points float64) (Sheet, error) {
	if strings.TrimSpace(reason) == "" {
		return Sheet{}, fault.Field("body.reason", "say why", reason)
	}
	if points == 0 || points < -100 || points > 100 {
		return Sheet{}, fault.Field("body.points", "must be non-zero, -100 to 100", points)
	}
	sh, err := s.Get(ctx, viewerID, id)
	if err != nil {
		return Sheet{}, err
	}
	if sh.Status != scoresheet.StatusLocked {
		return Sheet{}, fault.Conflictf("only a locked sheet takes adjustments; change the sheet itself (it is %s)", sh.Status)
	}
	if sh.AgentID == viewerID {
		return Sheet{}, fault.Forbiddenf("you cannot adjust your own sheet")
	}
	err = s.db.ScoreSheetItem.Create().SetSheetID(id).SetKind(scoresheetitem.KindAdjustment).SetReason(strings.TrimSpace(reason)).
		SetPoints(points).SetCreatedBy(viewerID).SetApproverID(viewerID).Exec(ctx)
	if err != nil {
		return Sheet{}, fmt.Errorf("adjust sheet %s: %w", id, err)
	}
	return s.Get(ctx, viewerID, id)
}

// Finals returns the final scores (total plus adjustments) of the approved
// or locked sheets of months, by agent and month: what grades are reviewed on.
func (s *Service) Finals(ctx context.Context, months []string) (map[string]map[string]float64, error) {
	rows, err := s.db.ScoreSheet.Query().
		Where(scoresheet.MonthIn(months...), scoresheet.StatusIn(scoresheet.StatusApproved, scoresheet.StatusLocked)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("final scores: %w", err)
	}
	sheets, err := s.withItems(ctx, rows)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]float64{}
	for _, sh := range sheets {
		if out[sh.AgentID] == nil {
			out[sh.AgentID] = map[string]float64{}
		}
		out[sh.AgentID][sh.Month] = sh.Final()
	}
	return out, nil
}

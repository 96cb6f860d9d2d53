package grades

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"kefu/desk/perfrun"
	"kefu/ent"
	"kefu/ent/gradelevel"
	"kefu/ent/gradeproposal"
	"kefu/ent/performancerun"
	"kefu/ent/staffgrade"
	"kefu/ent/store"
	"kefu/fault"
	"kefu/paging"
	"kefu/tenants/tenantzone"
)

// Quarter is a calendar quarter: its key (2026-Q4) and its months.
type Quarter struct {
	Key    string
	Months [3]string // 2026-10, 2026-11, 2026-12
	Start  time.Time // in the tenant's zone
	End    time.Time
}

// ParseQuarter reads "2026-Q4" in zone.
func ParseQuarter(key string, zone *time.Location) (Quarter, error) {
	y, q, ok := strings.Cut(key, "-Q")
	year, err1 := strconv.Atoi(y)
	n, err2 := strconv.Atoi(q)
	if !ok || err1 != nil || err2 != nil || n < 1 || n > 4 || year < 2000 || year > 2999 {
		return Quarter{}, fault.Field("body.quarter", "must be a quarter like 2026-Q4", key)
	}
	start := time.Date(year, time.Month(3*n-2), 1, 0, 0, 0, 0, zone)
	out := Quarter{Key: key, Start: start, End: start.AddDate(0, 3, 0)}
	for i := range out.Months {
		out.Months[i] = start.AddDate(0, i, 0).Format("2006-01")
	}
	return out, nil
}

// QuarterOf returns the quarter holding t in zone.
func QuarterOf(t time.Time, zone *time.Location) Quarter {
	l := t.In(zone)
	q, _ := ParseQuarter(fmt.Sprintf("%d-Q%d", l.Year(), (int(l.Month())-1)/3+1), zone)
	return q
}

// ReviewDelay is how long after a quarter ends the review runs on its
// own: the last month's sheets are approved in the first days of the next.
const ReviewDelay = 10 * 24 * time.Hour

// Proposal outcomes.
const (
	Promote = "promote"
	Demote  = "demote"
)

// Decide proposes a move from the average of a quarter's scores: up one
// level when it reaches the next level's PromoteAt, down one when it falls
// under the held level's KeepAt; nothing otherwise. ladder is lowest first;
// held is the index of the level held.
func Decide(ladder []Level, held int, average float64) (to int, direction string) {
	if held+1 < len(ladder) && average >= ladder[held+1].PromoteAt {
		return held + 1, Promote
	}
	if held > 0 && average < ladder[held].KeepAt {
		return held - 1, Demote
	}
	return held, ""
}

// Review proposes the quarter's moves for everyone with approved or locked
// sheets for all three months. It proposes once per person and quarter,
// so running it again only adds proposals for sheets approved since.
func (s *Service) Review(ctx context.Context, q Quarter) (int, error) {
	levels, err := s.Ladder(ctx)
	if err != nil {
		return 0, err
	}
	if len(levels) < 2 {
		return 0, nil
	}
	ladder := make([]Level, len(levels))
	index := map[string]int{}
	for i, l := range levels {
		ladder[i] = Level{Name: l.Name, PromoteAt: l.PromoteAt, KeepAt: l.KeepAt}
		index[l.ID] = i
	}
	finals, err := s.sheets.Finals(ctx, q.Months[:])
	if err != nil {
		return 0, err
	}
	holdings, err := s.Holdings(ctx)
	if err != nil {
		return 0, err
	}
	// Who has a proposal for the quarter already is skipped, so the count
	// answered is of new proposals only (the unique key still guards races).
	proposed, err := s.db.GradeProposal.Query().Where(gradeproposal.Quarter(q.Key)).Select(gradeproposal.FieldUserID).Strings(ctx)
	if err != nil {
		return 0, fmt.Errorf("review %s: %w", q.Key, err)
	}
	skip := make(map[string]bool, len(proposed))
	for _, u := range proposed {
		skip[u] = true
	}
	held := map[string]int{}
	for _, h := range holdings {
		if i, ok := index[h.LevelID]; ok {
			held[h.UserID] = i
		}
	}
	var b []*ent.GradeProposalCreate
	for userID, months := range finals {
		if len(months) < len(q.Months) || skip[userID] {
			continue
		}
		var sum float64
		for _, v := range months {
			sum += v
		}
		avg := math.Round(sum/float64(len(months))*100) / 100
		from := held[userID]
		to, dir := Decide(ladder, from, avg)
		if dir == "" {
			continue
		}
		b = append(b, s.db.GradeProposal.Create().SetUserID(userID).SetQuarter(q.Key).SetFromLevelID(levels[from].ID).
			SetToLevelID(levels[to].ID).SetDirection(gradeproposal.Direction(dir)).SetAverage(avg).SetScores(months))
	}
	if len(b) == 0 {
		return 0, nil
	}
	err = s.db.GradeProposal.CreateBulk(b...).OnConflictColumns(gradeproposal.FieldTenantID, gradeproposal.FieldUserID, gradeproposal.FieldQuarter).
		DoNothing().Exec(ctx)
	if err != nil && !isNoRows(err) {
		return 0, fmt.Errorf("review %s: %w", q.Key, err)
	}
	return len(b), nil
}

// isNoRows: a bulk insert whose rows all conflicted returns nothing, which
// ent reports as no rows on some dialects.
func isNoRows(err error) bool { return err != nil && strings.Contains(err.Error(), "no rows") }

// ReviewDue runs the review of a quarter for the tenant in ctx once, as
// the quarterly job.
func (s *Service) ReviewDue(ctx context.Context, key string) (int, error) {
	zone, err := s.Zone(ctx)
	if err != nil {
		return 0, err
	}
	q, err := ParseQuarter(key, zone)
	if err != nil {
		return 0, err
	}
	done, err := s.db.PerformanceRun.Query().Where(performancerun.KindEQ(performancerun.KindGradeReview), performancerun.Period(key)).Exist(ctx)
	if err != nil || done {
		return 0, err
	}
	n, err := s.Review(ctx, q)
	if err != nil {
		return 0, err
	}
	err = s.db.PerformanceRun.Create().SetKind(performancerun.KindGradeReview).SetPeriod(key).SetCount(n).SetAt(s.now().UTC()).Exec(ctx)
	if err != nil && !ent.IsConstraintError(err) {
		return n, fmt.Errorf("review %s: %w", key, err)
	}
	return n, nil
}

// Zone is the tenant's time zone.
func (s *Service) Zone(ctx context.Context) (*time.Location, error) { return tenantzone.Of(ctx, s.db) }

// DueReviews lists, across tenants, the last quarter whose review is due
// (ReviewDelay after it ended, in each tenant's zone) and has not run.
func (s *Service) DueReviews(ctx context.Context, now time.Time) ([]perfrun.Due, error) {
	return perfrun.Pending(ctx, s.db, performancerun.KindGradeReview, func(zone *time.Location) (string, time.Time) {
		q := QuarterOf(QuarterOf(now.Add(-ReviewDelay), zone).Start.Add(-time.Hour), zone)
		return q.Key, q.End.Add(ReviewDelay)
	})
}

// ProposalFilter narrows the proposal list.
type ProposalFilter struct {
	Quarter, Status, UserID string
}

// Proposals lists proposals, newest first.
func (s *Service) Proposals(ctx context.Context, f ProposalFilter, pg paging.Page) ([]*ent.GradeProposal, string, error) {
	q := s.db.GradeProposal.Query()
	if f.Quarter != "" {
		q = q.Where(gradeproposal.Quarter(f.Quarter))
	}
	if f.Status != "" {
		q = q.Where(gradeproposal.StatusEQ(gradeproposal.Status(f.Status)))
	}
	if f.UserID != "" {
		q = q.Where(gradeproposal.UserID(f.UserID))
	}
	if pg.After != "" {
		q = q.Where(gradeproposal.IDLT(pg.After))
	}
	rows, err := q.Order(gradeproposal.ByID(sql.OrderDesc())).Limit(pg.Limit + 1).All(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("list proposals: %w", err)
	}
	rows, next := paging.Trim(rows, pg.Limit, func(p *ent.GradeProposal) string { return p.ID })
	return rows, next, nil
}

// Resolve confirms (moving the person to the proposed level) or rejects a
// proposal; a proposal is decided once, and not after the person's grade
// changed since it was made.
func (s *Service) Resolve(ctx context.Context, viewerID, id string, confirm bool, reason string) (*ent.GradeProposal, error) {
	if !confirm && strings.TrimSpace(reason) == "" {
		return nil, fault.Field("body.reason", "say why the proposal is rejected", reason)
	}
	var out *ent.GradeProposal
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		p, err := tx.GradeProposal.Get(ctx, id)
		if ent.IsNotFound(err) {
			return fault.NotFoundf("proposal %s", id)
		}
		if err != nil {
			return err
		}
		if p.Status != gradeproposal.StatusProposed {
			return fault.Conflictf("the proposal was %s already", p.Status)
		}
		if p.UserID == viewerID {
			return fault.Forbiddenf("you cannot decide your own grade")
		}
		status := gradeproposal.StatusRejected
		if confirm {
			status = gradeproposal.StatusConfirmed
			cur, err := s.currentLevel(ctx, tx, p.UserID)
			if err != nil {
				return err
			}
			if cur != p.FromLevelID {
				return fault.Conflictf("the grade changed since the proposal; review again")
			}
			if _, err := s.set(ctx, tx, p.UserID, p.ToLevelID); err != nil {
				return err
			}
		}
		out, err = tx.GradeProposal.UpdateOne(p).SetStatus(status).SetDecidedBy(viewerID).
			SetReason(strings.TrimSpace(reason)).SetDecidedAt(s.now().UTC()).Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("decide proposal %s: %w", id, err)
	}
	return out, nil
}

// currentLevel is the level a person holds: their row's, else the lowest.
func (s *Service) currentLevel(ctx context.Context, c *ent.Client, userID string) (string, error) {
	h, err := c.StaffGrade.Query().Where(staffgrade.UserID(userID)).Only(ctx)
	if err == nil {
		return h.LevelID, nil
	}
	if !ent.IsNotFound(err) {
		return "", err
	}
	low, err := c.GradeLevel.Query().Order(gradelevel.ByRank()).First(ctx)
	if err != nil {
		return "", err
	}
	return low.ID, nil
}

// Package grades is the grade ladder (客户经理等级: 见习, 四级 … 一级, 高级):
// each tenant's levels with their thresholds, who holds which, and the
// quarterly review that proposes moving people one level up or down from
// their last three monthly scores (按季考核，能上能下), for a manager to
// confirm.
package grades

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kefu/desk/scoresheet"
	"kefu/ent"
	"kefu/ent/gradelevel"
	"kefu/ent/staffgrade"
	"kefu/ent/store"
	"kefu/fault"
)

// Service runs the grade ladder.
type Service struct {
	db     *ent.Client
	sheets *scoresheet.Service
	now    func() time.Time
}

// New returns the grades service.
func New(db *ent.Client, sheets *scoresheet.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, sheets: sheets, now: now}
}

// Level is one rung to set: the ladder is given lowest first.
type Level struct {
	Name, NameEn      string
	PromoteAt, KeepAt float64
}

// DefaultLadder is the handbook's ladder of client managers' grades, lowest
// first. The handbook gives the levels, not the scores: these thresholds
// are ours — a quarterly average of PromoteAt moves someone up to the
// level, under KeepAt moves its holder down.
var DefaultLadder = []Level{
	{Name: "见习", NameEn: "Trainee", PromoteAt: 0, KeepAt: 0},
	{Name: "四级", NameEn: "Grade 4", PromoteAt: 70, KeepAt: 65},
	{Name: "三级", NameEn: "Grade 3", PromoteAt: 78, KeepAt: 73},
	{Name: "二级", NameEn: "Grade 2", PromoteAt: 85, KeepAt: 80},
	{Name: "一级", NameEn: "Grade 1", PromoteAt: 90, KeepAt: 86},
	{Name: "高级", NameEn: "Senior", PromoteAt: 95, KeepAt: 92},
}

// check validates a ladder: 2 to 12 levels with names, promotion
// thresholds rising strictly, and each level kept at or under what it
// takes to reach it (and above the level below's).
func check(ls []Level) error {
	var bad []fault.FieldError
	add := func(i int, f, msg string, v any) {
		bad = append(bad, fault.FieldError{Location: fmt.Sprintf("body.levels[%d].%s", i, f), Message: msg, Value: v})
	}
	if len(ls) < 2 || len(ls) > 12 {
		return fault.Field("body.levels", "give 2 to 12 levels, lowest first", len(ls))
	}
	names := map[string]bool{}
	for i, l := range ls {
		n := strings.TrimSpace(l.Name)
		if n == "" {
			add(i, "name", "must not be empty", l.Name)
		} else if names[n] {
			add(i, "name", "used twice", l.Name)
		}
		names[n] = true
		if l.PromoteAt < 0 || l.PromoteAt > 200 || l.KeepAt < 0 || l.KeepAt > l.PromoteAt {
			add(i, "keep_at", "thresholds run 0 to 200, keep_at at most promote_at", l.KeepAt)
		}
		if i > 0 && l.PromoteAt <= ls[i-1].PromoteAt {
			add(i, "promote_at", "must be above the level below's", l.PromoteAt)
		}
		if i > 0 && l.KeepAt < ls[i-1].KeepAt {
			add(i, "keep_at", "must not be under the level below's", l.KeepAt)
		}
	}
	if len(bad) > 0 {
		return &fault.Invalid{Fields: bad}
	}
	return nil
}

// Ladder returns the tenant's levels, lowest first.
func (s *Service) Ladder(ctx context.Context) ([]*ent.GradeLevel, error) {
	return s.db.GradeLevel.Query().Order(gradelevel.ByRank()).All(ctx)
}

// SetLadder replaces the ladder. Levels keep their ids by rank, so people
// holding a level keep it; dropping a level someone holds is refused.
func (s *Service) SetLadder(ctx context.Context, ls []Level) ([]*ent.GradeLevel, error) {
	if err := check(ls); err != nil {
		return nil, err
	}
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cur, err := tx.GradeLevel.Query().Order(gradelevel.ByRank()).All(ctx)
		if err != nil {
			return err
		}
		for i, l := range ls {
			if i < len(cur) {
				err = tx.GradeLevel.UpdateOne(cur[i]).SetName(strings.TrimSpace(l.Name)).SetNameEn(l.NameEn).
					SetPromoteAt(l.PromoteAt).SetKeepAt(l.KeepAt).Exec(ctx)
			} else {
				err = tx.GradeLevel.Create().SetRank(i).SetName(strings.TrimSpace(l.Name)).SetNameEn(l.NameEn).
					SetPromoteAt(l.PromoteAt).SetKeepAt(l.KeepAt).Exec(ctx)
			}
			if err != nil {
				return err
			}
		}
		for _, c := range cur[min(len(ls), len(cur)):] {
			held, err := tx.StaffGrade.Query().Where(staffgrade.LevelID(c.ID)).Exist(ctx)
			if err != nil {
				return err
			}
			if held {
				return fault.Conflictf("people hold %s; move them before dropping the level", c.Name)
			}
			if err := tx.GradeLevel.DeleteOne(c).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("set grade ladder: %w", err)
	}
	return s.Ladder(ctx)
}

// Seed writes a new tenant's default ladder through c (signup's transaction).
func Seed(ctx context.Context, c *ent.Client) error {
	for i, l := range DefaultLadder {
		if err := c.GradeLevel.Create().SetRank(i).SetName(l.Name).SetNameEn(l.NameEn).
			SetPromoteAt(l.PromoteAt).SetKeepAt(l.KeepAt).Exec(ctx); err != nil {
			return fmt.Errorf("seed grade %s: %w", l.Name, err)
		}
	}
	return nil
}

package quality

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"kefu/ent"
	"kefu/ent/inspection"
	"kefu/ent/scorecard"
	"kefu/ent/store"
	"kefu/ent/types"
	"kefu/fault"
)

// Spec is a scorecard to create, or the fields of one to change (nil:
// unchanged).
type Spec struct {
	Name           *string
	Description    *string
	Criteria       *[]types.Criterion
	IsDefault      *bool
	SamplesPerWeek *int
	ExtraSamples   *int
	TargetScore    *float64
}

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// check validates a complete spec.
func check(s Spec) error {
	var bad []fault.FieldError
	add := func(loc, msg string, v any) {
		bad = append(bad, fault.FieldError{Location: loc, Message: msg, Value: v})
	}
	if s.Name == nil || strings.TrimSpace(*s.Name) == "" {
		add("body.name", "must not be empty", nil)
	}
	if s.Criteria == nil || len(*s.Criteria) == 0 || len(*s.Criteria) > 30 {
		add("body.criteria", "give 1 to 30 criteria", nil)
	} else {
		seen := map[string]bool{}
		var total float64
		for i, c := range *s.Criteria {
			loc := fmt.Sprintf("body.criteria[%d]", i)
			if !keyPattern.MatchString(c.Key) {
				add(loc+".key", "lower-case letters, digits and _, starting with a letter", c.Key)
			} else if seen[c.Key] {
				add(loc+".key", "used twice", c.Key)
			}
			seen[c.Key] = true
			if strings.TrimSpace(c.Label) == "" {
				add(loc+".label", "must not be empty", c.Label)
			}
			if c.Weight < 0 || c.Weight > 100 || (!c.Critical && c.Weight == 0) {
				add(loc+".weight", "must be 0 to 100, and above 0 unless the item is critical", c.Weight)
			}
			total += c.Weight
		}
		if total <= 0 {
			add("body.criteria", "the weights must add up to more than 0", total)
		}
	}
	if s.SamplesPerWeek != nil && (*s.SamplesPerWeek < 0 || *s.SamplesPerWeek > 50) {
		add("body.samples_per_week", "must be 0 to 50", *s.SamplesPerWeek)
	}
	if s.ExtraSamples != nil && (*s.ExtraSamples < 0 || *s.ExtraSamples > 50) {
		add("body.extra_samples", "must be 0 to 50", *s.ExtraSamples)
	}
	if s.TargetScore != nil && (*s.TargetScore < 0 || *s.TargetScore > 100) {
		add("body.target_score", "must be 0 to 100", *s.TargetScore)
	}
	if len(bad) > 0 {
		return &fault.Invalid{Fields: bad}
	}
	return nil
}

// Scorecards lists the tenant's scorecards, the default first.
func (s *Service) Scorecards(ctx context.Context) ([]*ent.Scorecard, error) {
	return s.db.Scorecard.Query().Order(ent.Desc(scorecard.FieldIsDefault), ent.Asc(scorecard.FieldName)).All(ctx)
}

// Scorecard returns one scorecard.
func (s *Service) Scorecard(ctx context.Context, id string) (*ent.Scorecard, error) {
	sc, err := s.db.Scorecard.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fault.NotFoundf("scorecard %s", id)
	}
	return sc, err
}

// CreateScorecard adds a scorecard; the first one, or one marked default,
// becomes the default.
func (s *Service) CreateScorecard(ctx context.Context, in Spec) (*ent.Scorecard, error) {
	if err := check(in); err != nil {
		return nil, err
	}
	var out *ent.Scorecard
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		n, err := tx.Scorecard.Query().Count(ctx)
		if err != nil {
			return err
		}
		def := n == 0 || (in.IsDefault != nil && *in.IsDefault)
		if def {
			if err := tx.Scorecard.Update().Where(scorecard.IsDefault(true)).SetIsDefault(false).Exec(ctx); err != nil {
				return err
			}
		}
		c := tx.Scorecard.Create().SetName(strings.TrimSpace(*in.Name)).SetCriteria(*in.Criteria).SetIsDefault(def).
			SetNillableDescription(in.Description).SetNillableSamplesPerWeek(in.SamplesPerWeek).
			SetNillableExtraSamples(in.ExtraSamples).SetNillableTargetScore(in.TargetScore)
		out, err = c.Save(ctx)
		return err
	})
	if ent.IsConstraintError(err) {
		return nil, fault.Conflictf("a scorecard named %q exists", *in.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("create scorecard: %w", err)
	}
	return out, nil
}

// UpdateScorecard changes the fields given. Criteria already used to score
// an inspection cannot change (the marks would no longer add up): copy the
// scorecard instead.
func (s *Service) UpdateScorecard(ctx context.Context, id string, in Spec) (*ent.Scorecard, error) {
	var out *ent.Scorecard
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cur, err := tx.Scorecard.Get(ctx, id)
		if ent.IsNotFound(err) {
			return fault.NotFoundf("scorecard %s", id)
		}
		if err != nil {
			return err
		}
		full := Spec{Name: &cur.Name, Criteria: &cur.Criteria}
		if in.Name != nil {
			full.Name = in.Name
		}
		if in.Criteria != nil {
			full.Criteria = in.Criteria
			used, err := tx.Inspection.Query().Where(inspection.ScorecardID(id), inspection.ScoredAtNotNil()).Exist(ctx)
			if err != nil {
				return err
			}
			if used {
				return fault.Conflictf("inspections were scored on this scorecard; create a new one to change its criteria")
			}
		}
		full.SamplesPerWeek, full.ExtraSamples, full.TargetScore = in.SamplesPerWeek, in.ExtraSamples, in.TargetScore
		if err := check(full); err != nil {
			return err
		}
		upd := tx.Scorecard.UpdateOne(cur).SetName(strings.TrimSpace(*full.Name)).SetCriteria(*full.Criteria).
			SetNillableDescription(in.Description).SetNillableSamplesPerWeek(in.SamplesPerWeek).
			SetNillableExtraSamples(in.ExtraSamples).SetNillableTargetScore(in.TargetScore)
		if in.IsDefault != nil && *in.IsDefault && !cur.IsDefault {
			if err := tx.Scorecard.Update().Where(scorecard.IsDefault(true)).SetIsDefault(false).Exec(ctx); err != nil {
				return err
			}
			upd.SetIsDefault(true)
		}
		out, err = upd.Save(ctx)
		return err
	})
	if ent.IsConstraintError(err) {
		return nil, fault.Conflictf("a scorecard named %q exists", *in.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("update scorecard %s: %w", id, err)
	}
	return out, nil
}

// DeleteScorecard removes a scorecard no inspection uses; the default one
// stays until another is made default.
func (s *Service) DeleteScorecard(ctx context.Context, id string) error {
	return store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cur, err := tx.Scorecard.Get(ctx, id)
		if ent.IsNotFound(err) {
			return fault.NotFoundf("scorecard %s", id)
		}
		if err != nil {
			return err
		}
		if cur.IsDefault {
			return fault.Conflictf("the default scorecard cannot be deleted; make another the default first")
		}
		used, err := tx.Inspection.Query().Where(inspection.ScorecardID(id)).Exist(ctx)
		if err != nil {
			return err
		}
		if used {
			return fault.Conflictf("inspections use this scorecard")
		}
		return tx.Scorecard.DeleteOne(cur).Exec(ctx)
	})
}

// DefaultScorecard is the scorecard a new tenant starts with, from the
// handbooks' measures of a conversation: greeting, accuracy, attitude,
// compliance with the process, closing; a forbidden phrase or leaked
// customer data zeroes the score.
func DefaultScorecard(locale string) Spec {
	crit := []types.Criterion{
		{Key: "greeting", Label: "开场问候", LabelEn: "Greeting", Weight: 10},
		{Key: "accuracy", Label: "解答准确", LabelEn: "Accuracy", Weight: 30},
		{Key: "attitude", Label: "服务态度", LabelEn: "Attitude", Weight: 25},
		{Key: "compliance", Label: "流程规范", LabelEn: "Process compliance", Weight: 20},
		{Key: "closing", Label: "结束语", LabelEn: "Closing", Weight: 15},
		{Key: "red_line", Label: "服务禁语或泄露客户信息", LabelEn: "Forbidden phrase or leaked customer data", Weight: 0, Critical: true},
	}
	name, desc := "标准质检评分表", "每周每名客服抽检 2 张工单；近四周均分低于 80 分的加抽 2 张。"
	if locale == "en" {
		name, desc = "Standard scorecard", "Two tickets per agent each week; two more for agents averaging under 80 over the last four weeks."
	}
	def, n, extra, target := true, 2, 2, 80.0
	return Spec{Name: &name, Description: &desc, Criteria: &crit, IsDefault: &def, SamplesPerWeek: &n, ExtraSamples: &extra, TargetScore: &target}
}

// Seed writes a new tenant's default scorecard through c (signup's
// transaction).
func Seed(ctx context.Context, c *ent.Client, locale string) error {
	s := DefaultScorecard(locale)
	return c.Scorecard.Create().SetName(*s.Name).SetDescription(*s.Description).SetCriteria(*s.Criteria).SetIsDefault(true).
		SetSamplesPerWeek(*s.SamplesPerWeek).SetExtraSamples(*s.ExtraSamples).SetTargetScore(*s.TargetScore).Exec(ctx)
}

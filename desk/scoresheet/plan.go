package scoresheet

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"kefu/desk/kpi"
	"kefu/ent"
	"kefu/fault"
)

// QA is the weight key of the month's quality inspection average.
const QA = "qa"

// DefaultWeights weigh the base score when a tenant has set none: what the
// handbooks measure an agent by — resolution (SLA, first contact),
// satisfaction, complaints — and the quality inspections.
var DefaultWeights = map[string]float64{
	string(kpi.ResolutionCompliance):    20,
	string(kpi.FirstResponseCompliance): 10,
	string(kpi.FCRRate):                 15,
	string(kpi.SatisfactionRate):        20,
	string(kpi.ComplaintRate):           10,
	QA:                                  25,
}

// DefaultComplaintCeiling is the complaint rate that scores zero.
const DefaultComplaintCeiling = 0.05

// Plan is how the base score is weighed.
type Plan struct {
	Weights          map[string]float64
	ComplaintCeiling float64
}

// Weighable lists the keys a plan may weigh: the KPI rates and QA.
func Weighable() []string {
	out := []string{QA}
	for _, m := range kpi.Rates {
		out = append(out, string(m))
	}
	sort.Strings(out)
	return out
}

// Plan returns the tenant's plan, or the default one.
func (s *Service) Plan(ctx context.Context) (Plan, error) {
	p, err := s.db.PerformancePlan.Query().Only(ctx)
	if ent.IsNotFound(err) {
		return Plan{Weights: DefaultWeights, ComplaintCeiling: DefaultComplaintCeiling}, nil
	}
	if err != nil {
		return Plan{}, fmt.Errorf("performance plan: %w", err)
	}
	return Plan{Weights: p.Weights, ComplaintCeiling: p.ComplaintCeiling}, nil
}

// SetPlan replaces the tenant's plan; sheets already submitted keep the
// weights they were computed with.
func (s *Service) SetPlan(ctx context.Context, p Plan) (Plan, error) {
	var bad []fault.FieldError
	total := 0.0
	keys := Weighable()
	for k, w := range p.Weights {
		if !slices.Contains(keys, k) {
			bad = append(bad, fault.FieldError{Location: "body.weights." + k, Message: "not a weighable metric", Value: k})
		}
		if w < 0 || w > 100 || math.IsNaN(w) {
			bad = append(bad, fault.FieldError{Location: "body.weights." + k, Message: "must be 0 to 100", Value: w})
		}
		total += w
	}
	if total <= 0 {
		bad = append(bad, fault.FieldError{Location: "body.weights", Message: "weigh at least one metric", Value: total})
	}
	if p.ComplaintCeiling <= 0 || p.ComplaintCeiling > 1 {
		bad = append(bad, fault.FieldError{Location: "body.complaint_ceiling", Message: "must be above 0 and at most 1", Value: p.ComplaintCeiling})
	}
	if len(bad) > 0 {
		return Plan{}, &fault.Invalid{Fields: bad}
	}
	err := s.db.PerformancePlan.Create().SetWeights(p.Weights).SetComplaintCeiling(p.ComplaintCeiling).
		OnConflictColumns("tenant_id").UpdateNewValues().Exec(ctx)
	if err != nil {
		return Plan{}, fmt.Errorf("set performance plan: %w", err)
	}
	return p, nil
}

// Scores turns a person's month into scores on 0–100 per weighed metric:
// a rate counts as rate × 100, the reopen rate as (1 − rate) × 100, the
// complaint rate as 100 at none falling to 0 at the ceiling, and QA as its
// average. A metric with nothing to measure is left out, and the base
// score is the weighted mean of the metrics that remain (0 when none do).
func Scores(p Plan, rates map[kpi.Metric]*float64, qa *float64) (scores map[string]float64, base float64) {
	scores = map[string]float64{}
	var sum, weight float64
	for k, w := range p.Weights {
		if w <= 0 {
			continue
		}
		var v *float64
		if k == QA {
			v = qa
		} else if r := rates[kpi.Metric(k)]; r != nil {
			x := *r * 100
			switch kpi.Metric(k) {
			case kpi.ComplaintRate:
				x = 100 * (1 - math.Min(1, *r/p.ComplaintCeiling))
			case kpi.ReopenRate:
				x = 100 - x
			}
			v = &x
		}
		if v == nil {
			continue
		}
		scores[k] = round2(*v)
		sum += w * *v
		weight += w
	}
	if weight == 0 {
		return scores, 0
	}
	return scores, round2(sum / weight)
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

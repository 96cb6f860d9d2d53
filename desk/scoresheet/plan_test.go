package scoresheet

import (
	"testing"

	"kefu/desk/kpi"
)

func TestScoresWeighWhatCanBeMeasured(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	p := Plan{Weights: map[string]float64{"resolution_compliance": 20, "complaint_rate": 10, "reopen_rate": 10, "satisfaction_rate": 30, QA: 30}, ComplaintCeiling: 0.05}
	rates := map[kpi.Metric]*float64{kpi.ResolutionCompliance: f(0.9), kpi.ComplaintRate: f(0.02), kpi.ReopenRate: f(0.1), kpi.SatisfactionRate: nil}
	scores, base := Scores(p, rates, f(80))
	// 20·90 + 10·60 + 10·90 + 30·80 over 70 (satisfaction unmeasured).
	if scores["resolution_compliance"] != 90 || scores["complaint_rate"] != 60 || scores["reopen_rate"] != 90 || scores[QA] != 80 {
		t.Fatalf("scores %v", scores)
	}
	if _, ok := scores["satisfaction_rate"]; ok {
		t.Fatal("an unmeasured metric was scored")
	}
	if base != 81.43 {
		t.Fatalf("base %v", base)
	}
	if _, base := Scores(p, map[kpi.Metric]*float64{kpi.ComplaintRate: f(0.2)}, nil); base != 0 {
		t.Fatalf("complaints over the ceiling: %v", base)
	}
	if _, base := Scores(p, nil, nil); base != 0 {
		t.Fatalf("nothing measured: %v", base)
	}
}

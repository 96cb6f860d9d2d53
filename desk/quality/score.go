package quality

import (
	"fmt"
	"math"

	"kefu/ent/types"
	"kefu/fault"
)

// Score marks a conversation against criteria: each criterion gets exactly
// one mark of 0 to its weight; the score is the points' share of the total
// weight on 0–100 (one decimal), and 0 when any critical item failed.
func Score(criteria []types.Criterion, marks []types.Mark) (score float64, criticalFailed bool, err error) {
	byKey := map[string]types.Mark{}
	var bad []fault.FieldError
	for i, m := range marks {
		if _, dup := byKey[m.Key]; dup {
			bad = append(bad, fault.FieldError{Location: fmt.Sprintf("body.marks[%d].key", i), Message: "marked twice", Value: m.Key})
		}
		byKey[m.Key] = m
	}
	var points, total float64
	for _, c := range criteria {
		m, ok := byKey[c.Key]
		if !ok {
			bad = append(bad, fault.FieldError{Location: "body.marks", Message: "no mark for " + c.Key, Value: c.Key})
			continue
		}
		delete(byKey, c.Key)
		if m.Points < 0 || m.Points > c.Weight {
			bad = append(bad, fault.FieldError{Location: "body.marks", Message: fmt.Sprintf("%s takes 0 to %g points", c.Key, c.Weight), Value: m.Points})
		}
		if m.Failed && !c.Critical {
			bad = append(bad, fault.FieldError{Location: "body.marks", Message: c.Key + " is not a critical item", Value: m.Failed})
		}
		if c.Critical && m.Failed {
			criticalFailed = true
		}
		points += m.Points
		total += c.Weight
	}
	for k := range byKey {
		bad = append(bad, fault.FieldError{Location: "body.marks", Message: "no criterion " + k, Value: k})
	}
	if len(bad) > 0 {
		return 0, false, &fault.Invalid{Fields: bad}
	}
	if criticalFailed || total == 0 {
		return 0, criticalFailed, nil
	}
	return math.Round(1000*points/total) / 10, false, nil
}

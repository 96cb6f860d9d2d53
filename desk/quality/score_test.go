package quality

import (
	"errors"
	"testing"
	"time"

	"kefu/ent/types"
	"kefu/fault"
)

func TestScoreWeighsMarksAndCriticalItemsZeroIt(t *testing.T) {
	crit := []types.Criterion{{Key: "a", Weight: 30}, {Key: "b", Weight: 10}, {Key: "red", Critical: true}}
	cases := map[string]struct {
		marks    []types.Mark
		want     float64
		critical bool
		invalid  bool
	}{
		"full":          {[]types.Mark{{Key: "a", Points: 30}, {Key: "b", Points: 10}, {Key: "red"}}, 100, false, false},
		"part":          {[]types.Mark{{Key: "a", Points: 20}, {Key: "b", Points: 5}, {Key: "red"}}, 62.5, false, false},
		"critical":      {[]types.Mark{{Key: "a", Points: 30}, {Key: "b", Points: 10}, {Key: "red", Failed: true}}, 0, true, false},
		"missing":       {[]types.Mark{{Key: "a", Points: 30}, {Key: "red"}}, 0, false, true},
		"over weight":   {[]types.Mark{{Key: "a", Points: 31}, {Key: "b", Points: 10}, {Key: "red"}}, 0, false, true},
		"unknown":       {[]types.Mark{{Key: "a", Points: 30}, {Key: "b", Points: 10}, {Key: "red"}, {Key: "x"}}, 0, false, true},
		"twice":         {[]types.Mark{{Key: "a", Points: 30}, {Key: "a", Points: 30}, {Key: "b"}, {Key: "red"}}, 0, false, true},
		"fail non-crit": {[]types.Mark{{Key: "a", Points: 30, Failed: true}, {Key: "b", Points: 10}, {Key: "red"}}, 0, false, true},
	}
	for name, c := range cases {
		got, critical, err := Score(crit, c.marks)
		var inv *fault.Invalid
		if c.invalid != errors.As(err, &inv) || (!c.invalid && (got != c.want || critical != c.critical)) {
			t.Errorf("%s: %v %v %v", name, got, critical, err)
		}
	}
}

func TestWeeksAreISOWeeksInTheZone(t *testing.T) {
	z, _ := time.LoadLocation("Asia/Shanghai")
	wk := WeekOf(time.Date(2026, 11, 8, 23, 59, 0, 0, z), z)
	if wk.Key != "2026-W45" || !wk.Start.Equal(time.Date(2026, 11, 2, 0, 0, 0, 0, z)) {
		t.Fatalf("week %+v", wk)
	}
	for _, key := range []string{"2026-W45", "2026-W01", "2026-W53", "2027-W01"} {
		w, err := ParseWeek(key, z)
		if err != nil || w.Key != key || w.Start.Weekday() != time.Monday {
			t.Errorf("%s: %+v %v", key, w, err)
		}
	}
	for _, bad := range []string{"2025-W53", "2026-W00", "2026-11", "x"} {
		if _, err := ParseWeek(bad, z); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

package grades

import (
	"testing"
	"time"
)

func TestDecideMovesOneLevelAtMost(t *testing.T) {
	cases := []struct {
		held    int
		avg     float64
		to      int
		outcome string
	}{
		{0, 99, 1, Promote},   // 见习 with a top score: one level, not five
		{0, 69.99, 0, ""},     // under 四级's 70
		{2, 85, 3, Promote},   // 三级 reaching 二级's 85
		{2, 73, 2, ""},        // holds 三级 at its keep_at
		{2, 72.99, 1, Demote}, // under it
		{5, 100, 5, ""},       // 高级 has nowhere to go
		{5, 91, 4, Demote},
	}
	for _, c := range cases {
		if to, out := Decide(DefaultLadder, c.held, c.avg); to != c.to || out != c.outcome {
			t.Errorf("held %d avg %v: %d %q, want %d %q", c.held, c.avg, to, out, c.to, c.outcome)
		}
	}
	if err := check(DefaultLadder); err != nil {
		t.Fatalf("default ladder: %v", err)
	}
}

func TestQuartersHaveTheirMonths(t *testing.T) {
	z, _ := time.LoadLocation("Asia/Shanghai")
	q, err := ParseQuarter("2026-Q4", z)
	if err != nil || q.Months != [3]string{"2026-10", "2026-11", "2026-12"} || !q.End.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, z)) {
		t.Fatalf("%+v %v", q, err)
	}
	if QuarterOf(time.Date(2026, 3, 31, 23, 0, 0, 0, z), z).Key != "2026-Q1" {
		t.Fatal("quarter of 31 March")
	}
	for _, bad := range []string{"2026-Q5", "2026-4", "Q1"} {
		if _, err := ParseQuarter(bad, z); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

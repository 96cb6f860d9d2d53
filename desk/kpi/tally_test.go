package kpi

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestTallyTakesMediansAndMeansOfItsDurations(t *testing.T) {
	ds, err := parseDurations("5400,-60,600,1800")
	if err != nil {
		t.Fatal(err)
	}
	a := &tally{resolutions: durations{ds}}
	b := &tally{resolutions: durations{{3600}}, firstResponses: durations{{7}}}
	var sum tally
	sum.add(a)
	sum.add(b)
	f := sum.figures()
	// -60, 600, 1800, 3600, 5400: the middle one; the even four of a: the mean of the middle two.
	if *f.ResolutionMedian != 1800 || *f.ResolutionAvg != 11340.0/5 || f.ResolutionTimed != 5 || f.ResolutionSum != 11340 {
		t.Errorf("sum: median %v avg %v timed %d", *f.ResolutionMedian, *f.ResolutionAvg, f.ResolutionTimed)
	}
	if m := a.figures().ResolutionMedian; *m != 1200 {
		t.Errorf("median of four = %v, want 1200", *m)
	}
	if f := (&tally{}).figures(); f.ResolutionMedian != nil || f.FirstResponseAvg != nil {
		t.Errorf("empty tally has durations: %+v", f)
	}
	if _, err := parseDurations("12,x"); err == nil {
		t.Error("a bad list parsed")
	}
	if ds, err := parseDurations(""); err != nil || len(ds) != 0 {
		t.Errorf("empty list: %v %v", ds, err)
	}
}

func TestMedianSelectsWhatSortingWouldFind(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 1; n < 300; n++ {
		var ds durations
		var all []int64
		for left := n; left > 0; {
			l := make([]int64, 1+r.IntN(left))
			for i := range l {
				l[i] = r.Int64N(int64(n)) // repeats, and runs of one value
				if n%3 == 0 {
					l[i] = int64(i) // presorted
				}
			}
			left -= len(l)
			ds, all = append(ds, l), append(all, l...)
		}
		slices.Sort(all)
		want := float64(all[n/2])
		if n%2 == 0 {
			want = float64(all[n/2-1]+all[n/2]) / 2
		}
		if got := *ds.median(); got != want {
			t.Fatalf("n=%d: median %v, want %v", n, got, want)
		}
	}
}

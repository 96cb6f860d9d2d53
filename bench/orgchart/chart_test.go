package main

import (
	"fmt"
	"regexp"
	"testing"
)

func staffEmails(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("staff%04d@bench.example.com", i+1)
	}
	return out
}

// The chart must pass the import's validation (desk/orgchart.Validate):
// valid unique keys, known parents and superiors without cycles, one head
// per unit, one primary position per person, no position over its
// headcount. It must also have exactly 2,000 positions.
func TestBuildChartIsValid(t *testing.T) {
	if chartPositions != 2000 {
		t.Fatalf("chart shape gives %d positions, want 2000", chartPositions)
	}
	doc, st, err := buildChart("director@bench.example.com", staffEmails(1500))
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	kinds := map[string]bool{"company": true, "center": true, "department": true, "group": true, "team": true}
	parent := map[string]string{}
	for _, u := range doc.Units {
		if !key.MatchString(u.Key) || !kinds[u.Kind] || u.Name == "" {
			t.Errorf("bad unit %+v", u)
		}
		if _, dup := parent[u.Key]; dup {
			t.Errorf("unit key %s twice", u.Key)
		}
		parent[u.Key] = u.Parent
	}
	for k := range parent {
		for cur, hops := parent[k], 0; cur != ""; cur, hops = parent[cur], hops+1 {
			if _, ok := parent[cur]; !ok || hops > len(parent) {
				t.Fatalf("unit %s: bad parent chain at %q", k, cur)
			}
		}
	}
	reports := map[string]string{}
	headcount := map[string]int{}
	heads := map[string]int{}
	for _, p := range doc.Positions {
		if !key.MatchString(p.Key) || p.Title == "" || p.Headcount < 1 || p.Headcount > 3 {
			t.Errorf("bad position %+v", p)
		}
		if _, ok := parent[p.Unit]; !ok {
			t.Errorf("position %s in unknown unit %s", p.Key, p.Unit)
		}
		if _, dup := reports[p.Key]; dup {
			t.Errorf("position key %s twice", p.Key)
		}
		reports[p.Key] = p.ReportsTo
		headcount[p.Key] = p.Headcount
		if p.Head {
			heads[p.Unit]++
		}
	}
	for k := range reports {
		for cur, hops := reports[k], 0; cur != ""; cur, hops = reports[cur], hops+1 {
			if _, ok := reports[cur]; !ok || hops > len(reports) {
				t.Fatalf("position %s: bad reporting line at %q", k, cur)
			}
		}
	}
	for u := range parent {
		if heads[u] != 1 {
			t.Errorf("unit %s has %d heads", u, heads[u])
		}
	}
	filled := map[string]int{}
	primary := map[string]bool{}
	for _, a := range doc.Assignments {
		if primary[a.User] {
			t.Errorf("%s has two primary positions", a.User)
		}
		primary[a.User] = true
		filled[a.Position]++
		if filled[a.Position] > headcount[a.Position] {
			t.Errorf("position %s over its headcount", a.Position)
		}
	}

	want := chartStats{Units: 111, Departments: 10, Groups: 100, Positions: 2000, Assignments: 1501}
	if st.Units != want.Units || st.Departments != want.Departments || st.Groups != want.Groups ||
		st.Positions != want.Positions || st.Assignments != want.Assignments {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	if st.FilledPositions != 1501 || st.VacantPositions != 499 || st.VacantSlots != st.Headcount-1501 {
		t.Errorf("filled %d vacant %d slots %d of headcount %d", st.FilledPositions, st.VacantPositions, st.VacantSlots, st.Headcount)
	}
}

// Every head is filled first, and group heads report to their
// department's head while group staff report to their group's.
func TestBuildChartReportingLines(t *testing.T) {
	doc, _, err := buildChart("director@bench.example.com", staffEmails(1500))
	if err != nil {
		t.Fatal(err)
	}
	holder := map[string]string{}
	for _, a := range doc.Assignments {
		holder[a.Position] = a.User
	}
	for _, p := range doc.Positions {
		if p.Head && holder[p.Key] == "" {
			t.Errorf("head position %s vacant", p.Key)
		}
	}
	byKey := map[string]string{}
	for _, p := range doc.Positions {
		byKey[p.Key] = p.ReportsTo
	}
	for k, want := range map[string]string{
		"center-head": "", "d03-head": "center-head", "d03-s05": "d03-head",
		"d03-g07-head": "d03-head", "d03-g07-s12": "d03-g07-head", "center-s01": "center-head",
	} {
		if got := byKey[k]; got != want {
			t.Errorf("%s reports to %q, want %q", k, got, want)
		}
	}
	if holder["center-head"] != "director@bench.example.com" {
		t.Errorf("center head held by %q", holder["center-head"])
	}
}

func TestBuildChartLimits(t *testing.T) {
	if _, _, err := buildChart("d@x", staffEmails(chartPositions)); err == nil {
		t.Error("more staff than positions accepted")
	}
	_, st, err := buildChart("d@x", nil)
	if err != nil || st.Assignments != 1 {
		t.Errorf("no staff: %v, %d assignments", err, st.Assignments)
	}
	_, st, err = buildChart("d@x", staffEmails(chartPositions-1))
	if err != nil || st.VacantPositions != 0 {
		t.Errorf("full chart: %v, %d vacant", err, st.VacantPositions)
	}
}

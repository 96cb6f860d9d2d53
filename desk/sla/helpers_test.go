package sla

import (
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the host's zoneinfo

	"kefu/ent/types"
)

// china2026 is the 2026 schedule of mainland China's statutory holidays and
// make-up workdays (国务院办公厅关于2026年部分节假日安排的通知).
func china2026() ([]types.Holiday, []types.Workday) {
	ranges := []struct {
		name       string
		first, end string // inclusive
	}{
		{"元旦", "2026-01-01", "2026-01-03"},
		{"春节", "2026-02-15", "2026-02-23"},
		{"清明节", "2026-04-04", "2026-04-06"},
		{"劳动节", "2026-05-01", "2026-05-05"},
		{"端午节", "2026-06-19", "2026-06-21"},
		{"中秋节", "2026-09-25", "2026-09-27"},
		{"国庆节", "2026-10-01", "2026-10-07"},
	}
	var hs []types.Holiday
	for _, r := range ranges {
		first, _ := time.Parse(time.DateOnly, r.first)
		last, _ := time.Parse(time.DateOnly, r.end)
		for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
			hs = append(hs, types.Holiday{Date: d.Format(time.DateOnly), Name: r.name})
		}
	}
	ws := []types.Workday{
		{Date: "2026-01-04", Name: "元旦调休"},
		{Date: "2026-02-14", Name: "春节调休"},
		{Date: "2026-02-28", Name: "春节调休"},
		{Date: "2026-05-09", Name: "劳动节调休"},
		{Date: "2026-09-20", Name: "国庆节调休"},
		{Date: "2026-10-10", Name: "国庆节调休"},
	}
	return hs, ws
}

// weekdays repeats the given "HH:MM" start/end pairs Monday to Friday.
func weekdays(pairs ...string) []types.Span {
	return days([]int{1, 2, 3, 4, 5}, pairs...)
}

// days repeats the given "HH:MM" start/end pairs on each listed weekday.
func days(wds []int, pairs ...string) []types.Span {
	var spans []types.Span
	for _, wd := range wds {
		for i := 0; i+1 < len(pairs); i += 2 {
			spans = append(spans, types.Span{Weekday: wd, Start: pairs[i], End: pairs[i+1]})
		}
	}
	return spans
}

var everyDay = []int{1, 2, 3, 4, 5, 6, 7}

func mustNew(t testing.TB, tz string, hours []types.Span, hs []types.Holiday, ws []types.Workday) *Calendar {
	t.Helper()
	c, err := New(tz, hours, hs, ws)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// officeCN is Mon–Fri 08:30–17:30 in Asia/Shanghai with China's 2026 days.
func officeCN(t testing.TB) *Calendar {
	hs, ws := china2026()
	return mustNew(t, "Asia/Shanghai", weekdays("08:30", "17:30"), hs, ws)
}

// lunchCN is officeCN with a lunch break: 08:30–12:00 and 13:30–17:30.
func lunchCN(t testing.TB) *Calendar {
	hs, ws := china2026()
	return mustNew(t, "Asia/Shanghai", weekdays("08:30", "12:00", "13:30", "17:30"), hs, ws)
}

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// local parses "2006-01-02 15:04" (optionally with ":05") on loc's wall clock.
func local(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	layout := "2006-01-02 15:04"
	if len(s) > len(layout) {
		layout += ":05"
	}
	v, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// utc parses an RFC 3339 instant; DST tests state instants with offsets so
// nothing depends on how a wall time is resolved.
func utc(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func dur(t testing.TB, s string) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

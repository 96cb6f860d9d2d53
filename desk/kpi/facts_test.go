package kpi

import (
	"testing"
	"time"

	"kefu/desk/sla"
	"kefu/ent/types"
)

func office(t *testing.T) *sla.Calendar {
	t.Helper()
	var hs []types.Span
	for d := 1; d <= 5; d++ {
		hs = append(hs, types.Span{Weekday: d, Start: "09:00", End: "12:00"}, types.Span{Weekday: d, Start: "13:00", End: "18:00"})
	}
	cal, err := sla.New("Asia/Shanghai", hs, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

func TestMeasureTakesBusinessTimeLessPending(t *testing.T) {
	cal := office(t)
	z := cal.Location()
	d := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, z) }
	ptr := func(x time.Time) *time.Time { return &x }
	// Created Mon 17:00; first public reply Tue 09:30 by u2; pending Tue
	// 10:00 → Wed 10:00; transferred once; resolved Wed 11:00 by u3 (a
	// supervisor) while assigned to u1.
	tl := Timeline{
		CreatedAt: d(2, 17, 0), FirstRespondedAt: ptr(d(3, 9, 30)), ResolvedAt: ptr(d(4, 11, 0)), AssigneeID: "u1",
		Steps: []Step{
			{Type: "commented", At: d(2, 17, 30), ActorID: "u9", Public: false},
			{Type: "commented", At: d(3, 9, 30), ActorID: "u2", Public: true},
			{Type: "transferred", At: d(3, 9, 40)},
			{Type: "status_changed", At: d(3, 10, 0), From: "open", To: "pending"},
			{Type: "status_changed", At: d(4, 10, 0), From: "pending", To: "open"},
			{Type: "status_changed", At: d(4, 11, 0), ActorID: "u3", From: "open", To: "resolved"},
		},
	}
	f := Measure(tl, cal)
	if f.ResponderID != "u2" || *f.FirstResponseSeconds != 5400 {
		t.Fatalf("first response %s %d", f.ResponderID, *f.FirstResponseSeconds)
	}
	// Mon 1h + Tue 8h + Wed 2h, less 8h pending.
	if f.ResolverID != "u3" || *f.ResolutionSeconds != 3*3600 || f.PendingSeconds != 8*3600 || f.Transfers != 1 {
		t.Fatalf("resolution %+v", f)
	}
	// Closing it afterwards is not resolving it; without a resolving step
	// the assignee is credited.
	tl.Steps = append(tl.Steps, Step{Type: "status_changed", At: d(5, 9, 0), ActorID: "u4", From: "resolved", To: "closed"})
	if f := Measure(tl, cal); f.ResolverID != "u3" {
		t.Fatalf("resolver %s", f.ResolverID)
	}
	tl.Steps = tl.Steps[:3]
	if f := Measure(tl, cal); f.ResolverID != "u1" {
		t.Fatalf("resolver without a step %s", f.ResolverID)
	}
	// Still pending and unresolved: no resolution facts.
	open := Timeline{CreatedAt: d(2, 9, 0), Steps: []Step{{Type: "status_changed", At: d(2, 10, 0), From: "open", To: "pending"}}}
	if f := Measure(open, cal); f.ResolutionSeconds != nil || f.FirstResponseSeconds != nil || f.PendingSeconds != 0 {
		t.Fatalf("open ticket %+v", f)
	}
}

func TestBucketsCutDaysAndMondayWeeksInTheZone(t *testing.T) {
	z, _ := time.LoadLocation("Asia/Shanghai")
	from, to := time.Date(2026, 11, 1, 0, 0, 0, 0, z), time.Date(2026, 12, 1, 0, 0, 0, 0, z)
	days, err := Buckets(from, to, "day", z)
	if err != nil || len(days) != 30 || days[29].Key != "2026-11-30" {
		t.Fatalf("days %v %v", len(days), err)
	}
	weeks, err := Buckets(from, to, "week", z)
	if err != nil || len(weeks) != 6 || weeks[0].Key != "2026-11-01" || weeks[1].Key != "2026-11-02" || weeks[5].Key != "2026-11-30" {
		t.Fatalf("weeks %v %v", weeks, err)
	}
	if _, err := Buckets(from, to, "month", z); err == nil {
		t.Fatal("month buckets accepted")
	}
	if _, err := Buckets(from, from.AddDate(2, 0, 0), "day", z); err == nil {
		t.Fatal("two years of days accepted")
	}
}

package main

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"kefu/bench/loadtest"
)

var t0 = time.Date(2026, 11, 23, 4, 0, 0, 0, time.UTC)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// Every timer is judged: one missing, one duplicated, one early, and the
// lateness percentiles over the processed ones only.
func TestSummarizeJudgesEveryTimer(t *testing.T) {
	var timers []timer
	got := map[string]outcome{}
	for i := range 100 {
		tm := timer{ID: string(rune('A'+i%26)) + string(rune('a'+i/26)), Due: t0.Add(time.Duration(i) * 600 * time.Millisecond)}
		timers = append(timers, tm)
		got[tm.ID] = outcome{Breaches: 1, FirstAt: tm.Due.Add(ms(i + 1)), Escalated: 1, Escalations: 1}
	}
	delete(got, timers[5].ID)                                                                                  // missing
	got[timers[6].ID] = outcome{Breaches: 2, FirstAt: timers[6].Due.Add(ms(7)), Escalated: 2, Escalations: 1}  // two duplicates
	got[timers[7].ID] = outcome{Breaches: 1, FirstAt: timers[7].Due.Add(-ms(3)), Escalated: 1, Escalations: 1} // early
	got[timers[99].ID] = outcome{Breaches: 1, FirstAt: timers[99].Due.Add(2 * time.Second), Escalated: 1, Escalations: 1}

	r := summarize(timers, got)
	if r.Timers != 100 || r.Processed != 99 || r.Missing != 1 || r.Duplicates != 2 || r.Early != 1 || r.Escalated != 99 {
		t.Fatalf("tally %+v", r)
	}
	if r.Passed() {
		t.Error("a run with missing, duplicate and early timers passed")
	}
	if r.LateMax != 2000 {
		t.Errorf("max %v ms, want 2000", r.LateMax)
	}
	if r.LateP50 != 51 { // 99 samples sorted: -3, 1..5, 7, 9..99, 2000; the 50th is 51
		t.Errorf("p50 %v ms, want 51", r.LateP50)
	}
	if r.WithinSec != 98 { // 98 of the 100 timers within 1 s: not the missing one, not the 2 s one
		t.Errorf("within 1 s %v %%, want 98", r.WithinSec)
	}
	if r.LastActSec != 2 {
		t.Errorf("last breach %v s after the last deadline, want 2", r.LastActSec)
	}
	if len(r.Slices) != 10 || r.Slices[0].Timers != 9 || r.Slices[9].Max != 2000 { // slice 0 lost the missing timer
		t.Errorf("slices %+v", r.Slices)
	}
	n := 0
	for _, s := range r.Slices {
		n += s.Timers
	}
	if n != 99 {
		t.Errorf("slices hold %d timers, want the 99 processed", n)
	}
}

func TestSummarizeCleanRunPasses(t *testing.T) {
	timers := []timer{{ID: "a", Due: t0}, {ID: "b", Due: t0.Add(time.Second)}}
	got := map[string]outcome{"a": {Breaches: 1, FirstAt: t0, Escalated: 1, Escalations: 1},
		"b": {Breaches: 1, FirstAt: t0.Add(1500 * time.Millisecond), Escalated: 1, Escalations: 1}}
	r := summarize(timers, got)
	if !r.Passed() || r.LateP50 != 0 || r.LateMax != 500 {
		t.Errorf("tally %+v", r)
	}
	if r := summarize(timers, nil); r.Missing != 2 || r.Passed() {
		t.Errorf("nothing processed: %+v", r)
	}
}

func TestDeadlinesFallInTheWindowSorted(t *testing.T) {
	d := deadlines(rand.New(rand.NewPCG(1, 2)), 10000, t0, time.Minute)
	if len(d) != 10000 {
		t.Fatalf("%d deadlines", len(d))
	}
	perTen := make([]int, 6)
	for i, x := range d {
		if x.Before(t0) || !x.Before(t0.Add(time.Minute)) {
			t.Fatalf("deadline %v outside the window", x)
		}
		if i > 0 && x.Before(d[i-1]) {
			t.Fatal("deadlines not sorted")
		}
		if x.Nanosecond()%1000 != 0 {
			t.Fatal("deadline finer than PostgreSQL's microseconds")
		}
		perTen[x.Sub(t0)/(10*time.Second)]++
	}
	for i, n := range perTen { // uniform: about 1,667 per ten seconds
		if n < 1400 || n > 1950 {
			t.Errorf("%d deadlines in seconds %d-%d", n, 10*i, 10*i+10)
		}
	}
}

func TestMakeTimersDealsOverTenants(t *testing.T) {
	tenants := []*tenantSeed{{ID: "t1", Director: "d1", Unit: "u1", Policy: "p1", Agents: []string{"a1", "a2"}},
		{ID: "t2", Director: "d2", Unit: "u2", Policy: "p2", Agents: []string{"a3"}}}
	due := []time.Time{t0, t0.Add(time.Second), t0.Add(2 * time.Second)}
	counters := map[string]int{"t1": 41}
	timers, rows := makeTimers(rand.New(rand.NewPCG(1, 2)), tenants, due, counters, time.UTC)
	if len(timers) != 3 || len(rows) != 3 || len(rows[0]) != len(copyColumns) {
		t.Fatalf("%d timers, %d rows of %d values", len(timers), len(rows), len(rows[0]))
	}
	if timers[0].TenantID != "t1" || timers[1].TenantID != "t2" || timers[2].TenantID != "t1" {
		t.Errorf("tenants %v", timers)
	}
	if counters["t1"] != 43 || counters["t2"] != 1 || rows[2][3] != "T-2026-000043" {
		t.Errorf("counters %v, number %v", counters, rows[2][3])
	}
	col := func(name string) int {
		for i, c := range copyColumns {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	r := rows[1]
	if r[col("first_response_due_at")] != due[1] || r[col("next_check_at")] != due[1] || r[col("assignee_id")] != "a3" {
		t.Errorf("row %v", r)
	}
	if warned := r[col("sla_warned_at")].(time.Time); !warned.Equal(due[1].Add(-6 * time.Minute)) {
		t.Errorf("warned at %v, want 80 %% into the 30 minutes", warned)
	}
}

func TestParseServers(t *testing.T) {
	if got, err := parseServers(" 1, 2 "); err != nil || len(got) != 2 || got[1] != 2 {
		t.Errorf("%v %v", got, err)
	}
	for _, bad := range []string{"", "0", "9", "x"} {
		if _, err := parseServers(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestMarkdownShowsEveryRunAndVerdict(t *testing.T) {
	r := report{Meta: loadtest.Meta{Date: "2026-11-23T04:00:00Z"}, Timers: 10000, Window: "1m0s", Tenants: 10, Agents: 3,
		SweepInterval: "1m0s", Runs: []runResult{
			{WorkerServers: 1, Slots: 10, tally: tally{Timers: 10000, Processed: 10000, LateP50: 75.3, LateP99: 797.4}, Verdict: "pass"},
			{WorkerServers: 2, Slots: 10, tally: tally{Timers: 10000, Processed: 9999, Missing: 1}, Verdict: "fail"},
		}}
	md := r.markdown()
	for _, want := range []string{"| 1 | 10 | 10000 | 10000 | 0 | 0 | 0 | 0 | 75.3 |", "| 797.4 |", "**pass**",
		"| 2 | 10 | 10000 | 9999 | 0 | 1 | 0 | 0 |", "**fail**"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

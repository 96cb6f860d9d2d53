package main

import (
	"strings"
	"testing"
)

func TestLockSpan(t *testing.T) {
	stmts := []statement{{Op: "BEGIN", MS: 0.1}, {Op: "SELECT users", MS: 0.2}, {Op: "UPDATE ticket_counters", MS: 0.5},
		{Op: "INSERT tickets", MS: 1}, {Op: "SELECT tickets", MS: 0.5}, {Op: "COMMIT", MS: 2}}
	l, ok := lockSpan(stmts)
	if !ok || l.MS != 4 || l.Statements != 3 || l.MaxPerSecond != 250 {
		t.Errorf("lock span %+v %v", l, ok)
	}
	// Pipelined: the lock is taken as the first batch ends.
	piped := []statement{{Op: "BEGIN + INSERT ticket_events + UPDATE ticket_counters", MS: 0.4}, {Op: "INSERT tickets + INSERT audit_entries + COMMIT", MS: 0.8}}
	if l, ok := lockSpan(piped); !ok || l.MS != 0.8 || l.Statements != 1 {
		t.Errorf("pipelined lock span %+v %v", l, ok)
	}
	if _, ok := lockSpan(stmts[:2]); ok {
		t.Error("a create without a counter update has a lock span")
	}
}

func TestThousandsAndMix(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1000000: "1,000,000", -12345: "-12,345"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q", n, got)
		}
	}
	if got := statusMix(map[string]int{"open": 1, "closed": 3}, 4); got != "closed 75.0%, open 25.0%" {
		t.Errorf("mix %q", got)
	}
}

func TestWaitTableColumns(t *testing.T) {
	ms := []measured{
		{Waits: waitProfile{MeanBusy: 7, Shares: []waitShare{{"Lock:transactionid", 70}, {"running (CPU)", 28}, {"IO:WALSync", 2}}}},
		{Waits: waitProfile{MeanBusy: 1, Shares: []waitShare{{"running (CPU)", 100}}}},
	}
	ms[0].Scenario, ms[1].Scenario = "api-create", "agent-queue-c1"
	got := waitTable(ms)
	for _, s := range []string{
		"| scenario | busy backends (mean) | running (CPU) | Lock:transactionid | other |",
		"| api-create | 7.00 | 28.0 | 70.0 | 2.0 |",
		"| agent-queue-c1 | 1.00 | 100.0 | 0.0 | 0.0 |",
	} {
		if !strings.Contains(got, s) {
			t.Errorf("wait table lacks %q:\n%s", s, got)
		}
	}
}

func TestNoisyScenarios(t *testing.T) {
	ms := []measured{
		{CPU: cpuUse{SelfMSPerReq: 2, PGMSPerReq: 2, OtherMSPerReq: 0.1}},      // quiet
		{CPU: cpuUse{SelfMSPerReq: 2, PGMSPerReq: 2, OtherMSPerReq: 3}},        // busy neighbours
		{CPU: cpuUse{SelfMSPerReq: 0.1, PGMSPerReq: 0.1, OtherMSPerReq: 0.04}}, // too small to matter
	}
	ms[0].Scenario, ms[1].Scenario, ms[2].Scenario = "a", "b", "c"
	if got := noisyScenarios(ms); len(got) != 1 || got[0] != "`b`" {
		t.Errorf("noisy %v", got)
	}
}

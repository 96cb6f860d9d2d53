package main

import (
	"testing"
	"time"
)

func TestFlagsDefaultToTheIssuesScale(t *testing.T) {
	o, err := parseFlags(nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.agents != 200 || o.perMonth != 500_000 || o.Concurrency != 1 {
		t.Fatalf("defaults %+v", o)
	}
	for _, bad := range [][]string{{"-agents", "5"}, {"-tickets", "0"}, {"-runs", "0"}, {"-database-url", "sqlite:x"}} {
		if _, err := parseFlags(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestTheMeasuredMonthIsTheLastFullOneInShanghai(t *testing.T) {
	// 1 Dec 2026 03:00 in Shanghai is still 30 Nov in UTC.
	m := measuredMonth(time.Date(2026, 11, 30, 19, 0, 0, 0, time.UTC))
	if m.Start.Format("2006-01-02") != "2026-11-01" || m.End.Format("2006-01-02") != "2026-12-01" {
		t.Fatalf("month %v – %v", m.Start, m.End)
	}
}

package main

import (
	"testing"
)

func TestOpOf(t *testing.T) {
	for q, want := range map[string]string{
		`SELECT "tickets"."id", "tickets"."tenant_id" FROM "tickets" WHERE "tickets"."status" = $1`: "SELECT tickets",
		"SELECT DISTINCT \"users\".\"id\"\n  FROM \"users\" JOIN x":                                 "SELECT users",
		`INSERT INTO "ticket_events" ("id", "type") VALUES ($1, $2) RETURNING "id"`:                 "INSERT ticket_events",
		`UPDATE "ticket_counters" SET "last" = COALESCE("ticket_counters"."last", 0) + $1`:          "UPDATE ticket_counters",
		`DELETE FROM "sessions" WHERE "id" = $1`:                                                    "DELETE sessions",
		"COMMIT":                                                                                    "COMMIT", "begin": "BEGIN",
		"SHOW server_version": "SHOW server_version",
	} {
		if got := opOf(q); got != want {
			t.Errorf("opOf(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestExplainTimes(t *testing.T) {
	lines := []string{
		"Limit  (cost=0.56..90.12 rows=51 width=529) (actual time=0.031..0.212 rows=51 loops=1)",
		"  Buffers: shared hit=57",
		"Planning Time: 0.148 ms",
		"Execution Time: 0.251 ms",
	}
	p, e := explainTimes(lines)
	if p != 0.148 || e != 0.251 {
		t.Errorf("planning %v, execution %v", p, e)
	}
	if p, e := explainTimes([]string{"Seq Scan on t"}); p != 0 || e != 0 {
		t.Errorf("no times read as %v, %v", p, e)
	}
}

func TestMedianStatements(t *testing.T) {
	run := func(ms ...float64) []statement {
		ops := []string{"BEGIN", "UPDATE ticket_counters", "COMMIT"}
		out := make([]statement, len(ms))
		for i, m := range ms {
			out[i] = statement{Op: ops[i], MS: m}
		}
		return out
	}
	got := medianStatements([][]statement{run(1, 5, 9), run(3, 1, 7), run(2, 3, 8)})
	if len(got) != 3 || got[0].MS != 2 || got[1].MS != 3 || got[2].MS != 8 {
		t.Errorf("medians %+v", got)
	}
	got = medianStatements([][]statement{run(1, 2, 3), run(3, 4, 5)})
	if got[0].MS != 2 || got[2].MS != 4 {
		t.Errorf("even medians %+v", got)
	}
	// Runs that differ cannot be merged: the last one stands.
	odd := [][]statement{run(1, 2, 3), run(4, 5)}
	if got := medianStatements(odd); len(got) != 2 || got[0].MS != 4 {
		t.Errorf("differing runs gave %+v", got)
	}
	if medianStatements(nil) != nil {
		t.Error("no runs gave statements")
	}
}

func TestShorten(t *testing.T) {
	if got := shorten("SELECT  a,\n\t b   FROM t", 100); got != "SELECT a, b FROM t" {
		t.Errorf("%q", got)
	}
	if got := shorten("电梯停运电梯停运", 4); got != "电梯停运…" {
		t.Errorf("%q", got)
	}
}

package main

import (
	"slices"
	"testing"
	"time"
)

func TestParseFlagsDefaults(t *testing.T) {
	t.Setenv("KEFU_BENCH_DATABASE_URL", "")
	t.Setenv("KEFU_BENCH_REDIS_URL", "")
	o, err := parseFlags(nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.tenants != 100 || o.agents != 5 || o.perTenant != 10000 || o.copyWorkers != 2 || o.profileDir != "" {
		t.Errorf("dataset flags %+v", o)
	}
	if o.Concurrency != 8 || o.Duration != 10*time.Second || o.OutDir != "bench/results" {
		t.Errorf("shared flags %+v", o.Options)
	}
	if !slices.Equal(o.queueLevels, []int{1, 2, 8}) {
		t.Errorf("queue levels %v, want [1 2 8]", o.queueLevels)
	}
}

func TestParseFlagsRejects(t *testing.T) {
	for _, args := range [][]string{
		{"-tenants", "0"}, {"-tenants", "1000"}, {"-agents", "0"}, {"-tickets-per-tenant", "0"},
		{"-tickets-per-tenant", "200000"}, {"-copy-workers", "0"}, {"-queue-concurrency", "x"},
		{"-queue-concurrency", "0"}, {"-duration", "0s"}, {"-database-url", "mysql://h/db"},
	} {
		if _, err := parseFlags(args); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

func TestParseLevels(t *testing.T) {
	for in, want := range map[string][]int{
		"1,2":      {1, 2, 8},
		"4, 1 ,8,": {1, 4, 8}, // the main level is not repeated
		"":         {8},
		"2,2":      {2, 8},
	} {
		got, err := parseLevels(in, 8)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("parseLevels(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

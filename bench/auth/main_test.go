package main

import (
	"testing"
	"time"

	"kefu/bench/loadtest"
)

// The flags and their defaults are the ones bench/auth always had.
func TestParseFlagsDefaults(t *testing.T) {
	t.Setenv("KEFU_BENCH_DATABASE_URL", "")
	t.Setenv("KEFU_BENCH_REDIS_URL", "")
	o, err := parseFlags(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := options{Options: loadtest.Options{
		DatabaseURL: loadtest.DefaultDatabaseURL, Duration: 10 * time.Second, Concurrency: 8,
		MaxRequests: 200000, OutDir: "bench/results",
	}, users: 20}
	if o != want {
		t.Errorf("defaults %+v, want %+v", o, want)
	}
}

func TestParseFlagsRejects(t *testing.T) {
	for _, args := range [][]string{
		{"-users", "0"}, {"-duration", "0s"}, {"-concurrency", "0"}, {"-max-requests", "0"},
		{"-database-url", "mysql://h/db"},
	} {
		if _, err := parseFlags(args); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

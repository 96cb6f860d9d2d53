package main

import "testing"

func TestParseFlags(t *testing.T) {
	t.Setenv("KEFU_BENCH_DATABASE_URL", "")
	o, err := parseFlags([]string{"-duration", "5s"})
	if err != nil {
		t.Fatal(err)
	}
	if o.users != 1500 || o.Concurrency != 8 || o.OutDir != "bench/results" || o.Duration.Seconds() != 5 {
		t.Errorf("parsed %+v", o)
	}
	for _, args := range [][]string{{"-users", "-1"}, {"-users", "2000"}, {"-duration", "0s"}} {
		if _, err := parseFlags(args); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

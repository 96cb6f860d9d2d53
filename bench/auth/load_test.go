package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	var sorted []time.Duration
	for i := 1; i <= 100; i++ {
		sorted = append(sorted, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{50: 50 * time.Millisecond, 90: 90 * time.Millisecond, 99: 99 * time.Millisecond, 100: 100 * time.Millisecond} {
		if got := percentile(sorted, p); got != want {
			t.Errorf("p%v = %v, want %v", p, got, want)
		}
	}
	if got := percentile(sorted[:1], 99); got != time.Millisecond {
		t.Errorf("p99 of one sample = %v", got)
	}
	if got := percentile(nil, 99); got != 0 {
		t.Errorf("p99 of none = %v", got)
	}
}

// Errors must be counted, kept in the latency statistics and shown in the
// report, never dropped.
func TestSummarizeReportsErrors(t *testing.T) {
	recs := make([]recorder, 2)
	recs[0].add(5*time.Millisecond, nil)
	recs[0].add(7*time.Millisecond, &statusError{code: 401, body: "wrong password"})
	recs[1].add(10*time.Second, fmt.Errorf("POST /x: %w", context.DeadlineExceeded))
	recs[1].add(time.Millisecond, errors.New("connection refused"))
	r := summarize("login", time.Second, recs)
	if r.Requests != 4 || r.Errors != 3 {
		t.Fatalf("requests %d errors %d, want 4 and 3", r.Requests, r.Errors)
	}
	for _, kind := range []string{"http_401", "timeout", "transport"} {
		if r.ErrorKinds[kind] != 1 {
			t.Errorf("kind %s counted %d times", kind, r.ErrorKinds[kind])
		}
	}
	if r.Max != 10000 {
		t.Errorf("max %v ms, want the timed-out request's 10000", r.Max)
	}
	if md := markdown(meta{}, []result{r}); !strings.Contains(md, "1 × http_401") {
		t.Errorf("report hides the 401s:\n%s", md)
	}
}

// The request cap holds across workers even when the duration is long.
func TestRunLoadStopsAtMaxRequests(t *testing.T) {
	o := options{duration: time.Minute, concurrency: 4, maxRequests: 37}
	r, err := runLoad(context.Background(), scenario{name: "noop", do: func(context.Context, int64) error { return nil }}, o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 37 {
		t.Errorf("requests %d, want 37", r.Requests)
	}
}

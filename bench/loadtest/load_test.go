package loadtest

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
	recs[0].add(5*time.Millisecond, 0, nil)
	recs[0].add(7*time.Millisecond, 0, &StatusError{Code: 401, Body: "wrong password"})
	recs[1].add(10*time.Second, 0, fmt.Errorf("POST /x: %w", context.DeadlineExceeded))
	recs[1].add(time.Millisecond, 0, errors.New("connection refused"))
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
	if md := (Report{Results: []Result{r}}).Markdown(); !strings.Contains(md, "1 × http_401") {
		t.Errorf("report hides the 401s:\n%s", md)
	}
}

// The answer size is the mean over successful requests only: a failure
// read no answer and must not drag the mean down.
func TestSummarizeResponseSize(t *testing.T) {
	recs := make([]recorder, 2)
	recs[0].add(time.Millisecond, 3072, nil)
	recs[1].add(time.Millisecond, 1024, nil)
	recs[1].add(time.Millisecond, 0, &StatusError{Code: 500})
	if r := summarize("read", time.Second, recs); r.ResponseKB != 2 {
		t.Errorf("response %v KB, want 2", r.ResponseKB)
	}
	if r := summarize("none", time.Second, make([]recorder, 1)); r.ResponseKB != 0 {
		t.Errorf("response of no requests %v KB, want 0", r.ResponseKB)
	}
}

// The request cap holds across workers even when the duration is long.
func TestRunStopsAtMaxRequests(t *testing.T) {
	o := Options{Duration: time.Minute, Concurrency: 4, MaxRequests: 37}
	r, err := Run(context.Background(), Scenario{Name: "noop", Do: func(context.Context, int64) (int64, error) { return 0, nil }}, o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 37 {
		t.Errorf("requests %d, want 37", r.Requests)
	}
}

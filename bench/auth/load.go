package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// requestFunc sends request number n (0-based, global across workers) of
// a scenario; the number picks which user or token to use.
type requestFunc func(ctx context.Context, n int64) error

// scenario is one named load loop.
type scenario struct {
	name string
	do   requestFunc
}

// runScenarios prepares and runs the login and me scenarios in order.
func runScenarios(ctx context.Context, c *client, o options, creds []credential) ([]result, error) {
	loginSc := scenario{name: "login", do: func(ctx context.Context, n int64) error {
		cr := creds[n%int64(len(creds))]
		return c.call(ctx, http.MethodPost, "/v1/auth/login", "", cr.loginBody, nil)
	}}
	results := []result{}
	r, err := runLoad(ctx, loginSc, o)
	if err != nil {
		return nil, err
	}
	results = append(results, r)

	// Each user signs in once up front; the me loop then only measures
	// session lookup, not argon2id.
	tokens, err := loginAll(ctx, c, creds)
	if err != nil {
		return nil, err
	}
	meSc := scenario{name: "me", do: func(ctx context.Context, n int64) error {
		return c.call(ctx, http.MethodGet, "/v1/me", tokens[n%int64(len(tokens))], nil, nil)
	}}
	if r, err = runLoad(ctx, meSc, o); err != nil {
		return nil, err
	}
	return append(results, r), nil
}

func loginAll(ctx context.Context, c *client, creds []credential) ([]string, error) {
	tokens := make([]string, 0, len(creds))
	for _, cr := range creds {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		tok, err := login(rctx, c, cr)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("token pool: %w", err)
		}
		tokens = append(tokens, tok)
	}
	return tokens, nil
}

// runLoad runs sc with o.concurrency closed-loop workers until the duration
// passes or o.maxRequests have been issued, whichever comes first. A
// request in flight at the deadline is allowed to finish (within its own
// timeout) rather than being cancelled and miscounted as an error.
func runLoad(ctx context.Context, sc scenario, o options) (result, error) {
	progress.Info("scenario start", "scenario", sc.name, "duration", o.duration, "concurrency", o.concurrency, "max_requests", o.maxRequests)
	var issued atomic.Int64
	recs := make([]recorder, o.concurrency)
	start := time.Now()
	deadline := start.Add(o.duration)
	var wg sync.WaitGroup
	for w := range recs {
		wg.Go(func() { worker(ctx, sc.do, deadline, o.maxRequests, &issued, &recs[w]) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return result{}, fmt.Errorf("scenario %s interrupted: %w", sc.name, err)
	}
	r := summarize(sc.name, elapsed, recs)
	progress.Info("scenario done", "scenario", sc.name, "requests", r.Requests, "errors", r.Errors, "rps", fmt.Sprintf("%.1f", r.Throughput))
	return r, nil
}

// worker issues requests back to back. The shared counter hands out
// request numbers, so the max-requests cap holds across all workers.
func worker(ctx context.Context, do requestFunc, deadline time.Time, limit int64, issued *atomic.Int64, rec *recorder) {
	for ctx.Err() == nil && time.Now().Before(deadline) {
		n := issued.Add(1) - 1
		if n >= limit {
			return
		}
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		t0 := time.Now()
		err := do(rctx, n)
		rec.add(time.Since(t0), err)
		cancel()
	}
}

// recorder is one worker's tally; workers never share one, so recording
// takes no lock.
type recorder struct {
	latencies []time.Duration
	errs      map[string]int64  // kind → count
	samples   map[string]string // kind → first error message
}

// add records a request. Failed requests keep their latency too, so a
// timeout shows in p99 and max instead of vanishing from the statistics.
func (r *recorder) add(d time.Duration, err error) {
	r.latencies = append(r.latencies, d)
	if err == nil {
		return
	}
	if r.errs == nil {
		r.errs, r.samples = map[string]int64{}, map[string]string{}
	}
	kind := errorKind(err)
	if r.errs[kind] == 0 {
		r.samples[kind] = err.Error()
	}
	r.errs[kind]++
}

// errorKind groups errors for the report: an HTTP status, a timeout, or
// any other transport failure.
func errorKind(err error) string {
	var se *statusError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("http_%d", se.code)
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	default:
		return "transport"
	}
}

// result is one scenario's outcome; latencies are in milliseconds.
type result struct {
	Scenario   string            `json:"scenario"`
	Requests   int64             `json:"requests"`
	Errors     int64             `json:"errors"`
	ErrorKinds map[string]int64  `json:"error_kinds,omitempty"`
	ErrorFirst map[string]string `json:"error_samples,omitempty"`
	ElapsedSec float64           `json:"elapsed_seconds"`
	Throughput float64           `json:"throughput_rps"`
	P50        float64           `json:"p50_ms"`
	P90        float64           `json:"p90_ms"`
	P99        float64           `json:"p99_ms"`
	Max        float64           `json:"max_ms"`
}

// summarize merges the workers' tallies and computes the statistics.
func summarize(name string, elapsed time.Duration, recs []recorder) result {
	r := result{Scenario: name, ElapsedSec: elapsed.Seconds()}
	var all []time.Duration
	for _, rec := range recs {
		all = append(all, rec.latencies...)
		for kind, n := range rec.errs {
			if r.ErrorKinds == nil {
				r.ErrorKinds, r.ErrorFirst = map[string]int64{}, map[string]string{}
			}
			if r.ErrorKinds[kind] == 0 {
				r.ErrorFirst[kind] = rec.samples[kind]
			}
			r.ErrorKinds[kind] += n
			r.Errors += n
		}
	}
	r.Requests = int64(len(all))
	if elapsed > 0 {
		r.Throughput = float64(r.Requests) / elapsed.Seconds()
	}
	slices.Sort(all)
	r.P50, r.P90, r.P99 = ms(percentile(all, 50)), ms(percentile(all, 90)), ms(percentile(all, 99))
	if len(all) > 0 {
		r.Max = ms(all[len(all)-1])
	}
	for _, kind := range sortedKeys(r.ErrorKinds) {
		progress.Warn("requests failed", "scenario", name, "kind", kind, "count", r.ErrorKinds[kind], "first", r.ErrorFirst[kind])
	}
	return r
}

// percentile is the nearest-rank percentile of sorted: the smallest value
// that at least p% of the samples do not exceed.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// ms converts to milliseconds rounded to microseconds, enough for a report.
func ms(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

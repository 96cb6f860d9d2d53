package loadtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// RequestFunc sends request number n (0-based, global across workers) of
// a scenario; the number picks which user, token or resource to use. It
// returns the answer body's size in bytes, or 0 when the scenario does not
// measure it.
type RequestFunc func(ctx context.Context, n int64) (int64, error)

// Scenario is one named load loop.
type Scenario struct {
	Name string
	Do   RequestFunc
}

// Run runs sc with o.Concurrency closed-loop workers until o.Duration
// passes or o.MaxRequests have been issued, whichever comes first. A
// request in flight at the deadline is allowed to finish (within its own
// timeout) rather than being cancelled and miscounted as an error.
func Run(ctx context.Context, sc Scenario, o Options) (Result, error) {
	Progress.Info("scenario start", "scenario", sc.Name, "duration", o.Duration, "concurrency", o.Concurrency, "max_requests", o.MaxRequests)
	var issued atomic.Int64
	recs := make([]recorder, o.Concurrency)
	start := time.Now()
	deadline := start.Add(o.Duration)
	var wg sync.WaitGroup
	for w := range recs {
		wg.Go(func() { worker(ctx, sc.Do, deadline, o.MaxRequests, &issued, &recs[w]) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("scenario %s interrupted: %w", sc.Name, err)
	}
	r := summarize(sc.Name, elapsed, recs)
	Progress.Info("scenario done", "scenario", sc.Name, "requests", r.Requests, "errors", r.Errors, "rps", fmt.Sprintf("%.1f", r.Throughput))
	return r, nil
}

// worker issues requests back to back. The shared counter hands out
// request numbers, so the max-requests cap holds across all workers.
func worker(ctx context.Context, do RequestFunc, deadline time.Time, limit int64, issued *atomic.Int64, rec *recorder) {
	for ctx.Err() == nil && time.Now().Before(deadline) {
		n := issued.Add(1) - 1
		if n >= limit {
			return
		}
		rctx, cancel := context.WithTimeout(ctx, RequestTimeout)
		t0 := time.Now()
		size, err := do(rctx, n)
		rec.add(time.Since(t0), size, err)
		cancel()
	}
}

// recorder is one worker's tally; workers never share one, so recording
// takes no lock.
type recorder struct {
	latencies []time.Duration
	bytes     int64             // answer bytes of successful requests
	ok        int64             // successful requests
	errs      map[string]int64  // kind → count
	samples   map[string]string // kind → first error message
}

// add records a request. Failed requests keep their latency too, so a
// timeout shows in p99 and max instead of vanishing from the statistics;
// only successful ones count towards the answer size.
func (r *recorder) add(d time.Duration, size int64, err error) {
	r.latencies = append(r.latencies, d)
	if err == nil {
		r.ok++
		r.bytes += size
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
	var se *StatusError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("http_%d", se.Code)
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	default:
		return "transport"
	}
}

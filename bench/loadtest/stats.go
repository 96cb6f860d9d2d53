package loadtest

import (
	"math"
	"slices"
	"sort"
	"time"
)

// Result is one scenario's outcome; latencies are in milliseconds.
type Result struct {
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
	// ResponseKB is the mean answer body of the successful requests in KB
	// (1,024 bytes); zero, and left out, when the scenario does not
	// measure it.
	ResponseKB float64 `json:"response_kb,omitempty"`
}

// summarize merges the workers' tallies and computes the statistics.
func summarize(name string, elapsed time.Duration, recs []recorder) Result {
	r := Result{Scenario: name, ElapsedSec: elapsed.Seconds()}
	var all []time.Duration
	var bytes, ok int64
	for _, rec := range recs {
		all = append(all, rec.latencies...)
		bytes += rec.bytes
		ok += rec.ok
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
	if ok > 0 {
		r.ResponseKB = math.Round(float64(bytes)/float64(ok)/1024*10) / 10
	}
	slices.Sort(all)
	r.P50, r.P90, r.P99 = ms(percentile(all, 50)), ms(percentile(all, 90)), ms(percentile(all, 99))
	if len(all) > 0 {
		r.Max = ms(all[len(all)-1])
	}
	for _, kind := range sortedKeys(r.ErrorKinds) {
		Progress.Warn("requests failed", "scenario", name, "kind", kind, "count", r.ErrorKinds[kind], "first", r.ErrorFirst[kind])
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

// Percentile is the nearest-rank percentile of sorted durations, for
// programs that time something other than requests (timers, say).
func Percentile(sorted []time.Duration, p float64) time.Duration { return percentile(sorted, p) }

// Ms converts to milliseconds rounded to microseconds, as the reports do.
func Ms(d time.Duration) float64 { return ms(d) }

package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kefu/bench/loadtest"
)

// pairedRounds is how many times the single-worker API loop and INSERT loop
// take turns. Both wait on a WAL flush per create or row, and this
// machine's flush time drifts by tens of percent over minutes and swings
// within seconds; scenarios run minutes apart can compare two different
// disks. Turns of a quarter second (at -duration 10s) put both loops on
// the same disk while each still runs hundreds of requests warm.
const pairedRounds = 40

// pairRound is one turn of each loop.
type pairRound struct {
	APIRPS float64 `json:"api_create_c1_rps"`
	RawRPS float64 `json:"raw_insert_c1_rows_per_second"`
	Ratio  float64 `json:"ratio"`
}

// pairedResult is the loops measured turn about: the ratio of their total
// rates and the spread of the rounds' ratios.
type pairedResult struct {
	RoundSeconds float64     `json:"round_seconds"`
	Rounds       []pairRound `json:"rounds"`
	APIRPS       float64     `json:"api_create_c1_rps"`
	RawRPS       float64     `json:"raw_insert_c1_rows_per_second"`
	Ratio        float64     `json:"ratio"`
	MinRatio     float64     `json:"min_ratio"`
	MedianRatio  float64     `json:"median_ratio"`
	MaxRatio     float64     `json:"max_ratio"`
	Errors       int64       `json:"errors"`
}

// runPaired alternates api and raw, one worker each, for pairedRounds
// rounds that together last about o.Duration per loop.
func runPaired(ctx context.Context, api, raw loadtest.Scenario, o loadtest.Options) (pairedResult, error) {
	round := single(o)
	round.Duration = max(o.Duration/pairedRounds, 200*time.Millisecond)
	p := pairedResult{RoundSeconds: round.Duration.Seconds()}
	var apiN, rawN int64
	var apiT, rawT float64
	for range pairedRounds {
		a, err := loadtest.Run(ctx, api, round)
		if err != nil {
			return p, fmt.Errorf("paired %s: %w", api.Name, err)
		}
		r, err := loadtest.Run(ctx, raw, round)
		if err != nil {
			return p, fmt.Errorf("paired %s: %w", raw.Name, err)
		}
		p.Errors += a.Errors + r.Errors
		apiN, apiT, rawN, rawT = apiN+a.Requests, apiT+a.ElapsedSec, rawN+r.Requests, rawT+r.ElapsedSec
		p.Rounds = append(p.Rounds, pairRound{APIRPS: round1(a.Throughput), RawRPS: round1(r.Throughput), Ratio: round3(ratio(a.Throughput, r.Throughput))})
	}
	p.APIRPS, p.RawRPS = round1(float64(apiN)/apiT), round1(float64(rawN)/rawT)
	p.Ratio = round3(ratio(p.APIRPS, p.RawRPS))
	rs := make([]float64, len(p.Rounds))
	for i, r := range p.Rounds {
		rs[i] = r.Ratio
	}
	slices.Sort(rs)
	p.MinRatio, p.MedianRatio, p.MaxRatio = rs[0], rs[len(rs)/2], rs[len(rs)-1]
	progress.Info("paired loops measured", "api_rps", p.APIRPS, "raw_rps", p.RawRPS, "ratio", p.Ratio, "min", p.MinRatio, "median", p.MedianRatio, "max", p.MaxRatio)
	return p, nil
}

// pairedNote is the report's paragraph on the rounds; tickets.json has
// every round.
func pairedNote(p pairedResult, met bool) string {
	below := 0
	for _, r := range p.Rounds {
		if r.Ratio < targetRatio {
			below++
		}
	}
	return fmt.Sprintf("**Create throughput against a single-row INSERT loop, taking turns** (the issue's figure): one client filing tickets through the API and one connection INSERTing rows took %d turns of %.2f s each, so a drift in the disk's flush time hits both alike: %.1f req/s ÷ %.1f rows/s = **%.3f**; target ≥ %.2f: **%s**. The rounds' own ratios spread from %.3f to %.3f (median %.3f; %d of %d below the target), which is the disk's flush time swinging within seconds (every round is in `tickets.json`).",
		len(p.Rounds), p.RoundSeconds, p.APIRPS, p.RawRPS, p.Ratio, targetRatio, verdict(met), p.MinRatio, p.MaxRatio, p.MedianRatio, below, len(p.Rounds))
}

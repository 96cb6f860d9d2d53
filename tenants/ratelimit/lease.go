package ratelimit

import (
	"math"
	"time"
)

// A lease is a few tokens a process took from a Redis bucket ahead of
// need, so most requests are decided without a round trip. Leasing never
// lets more through than the bucket holds (every token left Redis first);
// it can refuse early by the tokens other processes hold, at most
// chunk(rate) each, and loses the ones a lease still holds when it ends.
type lease struct {
	rate    Rate
	tokens  int       // taken from Redis, not yet used
	left    float64   // what the Redis bucket held after the last take
	at      time.Time // when
	expires time.Time
}

// leaseTTL bounds how long a process holds tokens, and how stale the
// RateLimit-* headers' view of other processes' use may get.
const leaseTTL = time.Second

// leaseShare is the part of a bucket's burst one process takes ahead:
// 1/20, so the default per-user bucket (burst 100) goes to Redis once
// every 6 requests. Buckets under 20 are never leased.
const leaseShare = 20

// chunk is how many tokens beyond the one it needs a process takes at once.
func chunk(r Rate) int { return r.Burst / leaseShare }

// valid reports whether the lease is for rate and still running at now.
func (l *lease) valid(r Rate, now time.Time) bool {
	return l != nil && l.rate == r && now.Before(l.expires)
}

// total is the bucket as this process sees it: what Redis held at the last
// take, refilled since, plus the leased tokens; never above the burst.
func (l *lease) total(now time.Time) float64 {
	refilled := l.left + max(now.Sub(l.at).Seconds(), 0)*l.rate.PerSecond
	return math.Min(float64(l.rate.Burst), refilled+float64(l.tokens))
}

// describe fills d from the lease when its bucket is the tightest so far.
func (l *lease) describe(d *Decision, first bool, now time.Time) {
	t := l.total(now)
	d.consider(first, l.rate, t, time.Duration(math.Ceil((float64(l.rate.Burst)-t)*1000/l.rate.PerSecond))*time.Millisecond)
}

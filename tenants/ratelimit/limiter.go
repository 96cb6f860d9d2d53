// Package ratelimit keeps token buckets in Redis: per API key (or console
// user), per tenant, and per client IP for sign-in. One Lua script checks
// and draws from all of a request's buckets in a single round trip.
package ratelimit

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Bucket is one bucket a request draws from.
type Bucket struct {
	Name string // e.g. "key:key_123", "tenant:ten_1", "ip:10.0.0.1"
	Rate Rate
}

// Decision is the outcome of Take, described by the tightest bucket.
type Decision struct {
	Allowed bool
	// Limit is the tightest bucket's burst; 0 when no bucket applied.
	Limit     int
	Remaining int
	// Reset is how long until the tightest bucket is full again.
	Reset time.Duration
	// RetryAfter, when refused, is how long until every empty bucket holds
	// a token again.
	RetryAfter time.Duration
}

// takeScript refills each bucket for the time since it was last touched,
// then takes the request's token from every bucket that needs one (those
// a lease covers do not), or from none when any of those is empty (a
// refused request costs nothing). An allowed request also takes up to
// `extra` more per bucket for the process's lease. "now" comes from the
// caller so the application clock (and tests) decide time, not Redis.
//
// KEYS: the buckets. ARGV: now in ms, then per bucket tokens/s, burst,
// need (0 or 1) and extra. Returns allowed, then per bucket: the tokens
// left in millionths, ms until full, ms until a token is back (0 when it
// has one), and the tokens taken.
var takeScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local n = #KEYS
local tok, ts, allowed = {}, {}, 1
for i = 1, n do
  local rate, burst, need = tonumber(ARGV[4*i-2]), tonumber(ARGV[4*i-1]), tonumber(ARGV[4*i])
  local v = redis.call('HMGET', KEYS[i], 't', 'ts')
  local t, last = tonumber(v[1]), tonumber(v[2])
  if t == nil or last == nil then
    t, last = burst, now
  end
  if now > last then
    t = math.min(burst, t + (now - last) * rate / 1000)
    last = now
  end
  tok[i], ts[i] = t, last
  if need > 0 and t < 1 then allowed = 0 end
end
local out = {allowed}
for i = 1, n do
  local rate, burst = tonumber(ARGV[4*i-2]), tonumber(ARGV[4*i-1])
  local need, extra = tonumber(ARGV[4*i]), tonumber(ARGV[4*i+1])
  local t, got = tok[i], 0
  if allowed == 1 then
    got = need + math.min(extra, math.max(0, math.floor(t - need)))
  end
  if got > 0 then
    t = t - got
    local full = math.ceil((burst - t) * 1000 / rate)
    redis.call('HSET', KEYS[i], 't', string.format('%.6f', t), 'ts', string.format('%d', ts[i]))
    redis.call('PEXPIRE', KEYS[i], full + 1000)
  end
  local retry = 0
  if t < 1 then retry = math.ceil((1 - t) * 1000 / rate) end
  out[#out+1] = math.floor(t * 1000000)
  out[#out+1] = math.ceil((burst - t) * 1000 / rate)
  out[#out+1] = retry
  out[#out+1] = got
end
return out
`)

// Limiter takes tokens from buckets in Redis.
type Limiter struct {
	rdb    redis.UniversalClient
	now    func() time.Time
	prefix string

	mu     sync.Mutex
	leases map[string]*lease // by bucket name
	pruned time.Time         // when ended leases were last dropped

	// Limits gives a tenant's key and tenant buckets; billing may make it
	// plan-dependent. nil limits no tenant.
	Limits LimitsFunc
	// Login is the per-IP bucket of sign-in and sign-up.
	Login Rate
}

// New returns a limiter on rdb; now is the application clock.
func New(rdb redis.UniversalClient, now func() time.Time, limits LimitsFunc, login Rate) *Limiter {
	return &Limiter{rdb: rdb, now: now, prefix: "kefu:rl:", Limits: limits, Login: login, leases: map[string]*lease{}}
}

// For returns the limits of tenantID (none when Limits is unset).
func (l *Limiter) For(ctx context.Context, tenantID string) Limits {
	if l.Limits == nil {
		return Limits{}
	}
	return l.Limits(ctx, tenantID)
}

// Take draws one token from each bucket that has a rate; with none it
// allows without asking Redis. A token this process leased earlier is
// used first (lease.go); Redis is asked only when some bucket has none
// left, and then every bucket's lease is topped up in the same call.
func (l *Limiter) Take(ctx context.Context, buckets ...Bucket) (Decision, error) {
	active := make([]Bucket, 0, len(buckets))
	for _, b := range buckets {
		if !b.Rate.Off() {
			active = append(active, b)
		}
	}
	if len(active) == 0 {
		return Decision{Allowed: true}, nil
	}
	now := l.now()
	l.mu.Lock()
	leased := make([]bool, len(active))
	ask := false
	for i, b := range active {
		if ls := l.leases[b.Name]; ls.valid(b.Rate, now) && ls.tokens > 0 {
			ls.tokens--
			leased[i] = true
		} else {
			ask = true
		}
	}
	if !ask {
		defer l.mu.Unlock()
		return l.decide(active, now), nil
	}
	keys := make([]string, 0, len(active))
	args := []any{now.UnixMilli()}
	var sent []int
	for i, b := range active {
		need, extra := 1, chunk(b.Rate)
		if leased[i] {
			need = 0
			extra -= l.leases[b.Name].tokens
		}
		if need == 0 && extra <= 0 {
			continue
		}
		sent = append(sent, i)
		keys = append(keys, l.prefix+b.Name)
		args = append(args, strconv.FormatFloat(b.Rate.PerSecond, 'f', -1, 64), b.Rate.Burst, need, max(extra, 0))
	}
	l.mu.Unlock()

	res, err := takeScript.Run(ctx, l.rdb, keys, args...).Int64Slice()
	if err == nil && len(res) != 1+4*len(sent) {
		err = fmt.Errorf("script returned %d values", len(res))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil || res[0] != 1 {
		l.giveBack(active, leased, now)
		if err != nil {
			return Decision{}, fmt.Errorf("rate limit: %w", err)
		}
		return refused(active, sent, res), nil
	}
	for j, i := range sent {
		b := active[i]
		ls := l.leases[b.Name]
		if !ls.valid(b.Rate, now) {
			ls = &lease{rate: b.Rate}
			l.leases[b.Name] = ls
		}
		got := int(res[4+4*j])
		if !leased[i] {
			got-- // the request's own token
		}
		ls.tokens += got
		ls.left, ls.at, ls.expires = float64(res[1+4*j])/1e6, now, now.Add(leaseTTL)
	}
	l.prune(now)
	return l.decide(active, now), nil
}

// decide describes an allowed request from the leases, which Take has
// just brought up to date; l.mu is held.
func (l *Limiter) decide(active []Bucket, now time.Time) Decision {
	d := Decision{Allowed: true}
	for i, b := range active {
		l.leases[b.Name].describe(&d, i == 0, now)
	}
	return d
}

// giveBack returns the leased tokens a refused or failed request had
// drawn; l.mu is held.
func (l *Limiter) giveBack(active []Bucket, leased []bool, now time.Time) {
	for i, b := range active {
		if ls := l.leases[b.Name]; leased[i] && ls.valid(b.Rate, now) {
			ls.tokens++
		}
	}
}

// refused describes a refusal from Redis's answer: the tightest of the
// buckets asked, and how long until every empty one has a token again.
func refused(active []Bucket, sent []int, res []int64) Decision {
	var d Decision
	for j, i := range sent {
		b := active[i]
		left, full, retry := float64(res[1+4*j])/1e6, res[2+4*j], res[3+4*j]
		if r := time.Duration(retry) * time.Millisecond; r > d.RetryAfter {
			d.RetryAfter = r
		}
		d.consider(j == 0, b.Rate, left, time.Duration(full)*time.Millisecond)
	}
	return d
}

// consider makes a bucket with `left` tokens, full again in `reset`, the
// one d describes when it is the first or the tightest so far: fewest
// tokens left; on a tie, the smaller bucket.
func (d *Decision) consider(first bool, r Rate, left float64, reset time.Duration) {
	remaining := int(max(math.Floor(left), 0))
	if first || remaining < d.Remaining || (remaining == d.Remaining && r.Burst < d.Limit) {
		d.Limit, d.Remaining, d.Reset = r.Burst, remaining, reset
	}
}

// pruneAbove is how many leases may pile up before ended ones are dropped.
const pruneAbove = 4096

// prune drops ended leases once there are many, at most once a lease's
// life, so a busy process does not walk them on every call; l.mu is held.
func (l *Limiter) prune(now time.Time) {
	if len(l.leases) <= pruneAbove || now.Sub(l.pruned) < leaseTTL {
		return
	}
	l.pruned = now
	for name, ls := range l.leases {
		if !now.Before(ls.expires) {
			delete(l.leases, name)
		}
	}
}

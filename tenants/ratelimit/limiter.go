// Package ratelimit keeps token buckets in Redis: per API key (or console
// user), per tenant, and per client IP for sign-in. One Lua script checks
// and draws from all of a request's buckets in a single round trip.
package ratelimit

import (
	"context"
	"fmt"
	"strconv"
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
// then takes one token from all of them, or from none when any is empty
// (a refused request costs nothing). "now" comes from the caller so the
// application clock (and tests) decide time, not Redis.
//
// KEYS: the buckets. ARGV: now in ms, then per bucket tokens/s and burst.
// Returns allowed, then per bucket: remaining, ms until full, ms until a
// token is back (0 when it has one).
var takeScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local n = #KEYS
local tok, ts, allowed = {}, {}, 1
for i = 1, n do
  local rate, burst = tonumber(ARGV[2*i]), tonumber(ARGV[2*i+1])
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
  if t < 1 then allowed = 0 end
end
local out = {allowed}
for i = 1, n do
  local rate, burst = tonumber(ARGV[2*i]), tonumber(ARGV[2*i+1])
  local t = tok[i]
  if allowed == 1 then
    t = t - 1
    local full = math.ceil((burst - t) * 1000 / rate)
    redis.call('HSET', KEYS[i], 't', string.format('%.6f', t), 'ts', string.format('%d', ts[i]))
    redis.call('PEXPIRE', KEYS[i], full + 1000)
  end
  local retry = 0
  if t < 1 then retry = math.ceil((1 - t) * 1000 / rate) end
  out[#out+1] = math.floor(t)
  out[#out+1] = math.ceil((burst - t) * 1000 / rate)
  out[#out+1] = retry
end
return out
`)

// Limiter takes tokens from buckets in Redis.
type Limiter struct {
	rdb    redis.UniversalClient
	now    func() time.Time
	prefix string

	// Limits gives a tenant's key and tenant buckets; billing may make it
	// plan-dependent. nil limits no tenant.
	Limits LimitsFunc
	// Login is the per-IP bucket of sign-in and sign-up.
	Login Rate
}

// New returns a limiter on rdb; now is the application clock.
func New(rdb redis.UniversalClient, now func() time.Time, limits LimitsFunc, login Rate) *Limiter {
	return &Limiter{rdb: rdb, now: now, prefix: "kefu:rl:", Limits: limits, Login: login}
}

// For returns the limits of tenantID (none when Limits is unset).
func (l *Limiter) For(ctx context.Context, tenantID string) Limits {
	if l.Limits == nil {
		return Limits{}
	}
	return l.Limits(ctx, tenantID)
}

// Take draws one token from each bucket that has a rate; with none it
// allows without asking Redis.
func (l *Limiter) Take(ctx context.Context, buckets ...Bucket) (Decision, error) {
	keys := make([]string, 0, len(buckets))
	args := make([]any, 1, 1+2*len(buckets))
	args[0] = l.now().UnixMilli()
	active := make([]Bucket, 0, len(buckets))
	for _, b := range buckets {
		if b.Rate.Off() {
			continue
		}
		active = append(active, b)
		keys = append(keys, l.prefix+b.Name)
		args = append(args, strconv.FormatFloat(b.Rate.PerSecond, 'f', -1, 64), b.Rate.Burst)
	}
	if len(active) == 0 {
		return Decision{Allowed: true}, nil
	}
	res, err := takeScript.Run(ctx, l.rdb, keys, args...).Int64Slice()
	if err != nil {
		return Decision{}, fmt.Errorf("rate limit: %w", err)
	}
	if len(res) != 1+3*len(active) {
		return Decision{}, fmt.Errorf("rate limit: script returned %d values", len(res))
	}
	d := Decision{Allowed: res[0] == 1}
	tightest := -1
	for i, b := range active {
		remaining, full, retry := res[1+3*i], res[2+3*i], res[3+3*i]
		if r := time.Duration(retry) * time.Millisecond; r > d.RetryAfter {
			d.RetryAfter = r
		}
		// Tightest: fewest tokens left; on a tie, the smaller bucket.
		if tightest < 0 || int(remaining) < d.Remaining || (int(remaining) == d.Remaining && b.Rate.Burst < d.Limit) {
			tightest = i
			d.Limit, d.Remaining = b.Rate.Burst, int(max(remaining, 0))
			d.Reset = time.Duration(full) * time.Millisecond
		}
	}
	return d, nil
}

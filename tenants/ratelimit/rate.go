package ratelimit

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Rate is a token bucket: PerSecond tokens flow in, up to Burst are kept.
// The zero Rate means no limit.
type Rate struct {
	PerSecond float64
	Burst     int
}

// Off reports whether the rate limits nothing.
func (r Rate) Off() bool { return r.PerSecond <= 0 || r.Burst <= 0 }

// String renders r in ParseRate's format.
func (r Rate) String() string {
	if r.Off() {
		return "off"
	}
	return strconv.FormatFloat(r.PerSecond, 'f', -1, 64) + "/s,burst=" + strconv.Itoa(r.Burst)
}

var units = map[string]float64{"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600}

// ParseRate reads "50/s,burst=100", "10/min,burst=20" or "600/h"; the
// burst defaults to the count. "off" (or "") means no limit.
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "off" || s == "0" {
		return Rate{}, nil
	}
	spec, burstPart, hasBurst := strings.Cut(s, ",")
	countStr, unit, ok := strings.Cut(strings.TrimSpace(spec), "/")
	if !ok {
		return Rate{}, fmt.Errorf("rate %q: want COUNT/UNIT[,burst=N], e.g. 50/s,burst=100", s)
	}
	count, err := strconv.ParseFloat(strings.TrimSpace(countStr), 64)
	if err != nil || count <= 0 || math.IsInf(count, 0) || math.IsNaN(count) {
		return Rate{}, fmt.Errorf("rate %q: count must be a positive number", s)
	}
	per, ok := units[strings.TrimSpace(unit)]
	if !ok {
		return Rate{}, fmt.Errorf("rate %q: unit must be s, min or h", s)
	}
	r := Rate{PerSecond: count / per, Burst: int(math.Ceil(count))}
	if hasBurst {
		v, ok := strings.CutPrefix(strings.TrimSpace(burstPart), "burst=")
		b, err := strconv.Atoi(v)
		if !ok || err != nil || b < 1 {
			return Rate{}, fmt.Errorf("rate %q: burst must be burst=N with N ≥ 1", s)
		}
		r.Burst = b
	}
	return r, nil
}

// Limits are the buckets an authenticated caller draws from: one of its
// own (per API key, or per user for console sessions) and its tenant's.
type Limits struct {
	Key    Rate
	Tenant Rate
}

// LimitsFunc looks up a tenant's limits on every request, so they can
// depend on the tenant's plan; it must be cheap (cache what it reads).
// tenantID is "" for the platform operator.
type LimitsFunc func(ctx context.Context, tenantID string) Limits

// Fixed gives every tenant the same limits.
func Fixed(l Limits) LimitsFunc {
	return func(context.Context, string) Limits { return l }
}

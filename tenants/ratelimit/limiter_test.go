package ratelimit_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"kefu/tenants/ratelimit"
	"kefu/testkit"
)

func newLimiter(t *testing.T) (*ratelimit.Limiter, *time.Time) {
	t.Helper()
	opt, err := redis.ParseURL(testkit.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { rdb.Close() })
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	return ratelimit.New(rdb, func() time.Time { return now }, nil, ratelimit.Rate{}), &now
}

func take(t *testing.T, l *ratelimit.Limiter, b ...ratelimit.Bucket) ratelimit.Decision {
	t.Helper()
	d, err := l.Take(context.Background(), b...)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestTakeCountsDownThenRefusesWithRetryAfter(t *testing.T) {
	l, _ := newLimiter(t)
	b := ratelimit.Bucket{Name: "key:a", Rate: ratelimit.Rate{PerSecond: 1, Burst: 3}}
	for want := 2; want >= 0; want-- {
		d := take(t, l, b)
		if !d.Allowed || d.Limit != 3 || d.Remaining != want {
			t.Fatalf("take: %+v, want allowed with %d left of 3", d, want)
		}
	}
	d := take(t, l, b)
	if d.Allowed || d.Remaining != 0 || d.RetryAfter != time.Second {
		t.Fatalf("fourth take: %+v, want refused, retry after 1s", d)
	}
	if d.Reset != 3*time.Second {
		t.Fatalf("reset %v, want 3s until full", d.Reset)
	}
}

func TestTakeRefillsWithTheClock(t *testing.T) {
	l, now := newLimiter(t)
	b := ratelimit.Bucket{Name: "key:a", Rate: ratelimit.Rate{PerSecond: 2, Burst: 2}}
	take(t, l, b)
	take(t, l, b)
	if d := take(t, l, b); d.Allowed {
		t.Fatalf("empty bucket allowed: %+v", d)
	}
	*now = now.Add(500 * time.Millisecond)
	if d := take(t, l, b); !d.Allowed || d.Remaining != 0 {
		t.Fatalf("after 0.5s at 2/s: %+v, want one token", d)
	}
	*now = now.Add(time.Hour)
	if d := take(t, l, b); !d.Allowed || d.Remaining != 1 {
		t.Fatalf("after an hour: %+v, want a full bucket (2) minus one", d)
	}
}

func TestTakeRefusedCostsNothingInOtherBuckets(t *testing.T) {
	l, _ := newLimiter(t)
	small := ratelimit.Bucket{Name: "key:a", Rate: ratelimit.Rate{PerSecond: 1, Burst: 1}}
	shared := ratelimit.Bucket{Name: "tenant:t", Rate: ratelimit.Rate{PerSecond: 1, Burst: 10}}
	take(t, l, small, shared)
	for range 3 {
		if d := take(t, l, small, shared); d.Allowed {
			t.Fatalf("key bucket empty but allowed: %+v", d)
		}
	}
	d := take(t, l, shared)
	if d.Remaining != 8 {
		t.Fatalf("shared bucket has %d left, want 8 (refusals must not draw)", d.Remaining)
	}
}

func TestTakeReportsTheTightestBucket(t *testing.T) {
	l, _ := newLimiter(t)
	key := ratelimit.Bucket{Name: "key:a", Rate: ratelimit.Rate{PerSecond: 50, Burst: 100}}
	tenant := ratelimit.Bucket{Name: "tenant:t", Rate: ratelimit.Rate{PerSecond: 1, Burst: 5}}
	d := take(t, l, key, tenant)
	if d.Limit != 5 || d.Remaining != 4 {
		t.Fatalf("decision %+v, want the tenant bucket (4 of 5)", d)
	}
}

func TestTakeWithoutRatesSkipsRedis(t *testing.T) {
	l := ratelimit.New(nil, time.Now, nil, ratelimit.Rate{}) // a nil client would panic if used
	d, err := l.Take(context.Background(), ratelimit.Bucket{Name: "key:a"})
	if err != nil || !d.Allowed || d.Limit != 0 {
		t.Fatalf("Take = %+v, %v; want allowed without limit", d, err)
	}
}

func TestParseRate(t *testing.T) {
	cases := []struct {
		in   string
		want ratelimit.Rate
	}{
		{"50/s,burst=100", ratelimit.Rate{PerSecond: 50, Burst: 100}},
		{"10/min,burst=20", ratelimit.Rate{PerSecond: 10.0 / 60, Burst: 20}},
		{"600/h", ratelimit.Rate{PerSecond: 600.0 / 3600, Burst: 600}},
		{" 5 / s , burst=7 ", ratelimit.Rate{PerSecond: 5, Burst: 7}},
		{"off", ratelimit.Rate{}},
		{"", ratelimit.Rate{}},
	}
	for _, c := range cases {
		got, err := ratelimit.ParseRate(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseRate(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"50", "50/day", "-1/s", "x/s", "5/s,burst=0", "5/s,bursts=3", "5/s,burst=x"} {
		if _, err := ratelimit.ParseRate(bad); err == nil {
			t.Errorf("ParseRate(%q) accepted", bad)
		}
	}
}

// BenchmarkTake is one request's check: a key and a tenant bucket, one
// script call.
func BenchmarkTake(b *testing.B) {
	opt, err := redis.ParseURL(testkit.RedisURL(b))
	if err != nil {
		b.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	l := ratelimit.New(rdb, time.Now, nil, ratelimit.Rate{})
	high := ratelimit.Rate{PerSecond: 1e9, Burst: 1 << 30}
	ctx := context.Background()
	for b.Loop() {
		if _, err := l.Take(ctx, ratelimit.Bucket{Name: "key:a", Rate: high}, ratelimit.Bucket{Name: "tenant:t", Rate: high}); err != nil {
			b.Fatal(err)
		}
	}
}

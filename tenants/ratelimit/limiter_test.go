package ratelimit_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"kefu/tenants/ratelimit"
	"kefu/testkit"
)

func newLimiter(t *testing.T) (*ratelimit.Limiter, *time.Time) {
	t.Helper()
	l, now, _ := newLimiters(t, 1)
	return l[0], now
}

// newLimiters is n API processes' limiters on one Redis and one clock;
// the client is returned for looking at the buckets themselves.
func newLimiters(t *testing.T, n int) ([]*ratelimit.Limiter, *time.Time, *redis.Client) {
	t.Helper()
	opt, err := redis.ParseURL(testkit.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { rdb.Close() })
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ls := make([]*ratelimit.Limiter, n)
	for i := range ls {
		ls[i] = ratelimit.New(rdb, func() time.Time { return now }, nil, ratelimit.Rate{})
	}
	return ls, &now, rdb
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

// A refusal draws nothing from the other buckets: not in Redis, and the
// token a lease had given it (the shared bucket is leased, 1/20 of 100)
// goes back.
func TestTakeRefusedCostsNothingInOtherBuckets(t *testing.T) {
	l, _ := newLimiter(t)
	small := ratelimit.Bucket{Name: "key:a", Rate: ratelimit.Rate{PerSecond: 1, Burst: 1}}
	shared := ratelimit.Bucket{Name: "tenant:t", Rate: ratelimit.Rate{PerSecond: 1, Burst: 100}}
	take(t, l, small, shared)
	for range 3 {
		if d := take(t, l, small, shared); d.Allowed || d.Limit != 1 {
			t.Fatalf("key bucket empty but %+v", d)
		}
	}
	if d := take(t, l, shared); d.Remaining != 98 {
		t.Fatalf("shared bucket has %d left, want 98 (refusals must not draw)", d.Remaining)
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

// A bucket of 100 is leased 5 tokens at a time (1/20 of its burst): the
// headers still count down one by one, Redis is asked once per 6
// requests, and the 101st request is refused.
func TestTakeLeasesTokensAhead(t *testing.T) {
	ls, _, rdb := newLimiters(t, 1)
	b := ratelimit.Bucket{Name: "user:a", Rate: ratelimit.Rate{PerSecond: 50, Burst: 100}}
	for want := 99; want >= 0; want-- {
		d := take(t, ls[0], b)
		if !d.Allowed || d.Remaining != want || d.Limit != 100 {
			t.Fatalf("take: %+v, want allowed with %d left of 100", d, want)
		}
		if want == 99 {
			if got := rdb.HGet(context.Background(), "kefu:rl:user:a", "t").Val(); got != "94.000000" {
				t.Fatalf("after the first request Redis holds %s tokens, want 94 (1 used, 5 leased)", got)
			}
		}
		if want == 94 {
			if got := rdb.HGet(context.Background(), "kefu:rl:user:a", "t").Val(); got != "94.000000" {
				t.Fatalf("the leased requests went to Redis: it holds %s, want 94", got)
			}
		}
	}
	if d := take(t, ls[0], b); d.Allowed || d.Remaining != 0 || d.RetryAfter != 20*time.Millisecond {
		t.Fatalf("101st take: %+v, want refused, retry after 20ms", d)
	}
}

// Two processes draining one bucket between them let exactly its burst
// through: leases never hand out a token Redis did not give up.
func TestTakeLeasesAcrossProcessesNeverOverspend(t *testing.T) {
	ls, _, _ := newLimiters(t, 3)
	b := ratelimit.Bucket{Name: "tenant:t", Rate: ratelimit.Rate{PerSecond: 1, Burst: 200}}
	allowed := 0
	for i := range 400 {
		if take(t, ls[i%3], b).Allowed {
			allowed++
		}
	}
	if allowed != 200 {
		t.Fatalf("three processes let %d requests through a bucket of 200", allowed)
	}
}

// The same with requests racing each other in every process: the leases'
// bookkeeping under concurrency neither loses nor invents a token.
func TestTakeLeasesUnderConcurrency(t *testing.T) {
	ls, _, _ := newLimiters(t, 2)
	user := ratelimit.Bucket{Name: "user:a", Rate: ratelimit.Rate{PerSecond: 1, Burst: 100}}
	tenant := ratelimit.Bucket{Name: "tenant:t", Rate: ratelimit.Rate{PerSecond: 1, Burst: 300}}
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for range 40 {
				d, err := ls[g%2].Take(context.Background(), user, tenant)
				if err != nil {
					t.Error(err)
					return
				}
				if d.Allowed {
					allowed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	// Whatever a process still holds leased is spent here.
	for _, l := range ls {
		for take(t, l, user, tenant).Allowed {
			allowed.Add(1)
		}
	}
	if n := allowed.Load(); n != 100 {
		t.Fatalf("%d requests got through a user bucket of 100", n)
	}
}

// A lease ends after a second, and with a change of rate (a new plan):
// the next request asks Redis again.
func TestTakeLeaseEndsWithTimeAndRate(t *testing.T) {
	ls, now, rdb := newLimiters(t, 1)
	b := ratelimit.Bucket{Name: "key:k", Rate: ratelimit.Rate{PerSecond: 0.001, Burst: 100}}
	tokens := func() string { return rdb.HGet(context.Background(), "kefu:rl:key:k", "t").Val() }
	take(t, ls[0], b)
	*now = now.Add(1500 * time.Millisecond)
	take(t, ls[0], b)
	if got := tokens(); got != "88.001500" {
		t.Fatalf("after the lease ended Redis holds %s, want 88.0015 (two leases taken)", got)
	}
	b.Rate.PerSecond = 0.002
	if d := take(t, ls[0], b); !d.Allowed || tokens() != "82.001500" {
		t.Fatalf("after a rate change: %+v with Redis at %s, want a fresh lease (82.0015)", d, tokens())
	}
}

// Leases of callers gone quiet are dropped once there are many, so a
// process that has seen many users does not keep one lease per user.
func TestEndedLeasesAreDropped(t *testing.T) {
	ls, now, _ := newLimiters(t, 1)
	r := ratelimit.Rate{PerSecond: 1, Burst: 100}
	for i := range ratelimit.PruneAbove + 1 {
		take(t, ls[0], ratelimit.Bucket{Name: fmt.Sprintf("user:%d", i), Rate: r})
	}
	if n := ls[0].Leases(); n != ratelimit.PruneAbove+1 {
		t.Fatalf("%d leases within their second, want %d", n, ratelimit.PruneAbove+1)
	}
	*now = now.Add(2 * ratelimit.LeaseTTL)
	take(t, ls[0], ratelimit.Bucket{Name: "user:new", Rate: r})
	if n := ls[0].Leases(); n != 1 {
		t.Fatalf("%d leases after the others ended, want only the new caller's", n)
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

// BenchmarkTake is one request's check: a key and a tenant bucket of the
// default bursts (100 and 400), so one request in 6 calls the script.
func BenchmarkTake(b *testing.B) {
	opt, err := redis.ParseURL(testkit.RedisURL(b))
	if err != nil {
		b.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	l := ratelimit.New(rdb, time.Now, nil, ratelimit.Rate{})
	key, tenant := ratelimit.Rate{PerSecond: 1e9, Burst: 100}, ratelimit.Rate{PerSecond: 1e9, Burst: 400}
	ctx := context.Background()
	for b.Loop() {
		if _, err := l.Take(ctx, ratelimit.Bucket{Name: "key:a", Rate: key}, ratelimit.Bucket{Name: "tenant:t", Rate: tenant}); err != nil {
			b.Fatal(err)
		}
	}
}

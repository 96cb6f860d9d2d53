package ratelimit

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"kefu/testkit"
)

// Leases of callers gone quiet are dropped once there are many, so a
// process that has seen many users does not keep one lease per user.
func TestEndedLeasesAreDropped(t *testing.T) {
	opt, err := redis.ParseURL(testkit.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { rdb.Close() })
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := New(rdb, func() time.Time { return now }, nil, Rate{})
	r := Rate{PerSecond: 1, Burst: 100}
	for i := range pruneAbove + 1 {
		if _, err := l.Take(context.Background(), Bucket{Name: fmt.Sprintf("user:%d", i), Rate: r}); err != nil {
			t.Fatal(err)
		}
	}
	if len(l.leases) != pruneAbove+1 {
		t.Fatalf("%d leases within their second, want %d", len(l.leases), pruneAbove+1)
	}
	now = now.Add(2 * leaseTTL)
	if _, err := l.Take(context.Background(), Bucket{Name: "user:new", Rate: r}); err != nil {
		t.Fatal(err)
	}
	if len(l.leases) != 1 {
		t.Fatalf("%d leases after the others ended, want only the new caller's", len(l.leases))
	}
}

package testkit

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"kefu/ids"
)

// RedisURL returns a Redis for t alone: a miniredis, or on a real Redis
// (KEFU_TEST_REDIS_URL) a DB index claimed with a lock key in DB 0 and
// flushed before and after. asynq has no key prefix, so a DB of its own is
// what keeps tests apart.
func RedisURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("KEFU_TEST_REDIS_URL")
	if base == "" {
		mr := miniredis.RunT(t)
		return "redis://" + mr.Addr() + "/0"
	}
	opt, err := redis.ParseURL(base)
	if err != nil {
		t.Fatalf("testkit: KEFU_TEST_REDIS_URL: %v", err)
	}
	ctx := context.Background()
	lock := redis.NewClient(&redis.Options{Addr: opt.Addr, Password: opt.Password, DB: 0})
	defer lock.Close()
	token := ids.Token(8)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		for db := 1; db < 16; db++ {
			key := fmt.Sprintf("kefu:testkit:db:%d", db)
			ok, err := lock.SetNX(ctx, key, token, 30*time.Minute).Result()
			if err != nil {
				t.Fatalf("testkit: claim redis db: %v", err)
			}
			if !ok {
				continue
			}
			c := redis.NewClient(&redis.Options{Addr: opt.Addr, Password: opt.Password, DB: db})
			c.FlushDB(ctx)
			c.Close()
			t.Cleanup(func() {
				c := redis.NewClient(&redis.Options{Addr: opt.Addr, Password: opt.Password, DB: db})
				c.FlushDB(context.Background())
				c.Close()
				l := redis.NewClient(&redis.Options{Addr: opt.Addr, Password: opt.Password, DB: 0})
				if v, _ := l.Get(context.Background(), key).Result(); v == token {
					l.Del(context.Background(), key)
				}
				l.Close()
			})
			auth := ""
			if opt.Password != "" {
				auth = ":" + opt.Password + "@"
			}
			return fmt.Sprintf("redis://%s%s/%d", auth, opt.Addr, db)
		}
		if time.Now().After(deadline) {
			t.Fatal("testkit: no free Redis DB index in 2 minutes")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

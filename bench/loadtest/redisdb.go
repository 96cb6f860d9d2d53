package loadtest

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"kefu/ids"
)

// ClaimRedisDB picks a free DB index on the Redis at url for one benchmark
// run, with the same lock keys in DB 0 the tests use (asynq has no key
// prefix, so a DB of its own keeps a run apart from concurrent tests). The
// returned release flushes the DB and frees the claim.
func ClaimRedisDB(ctx context.Context, url string) (string, func(), error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return "", nil, fmt.Errorf("redis url: %w", err)
	}
	lock := redis.NewClient(&redis.Options{Addr: opt.Addr, Password: opt.Password, DB: 0})
	defer lock.Close()
	token := ids.Token(8)
	for db := 15; db >= 1; db-- {
		key := fmt.Sprintf("kefu:testkit:db:%d", db)
		ok, err := lock.SetNX(ctx, key, token, 2*time.Hour).Result()
		if err != nil {
			return "", nil, fmt.Errorf("claim redis db: %w", err)
		}
		if !ok {
			continue
		}
		o := *opt
		o.DB = db
		flush := func() {
			c := redis.NewClient(&o)
			c.FlushDB(context.Background())
			c.Close()
		}
		flush()
		release := func() {
			flush()
			l := redis.NewClient(&redis.Options{Addr: opt.Addr, Password: opt.Password, DB: 0})
			defer l.Close()
			if v, _ := l.Get(context.Background(), key).Result(); v == token {
				l.Del(context.Background(), key)
			}
		}
		auth := ""
		if opt.Password != "" {
			auth = ":" + opt.Password + "@"
		}
		return fmt.Sprintf("redis://%s%s/%d", auth, opt.Addr, db), release, nil
	}
	return "", nil, fmt.Errorf("no free DB index on %s", RedactURL(url))
}

// Package workers runs Kefu's background jobs on asynq: thin task handlers
// that call tenants/ and desk/, the tenant-context middleware, and the
// reconciliation sweeper. The database is the truth; Redis is the alarm
// clock, and the sweeper re-enqueues whatever Redis lost.
package workers

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// Connect opens KEFU_REDIS_URL: redis://, rediss:// or
// redis-sentinel://[:password@]host1:port,host2:port?master=name for
// failover (asynq's URI forms).
func Connect(url string) (redis.UniversalClient, error) {
	opt, err := asynq.ParseRedisURI(url)
	if err != nil {
		return nil, fmt.Errorf("parse redis url: %w", err)
	}
	c, ok := opt.MakeRedisClient().(redis.UniversalClient)
	if !ok {
		return nil, fmt.Errorf("redis url %q does not give a go-redis client", url)
	}
	return c, nil
}

// Embedded is the in-process Redis of the embedded default. miniredis only
// moves TTLs when told, so a ticker fast-forwards it with the wall clock.
type Embedded struct {
	mr   *miniredis.Miniredis
	stop chan struct{}
	wg   sync.WaitGroup
}

// StartEmbedded starts an in-process Redis on a loopback port.
func StartEmbedded() (*Embedded, error) {
	mr := miniredis.NewMiniRedis()
	if err := mr.StartAddr("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("start embedded redis: %w", err)
	}
	e := &Embedded{mr: mr, stop: make(chan struct{})}
	e.wg.Add(1)
	go e.tick()
	slog.Info("embedded redis started", "addr", mr.Addr())
	return e, nil
}

func (e *Embedded) tick() {
	defer e.wg.Done()
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-e.stop:
			return
		case now := <-t.C:
			e.mr.SetTime(now)
			e.mr.FastForward(now.Sub(last))
			last = now
		}
	}
}

// URL is where to connect.
func (e *Embedded) URL() string { return "redis://" + e.mr.Addr() + "/0" }

// Close stops the server.
func (e *Embedded) Close() {
	close(e.stop)
	e.wg.Wait()
	e.mr.Close()
}

// Ping checks Redis answers.
func Ping(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Ping(ctx).Err()
}

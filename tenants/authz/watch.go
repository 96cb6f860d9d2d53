package authz

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/casbin/casbin/v2/persist"
	"github.com/redis/go-redis/v9"

	"kefu/ids"
)

// RedisWatcher is a casbin persist.Watcher over Redis pub/sub (go-redis):
// a role change in one process reaches every API and worker process at once.
type RedisWatcher struct {
	rdb     redis.UniversalClient
	channel string
	self    string // skips our own messages: we already reloaded

	mu       sync.Mutex
	callback func(string)
	sub      *redis.PubSub
	cancel   context.CancelFunc
}

var _ persist.Watcher = (*RedisWatcher)(nil)

// NewRedisWatcher subscribes to channel (namespaced per deployment or test)
// and returns once the subscription is live.
func NewRedisWatcher(ctx context.Context, rdb redis.UniversalClient, channel string) (*RedisWatcher, error) {
	w := &RedisWatcher{rdb: rdb, channel: channel, self: ids.Token(8)}
	sub := rdb.Subscribe(ctx, channel)
	if _, err := sub.Receive(ctx); err != nil {
		sub.Close()
		return nil, fmt.Errorf("subscribe %s: %w", channel, err)
	}
	lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	w.sub, w.cancel = sub, cancel
	go w.loop(lctx)
	return w, nil
}

func (w *RedisWatcher) loop(ctx context.Context) {
	ch := w.sub.Channel()
	for {
		select {
		case <-ctx.Done():
			return
		case msg, ok := <-ch:
			if !ok {
				return
			}
			if msg.Payload == w.self {
				continue
			}
			w.mu.Lock()
			cb := w.callback
			w.mu.Unlock()
			if cb != nil {
				cb(msg.Payload)
			}
		}
	}
}

// SetUpdateCallback is called by casbin's SetWatcher with a reload function.
func (w *RedisWatcher) SetUpdateCallback(cb func(string)) error {
	w.mu.Lock()
	w.callback = cb
	w.mu.Unlock()
	return nil
}

// Update tells the other processes to reload.
func (w *RedisWatcher) Update() error {
	if err := w.rdb.Publish(context.Background(), w.channel, w.self).Err(); err != nil {
		slog.Error("authz: publish policy change", "err", err)
		return err
	}
	return nil
}

// Close stops listening.
func (w *RedisWatcher) Close() {
	w.cancel()
	w.sub.Close()
}

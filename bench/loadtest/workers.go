package loadtest

import (
	"context"
	"fmt"
	"time"

	"kefu/app"
)

// Workers is one worker process's worth of the app: its own database pool
// and Redis client, the asynq server with Kefu's handlers and the sweeper,
// exactly as `kefu worker` runs them, minus the HTTP side.
type Workers struct {
	App  *app.App
	stop func()
}

// StartWorkers builds the app on dbURL and redisURL and starts its
// workers with concurrency task slots; sweep is the sweeper's interval.
// Several may run side by side, like several worker processes.
func StartWorkers(ctx context.Context, dbURL, redisURL string, concurrency int, sweep time.Duration) (*Workers, error) {
	channel, err := randomName("kefu:bench:authz:")
	if err != nil {
		return nil, err
	}
	a, err := app.Build(ctx, app.Config{
		DatabaseURL:   dbURL,
		RedisURL:      redisURL,
		BaseURL:       "http://127.0.0.1",
		Concurrency:   concurrency,
		AuthzChannel:  channel,
		SweepInterval: sweep,
		APIKeyPepper:  "kefu-bench-pepper-throwaway-schema-only",
	})
	if err != nil {
		return nil, fmt.Errorf("build worker app: %w", err)
	}
	stop, err := a.StartWorkers(ctx)
	if err != nil {
		a.Close()
		return nil, err
	}
	return &Workers{App: a, stop: stop}, nil
}

// Close waits for running tasks, stops the workers and closes the app.
func (w *Workers) Close() {
	w.stop()
	w.App.Close()
}

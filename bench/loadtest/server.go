package loadtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"kefu/app"
)

// Server is the app served on a loopback port.
type Server struct {
	app     *app.App
	http    *http.Server
	BaseURL string
	done    chan error
}

// The rate limits every benchmark serves with (see Serve).
const (
	RateLimitKey    = "1000000/s,burst=100"
	RateLimitTenant = "1000000/s,burst=400"
)

// Serve builds the app on dbURL and serves its handler on 127.0.0.1:0.
// The listener is opened first so the app's BaseURL can name the real
// port. An empty redisURL means in-process miniredis.
func Serve(ctx context.Context, dbURL, redisURL string) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	if addr, ok := ln.Addr().(*net.TCPAddr); !ok || !addr.IP.IsLoopback() {
		ln.Close()
		return nil, fmt.Errorf("listener %s is not on loopback", ln.Addr())
	}
	baseURL := "http://" + ln.Addr().String()
	channel, err := randomName("kefu:bench:authz:")
	if err != nil {
		ln.Close()
		return nil, err
	}
	a, err := app.Build(ctx, app.Config{
		Addr:        ln.Addr().String(),
		DatabaseURL: dbURL,
		RedisURL:    redisURL,
		BaseURL:     baseURL,
		Concurrency: 4,
		// A channel of our own keeps role-change broadcasts away from any
		// other Kefu sharing the Redis.
		AuthzChannel:  channel,
		SweepInterval: time.Minute,
		APIKeyPepper:  "kefu-bench-pepper-throwaway-schema-only",
		// The limiter stays in every request's path, as deployed: the
		// default bursts (so Redis is asked as often as with the defaults,
		// see ratelimit's leases) at rates no scenario here reaches.
		RateLimitKey:    RateLimitKey,
		RateLimitTenant: RateLimitTenant,
	})
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("build app: %w", err)
	}
	s := &Server{
		app:     a,
		http:    &http.Server{Handler: a.Handler(nil), ReadHeaderTimeout: RequestTimeout},
		BaseURL: baseURL,
		done:    make(chan error, 1),
	}
	go func() { s.done <- s.http.Serve(ln) }()
	Progress.Info("serving", "url", baseURL)
	return s, nil
}

// Close stops the server, waiting for in-flight requests, then the app.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if serr := <-s.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	s.app.Close()
	if err != nil {
		return fmt.Errorf("stop server: %w", err)
	}
	return nil
}

package loadtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisServer is a redis-server of the benchmark's own on a loopback port:
// a real Redis that nothing else uses, so a benchmark can neither disturb
// the shared one nor be disturbed by it.
type RedisServer struct {
	cmd     *exec.Cmd
	dir     string
	Addr    string
	Version string // e.g. "Redis 7.0.15"
	exited  chan error
}

// StartRedis runs redis-server (found on PATH) on a free 127.0.0.1 port,
// without persistence, in a temporary directory, and waits until it
// answers PING.
func StartRedis(ctx context.Context) (_ *RedisServer, err error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("redis-server not found (apt-get install redis-server): %w", err)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "kefu-bench-redis-")
	if err != nil {
		return nil, fmt.Errorf("redis temp dir: %w", err)
	}
	r := &RedisServer{dir: dir, Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), exited: make(chan error, 1)}
	r.cmd = exec.Command(bin, "--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--dir", dir,
		"--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning")
	r.cmd.Stdout, r.cmd.Stderr = os.Stderr, os.Stderr
	if err := r.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start redis-server: %w", err)
	}
	go func() { r.exited <- r.cmd.Wait() }()
	defer func() {
		if err != nil {
			err = errors.Join(err, r.Close())
		}
	}()
	if err := r.waitReady(ctx); err != nil {
		return nil, err
	}
	Progress.Info("redis-server ready", "addr", r.Addr, "version", r.Version)
	return r, nil
}

// URL is the server's database 0.
func (r *RedisServer) URL() string { return "redis://" + r.Addr + "/0" }

// waitReady polls PING for up to ten seconds and reads the version.
func (r *RedisServer) waitReady(ctx context.Context) error {
	c := redis.NewClient(&redis.Options{Addr: r.Addr})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := c.Ping(ctx).Err()
		if err == nil {
			break
		}
		select {
		case werr := <-r.exited:
			r.exited <- werr
			return fmt.Errorf("redis-server on %s exited: %v", r.Addr, werr)
		default:
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("redis-server on %s not answering: %w", r.Addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	info, err := c.Info(ctx, "server").Result()
	if err != nil {
		return fmt.Errorf("redis-server info: %w", err)
	}
	r.Version = "Redis " + RedisVersion(info)
	return nil
}

// Close stops the server (SIGTERM to our own child, SIGKILL after five
// seconds) and removes its directory.
func (r *RedisServer) Close() error {
	defer os.RemoveAll(r.dir)
	if r.cmd.Process == nil {
		return nil
	}
	select {
	case <-r.exited:
		return nil // already gone
	default:
	}
	_ = r.cmd.Process.Signal(os.Interrupt)
	select {
	case <-r.exited:
	case <-time.After(5 * time.Second):
		_ = r.cmd.Process.Kill()
		<-r.exited
	}
	Progress.Info("redis-server stopped", "addr", r.Addr)
	return nil
}

// OwnRedis points o at a redis-server started for this run when o names
// no Redis, and returns what stops it (nothing to stop otherwise).
func OwnRedis(ctx context.Context, o *Options) (stop func() error, err error) {
	if o.RedisURL != "" {
		return func() error { return nil }, nil
	}
	rs, err := StartRedis(ctx)
	if err != nil {
		return nil, err
	}
	o.RedisURL = rs.URL()
	return rs.Close, nil
}

// RedisVersion picks redis_version out of an INFO server answer.
func RedisVersion(info string) string {
	sc := bufio.NewScanner(strings.NewReader(info))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "redis_version:"); ok {
			return v
		}
	}
	return "unknown"
}

// freePort asks the kernel for an unused loopback port. Another process
// could take it before redis-server binds it; then the start fails loudly.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

package cluster

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisBin is Debian's redis-server; `redis-server <conf> --sentinel` is
// the Sentinel.
var RedisBin = "redis-server"

// Redis is one redis-server (or Sentinel) of our own.
type Redis struct {
	Name string
	Port int
	Proc *Proc
}

// Addr is host:port.
func (r *Redis) Addr() string { return "127.0.0.1:" + strconv.Itoa(r.Port) }

// Client is a plain client of this server.
func (r *Redis) Client() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: r.Addr(), DialTimeout: time.Second, ReadTimeout: 2 * time.Second, MaxRetries: -1})
}

// startRedis writes conf (plus port, loopback bind and a directory of its
// own) and starts the server.
func (c *Cluster) startRedis(name string, conf []string, sentinel bool) (*Redis, error) {
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	dir := c.path(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	lines := append([]string{"port " + strconv.Itoa(port), "bind 127.0.0.1", "dir " + dir, "daemonize no", `logfile ""`}, conf...)
	file := c.path(name, name+".conf")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	args := []string{RedisBin, file}
	if sentinel {
		args = append(args, "--sentinel")
	}
	p, err := c.proc(&Proc{Name: name, args: args})
	if err != nil {
		return nil, err
	}
	if err := waitPort(p, port, 20*time.Second); err != nil {
		return nil, err
	}
	return &Redis{Name: name, Port: port, Proc: p}, nil
}

// persistence is what the README recommends for production.
var persistence = []string{"appendonly yes", "appendfsync everysec", "maxmemory-policy noeviction", `save ""`}

// StartRedis starts a single Redis; its URL is redis://addr/0.
func (c *Cluster) StartRedis() (*Redis, error) {
	return c.startRedis("redis", persistence, false)
}

// Sentinels is Redis primary + replica watched by three Sentinels.
type Sentinels struct {
	Master    string // the monitored name
	Primary   *Redis
	Replica   *Redis
	Sentinels []*Redis
}

// StartSentinels starts the primary, a replica and three Sentinels that
// declare a server down after a second and need two votes to fail over.
func (c *Cluster) StartSentinels() (*Sentinels, error) {
	s := &Sentinels{Master: "kefu"}
	var err error
	if s.Primary, err = c.startRedis("redis-a", persistence, false); err != nil {
		return nil, err
	}
	if s.Replica, err = c.startRedis("redis-b", append([]string{"replicaof 127.0.0.1 " + strconv.Itoa(s.Primary.Port)}, persistence...), false); err != nil {
		return nil, err
	}
	for i := range 3 {
		conf := []string{
			fmt.Sprintf("sentinel monitor %s 127.0.0.1 %d 2", s.Master, s.Primary.Port),
			"sentinel down-after-milliseconds " + s.Master + " 1000",
			"sentinel failover-timeout " + s.Master + " 10000",
			"sentinel parallel-syncs " + s.Master + " 1",
		}
		sn, err := c.startRedis(fmt.Sprintf("sentinel-%d", i+1), conf, true)
		if err != nil {
			return nil, err
		}
		s.Sentinels = append(s.Sentinels, sn)
	}
	// Wait until the replica is in sync and every Sentinel knows it.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		ok := s.replicaInSync(ctx)
		for _, sn := range s.Sentinels {
			if !ok {
				break
			}
			cl := redis.NewSentinelClient(&redis.Options{Addr: sn.Addr()})
			reps, err := cl.Replicas(ctx, s.Master).Result()
			cl.Close()
			ok = err == nil && len(reps) == 1
		}
		if ok {
			break
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("sentinels did not see the replica in 30s")
		}
		time.Sleep(200 * time.Millisecond)
	}
	c.Log.Info("redis with sentinels ready", "primary", s.Primary.Addr(), "replica", s.Replica.Addr())
	return s, nil
}

func (s *Sentinels) replicaInSync(ctx context.Context) bool {
	cl := s.Replica.Client()
	defer cl.Close()
	info, err := cl.Info(ctx, "replication").Result()
	return err == nil && strings.Contains(info, "master_link_status:up")
}

// URL is the redis-sentinel:// URL Kefu takes.
func (s *Sentinels) URL() string {
	addrs := make([]string, len(s.Sentinels))
	for i, sn := range s.Sentinels {
		addrs[i] = sn.Addr()
	}
	return "redis-sentinel://" + strings.Join(addrs, ",") + "?master=" + s.Master
}

// MasterAddr asks the first Sentinel that answers who the primary is.
func (s *Sentinels) MasterAddr(ctx context.Context) (string, error) {
	var last error
	for _, sn := range s.Sentinels {
		cl := redis.NewSentinelClient(&redis.Options{Addr: sn.Addr(), DialTimeout: time.Second})
		addr, err := cl.GetMasterAddrByName(ctx, s.Master).Result()
		cl.Close()
		if err == nil && len(addr) == 2 {
			return addr[0] + ":" + addr[1], nil
		}
		last = err
	}
	return "", fmt.Errorf("no sentinel names the primary: %w", last)
}

// KillPrimary kill -9s the primary and waits until the Sentinels have
// promoted the replica; it returns how long the failover took.
func (s *Sentinels) KillPrimary(ctx context.Context) (time.Duration, error) {
	old := s.Primary.Addr()
	t0 := time.Now()
	if err := s.Primary.Proc.Kill(); err != nil {
		return 0, err
	}
	for {
		addr, err := s.MasterAddr(ctx)
		if err == nil && addr != old {
			if addr != s.Replica.Addr() {
				return 0, fmt.Errorf("sentinels promoted %s, not the replica %s", addr, s.Replica.Addr())
			}
			return time.Since(t0), nil
		}
		if time.Since(t0) > 60*time.Second {
			return 0, fmt.Errorf("no failover within 60s of killing the primary (last: %s %v)", addr, err)
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

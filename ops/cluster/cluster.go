package cluster

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
)

// Cluster owns a temporary directory and every process started in it.
type Cluster struct {
	Dir  string
	Log  *slog.Logger
	Keep bool // leave the directory (logs, data) after Close

	mu    sync.Mutex
	procs []*Proc
	stops []func()
}

// New creates the working directory.
func New(log *slog.Logger) (*Cluster, error) {
	dir, err := os.MkdirTemp("", "kefu-ops-")
	if err != nil {
		return nil, err
	}
	// PostgreSQL runs as its own user and must reach its data directory.
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	return &Cluster{Dir: dir, Log: log}, nil
}

// proc registers a process for cleanup and starts it.
func (c *Cluster) proc(p *Proc) (*Proc, error) {
	if p.Log == "" {
		p.Log = filepath.Join(c.Dir, p.Name+".log")
	}
	c.mu.Lock()
	c.procs = append(c.procs, p)
	c.mu.Unlock()
	return p, p.start()
}

// onClose runs f at Close, before the processes are killed.
func (c *Cluster) onClose(f func()) {
	c.mu.Lock()
	c.stops = append(c.stops, f)
	c.mu.Unlock()
}

// Close stops everything (newest first) and removes the directory.
func (c *Cluster) Close() {
	c.mu.Lock()
	procs, stops := c.procs, c.stops
	c.procs, c.stops = nil, nil
	c.mu.Unlock()
	for i := len(stops) - 1; i >= 0; i-- {
		stops[i]()
	}
	for i := len(procs) - 1; i >= 0; i-- {
		if procs[i].Running() {
			_ = procs[i].Kill()
		}
	}
	if c.Keep {
		c.Log.Info("kept the working directory", "dir", c.Dir)
		return
	}
	if err := os.RemoveAll(c.Dir); err != nil {
		c.Log.Warn("remove working directory", "dir", c.Dir, "err", err)
	}
}

// path is a file or directory inside the working directory.
func (c *Cluster) path(parts ...string) string {
	return filepath.Join(append([]string{c.Dir}, parts...)...)
}

func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

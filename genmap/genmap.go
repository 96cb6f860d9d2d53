// Package genmap is an in-process cache of answers derived from data that
// changes rarely: emptied whenever that data changes, and bounded. Every
// Forget starts a new generation; an answer computed in an older one (it
// may have read the old data) is not stored.
package genmap

import "sync"

// Map holds up to Max values by key (past it, it starts empty again).
// The zero value is ready to use with no bound.
type Map[V any] struct {
	Max int

	mu  sync.Mutex
	gen uint64
	m   map[string]V
}

// Get returns the value for key, if any, and the generation to hand to Put
// when computing one.
func (c *Map[V]) Get(key string) (v V, found bool, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, found = c.m[key]
	return v, found, c.gen
}

// Put stores v unless the map was emptied since gen was handed out.
func (c *Map[V]) Put(key string, v V, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil || (c.Max > 0 && len(c.m) >= c.Max) {
		c.m = map[string]V{}
	}
	c.m[key] = v
}

// Delete drops one key (the generation stays).
func (c *Map[V]) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}

// Forget drops every value and starts a new generation.
func (c *Map[V]) Forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.m)
}

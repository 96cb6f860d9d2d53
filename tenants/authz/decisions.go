package authz

import "sync"

// decisions remembers Enforce's answers until the policy reloads: every
// request asks at least once, and the policy changes only when roles do.
// A generation taken before each evaluation keeps an answer computed on
// the old policy from being stored after a reload.
type decisions struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]bool
}

// maxDecisions bounds the cache; past it, it starts empty again.
const maxDecisions = 100_000

// get returns a remembered answer, or the generation to hand to put.
func (d *decisions) get(key string) (ok, found bool, gen uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	ok, found = d.m[key]
	return ok, found, d.gen
}

func (d *decisions) put(key string, ok bool, gen uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if gen != d.gen {
		return
	}
	if d.m == nil || len(d.m) >= maxDecisions {
		d.m = map[string]bool{}
	}
	d.m[key] = ok
}

// forget drops every answer; a reload calls it before and after loading.
func (d *decisions) forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	clear(d.m)
}

package tickets

import (
	"errors"
	"sync"
)

// tenantFacts are the tenant settings a create needs before its
// transaction: the zone (the number's year, the allowance month), the
// locale (a caller's subject), the plan (the allowance) and the config
// version (SLA policies, duty routing, webhooks).
type tenantFacts struct {
	Timezone      string
	Locale        string
	Plan          string
	ConfigVersion int64
}

func (r *tenantRefs) facts() tenantFacts {
	return tenantFacts{Timezone: r.Timezone, Locale: r.Locale, Plan: r.Plan, ConfigVersion: r.ConfigVersion}
}

// errStaleFacts says a create ran on remembered facts that no longer hold;
// it starts over on fresh ones.
var errStaleFacts = errors.New("tenant settings changed during the create")

// factCache remembers each tenant's facts between creates, saving the
// create a round trip before its transaction. Nothing trusts it blindly:
// the transaction reads the facts again with the number (numberAndRefs)
// and a difference rolls it back and starts over.
type factCache struct {
	mu sync.Mutex
	m  map[string]tenantFacts
}

// maxCachedTenants bounds the cache; past it, it starts empty again.
const maxCachedTenants = 10_000

func (c *factCache) get(tenantID string) (tenantFacts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.m[tenantID]
	return f, ok
}

func (c *factCache) put(tenantID string, f tenantFacts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedTenants {
		c.m = map[string]tenantFacts{}
	}
	c.m[tenantID] = f
}

func (c *factCache) drop(tenantID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, tenantID)
}

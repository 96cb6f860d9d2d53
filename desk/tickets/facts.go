package tickets

import (
	"errors"

	"kefu/genmap"
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
// the transaction reads the facts again with the number (nextNumber) and a
// difference rolls it back and starts over.
type factCache struct{ by genmap.Map[tenantFacts] }

// maxCachedTenants bounds the cache.
const maxCachedTenants = 10_000

func newFactCache() *factCache {
	return &factCache{by: genmap.Map[tenantFacts]{Max: maxCachedTenants}}
}

func (c *factCache) get(tenantID string) (tenantFacts, bool) {
	f, ok, _ := c.by.Get(tenantID)
	return f, ok
}

// put stores facts just read; they are checked on use, so no generation
// guards them.
func (c *factCache) put(tenantID string, f tenantFacts) {
	_, _, gen := c.by.Get(tenantID)
	c.by.Put(tenantID, f, gen)
}

func (c *factCache) drop(tenantID string) { c.by.Delete(tenantID) }

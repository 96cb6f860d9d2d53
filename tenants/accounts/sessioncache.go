package accounts

import (
	"context"
	"slices"
	"time"

	"kefu/ent"
	"kefu/ent/session"
	enttenant "kefu/ent/tenant"
	"kefu/ent/user"
	"kefu/genmap"
)

// sessionCacheTTL is how long a session read is reused. Every request
// checks its token; reading the session once per TTL instead of once per
// request saves each request a round trip. A change made through this
// process (logout, deactivation, suspension) empties the cache at once;
// another process sees it within the TTL.
const sessionCacheTTL = 2 * time.Second

// maxCachedSessions bounds the cache; past it, it starts empty again.
const maxCachedSessions = 50_000

// sessionCache holds recent session reads by token hash. Unknown tokens are
// never cached, so guessing fills nothing.
type sessionCache struct {
	reads genmap.Map[cachedSession]
}

type cachedSession struct {
	row *sessionRow
	at  time.Time // monotonic, not the service's (test-settable) clock
}

func newSessionCache() *sessionCache {
	return &sessionCache{reads: genmap.Map[cachedSession]{Max: maxCachedSessions}}
}

// get returns the cached read of h, and the generation to hand to put
// when there is none.
func (c *sessionCache) get(h string) (*sessionRow, uint64) {
	e, ok, gen := c.reads.Get(h)
	if ok && time.Since(e.at) < sessionCacheTTL {
		return e.row, gen
	}
	return nil, gen
}

// put keeps row, read from at on, unless the cache was flushed since gen.
func (c *sessionCache) put(h string, row *sessionRow, gen uint64, at time.Time) {
	c.reads.Put(h, cachedSession{row: row, at: at}, gen)
}

func (c *sessionCache) flush() { c.reads.Forget() }

// watch installs hooks that flush the cache whenever a row a session read
// depends on is deleted or changes a field that read returns (see
// lookupSession); ent hooks, so no write path can forget it.
func (c *sessionCache) watch(db *ent.Client) {
	db.Session.Use(c.flushOn(session.FieldExpiresAt, session.FieldTokenHash, session.FieldUserID, session.FieldOperatorID))
	db.User.Use(c.flushOn(user.FieldStatus, user.FieldLocale, user.FieldTenantID))
	db.Tenant.Use(c.flushOn(enttenant.FieldLocale, enttenant.FieldSuspendedBy))
	db.Operator.Use(c.flushOn())
}

func (c *sessionCache) flushOn(fields ...string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpDelete|ent.OpDeleteOne) && !touches(m, fields) {
				return next.Mutate(ctx, m)
			}
			c.flush()
			v, err := next.Mutate(ctx, m)
			// Again once the row has changed: a read that slipped in
			// between saw the old row.
			c.flush()
			return v, err
		})
	}
}

// touches reports whether m sets or clears one of fields (creates never
// matter: a new row has no session yet).
func touches(m ent.Mutation, fields []string) bool {
	if m.Op().Is(ent.OpCreate) {
		return false
	}
	for _, f := range m.Fields() {
		if slices.Contains(fields, f) {
			return true
		}
	}
	for _, f := range m.ClearedFields() {
		if slices.Contains(fields, f) {
			return true
		}
	}
	return false
}

package tickets

import (
	"context"
	"fmt"
	"sync"

	"kefu/desk/sla"
	"kefu/ent"
	"kefu/ent/calendar"
	"kefu/ent/slapolicy"
)

// policyCache keeps each tenant's enabled SLA policies and their calendars
// keyed by the tenant's config_version. Every policy or calendar change
// bumps that version in its own transaction (an ent hook), and a create
// reads the tenant row anyway, so a stale entry is never used.
type policyCache struct {
	mu sync.RWMutex
	m  map[string]*tenantPolicies
}

// tenantPolicies is one tenant's policies in match order (by rank) and the
// calendars they name. Shared between requests: read-only once built.
type tenantPolicies struct {
	version   int64
	policies  []*ent.SLAPolicy
	calendars map[string]*sla.Calendar
}

func newPolicyCache() *policyCache { return &policyCache{m: map[string]*tenantPolicies{}} }

// get returns the tenant's policies as of version, loading them through c
// (in the caller's tenant context) when the cached ones are older.
func (pc *policyCache) get(ctx context.Context, c *ent.Client, tenantID string, version int64) (*tenantPolicies, error) {
	pc.mu.RLock()
	tp := pc.m[tenantID]
	pc.mu.RUnlock()
	if tp != nil && tp.version == version {
		return tp, nil
	}
	tp, err := loadPolicies(ctx, c, version)
	if err != nil {
		return nil, err
	}
	pc.mu.Lock()
	// A slower load of an older version must not replace a newer one.
	if cur := pc.m[tenantID]; cur == nil || cur.version <= version {
		pc.m[tenantID] = tp
	}
	pc.mu.Unlock()
	return tp, nil
}

// loadPolicies reads the enabled policies and, in one more query, every
// calendar they name. It runs after the version was read, so what it
// reads is at least as new as that version.
func loadPolicies(ctx context.Context, c *ent.Client, version int64) (*tenantPolicies, error) {
	pols, err := c.SLAPolicy.Query().Where(slapolicy.Enabled(true)).
		Order(slapolicy.ByRank(), slapolicy.ByID()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load sla policies: %w", err)
	}
	tp := &tenantPolicies{version: version, policies: pols, calendars: map[string]*sla.Calendar{}}
	if len(pols) == 0 {
		return tp, nil
	}
	calIDs := make([]string, len(pols))
	for i, p := range pols {
		calIDs[i] = p.CalendarID
	}
	rows, err := c.Calendar.Query().Where(calendar.IDIn(calIDs...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load sla calendars: %w", err)
	}
	for _, row := range rows {
		// A calendar that does not convert stays out; match reports its
		// error when a ticket needs it.
		if cal, err := calendarFrom(row); err == nil {
			tp.calendars[row.ID] = cal
		}
	}
	return tp, nil
}

// match returns the first policy matching the ticket and its calendar; nil
// when none matches. A calendar missing from the cache is read through c,
// which returns the error a direct read would.
func (tp *tenantPolicies) match(ctx context.Context, c *ent.Client, t *ent.Ticket, tier string) (*ent.SLAPolicy, *sla.Calendar, error) {
	for _, p := range tp.policies {
		m := p.Match
		if !matches(m.Types, string(t.Type)) || !matches(m.Priorities, string(t.Priority)) || !matches(m.Tiers, tier) {
			continue
		}
		if cal := tp.calendars[p.CalendarID]; cal != nil {
			return p, cal, nil
		}
		cal, err := CalendarOf(ctx, c, p.CalendarID)
		if err != nil {
			return nil, nil, err
		}
		return p, cal, nil
	}
	return nil, nil, nil
}

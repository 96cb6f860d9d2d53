// Package webhooks sends a tenant's events to the receivers its
// integrators registered: an outbox written in the caller's transaction, a
// relay that fans events out to deliveries, signed POSTs retried for 24 h,
// and the guard that keeps receivers off private networks.
package webhooks

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"kefu/ent"
	"kefu/ent/tenant"
	"kefu/ent/webhookendpoint"
	"kefu/tenants/tenancy"
)

// Emit records an event of type typ for the context's tenant through c
// (normally the caller's transaction, so the event commits or rolls back
// with the change it reports). Nothing is written when no enabled endpoint
// subscribes to typ. data is the event's "data" object as receivers see it.
func Emit(ctx context.Context, c *ent.Client, typ string, data map[string]any) error {
	return EmitAt(ctx, c, typ, time.Now(), data)
}

// EmitAt is Emit with the time the change happened (the caller's clock).
func EmitAt(ctx context.Context, c *ent.Client, typ string, at time.Time, data map[string]any) error {
	subs, err := Subscriptions(ctx, c)
	if err != nil {
		return err
	}
	return subs.Emit(ctx, c, typ, at, data)
}

// Subscriptions returns the event types the context's tenant's enabled
// endpoints subscribe to. It reads the tenant's config_version (unless the
// caller put it in ctx with WithConfigVersion) and, only when that version
// is not cached, the tenant's endpoints.
func Subscriptions(ctx context.Context, c *ent.Client) (*Set, error) {
	tenantID := tenancy.TenantID(ctx)
	if tenantID == "" {
		return nil, errors.New("webhook event outside a tenant")
	}
	version, ok := ctx.Value(versionKey{}).(int64)
	if !ok {
		v, err := c.Tenant.Query().Where(tenant.ID(tenantID)).Select(tenant.FieldConfigVersion).Int(ctx)
		if err != nil {
			return nil, fmt.Errorf("read config version of %s: %w", tenantID, err)
		}
		version = int64(v)
	}
	return cache.get(ctx, c, tenantID, version)
}

// Set is one tenant's subscribed event types; read-only once built.
type Set struct {
	version int64
	all     bool
	types   map[string]bool
}

// Wants reports whether any enabled endpoint subscribes to typ.
func (s *Set) Wants(typ string) bool { return s.all || s.types[typ] }

// Emit writes the event through c when s wants it.
func (s *Set) Emit(ctx context.Context, c *ent.Client, typ string, at time.Time, data map[string]any) error {
	if !s.Wants(typ) {
		return nil
	}
	if data == nil {
		data = map[string]any{}
	}
	err := c.WebhookEvent.Create().SetType(typ).SetData(data).SetOccurredAt(at.UTC()).Exec(tenancy.Quiet(ctx))
	if err != nil {
		return fmt.Errorf("emit webhook event %s: %w", typ, err)
	}
	return nil
}

type versionKey struct{}

// WithConfigVersion passes the tenant's config_version a caller has
// already read (ticket creation reads the tenant row anyway), so Emit
// needs no query at all for a tenant whose subscriptions are cached.
func WithConfigVersion(ctx context.Context, version int64) context.Context {
	return context.WithValue(ctx, versionKey{}, version)
}

// cache holds each tenant's subscribed types keyed by config_version:
// every endpoint change bumps that version in its own transaction (an ent
// hook on WebhookEndpoint), so a stale entry is never used.
var cache = &subCache{m: map[string]*Set{}}

type subCache struct {
	mu sync.RWMutex
	m  map[string]*Set
}

func (sc *subCache) get(ctx context.Context, c *ent.Client, tenantID string, version int64) (*Set, error) {
	sc.mu.RLock()
	s := sc.m[tenantID]
	sc.mu.RUnlock()
	if s != nil && s.version == version {
		return s, nil
	}
	eps, err := c.WebhookEndpoint.Query().Where(webhookendpoint.Enabled(true)).
		Select(webhookendpoint.FieldEvents).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load webhook subscriptions: %w", err)
	}
	s = &Set{version: version, types: map[string]bool{}}
	for _, ep := range eps {
		for _, t := range ep.Events {
			if t == All {
				s.all = true
			}
			s.types[t] = true
		}
	}
	sc.mu.Lock()
	// A slower load of an older version must not replace a newer one.
	if cur := sc.m[tenantID]; cur == nil || cur.version <= version {
		sc.m[tenantID] = s
	}
	sc.mu.Unlock()
	return s, nil
}

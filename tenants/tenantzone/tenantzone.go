// Package tenantzone reads the time zone a tenant's days, weeks, months and
// shifts are cut in.
package tenantzone

import (
	"context"
	"fmt"
	"time"

	"kefu/ent"
	"kefu/tenants/tenancy"
)

// Of is the zone of the tenant in ctx, read through c (which may be the
// caller's transaction). Settings refuse unknown zones, so a name that no
// longer loads (an older tzdata) falls back to UTC rather than failing.
func Of(ctx context.Context, c *ent.Client) (*time.Location, error) {
	t, err := c.Tenant.Get(ctx, tenancy.TenantID(ctx))
	if err != nil {
		return nil, fmt.Errorf("time zone of tenant %s: %w", tenancy.TenantID(ctx), err)
	}
	return Load(t.Timezone), nil
}

// Load is the zone named name, or UTC when it does not load.
func Load(name string) *time.Location {
	zone, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return zone
}

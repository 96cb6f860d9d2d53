// Package perfrun finds the periodic performance runs (weekly QA sampling,
// quarterly grade reviews) that are due across tenants and not yet recorded.
package perfrun

import (
	"context"
	"fmt"
	"sort"
	"time"

	"kefu/ent"
	"kefu/ent/performancerun"
	"kefu/ent/tenant"
	"kefu/tenants/tenancy"
	"kefu/tenants/tenantzone"
)

// Due is a tenant whose last period has not had its run.
type Due struct {
	TenantID, Period string
	At               time.Time // when the run became due
}

// Last names a tenant's last period in its zone: its key and when its run
// becomes due.
type Last func(zone *time.Location) (key string, at time.Time)

// Pending lists, for every live tenant, its last period whose run of kind
// is not recorded, ordered by tenant, for the sweeper to enqueue.
func Pending(ctx context.Context, db *ent.Client, kind performancerun.Kind, last Last) ([]Due, error) {
	ctx = tenancy.System(ctx)
	ts, err := db.Tenant.Query().Where(tenant.StatusIn(tenant.StatusActive, tenant.StatusTrialing, tenant.StatusPastDue)).
		Select(tenant.FieldID, tenant.FieldTimezone).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("pending %s runs: %w", kind, err)
	}
	want := make([]Due, 0, len(ts))
	periods := map[string]bool{}
	for _, t := range ts {
		key, at := last(tenantzone.Load(t.Timezone))
		want = append(want, Due{TenantID: t.ID, Period: key, At: at})
		periods[key] = true
	}
	keys := make([]string, 0, len(periods))
	for k := range periods {
		keys = append(keys, k)
	}
	ran, err := db.PerformanceRun.Query().Where(performancerun.KindEQ(kind), performancerun.PeriodIn(keys...)).
		Select(performancerun.FieldTenantID, performancerun.FieldPeriod).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("pending %s runs: %w", kind, err)
	}
	done := map[string]bool{}
	for _, r := range ran {
		done[r.TenantID+" "+r.Period] = true
	}
	out := want[:0]
	for _, d := range want {
		if !done[d.TenantID+" "+d.Period] {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].TenantID < out[j].TenantID })
	return out, nil
}

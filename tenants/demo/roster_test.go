package demo_test

import (
	"context"
	"testing"
	"time"

	"kefu/app/apptest"
	"kefu/ent/dutylog"
	"kefu/ent/dutyrosterentry"
	"kefu/ent/tenant"
	"kefu/tenants/demo"
	"kefu/tenants/tenancy"
)

// The property demo's 客服部 has a roster from now to the end of next
// month, with someone on duty and signed in now.
func TestSeedRostersThePropertyDemo(t *testing.T) {
	env := apptest.New(t)
	a := env.App
	ctx := context.Background()
	if _, err := demo.Seed(ctx, a.Lifecycle, a.Users, a.Accounts, a.Org, a.Store.Client, a.Authz, a.Now); err != nil {
		t.Fatal(err)
	}
	db := a.Store.Client
	tn, err := db.Tenant.Query().Where(tenant.Slug("demo-property")).Only(tenancy.System(ctx))
	if err != nil {
		t.Fatal(err)
	}
	tctx := tenancy.WithTenant(ctx, tn.ID)
	now := time.Now()
	ahead, err := db.DutyRosterEntry.Query().Where(dutyrosterentry.StartAtGT(now.Add(27 * 24 * time.Hour))).Count(tctx)
	if err != nil || ahead == 0 {
		t.Fatalf("no roster four weeks ahead (%v)", err)
	}
	onDuty, err := db.DutyRosterEntry.Query().Where(dutyrosterentry.StartAtLTE(now), dutyrosterentry.EndAtGT(now),
		dutyrosterentry.RoleEQ(dutyrosterentry.RoleAgent), dutyrosterentry.SignedInAtNotNil()).Count(tctx)
	if err != nil || onDuty != 1 {
		t.Fatalf("%d agents signed in now (%v)", onDuty, err)
	}
	if n, err := db.DutyLog.Query().Where(dutylog.EndedAtIsNil()).Count(tctx); err != nil || n != 1 {
		t.Fatalf("%d open duty logs (%v)", n, err)
	}
	// The other demo tenants ship no duty shifts and get no roster.
	other, err := db.Tenant.Query().Where(tenant.Slug("demo-hospital")).Only(tenancy.System(ctx))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := db.DutyRosterEntry.Query().Count(tenancy.WithTenant(ctx, other.ID)); err != nil || n != 0 {
		t.Fatalf("hospital demo roster: %d (%v)", n, err)
	}
}

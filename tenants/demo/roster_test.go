package demo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kefu/app/apptest"
	"kefu/desk/duty"
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
	// A shift change while the other demo tenants seed must not end the
	// shift the test then looks at.
	now := time.Now()
	a.Now = func() time.Time { return now }
	if _, err := demo.Seed(ctx, a.Lifecycle, a.Users, a.Accounts, a.Org, a.Store.Client, a.Authz, a.Now); err != nil {
		t.Fatal(err)
	}
	db := a.Store.Client
	tn, err := db.Tenant.Query().Where(tenant.Slug("demo-property")).Only(tenancy.System(ctx))
	if err != nil {
		t.Fatal(err)
	}
	tctx := tenancy.WithTenant(ctx, tn.ID)
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

// Whatever the hour, 赵客服 is signed in on the shift under way and 钱客服
// is rostered on the one right after it, so the demo handover has someone
// to go to: early and late shifts, both day parities, a late shift begun
// in the previous month, month ends of 30 and 31 days, a holiday.
func TestSeedRostersTheNextShiftToTheOtherAgent(t *testing.T) {
	env := apptest.New(t)
	a := env.App
	ctx := context.Background()
	for i, at := range []string{
		"2026-11-24T00:41:00Z", // 08:41 in Shanghai: an early shift, odd day
		"2026-11-25T00:41:00Z", // the same on an even day
		"2026-11-24T00:20:00Z", // 08:20: the night's late shift, ending soon
		"2026-11-24T12:00:00Z", // 20:00: a late shift
		"2026-11-24T19:00:00Z", // 03:00 the next day: a late shift begun yesterday
		"2026-11-30T12:00:00Z", // the last late shift of a 30-day month
		"2026-11-30T18:00:00Z", // 02:00 on 1 December: November's last late shift
		"2026-12-31T12:00:00Z", // the last late shift of a 31-day month
		"2026-10-01T02:00:00Z", // National Day
	} {
		now, err := time.Parse(time.RFC3339, at)
		if err != nil {
			t.Fatal(err)
		}
		tn := env.Signup(fmt.Sprintf("roster%d", i), "property")
		agent, _ := env.AddUser(tn, "zhao", "agent")
		agent2, _ := env.AddUser(tn, "qian", "agent")
		callback, _ := env.AddUser(tn, "sun", "agent")
		tctx := tenancy.WithTenant(ctx, tn.ID)
		people := map[string]string{"agent": agent, "agent2": agent2, "callback": callback}
		if err := demo.SeedRoster(tctx, a.Store.Client, a.Authz, a.Org, people, func() time.Time { return now }); err != nil {
			t.Fatalf("%s: %v", at, err)
		}
		db := a.Store.Client
		cur, err := db.DutyRosterEntry.Query().Where(dutyrosterentry.StartAtLTE(now), dutyrosterentry.EndAtGT(now),
			dutyrosterentry.RoleEQ(dutyrosterentry.RoleAgent)).All(tctx)
		if err != nil || len(cur) != 1 || cur[0].UserID != agent || cur[0].SignedInAt == nil {
			t.Fatalf("%s: on duty now: %v (%v)", at, cur, err)
		}
		next, err := duty.Successors(tctx, db, cur[0])
		if err != nil || len(next) != 1 || next[0].UserID != agent2 || !next[0].StartAt.Equal(cur[0].EndAt) {
			t.Fatalf("%s: after the shift ending %s: %v (%v)", at, cur[0].EndAt, next, err)
		}
	}
}

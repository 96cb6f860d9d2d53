package duty_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"kefu/desk/duty"
	"kefu/ent"
	"kefu/tenants/tenancy"
	"kefu/testkit"
)

// The router is on ticket creation's hot path: a unit without a roster
// costs no query once the tenant's rostered units are cached (one query
// per config version), a rostered unit one indexed query; round-robin
// over the agents on duty, the signed-in first.
func TestRouterCostsAQueryOnlyForRosteredUnits(t *testing.T) {
	st := testkit.Store(t)
	var queries atomic.Int64
	// Count the statements the router sends (ent's debug log names each).
	counted := ent.NewClient(ent.Driver(entsql.OpenDB(st.Dialect, st.DB)), ent.Debug(), ent.Log(func(a ...any) {
		if strings.HasPrefix(fmt.Sprint(a...), "driver.Query") {
			queries.Add(1)
		}
	}))
	sys := tenancy.System(context.Background())
	tn := st.Tenant.Create().SetSlug("acme").SetName("acme").SetIndustry("property").SaveX(sys)
	ctx := tenancy.WithTenant(context.Background(), tn.ID)
	rostered := st.OrgUnit.Create().SetName("客服部").SetKind("department").SaveX(ctx)
	plain := st.OrgUnit.Create().SetName("行政部").SetKind("department").SaveX(ctx)
	a := st.User.Create().SetEmail("a@acme.test").SetName("a").SaveX(ctx)
	b := st.User.Create().SetEmail("b@acme.test").SetName("b").SaveX(ctx)
	off := st.User.Create().SetEmail("c@acme.test").SetName("c").SetStatus("deactivated").SaveX(ctx)
	shift := st.ShiftTemplate.Create().SetName("早班").SetStartTime("08:30").SetEndTime("17:30").SaveX(ctx)
	start := time.Date(2026, 5, 6, 0, 30, 0, 0, time.UTC)
	for _, u := range []string{a.ID, b.ID, off.ID} {
		st.DutyRosterEntry.Create().SetUnitID(rostered.ID).SetUserID(u).SetShiftID(shift.ID).SetDate("2026-05-06").
			SetStartAt(start).SetEndAt(start.Add(9 * time.Hour)).SaveX(ctx)
	}
	version := st.Tenant.GetX(ctx, tn.ID).ConfigVersion
	if version == 0 {
		t.Fatal("adding roster entries did not bump the config version")
	}
	r := duty.NewRouter(counted)
	at := start.Add(time.Hour)
	pick := func(unit string) string {
		t.Helper()
		id, err := r.TicketAssignee(ctx, unit, at, version)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	if got := pick(plain.ID); got != "" || queries.Load() != 1 {
		t.Fatalf("first pick in an unrostered unit: %q after %d queries, want none after 1 (the rostered units)", got, queries.Load())
	}
	queries.Store(0)
	if got := pick(plain.ID); got != "" || queries.Load() != 0 {
		t.Fatalf("unrostered unit, cached: %q after %d queries", got, queries.Load())
	}
	// Round-robin over a and b (the deactivated one never), one query each.
	got := map[string]int{}
	for range 4 {
		got[pick(rostered.ID)]++
	}
	if got[a.ID] != 2 || got[b.ID] != 2 || queries.Load() != 4 {
		t.Fatalf("rostered unit: %v after %d queries", got, queries.Load())
	}
	// Outside the shift nobody is on duty.
	if id, _ := r.TicketAssignee(ctx, rostered.ID, start.Add(10*time.Hour), version); id != "" {
		t.Fatalf("after the shift: %s", id)
	}
	// b signs in: the signed-in agent takes the work.
	st.DutyRosterEntry.Update().Where(func(s *entsql.Selector) { s.Where(entsql.EQ(s.C("user_id"), b.ID)) }).SetSignedInAt(start).ExecX(ctx)
	for range 2 {
		if id := pick(rostered.ID); id != b.ID {
			t.Fatalf("with b signed in: %s", id)
		}
	}
	// A new config version reloads the units once.
	queries.Store(0)
	pick(plain.ID)
	pick(plain.ID)
	if queries.Load() != 0 {
		t.Fatalf("same version: %d queries", queries.Load())
	}
	if _, err := r.TicketAssignee(ctx, plain.ID, at, version+1); err != nil || queries.Load() != 1 {
		t.Fatalf("new version: %d queries (%v)", queries.Load(), err)
	}
}

package authz_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kefu/ent"
	"kefu/ent/store"
	"kefu/tenants/authz"
	"kefu/testkit"
	"kefu/workers"
)

// want is what each built-in role may do, written out by hand (not derived
// from BuiltIns) so a change to the model must be made twice, on purpose.
var want = map[string]string{
	"viewer": "tenant:read users:read roles:read org:read calendars:read sla:read customers:read tickets:read callbacks:read duty:read",
	"agent": "tenant:read users:read roles:read org:read calendars:read sla:read customers:read tickets:read callbacks:read duty:read " +
		"customers:write tickets:write callbacks:write duty:write quality:read performance:read",
	"supervisor": "tenant:read users:read roles:read org:read calendars:read sla:read customers:read tickets:read callbacks:read duty:read " +
		"customers:write tickets:write callbacks:write duty:write quality:read performance:read " +
		"tickets:assign callbacks:waive duty:approve reports:read performance:write",
	"manager": "tenant:read users:read roles:read org:read calendars:read sla:read customers:read tickets:read callbacks:read duty:read " +
		"customers:write tickets:write callbacks:write duty:write quality:read performance:read " +
		"tickets:assign callbacks:waive duty:approve reports:read performance:write " +
		"calendars:write sla:write org:write quality:write performance:approve audit:read",
	"director": "tenant:read users:read roles:read org:read calendars:read sla:read customers:read tickets:read callbacks:read duty:read " +
		"customers:write tickets:write callbacks:write duty:write quality:read performance:read " +
		"tickets:assign callbacks:waive duty:approve reports:read performance:write " +
		"calendars:write sla:write org:write quality:write performance:approve audit:read " +
		"tenant:write users:write roles:write api_keys:read api_keys:write webhooks:read webhooks:write billing:read billing:write customers:key_accounts",
	"admin": "tenant:read users:read roles:read org:read calendars:read sla:read customers:read tickets:read callbacks:read duty:read " +
		"tenant:write users:write roles:write audit:read api_keys:read api_keys:write webhooks:read webhooks:write billing:read billing:write org:write calendars:write sla:write",
	"quality_inspector": "tenant:read users:read roles:read org:read calendars:read sla:read customers:read tickets:read callbacks:read duty:read " +
		"quality:read quality:write reports:read performance:read",
	"key_account_manager": "tenant:read users:read roles:read org:read calendars:read sla:read customers:read tickets:read callbacks:read duty:read " +
		"customers:write customers:key_accounts tickets:write callbacks:write",
	"callback_agent": "tenant:read users:read roles:read org:read calendars:read sla:read customers:read tickets:read callbacks:read duty:read " +
		"callbacks:write customers:write duty:write",
	"analyst": "tenant:read users:read roles:read org:read calendars:read sla:read customers:read tickets:read callbacks:read duty:read " +
		"reports:read performance:read quality:read",
}

func TestEachBuiltInRoleCanDoExactlyWhatItShould(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	if len(want) != len(authz.BuiltIns) {
		t.Fatalf("table covers %d roles, model has %d", len(want), len(authz.BuiltIns))
	}
	for role := range want {
		if err := authz.SetUserRoles(ctx, st.Client, "ten_1", "u-"+role, []string{role}); err != nil {
			t.Fatal(err)
		}
	}
	az, err := authz.New(st.Client)
	if err != nil {
		t.Fatal(err)
	}
	for role, perms := range want {
		allowed := strings.Fields(perms)
		for _, p := range authz.Catalog {
			got := az.Can("ten_1", "u-"+role, p)
			if exp := slices.Contains(allowed, string(p)); got != exp {
				t.Errorf("%s %s: got %v, want %v", role, p, got, exp)
			}
			// The same user has nothing in another tenant.
			if az.Can("ten_2", "u-"+role, p) {
				t.Errorf("%s has %s in a tenant it does not belong to", role, p)
			}
		}
		for _, p := range allowed {
			if !authz.Known(authz.Permission(p)) {
				t.Errorf("table names unknown permission %s", p)
			}
		}
	}
}

func TestCustomRoleIsScopedToItsTenant(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	if err := authz.DefineRole(ctx, st.Client, "ten_a", "night_lead", authz.Agent, []authz.Permission{authz.ReportsRead}); err != nil {
		t.Fatal(err)
	}
	if err := authz.SetUserRoles(ctx, st.Client, "ten_a", "u1", []string{"night_lead"}); err != nil {
		t.Fatal(err)
	}
	// A same-named grant in another tenant does not pick up ten_a's role.
	if err := authz.SetUserRoles(ctx, st.Client, "ten_b", "u2", []string{"night_lead"}); err != nil {
		t.Fatal(err)
	}
	az, err := authz.New(st.Client)
	if err != nil {
		t.Fatal(err)
	}
	if !az.Can("ten_a", "u1", authz.ReportsRead) || !az.Can("ten_a", "u1", authz.TicketsWrite) || az.Can("ten_a", "u1", authz.TicketsAssign) {
		t.Error("night_lead in ten_a should inherit agent and add reports:read only")
	}
	if az.Can("ten_b", "u2", authz.ReportsRead) || az.Can("ten_b", "u2", authz.TicketsRead) {
		t.Error("ten_a's custom role leaked into ten_b")
	}
	if err := authz.DropRole(ctx, st.Client, "ten_a", "night_lead"); err != nil {
		t.Fatal(err)
	}
	if err := az.Reload(); err != nil {
		t.Fatal(err)
	}
	if az.Can("ten_a", "u1", authz.TicketsRead) {
		t.Error("dropped role still grants")
	}
}

// Two processes share a database and Redis: a change in one reaches the
// other through the watcher, without a restart.
func TestRoleChangeReachesOtherProcesses(t *testing.T) {
	st := testkit.Store(t)
	rdb, err := workers.Connect(testkit.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	ctx := context.Background()
	channel := "kefu:authz:" + t.Name()
	var procs [2]*authz.Authorizer
	for i := range procs {
		az, err := authz.New(st.Client)
		if err != nil {
			t.Fatal(err)
		}
		w, err := authz.NewRedisWatcher(ctx, rdb, channel)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if err := az.SetWatcher(w); err != nil {
			t.Fatal(err)
		}
		procs[i] = az
	}
	if procs[1].Can("ten_1", "u1", authz.UsersWrite) {
		t.Fatal("granted before the change")
	}
	err = store.WithTx(ctx, st.Client, func(tx *ent.Client) error {
		return authz.SetUserRoles(ctx, tx, "ten_1", "u1", []string{authz.Director})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := procs[0].Changed(ctx); err != nil {
		t.Fatal(err)
	}
	if !procs[0].Can("ten_1", "u1", authz.UsersWrite) {
		t.Fatal("the changing process did not reload")
	}
	deadline := time.Now().Add(5 * time.Second)
	for !procs[1].Can("ten_1", "u1", authz.UsersWrite) {
		if time.Now().After(deadline) {
			t.Fatal("the other process never saw the change")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

package store_test

import (
	"context"
	"errors"
	"testing"

	"kefu/ent"
	"kefu/ent/auditentry"
	"kefu/ent/privacy"
	"kefu/ent/store"
	"kefu/ent/user"
	"kefu/tenants/tenancy"
	"kefu/testkit"
)

// twoTenants seeds tenants a and b with one user each.
func twoTenants(t *testing.T) (*store.Store, [2]string, [2]string) {
	t.Helper()
	st := testkit.Store(t)
	sys := tenancy.System(context.Background())
	var tenants, users [2]string
	for i, slug := range []string{"a", "b"} {
		tn := st.Tenant.Create().SetSlug("tenant-" + slug).SetName(slug).SetIndustry("generic").SaveX(sys)
		u := st.User.Create().SetTenantID(tn.ID).SetEmail("u@" + slug + ".test").SetName(slug).SaveX(sys)
		tenants[i], users[i] = tn.ID, u.ID
	}
	return st, tenants, users
}

func TestQueriesWithoutATenantAreDenied(t *testing.T) {
	st, _, _ := twoTenants(t)
	_, err := st.User.Query().All(context.Background())
	if !errors.Is(err, privacy.Deny) {
		t.Fatalf("query without tenant: %v", err)
	}
	_, err = st.User.Create().SetEmail("x@y.test").SetName("x").SetTenantID("ten_x").Save(context.Background())
	if !errors.Is(err, privacy.Deny) {
		t.Fatalf("create without tenant: %v", err)
	}
}

func TestATenantSeesAndChangesOnlyItsOwnRows(t *testing.T) {
	st, tenants, users := twoTenants(t)
	ctxA := tenancy.WithTenant(context.Background(), tenants[0])
	all, err := st.User.Query().All(ctxA)
	if err != nil || len(all) != 1 || all[0].ID != users[0] {
		t.Fatalf("a sees %v, %v", all, err)
	}
	if _, err := st.User.Get(ctxA, users[1]); !ent.IsNotFound(err) {
		t.Fatalf("a gets b's user: %v", err)
	}
	if err := st.User.UpdateOneID(users[1]).SetName("hijacked").Exec(ctxA); !ent.IsNotFound(err) {
		t.Fatalf("a updates b's user: %v", err)
	}
	n, err := st.User.Update().SetName("bulk").Save(ctxA)
	if err != nil || n != 1 {
		t.Fatalf("bulk update from a touched %d rows: %v", n, err)
	}
	if err := st.User.DeleteOneID(users[1]).Exec(ctxA); !ent.IsNotFound(err) {
		t.Fatalf("a deletes b's user: %v", err)
	}
	b, err := st.User.Get(tenancy.System(context.Background()), users[1])
	if err != nil || b.Name != "b" {
		t.Fatalf("b's user changed: %v %v", b, err)
	}
	// Tenant rows: a sees its own only.
	if _, err := st.Tenant.Get(ctxA, tenants[1]); !ent.IsNotFound(err) {
		t.Fatalf("a reads b's tenant: %v", err)
	}
}

func TestCreateStampsTheContextTenant(t *testing.T) {
	st, tenants, _ := twoTenants(t)
	ctxA := tenancy.WithViewer(context.Background(), tenancy.Viewer{TenantID: tenants[0], ActorType: tenancy.ActorUser, ActorID: "usr_x"})
	u, err := st.User.Create().SetEmail("new@a.test").SetName("new").Save(ctxA)
	if err != nil || u.TenantID != tenants[0] {
		t.Fatalf("created %v, %v", u, err)
	}
	// Naming another tenant from a tenant context is refused.
	_, err = st.User.Create().SetEmail("evil@a.test").SetName("evil").SetTenantID(tenants[1]).Save(ctxA)
	if !errors.Is(err, privacy.Deny) {
		t.Fatalf("cross-tenant create: %v", err)
	}
}

func TestAuditEntriesCommitAndRollBackWithTheirChange(t *testing.T) {
	st, tenants, users := twoTenants(t)
	ctxA := tenancy.WithViewer(context.Background(), tenancy.Viewer{TenantID: tenants[0], ActorType: tenancy.ActorUser, ActorID: users[0]})
	boom := errors.New("boom")
	err := store.WithTx(ctxA, st.Client, func(tx *ent.Client) error {
		if err := tx.User.UpdateOneID(users[0]).SetName("rolled back").Exec(ctxA); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	count := func() int {
		n, err := st.AuditEntry.Query().Where(auditentry.TargetID(users[0]), auditentry.Action("update")).Count(ctxA)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("rolled-back change left %d audit entries", n)
	}
	if err := st.User.UpdateOneID(users[0]).SetName("kept").Exec(ctxA); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Fatalf("committed change has %d audit entries", n)
	}
	e := st.AuditEntry.Query().Where(auditentry.TargetID(users[0]), auditentry.Action("update")).OnlyX(ctxA)
	if e.ActorID != users[0] || e.TenantID != tenants[0] {
		t.Fatalf("entry %+v", e)
	}
	// The log is append-only for tenants.
	if err := st.AuditEntry.DeleteOneID(e.ID).Exec(ctxA); !errors.Is(err, privacy.Deny) {
		t.Fatalf("tenant deleted an audit entry: %v", err)
	}
	if _, err := st.User.Query().Where(user.Name("kept")).Only(ctxA); err != nil {
		t.Fatal(err)
	}
}

func TestPlatformEntitiesAreSystemOnly(t *testing.T) {
	st, tenants, _ := twoTenants(t)
	ctxA := tenancy.WithTenant(context.Background(), tenants[0])
	if _, err := st.Session.Query().All(ctxA); !errors.Is(err, privacy.Deny) {
		t.Fatalf("tenant read sessions: %v", err)
	}
	if _, err := st.CasbinRule.Query().All(ctxA); !errors.Is(err, privacy.Deny) {
		t.Fatalf("tenant read casbin rules: %v", err)
	}
	if _, err := st.Operator.Query().All(ctxA); !errors.Is(err, privacy.Deny) {
		t.Fatalf("tenant read operators: %v", err)
	}
}

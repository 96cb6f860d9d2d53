package api_test

import (
	"context"
	"net/http"
	"testing"

	"kefu/app/apptest"
	enttenant "kefu/ent/tenant"
	"kefu/tenants/tenancy"
)

func TestOperatorSuspendsAndResumesATenant(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	other := e.Signup("other", "generic")
	if err := e.App.Accounts.EnsureOperator(context.Background(), "ops@kefu.test", "Ops", "operator-password"); err != nil {
		t.Fatal(err)
	}
	e.Must(http.StatusUnauthorized, "POST", "/v1/operator/auth/login", "", map[string]any{"email": "ops@kefu.test", "password": "wrong"})
	op := e.Must(http.StatusOK, "POST", "/v1/operator/auth/login", "", map[string]any{"email": "ops@kefu.test", "password": "operator-password"}).Str("token")

	if n := len(e.Must(http.StatusOK, "GET", "/v1/operator/tenants", op, nil).Items()); n != 2 {
		t.Fatalf("operator sees %d tenants", n)
	}
	// Operator sessions do not act inside tenants.
	e.Must(http.StatusForbidden, "GET", "/v1/me", op, nil)
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/operator/tenants/"+acme.ID+"/suspend", op, map[string]any{})
	r := e.Must(http.StatusOK, "POST", "/v1/operator/tenants/"+acme.ID+"/suspend", op, map[string]any{"reason": "abuse report"})
	if r.Str("status") != "suspended" || r.Str("suspended_by") != "operator" {
		t.Fatalf("suspended: %s", r.Raw)
	}
	e.Must(http.StatusConflict, "POST", "/v1/operator/tenants/"+acme.ID+"/suspend", op, map[string]any{"reason": "again"})
	e.Must(http.StatusForbidden, "GET", "/v1/me", acme.Token, nil)
	e.Must(http.StatusForbidden, "POST", "/v1/auth/login", "", map[string]any{"tenant": "acme", "email": "director@acme.test", "password": apptest.Password})
	e.Must(http.StatusOK, "GET", "/v1/me", other.Token, nil)
	if n := len(e.Must(http.StatusOK, "GET", "/v1/operator/tenants?status=suspended", op, nil).Items()); n != 1 {
		t.Fatalf("suspended filter: %d", n)
	}

	e.Must(http.StatusOK, "POST", "/v1/operator/tenants/"+acme.ID+"/resume", op, nil)
	e.Must(http.StatusOK, "GET", "/v1/me", acme.Token, nil)
	e.Must(http.StatusNotFound, "POST", "/v1/operator/tenants/ten_missing/resume", op, nil)
}

// A billing suspension keeps reads and refuses writes with 402.
func TestReadOnlyTenantRefusesWrites(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	ctx := tenancy.System(context.Background())
	if err := e.App.Store.Tenant.UpdateOneID(acme.ID).SetStatus(enttenant.StatusSuspended).SetSuspendedBy(enttenant.SuspendedByBilling).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	me := e.Must(http.StatusOK, "GET", "/v1/me", acme.Token, nil)
	if me.JSON["read_only"] != true {
		t.Fatalf("me: %s", me.Raw)
	}
	e.Must(http.StatusOK, "GET", "/v1/users", acme.Token, nil)
	e.Must(http.StatusPaymentRequired, "POST", "/v1/users", acme.Token, map[string]any{"email": "x@acme.test", "name": "x"})
	e.Must(http.StatusNoContent, "POST", "/v1/auth/logout", acme.Token, nil)
}

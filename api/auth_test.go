package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"kefu/app/apptest"
	"kefu/ent/outboxmessage"
	"kefu/ent/tenant"
	"kefu/tenants/tenancy"
)

func TestSignupLoginMe(t *testing.T) {
	e := apptest.New(t)
	r := e.Must(http.StatusCreated, "POST", "/v1/signup", "", map[string]any{
		"organization": "阳光物业客服中心", "slug": "sunshine", "industry": "property",
		"admin_email": "Boss@Sunshine.test", "admin_password": "correct-horse-battery", "admin_name": "张主任",
	})
	if r.Str("token") == "" || r.JSON["tenant"].(map[string]any)["slug"] != "sunshine" {
		t.Fatalf("signup answer: %s", r.Raw)
	}
	token := e.Login("sunshine", "boss@sunshine.test", "correct-horse-battery")
	me := e.Must(http.StatusOK, "GET", "/v1/me", token, nil)
	user := me.JSON["user"].(map[string]any)
	if user["email"] != "boss@sunshine.test" || user["name"] != "张主任" {
		t.Fatalf("me.user = %v", user)
	}
	if roles := me.JSON["roles"].([]any); len(roles) != 1 || roles[0] != "director" {
		t.Fatalf("roles = %v", roles)
	}
	perms := toStrings(me.JSON["permissions"])
	for _, p := range []string{"users:write", "roles:write", "audit:read", "tickets:write"} {
		if !slices.Contains(perms, p) {
			t.Errorf("director lacks %s", p)
		}
	}
	eff := toStrings(me.JSON["effective_roles"])
	if !slices.Equal(eff, []string{"agent", "director", "manager", "supervisor", "viewer"}) {
		t.Errorf("effective roles = %v", eff)
	}

	// The industry template seeded its roles and calendars.
	roles := e.Must(http.StatusOK, "GET", "/v1/roles", token, nil).Items()
	if !slices.ContainsFunc(roles, func(r map[string]any) bool { return r["name"] == "maintenance_dispatcher" }) {
		t.Error("property template role maintenance_dispatcher missing")
	}
	cals, err := e.App.Store.Calendar.Query().All(tenancy.WithTenant(context.Background(), me.JSON["tenant"].(map[string]any)["id"].(string)))
	if err != nil || len(cals) != 2 {
		t.Fatalf("calendars = %d, %v", len(cals), err)
	}
	// A welcome message waits in the outbox, written with the tenant.
	n, err := e.App.Store.OutboxMessage.Query().Where(outboxmessage.Kind("welcome")).Count(tenancy.System(context.Background()))
	if err != nil || n != 1 {
		t.Fatalf("welcome messages = %d, %v", n, err)
	}

	e.Must(http.StatusNoContent, "POST", "/v1/auth/logout", token, nil)
	e.Must(http.StatusUnauthorized, "GET", "/v1/me", token, nil)
}

func TestSignupRejectsBadInputAndWritesNothing(t *testing.T) {
	e := apptest.New(t)
	cases := map[string]struct {
		body     any
		location string
	}{
		"missing fields":   {map[string]any{"slug": "abc"}, "body.organization"},
		"bad email":        {map[string]any{"organization": "x", "slug": "abcd", "industry": "bank", "admin_email": "nope", "admin_password": "long-enough-pw"}, "body.admin_email"},
		"short password":   {map[string]any{"organization": "x", "slug": "abcd", "industry": "bank", "admin_email": "a@b.test", "admin_password": "short"}, "body.admin_password"},
		"unknown industry": {map[string]any{"organization": "x", "slug": "abcd", "industry": "mining", "admin_email": "a@b.test", "admin_password": "long-enough-pw"}, "body.industry"},
		"bad slug":         {map[string]any{"organization": "x", "slug": "-Bad Slug-", "industry": "bank", "admin_email": "a@b.test", "admin_password": "long-enough-pw"}, "body.slug"},
		"reserved slug":    {map[string]any{"organization": "x", "slug": "admin", "industry": "bank", "admin_email": "a@b.test", "admin_password": "long-enough-pw"}, "body.slug"},
		"bad timezone":     {map[string]any{"organization": "x", "slug": "abcd", "industry": "bank", "admin_email": "a@b.test", "admin_password": "long-enough-pw", "timezone": "Mars/Olympus"}, "body.timezone"},
		"unknown field":    {map[string]any{"organization": "x", "slug": "abcd", "industry": "bank", "admin_email": "a@b.test", "admin_password": "long-enough-pw", "tenant_id": "ten_x"}, "body.tenant_id"},
		"not json":         {"{not json", "body"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := e.Do("POST", "/v1/signup", "", c.body)
			if r.Status != http.StatusUnprocessableEntity && !(name == "not json" && r.Status == http.StatusBadRequest) {
				t.Fatalf("status %d: %s", r.Status, r.Raw)
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("content type %q", r.Header.Get("Content-Type"))
			}
			if !hasErrorAt(r, c.location) {
				t.Errorf("no error located at %s: %s", c.location, r.Raw)
			}
		})
	}
	n, err := e.App.Store.Tenant.Query().Count(tenancy.System(context.Background()))
	if err != nil || n != 0 {
		t.Fatalf("tenants after bad signups = %d, %v", n, err)
	}
}

func TestSignupTakenSlugConflicts(t *testing.T) {
	e := apptest.New(t)
	e.Signup("taken", "bank")
	r := e.Do("POST", "/v1/signup", "", map[string]any{
		"organization": "Other", "slug": "taken", "industry": "generic",
		"admin_email": "x@other.test", "admin_password": "long-enough-pw",
	})
	if r.Status != http.StatusConflict || !strings.Contains(r.Str("detail"), "taken") {
		t.Fatalf("status %d: %s", r.Status, r.Raw)
	}
	n, _ := e.App.Store.Tenant.Query().Where(tenant.Slug("taken")).Count(tenancy.System(context.Background()))
	if n != 1 {
		t.Fatalf("tenants with slug = %d", n)
	}
}

func TestEveryIndustryTemplateSignsUp(t *testing.T) {
	e := apptest.New(t)
	for _, ind := range []string{"property", "insurance", "hospital", "bank", "ecommerce", "generic"} {
		tn := e.Signup("org-"+ind, ind)
		me := e.Must(http.StatusOK, "GET", "/v1/me", tn.Token, nil)
		if me.JSON["tenant"].(map[string]any)["industry"] != ind {
			t.Errorf("%s: %s", ind, me.Raw)
		}
	}
}

func TestLoginFailuresLookAlike(t *testing.T) {
	e := apptest.New(t)
	e.Signup("acme", "generic")
	for name, body := range map[string]map[string]any{
		"wrong password": {"tenant": "acme", "email": "director@acme.test", "password": "wrong-password"},
		"unknown email":  {"tenant": "acme", "email": "nobody@acme.test", "password": apptest.Password},
		"unknown tenant": {"tenant": "nope", "email": "director@acme.test", "password": apptest.Password},
	} {
		r := e.Do("POST", "/v1/auth/login", "", body)
		if r.Status != http.StatusUnauthorized || r.Str("detail") != "wrong organization, email or password" {
			t.Errorf("%s: %d %s", name, r.Status, r.Raw)
		}
	}
}

func TestBadTokensAreUnauthorized(t *testing.T) {
	e := apptest.New(t)
	for _, tok := range []string{"", "garbage", "kfs_notarealtoken", "Basic abc"} {
		r := e.Do("GET", "/v1/me", tok, nil)
		if r.Status != http.StatusUnauthorized {
			t.Errorf("token %q: %d", tok, r.Status)
		}
	}
}

func hasErrorAt(r apptest.Response, loc string) bool {
	errs, _ := r.JSON["errors"].([]any)
	for _, e := range errs {
		m, _ := e.(map[string]any)
		if l, _ := m["location"].(string); l == loc || strings.HasPrefix(l, loc+".") || strings.HasPrefix(l, loc+"[") {
			return true
		}
	}
	return false
}

func toStrings(v any) []string {
	raw, _ := v.([]any)
	out := make([]string, 0, len(raw))
	for _, x := range raw {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Each API process reuses a session read for two seconds; a logout on one
// process ends the session there at once and on the others within that.
func TestALogoutReachesEveryProcess(t *testing.T) {
	e := apptest.New(t)
	peer := e.Peer()
	acme := e.Signup("acme", "generic")
	peer.Must(http.StatusOK, "GET", "/v1/me", acme.Token, nil)
	e.Must(http.StatusNoContent, "POST", "/v1/auth/logout", acme.Token, nil)
	e.Must(http.StatusUnauthorized, "GET", "/v1/me", acme.Token, nil)
	deadline := time.Now().Add(10 * time.Second)
	for peer.Do("GET", "/v1/me", acme.Token, nil).Status != http.StatusUnauthorized {
		if time.Now().After(deadline) {
			t.Fatal("the other process still accepts the session 10 s after the logout")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

package api_test

import (
	"net/http"
	"slices"
	"testing"

	"kefu/app/apptest"
)

func TestCustomRoleInheritsAndAdds(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	r := e.Must(http.StatusCreated, "POST", "/v1/roles", acme.Token, map[string]any{
		"name": "night_lead", "label": "夜班组长", "parent": "agent", "permissions": []string{"reports:read"},
	})
	perms := toStrings(r.JSON["permissions"])
	if !slices.Contains(perms, "reports:read") || !slices.Contains(perms, "tickets:write") || slices.Contains(perms, "tickets:assign") {
		t.Fatalf("night_lead grants %v", perms)
	}
	_, tok := e.AddUser(acme, "lead", "night_lead")
	me := e.Must(http.StatusOK, "GET", "/v1/me", tok, nil)
	if eff := toStrings(me.JSON["effective_roles"]); !slices.Equal(eff, []string{"agent", "night_lead", "viewer"}) {
		t.Errorf("effective roles %v", eff)
	}
	// Holders block deletion; built-ins are immutable.
	e.Must(http.StatusConflict, "DELETE", "/v1/roles/night_lead", acme.Token, nil)
	e.Must(http.StatusConflict, "PATCH", "/v1/roles/agent", acme.Token, map[string]any{"permissions": []string{"users:write"}})
	e.Must(http.StatusConflict, "POST", "/v1/roles", acme.Token, map[string]any{"name": "agent", "parent": "viewer"})
	e.Must(http.StatusConflict, "POST", "/v1/roles", acme.Token, map[string]any{"name": "night_lead", "parent": "viewer"})

	// Updating the role reaches its holders at once.
	e.Must(http.StatusOK, "PATCH", "/v1/roles/night_lead", acme.Token, map[string]any{"permissions": []string{"reports:read", "tickets:assign"}})
	me = e.Must(http.StatusOK, "GET", "/v1/me", tok, nil)
	if !slices.Contains(toStrings(me.JSON["permissions"]), "tickets:assign") {
		t.Error("role update did not reach its holder")
	}
}

func TestCustomRoleValidation(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	for name, body := range map[string]map[string]any{
		"unknown parent":     {"name": "x_role", "parent": "ghost"},
		"unknown permission": {"name": "x_role", "parent": "agent", "permissions": []string{"tickets:explode"}},
		"bad name":           {"name": "X Role", "parent": "agent"},
	} {
		if r := e.Do("POST", "/v1/roles", acme.Token, body); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", name, r.Status, r.Raw)
		}
	}
	e.Must(http.StatusCreated, "POST", "/v1/roles", acme.Token, map[string]any{"name": "a_role", "parent": "agent"})
	e.Must(http.StatusCreated, "POST", "/v1/roles", acme.Token, map[string]any{"name": "b_role", "parent": "a_role"})
	e.Must(http.StatusUnprocessableEntity, "PATCH", "/v1/roles/a_role", acme.Token, map[string]any{"parent": "b_role"})
	e.Must(http.StatusConflict, "DELETE", "/v1/roles/a_role", acme.Token, nil) // b_role inherits it
	e.Must(http.StatusNoContent, "DELETE", "/v1/roles/b_role", acme.Token, nil)
	e.Must(http.StatusNoContent, "DELETE", "/v1/roles/a_role", acme.Token, nil)
	e.Must(http.StatusNotFound, "GET", "/v1/roles/a_role", acme.Token, nil)
}

// Nobody hands out more than they hold: an administrator without ticket
// rights cannot create or grant a role that has them.
func TestCannotGrantWhatYouDoNotHold(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	_, adminTok := e.AddUser(acme, "it", "admin")
	r := e.Do("POST", "/v1/roles", adminTok, map[string]any{"name": "sneaky", "parent": "viewer", "permissions": []string{"tickets:assign"}})
	if r.Status != http.StatusForbidden {
		t.Fatalf("create: %d %s", r.Status, r.Raw)
	}
	e.Must(http.StatusForbidden, "POST", "/v1/roles", adminTok, map[string]any{"name": "sneaky", "parent": "supervisor"})
	e.Must(http.StatusForbidden, "POST", "/v1/users", adminTok, map[string]any{"email": "x@acme.test", "name": "x", "password": apptest.Password, "roles": []string{"director"}})
	e.Must(http.StatusCreated, "POST", "/v1/users", adminTok, map[string]any{"email": "y@acme.test", "name": "y", "password": apptest.Password, "roles": []string{"viewer"}})
}

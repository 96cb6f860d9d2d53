package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"kefu/app/apptest"
	"kefu/ent/outboxmessage"
	"kefu/tenants/tenancy"
)

func TestCreateUserWithPasswordCanSignIn(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "property")
	r := e.Must(http.StatusCreated, "POST", "/v1/users", acme.Token, map[string]any{
		"email": "Li.Wang@Acme.test", "name": "王丽", "phone": "13800000000", "password": apptest.Password, "roles": []string{"supervisor"},
	})
	if r.Str("status") != "active" || r.Str("email") != "li.wang@acme.test" || !slices.Equal(toStrings(r.JSON["roles"]), []string{"supervisor"}) {
		t.Fatalf("created: %s", r.Raw)
	}
	tok := e.Login("acme", "li.wang@acme.test", apptest.Password)
	me := e.Must(http.StatusOK, "GET", "/v1/me", tok, nil)
	if !slices.Contains(toStrings(me.JSON["permissions"]), "tickets:assign") {
		t.Errorf("supervisor permissions: %v", me.JSON["permissions"])
	}
	e.Must(http.StatusConflict, "POST", "/v1/users", acme.Token, map[string]any{"email": "li.wang@acme.test", "name": "dup", "password": apptest.Password})
}

func TestInvitedUserAcceptsAndSignsIn(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	r := e.Must(http.StatusCreated, "POST", "/v1/users", acme.Token, map[string]any{"email": "new@acme.test", "name": "新人"})
	if r.Str("status") != "invited" {
		t.Fatalf("status %s", r.Str("status"))
	}
	msg, err := e.App.Store.OutboxMessage.Query().Where(outboxmessage.Kind("invite")).Only(tenancy.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(msg.Body, "/invite/")
	token := strings.Fields(msg.Body[i+len("/invite/"):])[0]
	// The admin who invited sees the same link once, in the create answer.
	if !strings.HasSuffix(r.Str("invite_url"), "/invite/"+token) {
		t.Fatalf("invite_url %q, mailed token %q", r.Str("invite_url"), token)
	}
	if u := e.Must(http.StatusOK, "GET", "/v1/users/"+r.Str("id"), acme.Token, nil); u.Str("invite_url") != "" {
		t.Fatalf("invite link shown again: %q", u.Str("invite_url"))
	}
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/auth/accept-invite", "", map[string]any{"token": token, "password": "short"})
	acc := e.Must(http.StatusOK, "POST", "/v1/auth/accept-invite", "", map[string]any{"token": token, "password": "a-new-password"})
	e.Must(http.StatusOK, "GET", "/v1/me", acc.Str("token"), nil)
	e.Must(http.StatusNotFound, "POST", "/v1/auth/accept-invite", "", map[string]any{"token": token, "password": "a-new-password"})
	e.Login("acme", "new@acme.test", "a-new-password")
}

func TestDeactivateEndsSessionsAndBlocksLogin(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	id, tok := e.AddUser(acme, "agent1", "agent")
	e.Must(http.StatusOK, "GET", "/v1/me", tok, nil) // the session read is now cached
	e.Must(http.StatusOK, "POST", "/v1/users/"+id+"/deactivate", acme.Token, nil)
	e.Must(http.StatusUnauthorized, "GET", "/v1/me", tok, nil)
	e.Must(http.StatusUnauthorized, "POST", "/v1/auth/login", "", map[string]any{"tenant": "acme", "email": "agent1@acme.test", "password": apptest.Password})
	e.Must(http.StatusOK, "POST", "/v1/users/"+id+"/reactivate", acme.Token, nil)
	e.Login("acme", "agent1@acme.test", apptest.Password)
	// Nobody deactivates themselves, nor strips the last director.
	e.Must(http.StatusConflict, "POST", "/v1/users/"+acme.DirectorID+"/deactivate", acme.Token, nil)
	e.Must(http.StatusConflict, "PATCH", "/v1/users/"+acme.DirectorID, acme.Token, map[string]any{"roles": []string{"agent"}})
}

func TestUpdateUserChangesOnlySentFields(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	id, _ := e.AddUser(acme, "agent1", "agent")
	r := e.Must(http.StatusOK, "PATCH", "/v1/users/"+id, acme.Token, map[string]any{"name": "改名"})
	if r.Str("name") != "改名" || r.Str("email") != "agent1@acme.test" || !slices.Equal(toStrings(r.JSON["roles"]), []string{"agent"}) {
		t.Fatalf("patched: %s", r.Raw)
	}
	r = e.Must(http.StatusOK, "PATCH", "/v1/users/"+id, acme.Token, map[string]any{"roles": []string{"agent", "callback_agent"}})
	if !slices.Equal(toStrings(r.JSON["roles"]), []string{"agent", "callback_agent"}) {
		t.Fatalf("roles: %s", r.Raw)
	}
	bad := e.Do("PATCH", "/v1/users/"+id, acme.Token, map[string]any{"roles": []string{"no_such_role"}})
	if bad.Status != http.StatusUnprocessableEntity || !hasErrorAt(bad, "body.roles") {
		t.Fatalf("unknown role: %d %s", bad.Status, bad.Raw)
	}
	r = e.Must(http.StatusOK, "GET", "/v1/users/"+id, acme.Token, nil)
	if !slices.Equal(toStrings(r.JSON["roles"]), []string{"agent", "callback_agent"}) {
		t.Fatalf("a refused change altered roles: %s", r.Raw)
	}
}

func TestListUsersPagesAndFilters(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	for _, n := range []string{"a1", "a2", "a3", "a4"} {
		e.AddUser(acme, n, "agent")
	}
	var seen []string
	cursor := ""
	for page := 0; page < 5; page++ {
		path := "/v1/users?limit=2"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		r := e.Must(http.StatusOK, "GET", path, acme.Token, nil)
		for _, it := range r.Items() {
			seen = append(seen, it["id"].(string))
		}
		cursor = r.Str("next_cursor")
		if cursor == "" {
			break
		}
	}
	if len(seen) != 5 || !slices.IsSorted(seen) {
		t.Fatalf("paged through %v", seen)
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/users?role=agent", acme.Token, nil).Items()); n != 4 {
		t.Errorf("role filter: %d", n)
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/users?q=A3", acme.Token, nil).Items()); n != 1 {
		t.Errorf("q filter: %d", n)
	}
	e.Must(http.StatusUnprocessableEntity, "GET", "/v1/users?cursor=bogus", acme.Token, nil)
	e.Must(http.StatusUnprocessableEntity, "GET", "/v1/users?limit=500", acme.Token, nil)
	e.Must(http.StatusUnprocessableEntity, "GET", "/v1/users?status=sleeping", acme.Token, nil)
}

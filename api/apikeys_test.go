package api_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash/crc32"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"kefu/app/apptest"
	"kefu/tenants/apikeys"
)

// newKey creates a key as token's holder and returns its id and secret.
func newKey(e *apptest.Env, token string, body map[string]any) (id, key string) {
	e.T.Helper()
	r := e.Must(http.StatusCreated, "POST", "/v1/api-keys", token, body)
	return r.Str("id"), r.Str("key")
}

func TestAPIKeyCreate201AndTheKeyWorks(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	r := e.Must(http.StatusCreated, "POST", "/v1/api-keys", acme.Token, map[string]any{"name": "HIS 对接", "role": "director"})
	key := r.Str("key")
	if !apikeys.Valid(key) || !strings.HasPrefix(key, "kf_live_") || r.Str("mode") != "live" || r.Str("status") != "active" {
		t.Fatalf("created: %s", r.Raw)
	}
	if hint := r.Str("hint"); !strings.HasPrefix(hint, "kf_live_...") || !strings.HasSuffix(key, hint[len(hint)-4:]) {
		t.Fatalf("hint %q of %q", hint, key)
	}
	if r.Str("role") != "director" || r.Str("created_by") != acme.DirectorID {
		t.Fatalf("created: %s", r.Raw)
	}
	e.Must(http.StatusOK, "GET", "/v1/tickets", key, nil)

	// /v1/me names the key, not a user, with the role's permissions.
	me := e.Must(http.StatusOK, "GET", "/v1/me", key, nil)
	if _, hasUser := me.JSON["user"]; hasUser {
		t.Fatalf("a key's /v1/me has a user: %s", me.Raw)
	}
	if k, _ := me.JSON["api_key"].(map[string]any); k == nil || k["id"] != r.Str("id") {
		t.Fatalf("me: %s", me.Raw)
	}
	if perms := toStrings(me.JSON["permissions"]); !slices.Contains(perms, "tickets:write") || !slices.Contains(perms, "api_keys:write") {
		t.Fatalf("key permissions %v", perms)
	}
	if me.JSON["scope"] != "all" {
		t.Fatalf("director key scope %v", me.JSON["scope"])
	}

	// A write with the key is audited with the key as actor.
	cust := e.Must(http.StatusCreated, "POST", "/v1/customers", key, map[string]any{"name": "张三"}).Str("id")
	items := e.Must(http.StatusOK, "GET", "/v1/audit-log?target_id="+cust, acme.Token, nil).Items()
	if len(items) != 1 || items[0]["actor_type"] != "api_key" || items[0]["actor_id"] != r.Str("id") {
		t.Fatalf("audit of the key's write: %v", items)
	}

	test := e.Must(http.StatusCreated, "POST", "/v1/api-keys", acme.Token, map[string]any{"name": "staging", "role": "viewer", "mode": "test"})
	if !strings.HasPrefix(test.Str("key"), "kf_test_") || test.Str("mode") != "test" {
		t.Fatalf("test key: %s", test.Raw)
	}
	e.Must(http.StatusOK, "GET", "/v1/tickets", test.Str("key"), nil)
}

func TestAPIKeyWithAgentRoleGets403OnDirectorOps(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	_, agentKey := newKey(e, acme.Token, map[string]any{"name": "ivr", "role": "agent"})
	_, directorKey := newKey(e, acme.Token, map[string]any{"name": "admin", "role": "director"})
	e.Must(http.StatusCreated, "POST", "/v1/tickets", acme.Token, map[string]any{"type": "inquiry", "channel": "web", "subject": "问询"})

	e.Must(http.StatusForbidden, "GET", "/v1/audit-log", agentKey, nil)
	e.Must(http.StatusForbidden, "POST", "/v1/users", agentKey, map[string]any{"email": "x@acme.test", "name": "x"})
	e.Must(http.StatusForbidden, "GET", "/v1/api-keys", agentKey, nil)
	e.Must(http.StatusOK, "GET", "/v1/audit-log", directorKey, nil)
	// Data scope follows the key's role: an agent sees its own tickets
	// (none), a director all of them.
	if n := len(e.Must(http.StatusOK, "GET", "/v1/tickets", agentKey, nil).Items()); n != 0 {
		t.Fatalf("agent key sees %d tickets", n)
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/tickets", directorKey, nil).Items()); n != 1 {
		t.Fatalf("director key sees %d tickets", n)
	}
	// An agent key may still create what agents create.
	e.Must(http.StatusCreated, "POST", "/v1/tickets", agentKey, map[string]any{"type": "request", "channel": "phone", "subject": "报修"})
}

func TestRevokedAPIKeyAnswers401AtOnce(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	id, key := newKey(e, acme.Token, map[string]any{"name": "crm", "role": "agent"})
	e.Must(http.StatusOK, "GET", "/v1/tickets", key, nil)
	e.Must(http.StatusNoContent, "DELETE", "/v1/api-keys/"+id, acme.Token, nil)
	if r := e.Must(http.StatusUnauthorized, "GET", "/v1/tickets", key, nil); !strings.Contains(r.Str("detail"), "revoked") {
		t.Fatalf("revoked: %s", r.Raw)
	}
	e.Must(http.StatusNoContent, "DELETE", "/v1/api-keys/"+id, acme.Token, nil) // idempotent
	got := e.Must(http.StatusOK, "GET", "/v1/api-keys/"+id, acme.Token, nil)
	if got.Str("status") != "revoked" || got.Str("revoked_at") == "" {
		t.Fatalf("after revoke: %s", got.Raw)
	}
	e.Must(http.StatusNotFound, "DELETE", "/v1/api-keys/key_nosuchkey", acme.Token, nil)
}

func TestExpiredAPIKeyAnswers401(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	now := time.Now().UTC()
	e.App.Now = func() time.Time { return now }
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/api-keys", acme.Token,
		map[string]any{"name": "late", "role": "agent", "expires_at": now.Add(-time.Minute)})
	id, key := newKey(e, acme.Token, map[string]any{"name": "short", "role": "agent", "expires_at": now.Add(time.Hour)})
	e.Must(http.StatusOK, "GET", "/v1/tickets", key, nil)
	now = now.Add(time.Hour)
	if r := e.Must(http.StatusUnauthorized, "GET", "/v1/tickets", key, nil); !strings.Contains(r.Str("detail"), "expired") {
		t.Fatalf("expired: %s", r.Raw)
	}
	if r := e.Must(http.StatusOK, "GET", "/v1/api-keys/"+id, acme.Token, nil); r.Str("status") != "expired" {
		t.Fatalf("status %s", r.Raw)
	}
}

func TestMalformedOrUnknownAPIKeyAnswers401(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	_, key := newKey(e, acme.Token, map[string]any{"name": "x", "role": "agent"})
	last := key[len(key)-1]
	flipped := key[:len(key)-1] + map[bool]string{true: "1", false: "0"}[last == '0']
	for name, k := range map[string]string{
		"bad checksum": flipped,
		"truncated":    key[:len(key)-1],
		"bad alphabet": key[:20] + "-" + key[21:],
		"unknown":      validLookalike(key),
	} {
		if r := e.Do("GET", "/v1/tickets", k, nil); r.Status != http.StatusUnauthorized {
			t.Errorf("%s: %d %s", name, r.Status, r.Raw)
		}
	}
}

// validLookalike is a well-formed key that was never issued: the same
// prefix, another secret, and a checksum computed as the format documents
// (base62 CRC-32 of prefix and secret, 6 characters).
func validLookalike(key string) string {
	body := key[:8] + strings.Repeat("A", 32)
	n := crc32.ChecksumIEEE([]byte(body))
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	sum := make([]byte, 6)
	for i := 5; i >= 0; i-- {
		sum[i] = alphabet[n%62]
		n /= 62
	}
	out := body + string(sum)
	if !apikeys.Valid(out) {
		panic("lookalike key is not well formed: " + out)
	}
	return out
}

func TestAPIKeyOfAnotherTenantIs404(t *testing.T) {
	e := apptest.New(t)
	a := e.Signup("tenant-a", "generic")
	b := e.Signup("tenant-b", "generic")
	id, key := newKey(e, a.Token, map[string]any{"name": "a", "role": "agent"})
	e.Must(http.StatusNotFound, "GET", "/v1/api-keys/"+id, b.Token, nil)
	e.Must(http.StatusNotFound, "DELETE", "/v1/api-keys/"+id, b.Token, nil)
	if n := len(e.Must(http.StatusOK, "GET", "/v1/api-keys", b.Token, nil).Items()); n != 0 {
		t.Fatalf("B lists %d keys", n)
	}
	e.Must(http.StatusOK, "GET", "/v1/tickets", key, nil) // still works for A
	// A's key sees nothing of B's.
	bTicket := e.Must(http.StatusCreated, "POST", "/v1/tickets", b.Token, map[string]any{"type": "inquiry", "channel": "web", "subject": "b"}).Str("id")
	_, aDirectorKey := newKey(e, a.Token, map[string]any{"name": "a2", "role": "director"})
	e.Must(http.StatusNotFound, "GET", "/v1/tickets/"+bTicket, aDirectorKey, nil)
}

func TestAPIKeyLastUsedIsUpdatedAtMostOnceAMinute(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	now := time.Now().UTC().Truncate(time.Second)
	e.App.Now = func() time.Time { return now }
	id, key := newKey(e, acme.Token, map[string]any{"name": "crm", "role": "agent"})
	if r := e.Must(http.StatusOK, "GET", "/v1/api-keys/"+id, acme.Token, nil); r.Str("last_used_at") != "" {
		t.Fatalf("unused key: %s", r.Raw)
	}
	e.Must(http.StatusOK, "GET", "/v1/tickets", key, nil)
	first := e.Must(http.StatusOK, "GET", "/v1/api-keys/"+id, acme.Token, nil)
	if first.Str("last_used_ip") != "127.0.0.1" || !sameTime(first.Str("last_used_at"), now) {
		t.Fatalf("after use: %s", first.Raw)
	}
	now = now.Add(30 * time.Second)
	e.Must(http.StatusOK, "GET", "/v1/tickets", key, nil)
	if r := e.Must(http.StatusOK, "GET", "/v1/api-keys/"+id, acme.Token, nil); r.Str("last_used_at") != first.Str("last_used_at") {
		t.Fatalf("written again within a minute: %s", r.Raw)
	}
	now = now.Add(time.Minute)
	e.Must(http.StatusOK, "GET", "/v1/tickets", key, nil)
	if r := e.Must(http.StatusOK, "GET", "/v1/api-keys/"+id, acme.Token, nil); !sameTime(r.Str("last_used_at"), now) {
		t.Fatalf("not updated after a minute: %s", r.Raw)
	}
	// Bookkeeping is not an audited change.
	for _, it := range e.Must(http.StatusOK, "GET", "/v1/audit-log?target_id="+id, acme.Token, nil).Items() {
		if it["action"] != "create" {
			t.Fatalf("last use audited: %v", it)
		}
	}
}

func sameTime(s string, want time.Time) bool {
	got, err := time.Parse(time.RFC3339Nano, s)
	return err == nil && got.Equal(want)
}

func TestAPIKeyEscalationIsForbidden(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	e.Must(http.StatusCreated, "POST", "/v1/roles", acme.Token, map[string]any{
		"name": "key_admin", "parent": "viewer", "permissions": []string{"api_keys:read", "api_keys:write"},
	})
	_, admin := e.AddUser(acme, "keys", "key_admin")
	for _, role := range []string{"agent", "director"} {
		if r := e.Do("POST", "/v1/api-keys", admin, map[string]any{"name": "more", "role": role}); r.Status != http.StatusForbidden {
			t.Errorf("key_admin gave a key role %s: %d %s", role, r.Status, r.Raw)
		}
	}
	_, ownKey := newKey(e, admin, map[string]any{"name": "same", "role": "key_admin"})
	newKey(e, admin, map[string]any{"name": "less", "role": "viewer"})
	// A key cannot mint a stronger key either.
	e.Must(http.StatusForbidden, "POST", "/v1/api-keys", ownKey, map[string]any{"name": "up", "role": "director"})
	// A custom role given to a live key cannot be deleted from under it.
	e.Must(http.StatusConflict, "DELETE", "/v1/roles/key_admin", acme.Token, nil)
}

func TestAPIKeyBadInputIs422(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	for name, body := range map[string]map[string]any{
		"unknown role": {"name": "x", "role": "ghost"},
		"no name":      {"name": "", "role": "agent"},
		"bad mode":     {"name": "x", "role": "agent", "mode": "prod"},
	} {
		if r := e.Do("POST", "/v1/api-keys", acme.Token, body); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", name, r.Status, r.Raw)
		}
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/api-keys", acme.Token, nil).Items()); n != 0 {
		t.Fatalf("%d keys after bad input", n)
	}
}

func TestAPIKeyPlaintextIsNeverShownAgain(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	id, key := newKey(e, acme.Token, map[string]any{"name": "crm", "role": "agent"})
	newKey(e, acme.Token, map[string]any{"name": "other", "role": "viewer"})
	e.Must(http.StatusOK, "GET", "/v1/tickets", key, nil)
	e.Must(http.StatusNoContent, "DELETE", "/v1/api-keys/"+id, acme.Token, nil)
	m := hmac.New(sha256.New, []byte(apptest.TestPepper))
	m.Write([]byte(key))
	hash := hex.EncodeToString(m.Sum(nil))
	list := e.Must(http.StatusOK, "GET", "/v1/api-keys?limit=1", acme.Token, nil)
	if len(list.Items()) != 1 || list.Str("next_cursor") == "" {
		t.Fatalf("first page: %s", list.Raw)
	}
	page2 := e.Must(http.StatusOK, "GET", "/v1/api-keys?limit=1&cursor="+list.Str("next_cursor"), acme.Token, nil)
	if len(page2.Items()) != 1 || page2.Items()[0]["id"] != id {
		t.Fatalf("second page: %s", page2.Raw)
	}
	for what, r := range map[string]apptest.Response{
		"list":  list,
		"page2": page2,
		"get":   e.Must(http.StatusOK, "GET", "/v1/api-keys/"+id, acme.Token, nil),
		"audit": e.Must(http.StatusOK, "GET", "/v1/audit-log?limit=200", acme.Token, nil),
	} {
		body := string(r.Raw)
		if strings.Contains(body, key) || strings.Contains(body, key[8:]) || strings.Contains(body, hash) {
			t.Errorf("%s shows the key or its hash: %s", what, body)
		}
	}
}

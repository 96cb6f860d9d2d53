package api_test

import (
	"net/http"
	"strings"
	"testing"

	"kefu/app/apptest"
)

func TestAuditLogRecordsWhoWhatWhereWithoutSecrets(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	id, _ := e.AddUser(acme, "agent1", "agent")
	e.Must(http.StatusOK, "PATCH", "/v1/users/"+id, acme.Token, map[string]any{"name": "新名字", "password": "another-password"})

	items := e.Must(http.StatusOK, "GET", "/v1/audit-log?target_id="+id+"&action=update", acme.Token, nil).Items()
	var found map[string]any
	for _, it := range items {
		ch, _ := it["changes"].(map[string]any)
		if ch["name"] == "新名字" {
			found = it
		}
	}
	if found == nil {
		t.Fatalf("no audit entry for the rename among %v", items)
	}
	ch := found["changes"].(map[string]any)
	if ch["password_hash"] != "[redacted]" {
		t.Errorf("password not redacted: %v", ch)
	}
	if found["actor_id"] != acme.DirectorID || found["actor_type"] != "user" || found["ip"] != "127.0.0.1" ||
		!strings.HasPrefix(found["request_id"].(string), "req_") {
		t.Errorf("entry lacks who/where: %v", found)
	}
	// Newest first.
	all := e.Must(http.StatusOK, "GET", "/v1/audit-log", acme.Token, nil).Items()
	for i := 1; i < len(all); i++ {
		if all[i-1]["id"].(string) < all[i]["id"].(string) {
			t.Fatal("audit log not newest first")
		}
	}
	// Signup's seeding is one summary entry, not one per seeded row.
	seeds := e.Must(http.StatusOK, "GET", "/v1/audit-log?action=seed", acme.Token, nil).Items()
	if len(seeds) != 1 {
		t.Fatalf("seed entries: %d", len(seeds))
	}
	for _, it := range all {
		if strings.Contains(it["target_type"].(string), "Audit") {
			t.Fatal("the audit log audits itself")
		}
	}
}

package billing

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestEmbeddedPlansLoad(t *testing.T) {
	c, err := LoadConfig("")
	if err != nil {
		t.Fatal(err)
	}
	free, ok := c.Plan("free")
	if !ok || free.Seats != 3 || free.TicketsPerMonth != 500 || free.Paid() {
		t.Fatalf("free plan: %+v", free)
	}
	for _, id := range []string{"team", "business", "enterprise"} {
		p, ok := c.Plan(id)
		if !ok || !p.Paid() {
			t.Fatalf("%s: %+v", id, p)
		}
		if byPrice, _ := c.PlanByPrice(p.StripePriceID); byPrice.ID != id {
			t.Fatalf("price %s maps to %s", p.StripePriceID, byPrice.ID)
		}
	}
	if c.DefaultPlan().ID != "free" || c.TrialDays != 14 || c.Grace() != 7*24*time.Hour || c.RetentionPeriod() != 90*24*time.Hour {
		t.Fatalf("config: %+v", c)
	}
	if l, ok := c.Plan(LocalPlan); !ok || l.Seats != 0 || l.TicketsPerMonth != 0 || !l.Has(FeatureWebhooks) {
		t.Fatalf("local plan: %+v", l)
	}
}

func TestABadPlanFileIsAClearError(t *testing.T) {
	cases := map[string]string{
		`"grace_period": "7 days"`:      "grace_period",
		`"features": ["teleportation"]`: "unknown feature",
		`"id": "local"`:                 "must be",
		`"seats": -1`:                   "negative",
	}
	for change, want := range cases {
		key := strings.SplitN(change, ":", 2)[0]
		raw := strings.Replace(string(defaultConfig), firstLine(string(defaultConfig), key), change+",", 1)
		path := filepath.Join(t.TempDir(), "plans.json")
		if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadConfig(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", change, err)
		}
	}
	if _, err := LoadConfig(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing file loads")
	}
}

// firstLine returns the first line of s holding key, without indentation.
func firstLine(s, key string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, key) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

func TestTenantTablesAreOrderedChildrenFirst(t *testing.T) {
	tables := tenantTables()
	pos := map[string]int{}
	for i, tb := range tables {
		pos[tb.Name] = i
	}
	for _, want := range []string{"users", "tickets", "audit_entries", "ticket_counters", "sessions"} {
		if _, ok := pos[want]; !ok {
			t.Fatalf("%s missing from %v", want, pos)
		}
	}
	for _, tb := range tables {
		for _, fk := range tb.ForeignKeys {
			ref, ok := pos[fk.RefTable.Name]
			if ok && fk.RefTable.Name != tb.Name && ref < pos[tb.Name] {
				t.Errorf("%s references %s but is deleted after it", tb.Name, fk.RefTable.Name)
			}
		}
	}
}

package main

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"kefu/ent/migrations"
	enticket "kefu/ent/ticket"
	"kefu/ids"
)

var idPattern = regexp.MustCompile(`^tkt_[0-9a-hjkmnp-tv-z]{26}$`)

// Back-dated ids look like the app's and sort by their time, also against
// ids the app makes now.
func TestIDAtFormatAndOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	now := time.Now()
	app := ids.New("tkt")
	mine := idAt("tkt", now, r)
	if !idPattern.MatchString(mine) || len(mine) != len(app) {
		t.Fatalf("idAt = %q, the app makes %q", mine, app)
	}
	if before, after := idAt("tkt", now.Add(-2*time.Millisecond), r), idAt("tkt", time.Now().Add(2*time.Millisecond), r); !(before < app && app < after) {
		t.Errorf("app id %s not between %s and %s", app, before, after)
	}
	prev := ""
	for i := range 1000 {
		id := idAt("tkt", now.Add(time.Duration(i)*300*time.Microsecond), r) // sub-millisecond steps too
		if id <= prev {
			t.Fatalf("id %d %s does not sort after %s", i, id, prev)
		}
		prev = id
	}
}

func testTenants(n int) []bulkTenant {
	var out []bulkTenant
	for i := range n {
		tn := bulkTenant{ID: "ten_" + string(rune('a'+i)), Unit: "unt_x", Policy: "sla_" + string(rune('a'+i))}
		for j := range 3 {
			a := "usr_" + string(rune('a'+i)) + string(rune('0'+j))
			tn.Agents = append(tn.Agents, a)
			tn.Creators = append(tn.Creators, a)
		}
		tn.Creators = append(tn.Creators, "usr_director")
		out = append(out, tn)
	}
	return out
}

var numberPattern = regexp.MustCompile(`^T-(\d{4})-(\d{6})$`)

// The generated rows keep the invariants the app's own rows have.
func TestGeneratorRows(t *testing.T) {
	const perTenant = 2000
	tenants := testTenants(3)
	end := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	start := end.Add(-bulkSpan)
	loc := time.FixedZone("CST", 8*3600)
	counters := []map[int]int{{2026: 7}, {}, {}} // tenant 0 already numbered 7 tickets in 2026
	g := newGenerator(42, tenants, perTenant, start, end, loc, counters)
	if g.total() != 3*perTenant {
		t.Fatalf("total %d", g.total())
	}
	perT := map[string]int{}
	numbers := map[string]bool{}
	first2026 := ""
	var prev ticketRow
	assigned, open := 0, 0
	n := 0
	for {
		r, ok := g.row()
		if !ok {
			break
		}
		n++
		v := r.values()
		if len(v) != len(copyColumns) {
			t.Fatalf("%d values for %d columns", len(v), len(copyColumns))
		}
		if !idPattern.MatchString(r.ID) || r.TenantID == "" || r.Subject == "" || r.Type == "" || r.Channel == "" ||
			r.Priority == "" || r.Severity == "" || r.Status == "" || r.CreatedAt.IsZero() || r.UpdatedAt.Before(r.CreatedAt) {
			t.Fatalf("row %d misses a required value: %+v", n, r)
		}
		if r.CreatedAt.Before(start) || r.CreatedAt.After(end) || r.UpdatedAt.After(end) || r.ClosedAt.After(end) {
			t.Fatalf("row %d outside [%v, %v]: %+v", n, start, end, r)
		}
		if n > 1 && (r.CreatedAt.Before(prev.CreatedAt) || r.ID <= prev.ID) {
			t.Fatalf("row %d (%s, %v) not after row %d (%s, %v)", n, r.ID, r.CreatedAt, n-1, prev.ID, prev.CreatedAt)
		}
		m := numberPattern.FindStringSubmatch(r.Number)
		if m == nil || m[1] != r.CreatedAt.In(loc).Format("2006") {
			t.Fatalf("row %d number %s for %v", n, r.Number, r.CreatedAt)
		}
		key := r.TenantID + " " + r.Number
		if numbers[key] {
			t.Fatalf("number %s repeats", key)
		}
		numbers[key] = true
		if r.TenantID == tenants[0].ID && m[1] == "2026" && first2026 == "" {
			first2026 = r.Number
		}
		perT[r.TenantID]++
		switch {
		case r.AssigneeID != "" && r.Status == "new":
			t.Fatalf("assigned ticket still new: %+v", r)
		case (r.Status == "resolved" || r.Status == "closed") && r.ResolvedAt.IsZero(),
			r.Status == "closed" && r.ClosedAt.IsZero(), r.Status == "pending" && r.PendingSince.IsZero(),
			r.Status != "new" && r.FirstRespondedAt.IsZero():
			t.Fatalf("status %s without its timestamps: %+v", r.Status, r)
		case r.Type == "complaint" && (r.SLAPolicyID == "" || r.FirstResponseDueAt.IsZero() || r.ResolutionDueAt.IsZero()),
			r.Type != "complaint" && (r.SLAPolicyID != "" || !r.NextCheckAt.IsZero()):
			t.Fatalf("SLA columns do not fit the type: %+v", r)
		case !r.NextCheckAt.IsZero() && r.Status != "new" && r.Status != "open":
			t.Fatalf("a %s ticket has a next check: %+v", r.Status, r)
		}
		if r.AssigneeID != "" {
			assigned++
			if !slices.Contains(tenants[indexOfTenant(tenants, r.TenantID)].Agents, r.AssigneeID) {
				t.Fatalf("assignee %s is not an agent of %s", r.AssigneeID, r.TenantID)
			}
			if r.Status == "open" {
				open++
			}
		}
		prev = r
	}
	for _, tn := range tenants {
		if perT[tn.ID] != perTenant {
			t.Errorf("tenant %s got %d tickets, want %d", tn.ID, perT[tn.ID], perTenant)
		}
	}
	if first2026 != "T-2026-000008" {
		t.Errorf("tenant 0's first 2026 ticket is %s, want T-2026-000008 after the 7 counted", first2026)
	}
	if share := float64(assigned) / float64(n); share < 0.57 || share > 0.63 {
		t.Errorf("assigned share %.3f, want about %.2f", share, assignedShare)
	}
	if open == 0 {
		t.Error("no open assigned tickets: the queue would be empty")
	}
	total := 0
	for y, last := range counters[0] {
		total += last
		if y == 2026 {
			total -= 7
		}
	}
	if total != perTenant {
		t.Errorf("tenant 0's counters advanced by %d, want %d", total, perTenant)
	}
}

func indexOfTenant(ts []bulkTenant, id string) int {
	for i := range ts {
		if ts[i].ID == id {
			return i
		}
	}
	return -1
}

// The COPY writes exactly the ent schema's columns, and every NOT NULL
// column of the migrated table gets a value.
func TestCopyColumnsMatchTheTable(t *testing.T) {
	if a, b := slices.Sorted(slices.Values(copyColumns)), slices.Sorted(slices.Values(enticket.Columns)); !slices.Equal(a, b) {
		t.Fatalf("copy columns %v\nent columns  %v", a, b)
	}
	ms, err := migrations.List(dialect.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	col := regexp.MustCompile(`"([a-z_]+)" [a-z ]+? (NOT NULL|NULL)`)
	notNull := map[string]bool{}
	for _, m := range ms {
		for _, stmt := range strings.Split(m.SQL, ";") {
			stmt = strings.TrimSpace(stmt)
			if body, ok := strings.CutPrefix(stmt, `CREATE TABLE "tickets" (`); ok {
				body, _, _ = strings.Cut(body, "PRIMARY KEY")
				for _, c := range col.FindAllStringSubmatch(body, -1) {
					notNull[c[1]] = c[2] == "NOT NULL"
				}
			}
			if rest, ok := strings.CutPrefix(stmt, `ALTER TABLE "tickets" ADD COLUMN `); ok {
				if c := col.FindStringSubmatch(rest); c != nil {
					notNull[c[1]] = c[2] == "NOT NULL"
				}
			}
		}
	}
	if len(notNull) != len(copyColumns) {
		t.Fatalf("the migrations define %d ticket columns, the copy writes %d", len(notNull), len(copyColumns))
	}
	g := newGenerator(1, testTenants(1), 500, time.Now().Add(-bulkSpan), time.Now(), time.UTC, []map[int]int{{}})
	for {
		r, ok := g.row()
		if !ok {
			break
		}
		for i, v := range r.values() {
			if notNull[copyColumns[i]] && v == nil {
				t.Fatalf("NOT NULL column %s is NULL in %+v", copyColumns[i], r)
			}
		}
	}
}

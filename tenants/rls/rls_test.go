package rls_test

import (
	"context"
	"database/sql"
	"net/http"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"kefu/app/apptest"
	"kefu/ent/store"
	"kefu/tenants/rls"
	"kefu/tenants/rls/rlstest"
	"kefu/tenants/tenancy"
)

func TestTenantOfFollowsTheContext(t *testing.T) {
	bg := context.Background()
	const id = "ten_01jd0000000000000000000000"
	for _, c := range []struct {
		name string
		ctx  context.Context
		want string
		bad  bool
	}{
		{"no viewer", bg, "", false},
		{"system", tenancy.System(bg), "", false},
		{"system inside a tenant", tenancy.System(tenancy.WithTenant(bg, id)), "", false},
		{"worker in a tenant", tenancy.WithTenant(bg, id), id, false},
		{"user", tenancy.WithViewer(bg, tenancy.Viewer{TenantID: id, ActorType: tenancy.ActorUser, ActorID: "usr_1"}), id, false},
		{"quote", tenancy.WithTenant(bg, "ten_x', true); DROP TABLE tickets; --"), "", true},
		{"upper case", tenancy.WithTenant(bg, "TEN_X"), "", true},
	} {
		got, err := rls.TenantOf(c.ctx)
		if got != c.want || (err != nil) != c.bad {
			t.Errorf("%s: %q, %v", c.name, got, err)
		}
	}
}

// postgres skips on SQLite: row-level security is PostgreSQL's, and the
// PostgreSQL run (KEFU_TEST_DATABASE_URL) is where these tests count.
func postgres(t *testing.T) {
	t.Helper()
	if !store.IsPostgres(os.Getenv("KEFU_TEST_DATABASE_URL")) {
		t.Skip("row-level security is PostgreSQL's: set KEFU_TEST_DATABASE_URL")
	}
}

// TestForeignRowsAreInvisibleWithoutEnt bypasses ent and the wrapper: a
// raw connection as an ordinary role, with kefu.tenant_id set, sees and
// writes only that tenant's rows in every tenant-owned table.
func TestForeignRowsAreInvisibleWithoutEnt(t *testing.T) {
	postgres(t)
	e := apptest.New(t)
	switches := rls.Switches()
	a, b := e.Signup("tenant-a", "property"), e.Signup("tenant-b", "hospital")
	for _, tn := range []apptest.Tenant{a, b} {
		e.AddUser(tn, "agent1", "agent")
		c := e.Must(http.StatusCreated, "POST", "/v1/customers", tn.Token, map[string]any{"name": "客户", "tier": "member"}).Str("id")
		e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, map[string]any{
			"type": "complaint", "channel": "phone", "subject": "投诉", "customer_id": c})
	}
	// CI connects as a superuser, which RLS ignores: the wrapper spends
	// no round trip on it.
	if n := rls.Switches() - switches; n != 0 && isSuperuser(t, e) {
		t.Errorf("%d tenant switches on a superuser's connections", n)
	}
	ctx := context.Background()
	dbURL := e.App.Cfg.DatabaseURL
	rlstest.Grant(t, dbURL)
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	exec := func(q string, args ...any) (int64, error) {
		r, err := conn.ExecContext(ctx, q, args...)
		if err != nil {
			return 0, err
		}
		return r.RowsAffected()
	}
	must := func(q string, args ...any) int64 {
		t.Helper()
		n, err := exec(q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	as := func(tenant string) { t.Helper(); must("SELECT set_config('kefu.tenant_id', $1, false)", tenant) }
	// tenantsIn returns the tenants whose rows table shows, with counts.
	tenantsIn := func(table, col string) map[string]int {
		t.Helper()
		rows, err := conn.QueryContext(ctx, `SELECT `+col+`, count(*) FROM "`+table+`" GROUP BY 1`)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var tid string
			var n int
			if err := rows.Scan(&tid, &n); err != nil {
				t.Fatal(err)
			}
			out[tid] = n
		}
		return out
	}
	tables := tenantTables(t, conn)
	if len(tables) < 40 {
		t.Fatalf("only %d tenant tables", len(tables))
	}

	// As the superuser (what CI connects as) the policies do not apply:
	// that is why the proof switches role.
	as(a.ID)
	var super string
	if err := conn.QueryRowContext(ctx, "SHOW is_superuser").Scan(&super); err != nil {
		t.Fatal(err)
	}
	if got := tenantsIn("tickets", "tenant_id"); super == "on" && len(got) != 2 {
		t.Fatalf("superuser sees tickets of %v", got)
	}
	must("SET ROLE " + rlstest.Role)
	for _, me := range []apptest.Tenant{a, b} {
		as(me.ID)
		for _, table := range tables {
			for tid := range tenantsIn(table, "tenant_id") {
				if tid != me.ID {
					t.Errorf("as %s, %s shows rows of %s", me.Slug, table, tid)
				}
			}
		}
		for _, table := range []string{"tickets", "customers", "users", "roles", "calendars"} {
			if got := tenantsIn(table, "tenant_id"); got[me.ID] == 0 {
				t.Errorf("as %s, %s shows none of its own rows: %v", me.Slug, table, got)
			}
		}
		if got := tenantsIn("tenants", "id"); len(got) != 1 || got[me.ID] != 1 {
			t.Errorf("as %s, tenants shows %v", me.Slug, got)
		}
	}

	// Writes: as A, B's rows cannot be touched, nor made.
	as(a.ID)
	for _, q := range []string{`UPDATE customers SET name = 'hijack' WHERE tenant_id = $1`, `DELETE FROM tickets WHERE tenant_id = $1`} {
		if n := must(q, b.ID); n != 0 {
			t.Errorf("%s touched %d of B's rows", q, n)
		}
	}
	// A copy of one of A's customers, relabelled as B's.
	_, err = exec(`INSERT INTO customers SELECT (jsonb_populate_record(c, jsonb_build_object('id', 'cus_smuggled', 'tenant_id', $1::text))).* FROM customers c LIMIT 1`, b.ID)
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("insert of B's row as A: %v", err)
	}
	_, err = exec(`UPDATE customers SET tenant_id = $1`, b.ID)
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("moving A's rows to B: %v", err)
	}

	// Unset is the System bypass the app uses for platform work.
	as("")
	if got := tenantsIn("tickets", "tenant_id"); len(got) != 2 {
		t.Fatalf("with no tenant set, tickets of %v", got)
	}
	must("RESET ROLE")
	for _, tn := range []apptest.Tenant{a, b} {
		if r := e.Must(http.StatusOK, "GET", "/v1/customers", tn.Token, nil); len(r.Items()) != 1 || r.Items()[0]["name"] != "客户" {
			t.Fatalf("%s's customers: %s", tn.Slug, r.Raw)
		}
	}
}

// tenantTables lists the tables of the current schema with a tenant_id.
func tenantTables(t *testing.T, conn *sql.Conn) []string {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), `SELECT table_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND column_name = 'tenant_id' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func isSuperuser(t *testing.T, e *apptest.Env) bool {
	t.Helper()
	rows, err := e.App.Store.Client.QueryContext(context.Background(), "SHOW is_superuser")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var on string
	for rows.Next() {
		_ = rows.Scan(&on)
	}
	return on == "on"
}

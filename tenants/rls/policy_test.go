package rls_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"kefu/ent/migrate"
	"kefu/ent/migrations"
	"kefu/testkit"
)

// tenantTablesInSchema lists, from ent's schema graph, the tables that
// need the policy: those with a tenant_id column, keyed by the column the
// policy compares (tenants compares its own id).
func tenantTablesInSchema() map[string]string {
	out := map[string]string{"tenants": "id"}
	for _, tb := range migrate.Tables {
		for _, c := range tb.Columns {
			if c.Name == "tenant_id" {
				out[tb.Name] = "tenant_id"
			}
		}
	}
	return out
}

// TestEveryTenantTableHasRowLevelSecurity: the PostgreSQL migrations give
// every tenant-owned table of the ent schema RLS, forced, with the tenant
// policy; on PostgreSQL the catalog of a migrated database agrees. A new
// tenant-owned table fails here until its migration adds the same lines.
func TestEveryTenantTableHasRowLevelSecurity(t *testing.T) {
	all, err := migrations.List(dialect.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	for _, m := range all {
		src.WriteString(m.SQL)
	}
	want := tenantTablesInSchema()
	if len(want) < 40 {
		t.Fatalf("only %d tenant tables in the schema", len(want))
	}
	for table, col := range want {
		cond := fmt.Sprintf("(SELECT coalesce(current_setting('kefu.tenant_id', true), '')) IN ('', %s)", col)
		for _, line := range []string{
			fmt.Sprintf(`ALTER TABLE "%s" ENABLE ROW LEVEL SECURITY;`, table),
			fmt.Sprintf(`ALTER TABLE "%s" FORCE ROW LEVEL SECURITY;`, table),
			fmt.Sprintf(`CREATE POLICY "tenant_isolation" ON "%s" USING (%s) WITH CHECK (%s);`, table, cond, cond),
		} {
			if !strings.Contains(src.String(), line) {
				t.Errorf("no PostgreSQL migration has, for tenant table %s:\n%s", table, line)
			}
		}
	}

	st := testkit.Store(t)
	if st.Dialect != dialect.Postgres {
		return // SQLite has no row-level security; the files above are the check
	}
	rows, err := st.DB.QueryContext(context.Background(), `
		SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, count(p.polname)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = 'tenant_isolation'
		WHERE n.nspname = current_schema() AND c.relkind = 'r'
		  AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM information_schema.columns k
		       WHERE k.table_schema = n.nspname AND k.table_name = c.relname AND k.column_name = 'tenant_id'))
		GROUP BY 1, 2, 3`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var name string
		var enabled, forced bool
		var policies int
		if err := rows.Scan(&name, &enabled, &forced, &policies); err != nil {
			t.Fatal(err)
		}
		seen++
		if !enabled || !forced || policies != 1 {
			t.Errorf("%s: rls enabled %v, forced %v, tenant policies %d", name, enabled, forced, policies)
		}
		if _, ok := want[name]; !ok {
			t.Errorf("%s has a tenant_id in the database but not in the ent schema", name)
		}
	}
	if seen != len(want) {
		t.Errorf("catalog has %d tenant tables, the ent schema %d", seen, len(want))
	}
}

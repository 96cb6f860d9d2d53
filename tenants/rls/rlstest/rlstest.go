// Package rlstest lets tests run as an ordinary PostgreSQL role, under
// which the row-level security policies apply: superusers (CI connects as
// postgres) bypass them even with FORCE.
package rlstest

import (
	"database/sql"
	"net/url"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// Role is the NOLOGIN role tests switch to; it is shared by every test
// schema and owns nothing, so it is never dropped.
const Role = "kefu_rls_test"

// Grant creates Role if missing and grants it what the app needs on the
// schema of dbURL (its search_path, as testkit sets it).
func Grant(t testing.TB, dbURL string) {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatalf("rlstest: %v", err)
	}
	schema := u.Query().Get("search_path")
	if schema == "" {
		t.Fatal("rlstest: database url names no schema (search_path)")
	}
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatalf("rlstest: %v", err)
	}
	defer db.Close()
	// Parallel packages may race to create it: either error means it exists.
	create := `DO $$ BEGIN CREATE ROLE ` + Role + ` NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`
	for _, q := range []string{
		create,
		`GRANT USAGE ON SCHEMA "` + schema + `" TO ` + Role,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "` + schema + `" TO ` + Role,
		`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "` + schema + `" TO ` + Role,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("rlstest: %s: %v", q, err)
		}
	}
}

// URL returns dbURL with Grant applied, connecting as Role: the startup
// parameter role= is SET ROLE for the whole session.
func URL(t testing.TB, dbURL string) string {
	t.Helper()
	Grant(t, dbURL)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatalf("rlstest: %v", err)
	}
	q := u.Query()
	q.Set("role", Role)
	u.RawQuery = q.Encode()
	return u.String()
}

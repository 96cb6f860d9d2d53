// Package testkit gives each test its own database and Redis: SQLite and
// miniredis by default, PostgreSQL and Redis when KEFU_TEST_DATABASE_URL and
// KEFU_TEST_REDIS_URL are set. Every test gets a fresh schema or file and
// a Redis DB index of its own, so packages run in parallel.
package testkit

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"kefu/ent/migrations"
	"kefu/ent/store"
	"kefu/ids"
)

// DatabaseURL returns a fresh, empty database for t and drops it afterwards.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("KEFU_TEST_DATABASE_URL")
	if base == "" {
		return "sqlite:" + filepath.Join(t.TempDir(), "kefu.db")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("testkit: open %s: %v", "KEFU_TEST_DATABASE_URL", err)
	}
	schema := "t_" + strings.ToLower(ids.Token(8))
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("testkit: create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Logf("testkit: drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := store.WithSearchPath(base, schema)
	if err != nil {
		t.Fatalf("testkit: %v", err)
	}
	return u
}

// Store opens a migrated, empty database for t.
func Store(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(DatabaseURL(t))
	if err != nil {
		t.Fatalf("testkit: open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := migrations.Apply(context.Background(), st.DB, st.Dialect); err != nil {
		t.Fatalf("testkit: migrate: %v", err)
	}
	return st
}

// Package migrations applies Kefu's versioned schema migrations: plain SQL
// files per dialect, reviewed in diffs, applied in order, each in its own
// transaction and recorded in schema_migrations.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"entgo.io/ent/dialect"
)

//go:embed all:postgres all:sqlite
var files embed.FS

// Migration is one versioned file.
type Migration struct {
	Version string // file name without .sql, e.g. 000001_init
	SQL     string
}

// List returns the migrations of a dialect in order.
func List(dia string) ([]Migration, error) {
	dir, err := dirOf(dia)
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(files, dir)
	if err != nil {
		return nil, fmt.Errorf("read %s migrations: %w", dia, err)
	}
	var out []Migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		b, err := fs.ReadFile(files, dir+"/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, Migration{Version: strings.TrimSuffix(e.Name(), ".sql"), SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

func dirOf(dia string) (string, error) {
	switch dia {
	case dialect.Postgres:
		return "postgres", nil
	case dialect.SQLite:
		return "sqlite", nil
	}
	return "", fmt.Errorf("no migrations for dialect %q", dia)
}

// Apply runs every pending migration and returns the versions it applied.
// On PostgreSQL an advisory lock makes concurrent starts take turns.
func Apply(ctx context.Context, db *sql.DB, dia string) ([]string, error) {
	all, err := List(dia)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: get connection: %w", err)
	}
	defer conn.Close()
	if dia == dialect.Postgres {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(7411001)"); err != nil {
			return nil, fmt.Errorf("migrate: lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(7411001)") //nolint:errcheck
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(255) PRIMARY KEY, applied_at varchar(40) NOT NULL)`); err != nil {
		return nil, fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	done, err := appliedOn(ctx, conn)
	if err != nil {
		return nil, err
	}
	var applied []string
	for _, m := range all {
		if done[m.Version] {
			continue
		}
		if err := applyOne(ctx, conn, dia, m); err != nil {
			return applied, err
		}
		applied = append(applied, m.Version)
	}
	return applied, nil
}

// Pending lists migrations not yet applied (for readiness and `migrate --status`).
func Pending(ctx context.Context, db *sql.DB, dia string) ([]string, error) {
	all, err := List(dia)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	done, err := appliedOn(ctx, conn)
	if err != nil {
		// no table yet: everything is pending
		done = map[string]bool{}
	}
	var out []string
	for _, m := range all {
		if !done[m.Version] {
			out = append(out, m.Version)
		}
	}
	return out, nil
}

func appliedOn(ctx context.Context, conn *sql.Conn) (map[string]bool, error) {
	rows, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("migrate: read schema_migrations: %w", err)
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		done[v] = true
	}
	return done, rows.Err()
}

func applyOne(ctx context.Context, conn *sql.Conn, dia string, m Migration) error {
	if dia == dialect.SQLite {
		// Table rebuilds need foreign keys off, and SQLite ignores that
		// pragma inside a transaction.
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = off"); err != nil {
			return fmt.Errorf("migrate %s: %w", m.Version, err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = on") //nolint:errcheck
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate %s: begin: %w", m.Version, err)
	}
	defer tx.Rollback() //nolint:errcheck
	for _, stmt := range Statements(m.SQL) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("migrate %s: %w\n%s", m.Version, err, stmt)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, m.Version, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("migrate %s: record: %w", m.Version, err)
	}
	if dia == dialect.SQLite {
		if _, err := tx.ExecContext(ctx, "PRAGMA foreign_key_check"); err != nil {
			return fmt.Errorf("migrate %s: foreign key check: %w", m.Version, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate %s: commit: %w", m.Version, err)
	}
	return nil
}

// Statements splits a migration file on lines ending in ";". Migration
// files are generated one statement per line (see gen/), so no SQL parser
// is needed; "--" comment lines are dropped, and a line inside a $$-quoted
// function body ends nothing.
func Statements(src string) []string {
	var out []string
	var cur strings.Builder
	inBody := false
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || (!inBody && strings.HasPrefix(t, "--")) {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.Count(line, "$$")%2 == 1 {
			inBody = !inBody
		}
		if !inBody && strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

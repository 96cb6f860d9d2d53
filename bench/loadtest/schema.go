package loadtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx" for the admin connection

	"kefu/ent/migrations"
	"kefu/ent/store"
)

// cleanupTimeout bounds shutdown and DROP SCHEMA, which run even after an
// interrupt cancelled the main context.
const cleanupTimeout = 30 * time.Second

// Schema is a throwaway schema inside the target database.
type Schema struct {
	admin   *sql.DB
	Name    string
	URL     string // the target URL with search_path set to Name
	Version string // e.g. "PostgreSQL 15.2"
}

// CreateSchema makes a fresh, uniquely named schema so the run never
// touches existing data and leaves nothing behind once dropped.
func CreateSchema(ctx context.Context, baseURL string) (*Schema, error) {
	name, err := randomName("bench_")
	if err != nil {
		return nil, err
	}
	u, err := store.WithSearchPath(baseURL, name)
	if err != nil {
		return nil, err
	}
	admin, err := sql.Open("pgx", baseURL)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", RedactURL(baseURL), err)
	}
	var version string
	if err := admin.QueryRowContext(ctx, "SHOW server_version").Scan(&version); err != nil {
		admin.Close()
		return nil, fmt.Errorf("connect to %s: %w", RedactURL(baseURL), err)
	}
	// The name is generated from [a-z0-9_] only, so it is safe unquoted.
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+name); err != nil {
		admin.Close()
		return nil, fmt.Errorf("create schema %s: %w", name, err)
	}
	return &Schema{admin: admin, Name: name, URL: u, Version: "PostgreSQL " + version}, nil
}

// Migrate applies the migrations up front: app.Build refuses to start on
// PostgreSQL while any are pending.
func (s *Schema) Migrate(ctx context.Context) error {
	st, err := store.Open(s.URL)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer st.Close()
	if _, err := migrations.Apply(ctx, st.DB, st.Dialect); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Drop removes the schema with everything in it. It uses its own context
// so that an interrupt, which cancels the run, still cleans up.
func (s *Schema) Drop() error {
	defer s.admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	if _, err := s.admin.ExecContext(ctx, "DROP SCHEMA "+s.Name+" CASCADE"); err != nil {
		return fmt.Errorf("drop schema %s: %w", s.Name, err)
	}
	Progress.Info("schema dropped", "schema", s.Name)
	return nil
}

// randomName returns prefix plus 12 random hex digits.
func randomName(prefix string) (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random name: %w", err)
	}
	return prefix + hex.EncodeToString(b), nil
}

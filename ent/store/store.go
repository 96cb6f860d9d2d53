// Package store opens Kefu's database (PostgreSQL or SQLite, chosen by URL)
// and hands out the ent client.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"kefu/ent"
	_ "kefu/ent/runtime" // privacy policies, hooks and defaults
	"kefu/tenants/rls"
)

// Store is an open database.
type Store struct {
	*ent.Client
	DB      *sql.DB
	Dialect string // dialect.Postgres or dialect.SQLite
}

// Open connects to url: postgres://… (or postgresql://…) for PostgreSQL;
// sqlite:PATH, file:PATH or a bare path for SQLite.
func Open(rawURL string) (*Store, error) {
	drv, dsn, dia, err := parse(rawURL)
	if err != nil {
		return nil, err
	}
	var db *sql.DB
	if dia == dialect.Postgres {
		// Connections carry the context's tenant for the row-level
		// security policies (migration 000014).
		db, err = rls.OpenDB(dsn)
	} else {
		db, err = sql.Open(drv, dsn)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dia, err)
	}
	switch dia {
	case dialect.SQLite:
		// One writer at a time is SQLite's rule; a small pool keeps readers
		// concurrent under WAL while busy_timeout queues writers.
		db.SetMaxOpenConns(8)
	case dialect.Postgres:
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(32)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	client := ent.NewClient(ent.Driver(NewDriver(db, dia)))
	return &Store{Client: client, DB: db, Dialect: dia}, nil
}

// NewDriver is the ent driver the app uses on db: ent's, with pipelined
// transactions on PostgreSQL (see Pipelined) and one transaction at a time
// on SQLite (see writeGate).
func NewDriver(db *sql.DB, dia string) dialect.Driver {
	d := &pipeDriver{Driver: entsql.OpenDB(dia, db), db: db}
	if dia == dialect.SQLite {
		d.gate = make(writeGate, 1)
	}
	return d
}

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.DB.PingContext(ctx) }

// Close closes the client and its pool.
func (s *Store) Close() error { return s.Client.Close() }

// SQLitePath returns the default embedded database path inside dataDir.
func SQLitePath(dataDir string) string { return filepath.Join(dataDir, "kefu.db") }

func parse(raw string) (driverName, dsn, dia string, err error) {
	switch {
	case IsPostgres(raw):
		return "pgx", raw, dialect.Postgres, nil
	case raw == "":
		return "", "", "", fmt.Errorf("empty database url")
	}
	path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite://"), "sqlite:")
	path = strings.TrimPrefix(path, "file:")
	query := ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	if path != ":memory:" && !strings.HasPrefix(path, "memdb") {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return "", "", "", fmt.Errorf("create database directory: %w", err)
		}
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", "", "", fmt.Errorf("parse sqlite options: %w", err)
	}
	// Foreign keys are off by default in SQLite; WAL lets reads run beside
	// a write; immediate transactions take the write lock up front so two
	// writers queue on busy_timeout instead of deadlocking on upgrade.
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if q.Get("_txlock") == "" {
		q.Set("_txlock", "immediate")
	}
	return "sqlite", "file:" + path + "?" + q.Encode(), dialect.SQLite, nil
}

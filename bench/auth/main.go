// Command auth is a load generator for Kefu's authentication paths: it
// measures the throughput and latency of POST /v1/auth/login (argon2id,
// CPU-bound by design) and GET /v1/me (session lookup plus authz) against
// PostgreSQL.
//
// Everything runs in one process: the app is built in-process on a
// throwaway PostgreSQL schema, served on 127.0.0.1:0 and driven over
// loopback HTTP, so no external host is ever targeted. The schema is
// dropped at the end, also on error or interrupt.
//
//	go run ./bench/auth -duration 10s -concurrency 8
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx" for the admin connection

	"kefu/app"
	"kefu/ent/migrations"
	"kefu/ent/store"
)

const (
	defaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	// requestTimeout bounds every single request, so a stuck server cannot
	// stall a scenario past its duration by more than this.
	requestTimeout = 10 * time.Second
	// cleanupTimeout bounds shutdown and DROP SCHEMA, which run even after
	// an interrupt cancelled the main context.
	cleanupTimeout = 30 * time.Second
)

// options are the command-line settings.
type options struct {
	databaseURL string
	redisURL    string
	duration    time.Duration
	concurrency int
	maxRequests int64
	users       int
	outDir      string
}

// progress is the benchmark's own narration. It stays at info level while
// the default logger (which the app's request log uses) sits at warn, so
// the app does not flood stderr with one line per request.
var progress = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})).With("component", "bench")

func main() {
	o, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/auth:", err)
		os.Exit(2)
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench/auth:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("auth", flag.ContinueOnError)
	fs.StringVar(&o.databaseURL, "database-url", envOr("KEFU_BENCH_DATABASE_URL", defaultDatabaseURL), "PostgreSQL URL; a throwaway schema is created inside it")
	fs.StringVar(&o.redisURL, "redis-url", envOr("KEFU_BENCH_REDIS_URL", ""), "Redis URL; empty for in-process miniredis")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long each scenario runs")
	fs.IntVar(&o.concurrency, "concurrency", 8, "concurrent client workers")
	fs.Int64Var(&o.maxRequests, "max-requests", 200000, "hard cap on requests per scenario")
	fs.IntVar(&o.users, "users", 20, "seeded users that logins rotate over")
	fs.StringVar(&o.outDir, "out", "bench/results", "directory for auth.json and auth.md")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case !isPostgres(o.databaseURL):
		return o, fmt.Errorf("-database-url must be a postgres:// URL, got %q", redactURL(o.databaseURL))
	case o.duration <= 0:
		return o, errors.New("-duration must be positive")
	case o.concurrency < 1:
		return o, errors.New("-concurrency must be at least 1")
	case o.maxRequests < 1:
		return o, errors.New("-max-requests must be at least 1")
	case o.users < 1:
		return o, errors.New("-users must be at least 1")
	}
	return o, nil
}

// run sets up the schema, the app and the server, runs both scenarios and
// writes the report. Deferred cleanups run in reverse: server, app, schema.
func run(ctx context.Context, o options) (err error) {
	db, err := createSchema(ctx, o.databaseURL)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.drop()) }()
	progress.Info("schema ready", "schema", db.schema, "server", db.version)

	if err := migrate(ctx, db.url); err != nil {
		return err
	}

	srv, err := serve(ctx, o, db.url)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, srv.close()) }()

	c := newClient(srv.baseURL, o.concurrency)
	creds, err := seed(ctx, c, o.users)
	if err != nil {
		return err
	}
	progress.Info("seeded", "tenant", benchTenant, "users", len(creds))

	results, err := runScenarios(ctx, c, o, creds)
	if err != nil {
		return err
	}
	return writeReport(o, newMeta(o, db.version), results)
}

// benchDB is a throwaway schema inside the target database.
type benchDB struct {
	admin   *sql.DB
	schema  string
	url     string // the target URL with search_path set to schema
	version string // e.g. "PostgreSQL 15.2"
}

// createSchema makes a fresh, uniquely named schema so the run never
// touches existing data and leaves nothing behind once dropped.
func createSchema(ctx context.Context, baseURL string) (*benchDB, error) {
	schema, err := randomName("bench_")
	if err != nil {
		return nil, err
	}
	u, err := withSearchPath(baseURL, schema)
	if err != nil {
		return nil, err
	}
	admin, err := sql.Open("pgx", baseURL)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", redactURL(baseURL), err)
	}
	var version string
	if err := admin.QueryRowContext(ctx, "SHOW server_version").Scan(&version); err != nil {
		admin.Close()
		return nil, fmt.Errorf("connect to %s: %w", redactURL(baseURL), err)
	}
	// The name is generated from [a-z0-9_] only, so it is safe unquoted.
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return nil, fmt.Errorf("create schema %s: %w", schema, err)
	}
	return &benchDB{admin: admin, schema: schema, url: u, version: "PostgreSQL " + version}, nil
}

// drop removes the schema with everything in it. It uses its own context
// so that an interrupt, which cancels the run, still cleans up.
func (d *benchDB) drop() error {
	defer d.admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	if _, err := d.admin.ExecContext(ctx, "DROP SCHEMA "+d.schema+" CASCADE"); err != nil {
		return fmt.Errorf("drop schema %s: %w", d.schema, err)
	}
	progress.Info("schema dropped", "schema", d.schema)
	return nil
}

// migrate applies the migrations up front: app.Build refuses to start on
// PostgreSQL while any are pending.
func migrate(ctx context.Context, dbURL string) error {
	st, err := store.Open(dbURL)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer st.Close()
	if _, err := migrations.Apply(ctx, st.DB, st.Dialect); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// server is the app served on a loopback port.
type server struct {
	app     *app.App
	http    *http.Server
	baseURL string
	done    chan error
}

// serve builds the app and serves its handler on 127.0.0.1:0. The listener
// is opened first so the app's BaseURL can name the real port.
func serve(ctx context.Context, o options, dbURL string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	if addr, ok := ln.Addr().(*net.TCPAddr); !ok || !addr.IP.IsLoopback() {
		ln.Close()
		return nil, fmt.Errorf("listener %s is not on loopback", ln.Addr())
	}
	baseURL := "http://" + ln.Addr().String()
	channel, err := randomName("kefu:bench:authz:")
	if err != nil {
		ln.Close()
		return nil, err
	}
	a, err := app.Build(ctx, app.Config{
		Addr:        ln.Addr().String(),
		DatabaseURL: dbURL,
		RedisURL:    o.redisURL,
		BaseURL:     baseURL,
		Concurrency: 4,
		// A channel of our own keeps role-change broadcasts away from any
		// other Kefu sharing the Redis.
		AuthzChannel:  channel,
		SweepInterval: time.Minute,
	})
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("build app: %w", err)
	}
	s := &server{
		app:     a,
		http:    &http.Server{Handler: a.Handler(nil), ReadHeaderTimeout: requestTimeout},
		baseURL: baseURL,
		done:    make(chan error, 1),
	}
	go func() { s.done <- s.http.Serve(ln) }()
	progress.Info("serving", "url", baseURL)
	return s, nil
}

// close stops the server, waiting for in-flight requests, then the app.
func (s *server) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if serr := <-s.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	s.app.Close()
	if err != nil {
		return fmt.Errorf("stop server: %w", err)
	}
	return nil
}

// withSearchPath returns base with search_path set (replacing any), which
// pgx passes to the server as a runtime parameter on every connection.
func withSearchPath(base, schema string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("parse database url: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// randomName returns prefix plus 12 random hex digits.
func randomName(prefix string) (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random name: %w", err)
	}
	return prefix + hex.EncodeToString(b), nil
}

func isPostgres(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// redactURL masks a password so URLs can appear in errors.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

func envOr(k, def string) string {
	if v, ok := os.LookupEnv(k); ok && v != "" {
		return v
	}
	return def
}

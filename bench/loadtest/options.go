package loadtest

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"kefu/ent/store"
)

// DefaultDatabaseURL is the local PostgreSQL the benchmarks use unless
// KEFU_BENCH_DATABASE_URL or -database-url says otherwise.
const DefaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Options are the settings every benchmark program shares.
type Options struct {
	DatabaseURL string
	RedisURL    string
	Duration    time.Duration
	Concurrency int
	MaxRequests int64
	OutDir      string
}

// Register defines the shared flags on fs. report is the file stem the
// program writes under -out, e.g. "auth" for auth.json and auth.md.
func (o *Options) Register(fs *flag.FlagSet, report string) {
	fs.StringVar(&o.DatabaseURL, "database-url", envOr("KEFU_BENCH_DATABASE_URL", DefaultDatabaseURL), "PostgreSQL URL; a throwaway schema is created inside it")
	fs.StringVar(&o.RedisURL, "redis-url", envOr("KEFU_BENCH_REDIS_URL", ""), "Redis URL; empty for in-process miniredis")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "how long each scenario runs")
	fs.IntVar(&o.Concurrency, "concurrency", 8, "concurrent client workers")
	fs.Int64Var(&o.MaxRequests, "max-requests", 200000, "hard cap on requests per scenario")
	fs.StringVar(&o.OutDir, "out", "bench/results", fmt.Sprintf("directory for %s.json and %s.md", report, report))
}

// Validate checks the shared flags after parsing.
func (o Options) Validate() error {
	switch {
	case !store.IsPostgres(o.DatabaseURL):
		return fmt.Errorf("-database-url must be a postgres:// URL, got %q", RedactURL(o.DatabaseURL))
	case o.Duration <= 0:
		return errors.New("-duration must be positive")
	case o.Concurrency < 1:
		return errors.New("-concurrency must be at least 1")
	case o.MaxRequests < 1:
		return errors.New("-max-requests must be at least 1")
	}
	return nil
}

func envOr(k, def string) string {
	if v, ok := os.LookupEnv(k); ok && v != "" {
		return v
	}
	return def
}

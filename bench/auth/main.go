// Command auth is a load generator for Kefu's authentication paths: it
// measures the throughput and latency of POST /v1/auth/login (argon2id,
// CPU-bound by design) and GET /v1/me (session lookup plus authz) against
// PostgreSQL.
//
// Everything runs in one process: the app is built in-process on a
// throwaway PostgreSQL schema, served on 127.0.0.1:0 and driven over
// loopback HTTP, so no external host is ever targeted. The schema is
// dropped at the end, also on error or interrupt. The harness is shared
// with the other benchmarks in kefu/bench/loadtest.
//
//	go run ./bench/auth -duration 10s -concurrency 8
package main

import (
	"context"
	"errors"
	"flag"

	"kefu/bench/loadtest"
)

// options are the command-line settings.
type options struct {
	loadtest.Options
	users int
}

var progress = loadtest.Progress

func main() {
	var o options
	loadtest.Main("bench/auth",
		func(args []string) (err error) { o, err = parseFlags(args); return err },
		func(ctx context.Context) error { return run(ctx, o) })
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("auth", flag.ContinueOnError)
	o.Register(fs, "auth")
	fs.IntVar(&o.users, "users", 20, "seeded users that logins rotate over")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := o.Validate(); err != nil {
		return o, err
	}
	if o.users < 1 {
		return o, errors.New("-users must be at least 1")
	}
	return o, nil
}

// run sets up the schema, the app and the server, runs both scenarios and
// writes the report. Closing the environment stops the server and the app
// and drops the schema.
func run(ctx context.Context, o options) (err error) {
	env, err := loadtest.Start(ctx, o.Options)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, env.Close()) }()

	c := env.Client
	creds, err := seed(ctx, c, o.users)
	if err != nil {
		return err
	}
	progress.Info("seeded", "tenant", benchTenant, "users", len(creds))

	results, err := runScenarios(ctx, c, o, creds)
	if err != nil {
		return err
	}
	return loadtest.Report{
		Name:    "auth",
		Title:   "Auth benchmark",
		Meta:    loadtest.NewMeta(o.Options, env.Schema.Version, o.users),
		Results: results,
	}.Write(o.OutDir)
}

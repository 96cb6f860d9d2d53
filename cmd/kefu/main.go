// Command kefu is the whole product in one binary:
//
//	kefu serve     API and console (and the workers, unless --workers=false)
//	kefu worker    background workers only
//	kefu migrate   apply database migrations (and backfill KPI facts)
//	kefu openapi   print the OpenAPI document (--format yaml|json)
//	kefu demo      seed the demo tenants and print their logins
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"kefu/api"
	"kefu/app"
	"kefu/console"
	"kefu/desk/kpi"
	"kefu/ent/migrations"
	"kefu/ent/store"
	"kefu/tenants/demo"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "kefu:", err)
		os.Exit(1)
	}
}

const usage = `usage: kefu <command> [flags]

commands:
  serve     run the API and console (and the workers unless --workers=false)
  worker    run the background workers only
  migrate   apply pending database migrations, then backfill KPI facts
  openapi   print the OpenAPI document (--format yaml|json)
  demo      seed the demo tenants and print their logins

Every flag also reads from a KEFU_* environment variable; see the README.`

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	cmd, rest := args[0], args[1:]
	fs := flag.NewFlagSet("kefu "+cmd, flag.ContinueOnError)
	switch cmd {
	case "openapi":
		format := fs.String("format", "yaml", "yaml or json")
		if err := fs.Parse(rest); err != nil {
			return err
		}
		return printSpec(stdout, *format)
	case "serve", "worker", "migrate", "demo":
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		return fmt.Errorf("unknown command %q\n%s", cmd, usage)
	}
	cfg, err := app.Load(fs, rest)
	if err != nil {
		return err
	}
	setupLogging(cfg)
	switch cmd {
	case "migrate":
		return migrate(ctx, cfg)
	case "demo":
		return seedDemo(ctx, cfg, stdout)
	case "worker":
		return worker(ctx, cfg)
	}
	return serve(ctx, cfg, stdout)
}

func setupLogging(cfg app.Config) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewJSONHandler(os.Stderr, opts)
	if cfg.LogFormat == "text" {
		h = slog.NewTextHandler(os.Stderr, opts)
	}
	slog.SetDefault(slog.New(h))
}

func printSpec(w io.Writer, format string) error {
	spec := api.Spec()
	var b []byte
	var err error
	switch format {
	case "yaml":
		b, err = spec.YAML()
	case "json":
		b, err = spec.MarshalJSON()
	default:
		return fmt.Errorf("--format must be yaml or json, not %q", format)
	}
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func migrate(ctx context.Context, cfg app.Config) error {
	st, err := store.Open(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer st.Close()
	applied, err := migrations.Apply(ctx, st.DB, st.Dialect)
	if err != nil {
		return err
	}
	slog.Info("migrations applied", "count", len(applied), "versions", applied)
	// Tickets answered or resolved before the KPI facts existed get them now.
	n, err := kpi.BackfillAll(ctx, st.Client)
	if err != nil {
		return err
	}
	slog.Info("kpi facts backfilled", "tickets", n)
	return nil
}

func seedDemo(ctx context.Context, cfg app.Config, stdout io.Writer) error {
	a, err := app.Build(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	return printDemo(ctx, a, stdout)
}

func printDemo(ctx context.Context, a *app.App, stdout io.Writer) error {
	logins, err := demo.Seed(ctx, a.Lifecycle, a.Users, a.Accounts, a.Org, a.Store.Client, a.Authz, a.Now)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nKefu demo — open %s and sign in (password for every demo account: %s)\n", a.Cfg.BaseURL, demo.Password)
	for _, l := range logins {
		fmt.Fprintf(&b, "  organization %-16s email %-28s (%s)\n", l.Tenant, l.Email, l.Role)
	}
	fmt.Fprintf(&b, "  other staff: manager@, supervisor@, agent@, callback@, qa@ the same domain\n")
	fmt.Fprintf(&b, "  platform operator: %s\n\n", demo.OperatorEmail)
	_, err = io.WriteString(stdout, b.String())
	return err
}

func serve(ctx context.Context, cfg app.Config, stdout io.Writer) error {
	slog.Info("starting kefu", "config", cfg.Redacted())
	a, err := app.Build(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.Demo {
		if err := printDemo(ctx, a, stdout); err != nil {
			return err
		}
	}
	if cfg.Workers {
		stopWorkers, err := a.StartWorkers(ctx)
		if err != nil {
			return err
		}
		defer stopWorkers()
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.Handler(console.Handler(consoleFiles(cfg.ConsoleDir))),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	slog.Info("kefu listening", "addr", ln.Addr().String(), "docs", cfg.BaseURL+"/docs")
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	slog.Info("shutting down")
	return srv.Shutdown(shutdownCtx)
}

func worker(ctx context.Context, cfg app.Config) error {
	slog.Info("starting kefu worker", "config", cfg.Redacted())
	a, err := app.Build(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	stopWorkers, err := a.StartWorkers(ctx)
	if err != nil {
		return err
	}
	<-ctx.Done()
	stopWorkers()
	return nil
}

// consoleFiles is the console build to serve: a folder given on the command
// line (a fresh `vite build` without rebuilding the binary) or the embedded one.
func consoleFiles(dir string) fs.FS {
	if dir != "" {
		return os.DirFS(dir)
	}
	return console.Assets()
}

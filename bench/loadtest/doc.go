// Package loadtest is the shared harness of Kefu's benchmark programs
// under bench/: a throwaway PostgreSQL schema, the app built in-process
// and served on loopback, an HTTP client tuned for closed-loop load,
// bounded concurrent load loops, latency statistics and the Markdown and
// JSON reports.
//
// Everything stays inside one process and talks over 127.0.0.1, so a
// benchmark never targets an external host. A program typically does:
//
//	env, err := loadtest.Start(ctx, opts) // schema, migrations, app, client
//	defer env.Close()                     // server, app, then DROP SCHEMA
//	... seed through env.Client ...
//	r, err := loadtest.Run(ctx, loadtest.Scenario{Name: "x", Do: do}, opts)
//	loadtest.Report{Name: "x", Title: "X benchmark", ...}.Write(opts.OutDir)
package loadtest

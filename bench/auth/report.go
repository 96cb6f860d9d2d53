package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// meta is the context a number needs to be comparable with another run.
type meta struct {
	Date        string `json:"date"`
	GoVersion   string `json:"go_version"`
	OS          string `json:"os"`
	Arch        string `json:"arch"`
	NumCPU      int    `json:"num_cpu"`
	GOMAXPROCS  int    `json:"gomaxprocs"`
	Database    string `json:"database"`
	Redis       string `json:"redis"`
	Concurrency int    `json:"concurrency"`
	Duration    string `json:"duration"`
	MaxRequests int64  `json:"max_requests"`
	Users       int    `json:"users"`
	Transport   string `json:"transport"`
}

func newMeta(o options, dbVersion string) meta {
	redis := "miniredis (in-process)"
	if o.redisURL != "" {
		redis = "Redis at " + redactURL(o.redisURL)
	}
	return meta{
		Date:        time.Now().UTC().Format(time.RFC3339),
		GoVersion:   runtime.Version(),
		OS:          runtime.GOOS,
		Arch:        runtime.GOARCH,
		NumCPU:      runtime.NumCPU(),
		GOMAXPROCS:  runtime.GOMAXPROCS(0),
		Database:    dbVersion,
		Redis:       redis,
		Concurrency: o.concurrency,
		Duration:    o.duration.String(),
		MaxRequests: o.maxRequests,
		Users:       o.users,
		Transport:   "in-process server, HTTP/1.1 keep-alive over 127.0.0.1",
	}
}

// writeReport prints the Markdown report and saves it with its JSON twin.
func writeReport(o options, m meta, results []result) error {
	md := markdown(m, results)
	fmt.Print(md)
	js, err := json.MarshalIndent(struct {
		Meta      meta     `json:"meta"`
		Scenarios []result `json:"scenarios"`
	}{m, results}, "", "  ")
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	if err := os.MkdirAll(o.outDir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", o.outDir, err)
	}
	files := map[string][]byte{"auth.md": []byte(md), "auth.json": append(js, '\n')}
	for _, name := range sortedKeys(files) {
		path := filepath.Join(o.outDir, name)
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		progress.Info("report written", "path", path)
	}
	return nil
}

// markdown renders the run's context and one table row per scenario.
func markdown(m meta, results []result) string {
	var b strings.Builder
	b.WriteString("# Auth benchmark\n\n")
	fmt.Fprintf(&b, "- Date: %s\n", m.Date)
	fmt.Fprintf(&b, "- Go: %s %s/%s, NumCPU %d, GOMAXPROCS %d\n", m.GoVersion, m.OS, m.Arch, m.NumCPU, m.GOMAXPROCS)
	fmt.Fprintf(&b, "- Database: %s; Redis: %s\n", m.Database, m.Redis)
	fmt.Fprintf(&b, "- Load: %d workers, %s per scenario (cap %d requests), %d users\n", m.Concurrency, m.Duration, m.MaxRequests, m.Users)
	fmt.Fprintf(&b, "- Transport: %s\n\n", m.Transport)
	b.WriteString("| scenario | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %d | %d | %.1f | %.2f | %.2f | %.2f | %.2f |\n",
			r.Scenario, r.Requests, r.Errors, r.Throughput, r.P50, r.P90, r.P99, r.Max)
	}
	b.WriteString(errorNotes(results))
	b.WriteString("\nLatencies are nearest-rank percentiles over every request, failed ones included; errors are non-2xx answers and transport failures.\n")
	return b.String()
}

// errorNotes lists failures by kind, so a fast but failing run cannot pass
// for a good one.
func errorNotes(results []result) string {
	var b strings.Builder
	for _, r := range results {
		for _, kind := range sortedKeys(r.ErrorKinds) {
			fmt.Fprintf(&b, "- %s: %d × %s, first: %s\n", r.Scenario, r.ErrorKinds[kind], kind, oneLine(r.ErrorFirst[kind]))
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "\nErrors:\n\n" + b.String()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…" // by runes: messages may be Chinese
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

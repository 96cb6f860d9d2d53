// Command summary reads the benchmark reports under bench/results (the
// JSON each program wrote) and writes summary.md: the headline figures
// against their targets, with links to the full tables and the chart. A
// report that is missing or lacks a figure shows as such instead of
// failing, so a partial run still gets a summary.
//
//	go run ./bench/summary -dir bench/results
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	dir := flag.String("dir", "bench/results", "directory with the reports; summary.md is written there")
	started := flag.Int64("started", 0, "unix time the bench run started, if known, to state its total time")
	flag.Parse()
	var took time.Duration
	if *started > 0 {
		took = time.Since(time.Unix(*started, 0))
	}
	docs, err := readAll(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/summary:", err)
		os.Exit(1)
	}
	md := render(docs, others(*dir), time.Now().UTC(), took)
	fmt.Print(md)
	path := filepath.Join(*dir, "summary.md")
	if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "bench/summary:", err)
		os.Exit(1)
	}
}

// reports are the file stems the summary reads, in the order shown.
var reports = []string{"tickets", "orgchart", "escalation", "latency-vs-load", "auth", "kpi"}

// others lists the directory's other Markdown reports (the scale-out and
// fault tests write theirs here too), to link them.
func others(dir string) []string {
	known := map[string]bool{"summary": true, "README": true}
	for _, r := range reports {
		known[r] = true
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	var out []string
	for _, p := range paths {
		if stem := strings.TrimSuffix(filepath.Base(p), ".md"); !known[stem] {
			out = append(out, stem)
		}
	}
	return out
}

// readAll decodes each report's JSON; a missing one is left out.
func readAll(dir string) (map[string]any, error) {
	docs := map[string]any{}
	for _, name := range reports {
		b, err := os.ReadFile(filepath.Join(dir, name+".json"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, fmt.Errorf("%s.json: %w", name, err)
		}
		docs[name] = doc
	}
	return docs, nil
}

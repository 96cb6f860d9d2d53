package loadtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Meta is the context a number needs to be comparable with another run.
type Meta struct {
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

// NewMeta describes a run with o against dbVersion with users seeded users.
func NewMeta(o Options, dbVersion string, users int) Meta {
	redis := "miniredis (in-process)"
	if o.RedisURL != "" {
		redis = "Redis at " + RedactURL(o.RedisURL)
	}
	return Meta{
		Date:        time.Now().UTC().Format(time.RFC3339),
		GoVersion:   runtime.Version(),
		OS:          runtime.GOOS,
		Arch:        runtime.GOARCH,
		NumCPU:      runtime.NumCPU(),
		GOMAXPROCS:  runtime.GOMAXPROCS(0),
		Database:    dbVersion,
		Redis:       redis,
		Concurrency: o.Concurrency,
		Duration:    o.Duration.String(),
		MaxRequests: o.MaxRequests,
		Users:       users,
		Transport: "in-process server, HTTP/1.1 keep-alive over 127.0.0.1; rate limits on (per user or key " + RateLimitKey +
			", per tenant " + RateLimitTenant + ")",
	}
}

// Report is one run written up: Markdown on stdout and in <Name>.md, JSON
// in <Name>.json.
type Report struct {
	Name    string // file stem, e.g. "auth"
	Title   string // Markdown heading, e.g. "Auth benchmark"
	Meta    Meta
	Facts   []string // further context bullets after the standard ones
	Results []Result
	// ShowSize adds the mean answer size column to the table.
	ShowSize bool
	// Notes are paragraphs printed after the table.
	Notes []string
	// JSON is the document for <Name>.json; nil means {"meta", "scenarios"}.
	JSON any
}

// Write prints the Markdown report and saves it with its JSON twin in dir.
func (r Report) Write(dir string) error {
	md := r.Markdown()
	fmt.Print(md)
	doc := r.JSON
	if doc == nil {
		doc = struct {
			Meta      Meta     `json:"meta"`
			Scenarios []Result `json:"scenarios"`
		}{r.Meta, r.Results}
	}
	js, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	files := map[string][]byte{r.Name + ".md": []byte(md), r.Name + ".json": append(js, '\n')}
	for _, name := range sortedKeys(files) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		Progress.Info("report written", "path", path)
	}
	return nil
}

// Markdown renders the run's context and one table row per scenario.
func (r Report) Markdown() string {
	m := r.Meta
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.Title)
	fmt.Fprintf(&b, "- Date: %s\n", m.Date)
	fmt.Fprintf(&b, "- Go: %s %s/%s, NumCPU %d, GOMAXPROCS %d\n", m.GoVersion, m.OS, m.Arch, m.NumCPU, m.GOMAXPROCS)
	fmt.Fprintf(&b, "- Database: %s; Redis: %s\n", m.Database, m.Redis)
	fmt.Fprintf(&b, "- Load: %d workers, %s per scenario (cap %d requests), %d users\n", m.Concurrency, m.Duration, m.MaxRequests, m.Users)
	fmt.Fprintf(&b, "- Transport: %s\n", m.Transport)
	for _, f := range r.Facts {
		fmt.Fprintf(&b, "- %s\n", f)
	}
	b.WriteString("\n| scenario | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms |")
	if r.ShowSize {
		b.WriteString(" resp KB |")
	}
	b.WriteString("\n|---|---:|---:|---:|---:|---:|---:|---:|")
	if r.ShowSize {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for _, x := range r.Results {
		fmt.Fprintf(&b, "| %s | %d | %d | %.1f | %.2f | %.2f | %.2f | %.2f |",
			x.Scenario, x.Requests, x.Errors, x.Throughput, x.P50, x.P90, x.P99, x.Max)
		if r.ShowSize {
			fmt.Fprintf(&b, " %.1f |", x.ResponseKB)
		}
		b.WriteString("\n")
	}
	b.WriteString(errorNotes(r.Results))
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "\n%s\n", n)
	}
	b.WriteString("\nLatencies are nearest-rank percentiles over every request, failed ones included; errors are non-2xx answers and transport failures.\n")
	if r.ShowSize {
		b.WriteString("resp KB is the mean answer body of the successful requests, in KB of 1,024 bytes, uncompressed.\n")
	}
	return b.String()
}

// errorNotes lists failures by kind, so a fast but failing run cannot pass
// for a good one.
func errorNotes(results []Result) string {
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

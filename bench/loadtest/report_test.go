package loadtest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var testMeta = Meta{
	Date: "2026-01-02T03:04:05Z", GoVersion: "go1.26", OS: "linux", Arch: "amd64", NumCPU: 2, GOMAXPROCS: 2,
	Database: "PostgreSQL 15", Redis: "miniredis (in-process)", Concurrency: 8, Duration: "3s",
	MaxRequests: 200000, Users: 20, Transport: "in-process server, HTTP/1.1 keep-alive over 127.0.0.1",
}

// The plain layout is what bench/auth has always written; results from
// before and after the move to this package must stay comparable.
func TestMarkdownPlainLayout(t *testing.T) {
	r := Report{Title: "Auth benchmark", Meta: testMeta, Results: []Result{
		{Scenario: "me", Requests: 1075, Throughput: 356.48, P50: 20.061, P90: 40.316, P99: 65.872, Max: 107.786},
	}}
	want := `# Auth benchmark

- Date: 2026-01-02T03:04:05Z
- Go: go1.26 linux/amd64, NumCPU 2, GOMAXPROCS 2
- Database: PostgreSQL 15; Redis: miniredis (in-process)
- Load: 8 workers, 3s per scenario (cap 200000 requests), 20 users
- Transport: in-process server, HTTP/1.1 keep-alive over 127.0.0.1

| scenario | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms |
|---|---:|---:|---:|---:|---:|---:|---:|
| me | 1075 | 0 | 356.5 | 20.06 | 40.32 | 65.87 | 107.79 |

Latencies are nearest-rank percentiles over every request, failed ones included; errors are non-2xx answers and transport failures.
`
	if got := r.Markdown(); got != want {
		t.Errorf("markdown:\n%s\nwant:\n%s", got, want)
	}
}

func TestMarkdownSizeFactsNotes(t *testing.T) {
	r := Report{Title: "T", Meta: testMeta, ShowSize: true, Facts: []string{"Dataset: 2 units"}, Notes: []string{"Target met."},
		Results: []Result{{Scenario: "read", Requests: 1, ResponseKB: 812.4}}}
	md := r.Markdown()
	for _, s := range []string{"- Transport: in-process server, HTTP/1.1 keep-alive over 127.0.0.1\n- Dataset: 2 units\n\n|",
		"| max ms | resp KB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n", "| 812.4 |\n", "\nTarget met.\n"} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
}

// Without a JSON document of its own, the report writes {meta, scenarios}
// and leaves the unmeasured answer size out.
func TestWriteDefaultJSON(t *testing.T) {
	dir := t.TempDir()
	r := Report{Name: "x", Title: "X", Meta: testMeta, Results: []Result{{Scenario: "me", Requests: 3}}}
	if err := r.Write(dir); err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(dir, "x.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(js), "response_kb") {
		t.Errorf("unmeasured size written:\n%s", js)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(js, &doc); err != nil || len(doc) != 2 || doc["meta"] == nil || doc["scenarios"] == nil {
		t.Errorf("json %v: %s", err, js)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.md")); err != nil {
		t.Error(err)
	}
}

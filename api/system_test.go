package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"kefu/api"
	"kefu/app/apptest"
)

func TestHealthReadinessMetricsDocs(t *testing.T) {
	e := apptest.New(t)
	if r := e.Do("GET", "/healthz", "", nil); r.Status != http.StatusOK {
		t.Fatalf("healthz %d", r.Status)
	}
	r := e.Do("GET", "/readyz", "", nil)
	if r.Status != http.StatusOK || r.Str("database") != "ok" || r.Str("redis") != "ok" {
		t.Fatalf("readyz %d %s", r.Status, r.Raw)
	}
	e.Do("GET", "/v1/me", "", nil)
	m := e.Do("GET", "/metrics", "", nil)
	if !strings.Contains(string(m.Raw), `kefu_http_requests_total{code="401",method="GET",route="/v1/me"}`) {
		t.Fatalf("metrics lack the request counter:\n%.2000s", m.Raw)
	}
	if !strings.Contains(string(m.Raw), `kefu_queue_tasks{queue="default",state="pending"}`) {
		t.Fatalf("metrics lack queue depth:\n%.3000s", m.Raw)
	}
	d := e.Do("GET", "/docs", "", nil)
	if d.Status != http.StatusOK || !strings.Contains(string(d.Raw), `id="create-user"`) || strings.Contains(string(d.Raw), "<script") {
		t.Fatalf("docs %d", d.Status)
	}
	var doc map[string]any
	o := e.Do("GET", "/openapi.json", "", nil)
	if err := json.Unmarshal(o.Raw, &doc); err != nil || doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi.json: %v", err)
	}
	if y := e.Do("GET", "/openapi.yaml", "", nil); y.Status != http.StatusOK || !strings.Contains(string(y.Raw), "openapi: 3.1.0") {
		t.Fatalf("openapi.yaml %d", y.Status)
	}
}

func TestRequestIDIsEchoedOrAssigned(t *testing.T) {
	e := apptest.New(t)
	r := e.Do("GET", "/healthz", "", nil)
	if !strings.HasPrefix(r.Header.Get("X-Request-Id"), "req_") {
		t.Fatalf("assigned id %q", r.Header.Get("X-Request-Id"))
	}
}

// TestCommittedSpecIsCurrent fails when openapi/openapi.yaml is stale:
// run `go tool task gen` and commit the result.
func TestCommittedSpecIsCurrent(t *testing.T) {
	want, err := api.Spec().YAML()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../openapi/openapi.yaml")
	if err != nil {
		t.Fatalf("read committed spec: %v", err)
	}
	if string(got) != string(want) {
		t.Fatal("openapi/openapi.yaml is stale: run `go tool task gen` and commit it")
	}
}

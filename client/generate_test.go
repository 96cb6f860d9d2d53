package client_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"kefu/api"
)

// TestGeneratedClientIsCurrent fails when openapi-3.0.yaml or client.gen.go
// no longer match the server's OpenAPI document: run `go generate ./client`
// (or `go tool task gen`) and commit both.
func TestGeneratedClientIsCurrent(t *testing.T) {
	want, err := api.Spec().DowngradeYAML()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("openapi-3.0.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("client/openapi-3.0.yaml is stale: run `go generate ./client` and commit it")
	}
	// The same pinned oapi-codegen (go.mod tool) on the same config.
	out := filepath.Join(t.TempDir(), "client.gen.go")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "tool", "oapi-codegen", "-config", "oapi-codegen.yaml", "-o", out, "openapi-3.0.yaml")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("oapi-codegen: %v\n%s", err, msg)
	}
	gen, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("client.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gen, committed) {
		t.Fatal("client/client.gen.go is stale: run `go generate ./client` and commit it")
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"kefu/testkit"
)

func TestOpenAPICommand(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"openapi", "--format", "json"}, &out); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || doc["openapi"] != "3.1.0" {
		t.Fatalf("not an OpenAPI 3.1 document: %v", err)
	}
	if err := run(context.Background(), []string{"openapi", "--format", "xml"}, &out); err == nil {
		t.Fatal("unknown format accepted")
	}
}

func TestUnknownCommandFails(t *testing.T) {
	if err := run(context.Background(), []string{"frobnicate"}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("err = %v", err)
	}
	if err := run(context.Background(), nil, &bytes.Buffer{}); err == nil {
		t.Fatal("no command accepted")
	}
}

// migrate then demo: the demo prints the three directors and is safe to run twice.
func TestMigrateAndDemo(t *testing.T) {
	db := testkit.DatabaseURL(t)
	t.Setenv("KEFU_REDIS_URL", testkit.RedisURL(t))
	t.Setenv("KEFU_AUTHZ_CHANNEL", "kefu:authz:"+t.Name())
	t.Setenv("KEFU_API_KEY_PEPPER", "kefu-test-pepper-0123456789abcdef") // else PostgreSQL refuses to start
	ctx := context.Background()
	if err := run(ctx, []string{"migrate", "--database-url", db, "--log-level", "error"}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		var out bytes.Buffer
		if err := run(ctx, []string{"demo", "--database-url", db, "--log-level", "error"}, &out); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"demo-property", "director@property.demo", "demo-insurance", "demo-hospital", "kefu-demo-2026"} {
			if !strings.Contains(out.String(), want) {
				t.Fatalf("demo output lacks %q:\n%s", want, out.String())
			}
		}
	}
}

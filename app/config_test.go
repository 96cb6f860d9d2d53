package app

import (
	"flag"
	"strings"
	"testing"
)

func TestLoadDefaultsAndOverrides(t *testing.T) {
	t.Setenv("KEFU_ADDR", "127.0.0.1:9999")
	c, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), []string{"--data-dir", "/tmp/x"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9999" || c.DatabaseURL != "sqlite:/tmp/x/kefu.db" || c.BaseURL != "http://127.0.0.1:9999" || !c.Embedded() {
		t.Fatalf("%+v", c)
	}
	c, err = Load(flag.NewFlagSet("t", flag.ContinueOnError), []string{"--database-url", "postgres://u:secret@h/db"})
	if err != nil || c.Embedded() {
		t.Fatalf("%+v %v", c, err)
	}
	if s := c.Redacted()["database_url"].(string); strings.Contains(s, "secret") {
		t.Fatalf("password logged: %s", s)
	}
}

func TestLoadRejectsBadEnvironment(t *testing.T) {
	t.Setenv("KEFU_WORKERS", "maybe")
	if _, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), nil); err == nil || !strings.Contains(err.Error(), "KEFU_WORKERS") {
		t.Fatalf("err = %v", err)
	}
}

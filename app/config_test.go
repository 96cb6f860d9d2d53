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

func TestLoadRejectsATrustedProxyThatIsNoAddress(t *testing.T) {
	t.Setenv("KEFU_TRUSTED_PROXIES", "10.0.0.0/8, lb.internal")
	if _, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), nil); err == nil || !strings.Contains(err.Error(), "KEFU_TRUSTED_PROXIES") || !strings.Contains(err.Error(), "lb.internal") {
		t.Fatalf("err = %v", err)
	}
	t.Setenv("KEFU_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")
	c, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := c.Proxies(); err != nil || len(p) != 2 {
		t.Fatalf("proxies %v, %v", p, err)
	}
}

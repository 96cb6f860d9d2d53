package app

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmbeddedPepperIsGeneratedOnceAndKeptPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	c := Config{DataDir: dir, DatabaseURL: "sqlite:" + filepath.Join(dir, "kefu.db")}
	first, err := c.apiKeyPepper()
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 64 {
		t.Fatalf("pepper of %d characters", len(first))
	}
	st, err := os.Stat(filepath.Join(dir, pepperFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("pepper file mode %v", st.Mode().Perm())
	}
	again, err := c.apiKeyPepper()
	if err != nil || !bytes.Equal(first, again) {
		t.Fatalf("second start got another pepper (%v)", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("data dir holds %d files, want the pepper only", len(entries))
	}
}

func TestConfiguredPepperWinsAndMustBeLongEnough(t *testing.T) {
	c := Config{DataDir: t.TempDir(), DatabaseURL: "postgres://u@h/db", APIKeyPepper: strings.Repeat("p", 32)}
	if p, err := c.apiKeyPepper(); err != nil || string(p) != c.APIKeyPepper {
		t.Fatalf("%q %v", p, err)
	}
	c.APIKeyPepper = "short"
	if _, err := c.apiKeyPepper(); err == nil || !strings.Contains(err.Error(), "KEFU_API_KEY_PEPPER") {
		t.Fatalf("short pepper: %v", err)
	}
}

func TestPostgresWithoutPepperRefusesToStart(t *testing.T) {
	c := Config{DataDir: t.TempDir(), DatabaseURL: "postgres://u@h/db"}
	_, err := c.apiKeyPepper()
	if err == nil || !strings.Contains(err.Error(), "KEFU_API_KEY_PEPPER is required with PostgreSQL") {
		t.Fatalf("err = %v", err)
	}
	if entries, _ := os.ReadDir(c.DataDir); len(entries) != 0 {
		t.Fatal("a pepper file was written for PostgreSQL")
	}
	// Load reads it from the environment like every other setting.
	t.Setenv("KEFU_API_KEY_PEPPER", "from-the-environment-0123456789abcdef")
	if c, err := Load(flag.NewFlagSet("t", flag.ContinueOnError), nil); err != nil || c.APIKeyPepper != "from-the-environment-0123456789abcdef" {
		t.Fatalf("%v %v", c.APIKeyPepper, err)
	}
}

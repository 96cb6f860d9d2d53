// Command spec30 writes Kefu's OpenAPI document downgraded from 3.1 to 3.0
// (huma's own downgrade), the version oapi-codegen and kin-openapi read.
// Usage: go run ./internal/spec30 FILE
package main

import (
	"fmt"
	"os"

	"kefu/api"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: spec30 FILE")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "spec30:", err)
		os.Exit(1)
	}
}

// write goes through a temporary file, so a failure cannot truncate the
// committed document.
func write(name string) error {
	doc, err := api.Spec().DowngradeYAML()
	if err != nil {
		return fmt.Errorf("downgrade: %w", err)
	}
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, doc, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

package cluster

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Host is the context a figure needs to be compared with another run.
type Host struct {
	Date       string `json:"date"`
	GoVersion  string `json:"go_version"`
	NumCPU     int    `json:"num_cpu"`
	PostgreSQL string `json:"postgresql"`
	Redis      string `json:"redis"`
}

// NewHost describes this machine.
func NewHost(pg, redis string) Host {
	return Host{Date: time.Now().UTC().Format(time.RFC3339), GoVersion: runtime.Version(), NumCPU: runtime.NumCPU(), PostgreSQL: pg, Redis: redis}
}

// WriteReport prints md and writes <name>.md and <name>.json into dir.
func WriteReport(dir, name, md string, doc any) error {
	fmt.Print(md)
	js, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, name+".md"), []byte(md), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name+".json"), append(js, '\n'), 0o644)
}

// Verdict is PASS or FAIL.
func Verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

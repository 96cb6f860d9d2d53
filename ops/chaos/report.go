package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"kefu/ops/cluster"
)

type result struct {
	Host      cluster.Host `json:"host"`
	Setup     string       `json:"setup"`
	Scenarios []scenario   `json:"scenarios"`
	Pass      bool         `json:"pass"`
	TotalSec  int          `json:"total_seconds"`
	BuildSec  int          `json:"build_seconds"`
}

func markdown(r result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Fault tests — %s\n\n", cluster.Verdict(r.Pass))
	fmt.Fprintf(&b, "- Date: %s; Go %s; %d CPUs shared by everything below\n", r.Host.Date, r.Host.GoVersion, r.Host.NumCPU)
	fmt.Fprintf(&b, "- %s; %s\n", r.Host.PostgreSQL, r.Host.Redis)
	fmt.Fprintf(&b, "- %s\n", r.Setup)
	fmt.Fprintf(&b, "- Run: %d s after building the binary (%d s)\n\n", r.TotalSec, r.BuildSec)
	b.WriteString("| scenario | verdict | seconds |\n|---|---|---:|\n")
	for _, s := range r.Scenarios {
		fmt.Fprintf(&b, "| %s | %s | %.0f |\n", s.Name, cluster.Verdict(s.Pass), s.Seconds)
	}
	for _, s := range r.Scenarios {
		fmt.Fprintf(&b, "\n## %s — %s\n\n%s.\n\n", s.Name, cluster.Verdict(s.Pass), s.Fault)
		b.WriteString("| check | result | verdict |\n|---|---|---|\n")
		for _, c := range s.Checks {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", c.What, c.Got, cluster.Verdict(c.Pass))
		}
		js, _ := json.MarshalIndent(s.Figures, "", "  ")
		fmt.Fprintf(&b, "\nFigures:\n\n```json\n%s\n```\n", js)
	}
	return b.String()
}

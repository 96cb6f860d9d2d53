package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"kefu/bench/loadtest"
)

// report is the run written up, as escalation.md and escalation.json.
type report struct {
	Meta          loadtest.Meta `json:"meta"`
	Timers        int           `json:"timers_per_run"`
	Window        string        `json:"window"`
	Tenants       int           `json:"tenants"`
	Agents        int           `json:"agents_per_tenant"`
	SweepInterval string        `json:"sweep_interval"`
	SeedSeconds   float64       `json:"seed_seconds"`
	Runs          []runResult   `json:"runs"`
}

// markdown renders the context, one row per run and the verdict.
func (r report) markdown() string {
	m := r.Meta
	var b strings.Builder
	b.WriteString("# Escalation timeliness benchmark\n\n")
	fmt.Fprintf(&b, "- Date: %s\n", m.Date)
	fmt.Fprintf(&b, "- Go: %s %s/%s, NumCPU %d, GOMAXPROCS %d\n", m.GoVersion, m.OS, m.Arch, m.NumCPU, m.GOMAXPROCS)
	fmt.Fprintf(&b, "- Database: %s; Redis: %s\n", m.Database, m.Redis)
	fmt.Fprintf(&b, "- Workers: %s; sweeper every %s\n", m.Transport, r.SweepInterval)
	fmt.Fprintf(&b, "- Timers: %d per run, first-response deadlines spread uniformly over %s, on complaints in %d tenants "+
		"(signed up through the API in %.1f s, %d agents each on the agent position; policy PT30M/PT24H on the 24×7 calendar, "+
		"escalating a breach to the assignee's supervisor at once)\n", r.Timers, r.Window, r.Tenants, r.SeedSeconds, r.Agents)
	b.WriteString("- Each run: the tickets are loaded with COPY (open, assigned, already warned at 80 %, next check = the deadline), " +
		"their checks are scheduled as ticket creation does after its commit (`workers.Queue.ScheduleSLACheck`), " +
		"then the worker servers start and run until every deadline is acted on\n")
	b.WriteString("- Lateness: the `sla_breached` event's time (taken by `CheckSLA` as it acts) minus the deadline; " +
		"missing: no breach recorded; duplicates: any second breach event, `escalated` event or escalation row for a ticket; " +
		"early: a breach before its deadline\n")
	b.WriteString("\n| worker servers | slots each | timers | processed | escalated | missing | duplicates | early | p50 ms | p90 ms | p99 ms | max ms | ≤ 1 s late | tasks failed | verdict |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, x := range r.Runs {
		fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f %% | %d | **%s** |\n",
			x.WorkerServers, x.Slots, x.Timers, x.Processed, x.Escalated, x.Missing, x.Duplicates, x.Early,
			x.LateP50, x.LateP90, x.LateP99, x.LateMax, x.WithinSec, x.TasksFailed, x.Verdict)
	}
	b.WriteString("\n")
	for _, x := range r.Runs {
		fmt.Fprintf(&b, "- %d worker server(s): scheduling the %d timers took %d ms; asynq processed %d tasks (%d failed, %d left in retry, %d archived); "+
			"%d escalation notifications; the last breach came %.1f s after the last deadline; this process spent %.2f ms of CPU per timer; "+
			"load average %s at the first deadline, %s at the end.\n",
			x.WorkerServers, x.Timers, x.EnqueueMs, x.TasksDone, x.TasksFailed, x.Retry, x.Archived, x.Notifications, x.LastActSec,
			x.CPUPerTimer, x.LoadStart, x.LoadEnd)
	}
	if len(r.Runs) > 0 && len(r.Runs[0].Slices) > 0 {
		b.WriteString("\nLateness by deadline, in tenths of the window (p50 / p99 / max ms), to show whether a backlog builds:\n\n| from s |")
		for _, x := range r.Runs {
			fmt.Fprintf(&b, " %d server(s) |", x.WorkerServers)
		}
		b.WriteString("\n|---:|" + strings.Repeat("---:|", len(r.Runs)) + "\n")
		for i, sl := range r.Runs[0].Slices {
			fmt.Fprintf(&b, "| %.0f |", sl.FromSec)
			for _, x := range r.Runs {
				if i < len(x.Slices) {
					s := x.Slices[i]
					fmt.Fprintf(&b, " %.0f / %.0f / %.0f |", s.P50, s.P99, s.Max)
				}
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("\nA task runs when asynq moves it from the scheduled set (whole seconds, checked every 200 ms) and a slot is free; " +
		"the handler then waits for the exact due time, so lateness includes queueing for a slot as well as the check's transaction.\n")
	return b.String()
}

// write prints the Markdown and saves both files in dir.
func (r report) write(dir string) error {
	md := r.markdown()
	fmt.Print(md)
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	for name, body := range map[string][]byte{"escalation.md": []byte(md), "escalation.json": append(js, '\n')} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, body, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		loadtest.Progress.Info("report written", "path", path)
	}
	return nil
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kefu/bench/chart"
	"kefu/bench/loadtest"
)

const (
	create    = "ticket-create"
	queue     = "agent-queue"
	queuePath = "/v1/tickets?assignee_id=me&status=open"
	// Chart size in pixels: two panels side by side.
	chartW, chartH = 1600, 700
)

// point is one level of one scenario.
type point struct {
	Scenario string `json:"scenario"`
	Workers  int    `json:"workers"`
	loadtest.Result
}

// run seeds, warms up, sweeps creation then the queue (so the queues
// hold the tickets the creates filed), and writes the report and chart.
func run(ctx context.Context, o options) (err error) {
	env, err := loadtest.Start(ctx, o.Options)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, env.Close()) }()
	c := env.Client
	t0 := time.Now()
	tenants, err := seed(ctx, c, o.tenants, o.agents)
	if err != nil {
		return err
	}
	seedTook := time.Since(t0)
	progress.Info("tenants seeded", "tenants", len(tenants), "took", seedTook.Round(time.Millisecond))

	// Every agent files for the next agent of their tenant, in shuffled
	// order across tenants, so creates spread over every tenant's counter.
	var agents []agent
	var bodies [][]byte
	for _, ts := range tenants {
		for j, a := range ts.Agents {
			agents = append(agents, a)
			bodies = append(bodies, createBody(len(agents), ts.Agents[(j+1)%len(ts.Agents)].ID, ts.Unit))
		}
	}
	order := rand.New(rand.NewPCG(5, 6)).Perm(len(agents))
	doCreate := func(ctx context.Context, n int64) (int64, error) {
		i := order[n%int64(len(order))]
		return 0, c.Call(ctx, http.MethodPost, "/v1/tickets", agents[i].Token, bodies[i], nil)
	}
	doQueue := func(ctx context.Context, n int64) (int64, error) {
		return c.Get(ctx, queuePath, agents[order[n%int64(len(order))]].Token)
	}

	// Warm-up, not reported: each agent files one ticket and reads their
	// queue once (a session's first request also records last_seen_at).
	warm := o.Options
	warm.Concurrency, warm.Duration, warm.MaxRequests = 4, 2*time.Minute, int64(len(agents))
	for _, sc := range []loadtest.Scenario{{Name: "warm-up-create", Do: doCreate}, {Name: "warm-up-queue", Do: doQueue}} {
		r, err := loadtest.Run(ctx, sc, warm)
		if err != nil {
			return err
		}
		if r.Errors > 0 {
			return fmt.Errorf("%s: %d of %d requests failed: %v", sc.Name, r.Errors, r.Requests, r.ErrorFirst)
		}
	}

	var points []point
	loadStart := loadtest.LoadAvg()
	for _, sc := range []loadtest.Scenario{{Name: create, Do: doCreate}, {Name: queue, Do: doQueue}} {
		for _, w := range o.levels {
			lo := o.Options
			lo.Concurrency = w
			r, err := loadtest.Run(ctx, loadtest.Scenario{Name: fmt.Sprintf("%s-c%d", sc.Name, w), Do: sc.Do}, lo)
			if err != nil {
				return err
			}
			points = append(points, point{Scenario: sc.Name, Workers: w, Result: r})
		}
	}
	loadEnd := loadtest.LoadAvg()

	meta := loadtest.NewMeta(o.Options, env.Schema.Version, len(agents))
	meta.Concurrency = o.levels[len(o.levels)-1]
	results := make([]loadtest.Result, len(points))
	for i, p := range points {
		results[i] = p.Result
	}
	rep := loadtest.Report{
		Name: reportName, Title: "Latency vs load", Meta: meta, Results: results,
		Facts: []string{
			fmt.Sprintf("Load levels: %v closed-loop workers per scenario (the Load line gives the largest)", o.levels),
			fmt.Sprintf("Tenants: %d signed up through the API (industry generic), %d agents each with a session; seeding took %.1f s",
				len(tenants), o.agents, seedTook.Seconds()),
			"`" + create + "`: POST /v1/tickets, a complaint by phone filed by a random agent for the next agent of their tenant (numbering, routing, SLA clock, timeline); " +
				"`" + queue + "`: " + queuePath + " as a random agent (first page of 50), after the creates filled the queues",
			fmt.Sprintf("Machine: load average %s before the first level, %s after the last (the box is shared)", loadStart, loadEnd),
		},
		Notes: []string{"Chart: [latency-vs-load.png](latency-vs-load.png), p50 and p99 against the throughput each level achieved; " +
			"points are labelled with their worker count. Past the knee more workers add queueing, not throughput."},
		JSON: struct {
			Meta   loadtest.Meta `json:"meta"`
			Levels []int         `json:"levels"`
			Points []point       `json:"points"`
		}{meta, o.levels, points},
	}
	if err := rep.Write(o.OutDir); err != nil {
		return err
	}
	if err := writeChart(o.OutDir, meta, o.levels, points); err != nil {
		return err
	}
	for _, p := range points {
		if p.Errors > 0 {
			return fmt.Errorf("%s: %d of %d requests failed", p.Scenario, p.Errors, p.Requests)
		}
	}
	return nil
}

// writeChart draws the points into <dir>/latency-vs-load.png.
func writeChart(dir string, meta loadtest.Meta, levels []int, points []point) error {
	var png bytes.Buffer
	db, _, _ := strings.Cut(meta.Database, " (")
	title := fmt.Sprintf("Kefu latency vs load: closed loop over loopback, %d–%d workers, %s per level, %s, %d CPUs",
		levels[0], levels[len(levels)-1], meta.Duration, db, meta.NumCPU)
	if err := chart.WritePNG(&png, title, panels(points), chartW, chartH); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	path := filepath.Join(dir, reportName+".png")
	if err := os.WriteFile(path, png.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	progress.Info("chart written", "path", path)
	return nil
}

// redraw draws the chart again from a saved report.
func redraw(from, dir string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return fmt.Errorf("redraw: %w", err)
	}
	var doc struct {
		Meta   loadtest.Meta `json:"meta"`
		Levels []int         `json:"levels"`
		Points []point       `json:"points"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("redraw %s: %w", from, err)
	}
	if len(doc.Levels) == 0 || len(doc.Points) == 0 {
		return fmt.Errorf("redraw %s: no levels or points", from)
	}
	return writeChart(dir, doc.Meta, doc.Levels, doc.Points)
}

// panels turns the points into one chart panel per scenario, in first-
// seen order: p50 and p99 latency against throughput, labelled cN.
func panels(points []point) []chart.Panel {
	titles := map[string]string{create: "Ticket create: POST /v1/tickets", queue: "Agent queue: GET /v1/tickets?assignee_id=me&status=open"}
	var out []chart.Panel
	index := map[string]int{}
	for _, p := range points {
		if p.Requests == 0 {
			continue // nothing measured, and no latency to put on a log scale
		}
		i, ok := index[p.Scenario]
		if !ok {
			title := titles[p.Scenario]
			if title == "" {
				title = p.Scenario
			}
			i = len(out)
			index[p.Scenario] = i
			out = append(out, chart.Panel{Title: title, XLabel: "throughput (requests/s)", YLabel: "latency (ms, log scale)", LogY: true,
				Series: []chart.Series{{Name: "p50"}, {Name: "p99", Dashed: true}}})
		}
		label := fmt.Sprintf("c%d", p.Workers)
		s := out[i].Series
		s[0].Points = append(s[0].Points, chart.Point{X: p.Throughput, Y: p.P50, Label: label})
		s[1].Points = append(s[1].Points, chart.Point{X: p.Throughput, Y: p.P99, Label: label})
	}
	return out
}

// createBody is a phone complaint filed for assignee in unit.
func createBody(n int, assignee, unit string) []byte {
	b, _ := json.Marshal(map[string]string{
		"type": "complaint", "channel": "phone", "subject": fmt.Sprintf("电梯停运，业主被困 %d 分钟", n%60+1),
		"description": "业主来电：3 号楼 2 单元电梯停在 7 层，门打不开，请尽快派人处理。",
		"assignee_id": assignee, "unit_id": unit,
	})
	return b
}

package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"kefu/bench/loadtest"
)

const (
	benchTenant   = "bench-kpi"
	departments   = 2
	groupsPerDept = 5
)

// world is what seeding made through the API.
type world struct {
	tenantID, token string
	agents          []string // user ids
	unitOf          []string // each agent's group
	took            time.Duration
	load            [3]string // load averages at the start, before timing and after it
}

type idOut struct {
	ID string `json:"id"`
}

// seed signs the tenant up and seats n agents (invited, so no password
// hashing) on an agent position in each of the chart's ten groups.
func seed(ctx context.Context, c *loadtest.Client, n int) (*world, error) {
	t0 := time.Now()
	w := &world{}
	t, err := c.SignUp(ctx, "Bench KPI Center", benchTenant, "generic", "director@kpi.bench.example.com")
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	w.tenantID, w.token = t.ID, t.Token
	call := func(path string, body, out any) error {
		return c.CallJSON(ctx, http.MethodPost, path, w.token, body, out)
	}
	if err := call("/v1/org-chart/import", map[string]any{"units": []any{}, "positions": []any{}}, nil); err != nil {
		return nil, fmt.Errorf("seed: clear chart: %w", err)
	}
	var center idOut
	if err := call("/v1/org-units", map[string]any{"name": "Service Center", "kind": "center"}, &center); err != nil {
		return nil, fmt.Errorf("seed: center: %w", err)
	}
	var positions, units []string
	for d := range departments {
		var dept idOut
		if err := call("/v1/org-units", map[string]any{"name": fmt.Sprintf("Department %d", d+1), "kind": "department", "parent_id": center.ID}, &dept); err != nil {
			return nil, fmt.Errorf("seed: department: %w", err)
		}
		for g := range groupsPerDept {
			var grp, pos idOut
			if err := call("/v1/org-units", map[string]any{"name": fmt.Sprintf("Group %d-%d", d+1, g+1), "kind": "group", "parent_id": dept.ID}, &grp); err != nil {
				return nil, fmt.Errorf("seed: group: %w", err)
			}
			if err := call("/v1/positions", map[string]any{"unit_id": grp.ID, "title": "Agent", "role": "agent", "headcount": n}, &pos); err != nil {
				return nil, fmt.Errorf("seed: position: %w", err)
			}
			positions, units = append(positions, pos.ID), append(units, grp.ID)
		}
	}
	for i := range n {
		var u idOut
		if err := call("/v1/users", map[string]any{"email": fmt.Sprintf("agent%04d@kpi.bench.example.com", i+1), "name": fmt.Sprintf("Agent %04d", i+1)}, &u); err != nil {
			return nil, fmt.Errorf("seed: agent %d: %w", i+1, err)
		}
		g := i % len(positions)
		if err := call("/v1/positions/"+positions[g]+"/assignments", map[string]any{"user_id": u.ID}, nil); err != nil {
			return nil, fmt.Errorf("seed: seat agent %d: %w", i+1, err)
		}
		w.agents, w.unitOf = append(w.agents, u.ID), append(w.unitOf, units[g])
	}
	w.took = time.Since(t0)
	progress.Info("seeded", "agents", n, "groups", len(units), "took", w.took.Round(time.Millisecond))
	return w, nil
}

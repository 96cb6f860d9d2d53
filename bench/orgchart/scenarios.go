package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"kefu/bench/loadtest"
)

// chartUnit is the part of GET /v1/org-chart the benchmark checks.
type chartUnit struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	Headcount int    `json:"headcount"`
	Filled    int    `json:"filled"`
	Positions []struct {
		Holders []struct{} `json:"holders"`
	} `json:"positions"`
	Children []chartUnit `json:"children"`
}

// count adds up the units and positions of u's subtree.
func (u chartUnit) count() (units, positions int) {
	units, positions = 1, len(u.Positions)
	for _, c := range u.Children {
		cu, cp := c.count()
		units += cu
		positions += cp
	}
	return units, positions
}

// departmentIDs reads the whole chart once, checks it against what was
// imported, and returns the departments' unit ids for the subtree
// scenario.
func departmentIDs(ctx context.Context, c *loadtest.Client, s seeded) ([]string, error) {
	var out struct {
		Items []chartUnit `json:"items"`
	}
	rctx, cancel := context.WithTimeout(ctx, loadtest.RequestTimeout)
	defer cancel()
	if err := c.Call(rctx, http.MethodGet, "/v1/org-chart", s.token, nil, &out); err != nil {
		return nil, fmt.Errorf("first chart read: %w", err)
	}
	if len(out.Items) != 1 {
		return nil, fmt.Errorf("first chart read: %d top-level units, want the one center", len(out.Items))
	}
	root := out.Items[0]
	units, positions := root.count()
	want := s.chart
	if units != want.Units || positions != want.Positions || root.Headcount != want.Headcount || root.Filled != want.Assignments {
		return nil, fmt.Errorf("first chart read: %d units, %d positions, headcount %d, filled %d; imported %d, %d, %d, %d",
			units, positions, root.Headcount, root.Filled, want.Units, want.Positions, want.Headcount, want.Assignments)
	}
	var ids []string
	for _, u := range root.Children {
		if u.Kind == "department" {
			ids = append(ids, u.ID)
		}
	}
	if len(ids) != want.Departments {
		return nil, fmt.Errorf("first chart read: %d departments under the center, want %d", len(ids), want.Departments)
	}
	return ids, nil
}

// runScenarios reads the whole tree with one reader (the latency the
// target is about), then with -concurrency readers, then department
// subtrees with as many; always as the director (who sees the whole chart).
func runScenarios(ctx context.Context, c *loadtest.Client, o options, token string, departments []string) ([]loadtest.Result, error) {
	paths := make([]string, len(departments))
	for i, id := range departments {
		paths[i] = "/v1/org-chart?unit_id=" + url.QueryEscape(id)
	}
	whole := func(ctx context.Context, _ int64) (int64, error) { return c.Get(ctx, "/v1/org-chart", token) }
	one := o.Options
	one.Concurrency = 1
	runs := []struct {
		sc loadtest.Scenario
		o  loadtest.Options
	}{
		{loadtest.Scenario{Name: oneReader, Do: whole}, one},
		{loadtest.Scenario{Name: wholeTree, Do: whole}, o.Options},
		{loadtest.Scenario{Name: "org-chart-subtree", Do: func(ctx context.Context, n int64) (int64, error) {
			return c.Get(ctx, paths[n%int64(len(paths))], token)
		}}, o.Options},
	}
	results := make([]loadtest.Result, 0, len(runs))
	for _, r := range runs {
		res, err := loadtest.Run(ctx, r.sc, r.o)
		if err != nil {
			return nil, err
		}
		results = append(results, res)
	}
	return results, nil
}

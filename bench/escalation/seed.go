package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"kefu/bench/loadtest"
)

const (
	// The complaints policy every tenant gets: the timers measured are its
	// first-response deadlines.
	policyFirstResponse = 30 * time.Minute
	policyResolution    = 24 * time.Hour
	warnAtPercent       = 80 // the policy default
)

// tenantSeed is a signed-up tenant: its agents (the assignees), the unit
// they sit in and its SLA policy.
type tenantSeed struct {
	ID, Slug, Director string
	Unit, Policy       string
	Agents             []string
}

type item struct {
	ID         string `json:"id"`
	UnitID     string `json:"unit_id"`
	Role       string `json:"role"`
	Headcount  int    `json:"headcount"`
	AlwaysOpen bool   `json:"always_open"`
}

type list struct {
	Items []item `json:"items"`
}

// seed signs up n tenants through the API, one after another (each step
// hashes a password; two cores gain little from more at once).
func seed(ctx context.Context, c *loadtest.Client, n, agents int) ([]*tenantSeed, error) {
	out := make([]*tenantSeed, 0, n)
	for i := range n {
		ts, err := seedTenant(ctx, c, i, agents)
		if err != nil {
			return nil, err
		}
		out = append(out, ts)
	}
	return out, nil
}

// seedTenant signs up tenant i as a director would: the generic template's
// 24×7 calendar, a complaints policy on it, the director and a supervisor
// seated, and agents on the agent position, so an escalation walks a real
// reporting line.
func seedTenant(ctx context.Context, c *loadtest.Client, i, agents int) (*tenantSeed, error) {
	ts := &tenantSeed{Slug: fmt.Sprintf("esc-t%03d", i)}
	domain := fmt.Sprintf("t%03d.esc.example.com", i)
	su, err := c.SignUp(ctx, fmt.Sprintf("Escalation Bench %03d", i), ts.Slug, "generic", "director@"+domain)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	ts.ID = su.ID
	tok := su.Token
	var me struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	if err := c.Call(ctx, http.MethodGet, "/v1/me", tok, nil, &me); err != nil {
		return nil, fmt.Errorf("seed %s: me: %w", ts.Slug, err)
	}
	ts.Director = me.User.ID

	var cals, poss list
	if err := c.Call(ctx, http.MethodGet, "/v1/calendars", tok, nil, &cals); err != nil {
		return nil, fmt.Errorf("seed %s: calendars: %w", ts.Slug, err)
	}
	calendar := ""
	for _, cal := range cals.Items {
		if cal.AlwaysOpen {
			calendar = cal.ID
			break
		}
	}
	if err := c.Call(ctx, http.MethodGet, "/v1/positions?limit=200", tok, nil, &poss); err != nil {
		return nil, fmt.Errorf("seed %s: positions: %w", ts.Slug, err)
	}
	position, headcount := "", 0
	for _, p := range poss.Items {
		if p.Role == "agent" && (p.Headcount > headcount || position == "") {
			position, ts.Unit, headcount = p.ID, p.UnitID, p.Headcount
		}
	}
	head, supervisor := "", ""
	for _, p := range poss.Items {
		switch {
		case p.Role == "director" && head == "":
			head = p.ID
		case p.Role == "supervisor" && p.UnitID == ts.Unit && supervisor == "":
			supervisor = p.ID
		}
	}
	if calendar == "" || position == "" || head == "" || supervisor == "" {
		return nil, fmt.Errorf("seed %s: the generic template lacks a 24×7 calendar, an agent, supervisor or director position", ts.Slug)
	}
	// A filled reporting line: the director heads the center and a
	// supervisor the agents' department, so escalations have recipients.
	if err := c.CallJSON(ctx, http.MethodPost, "/v1/positions/"+head+"/assignments", tok, map[string]any{"user_id": ts.Director}, nil); err != nil {
		return nil, fmt.Errorf("seed %s: seat the director: %w", ts.Slug, err)
	}
	var sup item
	user := map[string]string{"email": "supervisor@" + domain, "name": fmt.Sprintf("Bench Supervisor %03d", i), "password": "bench-supervisor-password"}
	if err := c.CallJSON(ctx, http.MethodPost, "/v1/users", tok, user, &sup); err != nil {
		return nil, fmt.Errorf("seed %s: create the supervisor: %w", ts.Slug, err)
	}
	if err := c.CallJSON(ctx, http.MethodPost, "/v1/positions/"+supervisor+"/assignments", tok, map[string]any{"user_id": sup.ID}, nil); err != nil {
		return nil, fmt.Errorf("seed %s: seat the supervisor: %w", ts.Slug, err)
	}
	policy := map[string]any{
		"name": "Complaints 24×7", "calendar_id": calendar, "match": map[string]any{"types": []string{"complaint"}},
		"first_response": "PT30M", "resolution": "PT24H", "rank": 1,
	}
	var pol item
	if err := c.CallJSON(ctx, http.MethodPost, "/v1/sla-policies", tok, policy, &pol); err != nil {
		return nil, fmt.Errorf("seed %s: sla policy: %w", ts.Slug, err)
	}
	ts.Policy = pol.ID

	for j := range agents {
		var u item
		user := map[string]string{
			"email": fmt.Sprintf("agent%02d@%s", j+1, domain), "name": fmt.Sprintf("Bench Agent %03d-%02d", i, j+1),
			"password": fmt.Sprintf("bench-agent-password-%02d", j+1),
		}
		if err := c.CallJSON(ctx, http.MethodPost, "/v1/users", tok, user, &u); err != nil {
			return nil, fmt.Errorf("seed %s: create agent %d: %w", ts.Slug, j+1, err)
		}
		seat := map[string]any{"user_id": u.ID, "allow_over_quota": j >= headcount}
		if err := c.CallJSON(ctx, http.MethodPost, "/v1/positions/"+position+"/assignments", tok, seat, nil); err != nil {
			return nil, fmt.Errorf("seed %s: seat agent %d: %w", ts.Slug, j+1, err)
		}
		ts.Agents = append(ts.Agents, u.ID)
	}
	return ts, nil
}

package main

import (
	"context"
	"fmt"
	"net/http"

	"kefu/bench/loadtest"
)

// seedWorkers sign up tenants at once; password hashing makes seeding
// CPU-bound, so more would not help on two cores.
const seedWorkers = 4

// agent is a seeded agent with a session.
type agent struct {
	ID, Token string
}

// tenantSeed is a signed-up tenant with its agents and their unit.
type tenantSeed struct {
	ID, Unit string
	Agents   []agent
}

type item struct {
	ID        string `json:"id"`
	UnitID    string `json:"unit_id"`
	Role      string `json:"role"`
	Headcount int    `json:"headcount"`
}

type list struct {
	Items []item `json:"items"`
}

// seed signs up n tenants, each with agents seated on the agent position
// and logged in, seedWorkers tenants at a time.
func seed(ctx context.Context, c *loadtest.Client, n, agents int) ([]*tenantSeed, error) {
	out := make([]*tenantSeed, n)
	err := loadtest.Each(ctx, n, seedWorkers, func(ctx context.Context, i int) error {
		ts, err := seedTenant(ctx, c, i, agents)
		out[i] = ts
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// seedTenant signs tenant i up through the public API and gives it
// agents with passwords, seats and sessions.
func seedTenant(ctx context.Context, c *loadtest.Client, i, agents int) (*tenantSeed, error) {
	slug := fmt.Sprintf("sweep-t%03d", i)
	domain := fmt.Sprintf("t%03d.sweep.example.com", i)
	su, err := c.SignUp(ctx, fmt.Sprintf("Sweep Bench %03d", i), slug, "generic", "director@"+domain)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	ts := &tenantSeed{ID: su.ID}
	var poss list
	if err := c.Call(ctx, http.MethodGet, "/v1/positions?limit=200", su.Token, nil, &poss); err != nil {
		return nil, fmt.Errorf("seed %s: positions: %w", slug, err)
	}
	position, headcount := "", 0
	for _, p := range poss.Items {
		if p.Role == "agent" && (p.Headcount > headcount || position == "") {
			position, ts.Unit, headcount = p.ID, p.UnitID, p.Headcount
		}
	}
	if position == "" {
		return nil, fmt.Errorf("seed %s: the generic template has no agent position", slug)
	}
	for j := range agents {
		email, password := fmt.Sprintf("agent%02d@%s", j+1, domain), fmt.Sprintf("bench-agent-password-%02d", j+1)
		var u item
		user := map[string]string{"email": email, "name": fmt.Sprintf("Sweep Agent %03d-%02d", i, j+1), "password": password}
		if err := c.CallJSON(ctx, http.MethodPost, "/v1/users", su.Token, user, &u); err != nil {
			return nil, fmt.Errorf("seed %s: create agent %d: %w", slug, j+1, err)
		}
		seat := map[string]any{"user_id": u.ID, "allow_over_quota": j >= headcount}
		if err := c.CallJSON(ctx, http.MethodPost, "/v1/positions/"+position+"/assignments", su.Token, seat, nil); err != nil {
			return nil, fmt.Errorf("seed %s: seat agent %d: %w", slug, j+1, err)
		}
		var login struct {
			Token string `json:"token"`
		}
		creds := map[string]string{"tenant": slug, "email": email, "password": password}
		if err := c.CallJSON(ctx, http.MethodPost, "/v1/auth/login", "", creds, &login); err != nil {
			return nil, fmt.Errorf("seed %s: log in agent %d: %w", slug, j+1, err)
		}
		if login.Token == "" {
			return nil, fmt.Errorf("seed %s: log in agent %d: answer without a token", slug, j+1)
		}
		ts.Agents = append(ts.Agents, agent{ID: u.ID, Token: login.Token})
	}
	return ts, nil
}

package main

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"kefu/bench/loadtest"
)

const (
	// seedWorkers sign up tenants concurrently; each tenant's own steps run
	// in order. Signup, user creation and login hash passwords (argon2id),
	// so seeding is CPU-bound and more workers would not help on 2 cores.
	seedWorkers = 8
	// The SLA policy every tenant gets: complaints, on the template's 24×7
	// calendar, so every benchmark ticket runs the SLA path.
	policyFirstResponse = 30 * time.Minute
	policyResolution    = 24 * time.Hour
)

// agent is a seeded agent with a session.
type agent struct {
	ID, Email, Token string
	Tenant           int // index into world.tenants
}

// tenantSeed is one signed-up tenant and what the scenarios need of it.
type tenantSeed struct {
	ID, Slug                string
	Director, DirectorToken string
	Unit, Position          string // the agents' unit and position
	Calendar, Policy        string // the 24×7 calendar and the SLA policy on it
	Agents                  []agent
}

// world is everything seeded through the API.
type world struct {
	tenants []*tenantSeed
	agents  []agent // all tenants' agents, tenant by tenant
	took    time.Duration
	loadAvg string // /proc/loadavg's 1, 5 and 15 minute figures before seeding
}

// seed signs up o.tenants tenants and gives each o.agents agents on the
// org chart's agent position, an SLA policy and a session per agent.
func seed(ctx context.Context, c *loadtest.Client, o options) (*world, error) {
	t0 := time.Now()
	w := &world{tenants: make([]*tenantSeed, o.tenants), loadAvg: loadtest.LoadAvg()}
	var mu sync.Mutex
	done := 0
	err := loadtest.Each(ctx, o.tenants, seedWorkers, func(ctx context.Context, i int) error {
		ts, err := seedTenant(ctx, c, i, o.agents)
		if err != nil {
			return err
		}
		w.tenants[i] = ts
		mu.Lock()
		defer mu.Unlock()
		done++
		if done%20 == 0 || done == o.tenants {
			progress.Info("tenants seeded", "done", done, "of", o.tenants, "took", time.Since(t0).Round(time.Millisecond))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, ts := range w.tenants {
		w.agents = append(w.agents, ts.Agents...)
	}
	w.took = time.Since(t0)
	return w, nil
}

type item struct {
	ID         string `json:"id"`
	UnitID     string `json:"unit_id"`
	Role       string `json:"role"`
	Code       string `json:"code"`
	Headcount  int    `json:"headcount"`
	AlwaysOpen bool   `json:"always_open"`
}

type list struct {
	Items []item `json:"items"`
}

// seedTenant signs up tenant i and prepares it; every step goes through
// the public API as a director would.
func seedTenant(ctx context.Context, c *loadtest.Client, i, agents int) (*tenantSeed, error) {
	ts := &tenantSeed{Slug: fmt.Sprintf("bench-t%03d", i)}
	domain := fmt.Sprintf("t%03d.bench.example.com", i)
	su, err := c.SignUp(ctx, fmt.Sprintf("Bench Service Center %03d", i), ts.Slug, "generic", "director@"+domain)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	ts.ID, ts.DirectorToken = su.ID, su.Token
	tok := ts.DirectorToken
	var me struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	if err := c.Call(ctx, http.MethodGet, "/v1/me", tok, nil, &me); err != nil {
		return nil, fmt.Errorf("seed %s: me: %w", ts.Slug, err)
	}
	ts.Director = me.User.ID

	// The generic template brings a 24×7 calendar and an org chart whose
	// agent positions sit in the customer service department.
	var cals, poss list
	if err := c.Call(ctx, http.MethodGet, "/v1/calendars", tok, nil, &cals); err != nil {
		return nil, fmt.Errorf("seed %s: calendars: %w", ts.Slug, err)
	}
	for _, cal := range cals.Items {
		if cal.AlwaysOpen {
			ts.Calendar = cal.ID
			break
		}
	}
	if err := c.Call(ctx, http.MethodGet, "/v1/positions?limit=200", tok, nil, &poss); err != nil {
		return nil, fmt.Errorf("seed %s: positions: %w", ts.Slug, err)
	}
	headcount := 0
	for _, p := range poss.Items {
		if p.Role == "agent" && (p.Headcount > headcount || p.Headcount == headcount && ts.Position == "") {
			ts.Position, ts.Unit, headcount = p.ID, p.UnitID, p.Headcount
		}
	}
	if ts.Calendar == "" || ts.Position == "" {
		return nil, fmt.Errorf("seed %s: the generic template has no 24×7 calendar or no agent position", ts.Slug)
	}
	policy := map[string]any{
		"name": "Complaints 24×7", "calendar_id": ts.Calendar, "match": map[string]any{"types": []string{"complaint"}},
		"first_response": "PT30M", "resolution": "PT24H", "rank": 1,
	}
	var pol item
	if err := c.CallJSON(ctx, http.MethodPost, "/v1/sla-policies", tok, policy, &pol); err != nil {
		return nil, fmt.Errorf("seed %s: sla policy: %w", ts.Slug, err)
	}
	ts.Policy = pol.ID

	for j := range agents {
		a, err := seedAgent(ctx, c, ts, i, j, domain, j >= headcount)
		if err != nil {
			return nil, err
		}
		ts.Agents = append(ts.Agents, a)
	}
	return ts, nil
}

// seedAgent creates agent j with a password, seats them on the agent
// position and logs them in once.
func seedAgent(ctx context.Context, c *loadtest.Client, ts *tenantSeed, i, j int, domain string, overQuota bool) (agent, error) {
	a := agent{Email: fmt.Sprintf("agent%02d@%s", j+1, domain), Tenant: i}
	password := fmt.Sprintf("bench-agent-password-%02d", j+1)
	var u item
	in := map[string]string{"email": a.Email, "name": fmt.Sprintf("Bench Agent %03d-%02d", i, j+1), "password": password}
	if err := c.CallJSON(ctx, http.MethodPost, "/v1/users", ts.DirectorToken, in, &u); err != nil {
		return a, fmt.Errorf("seed %s: create %s: %w", ts.Slug, a.Email, err)
	}
	a.ID = u.ID
	seat := map[string]any{"user_id": a.ID, "allow_over_quota": overQuota}
	if err := c.CallJSON(ctx, http.MethodPost, "/v1/positions/"+ts.Position+"/assignments", ts.DirectorToken, seat, nil); err != nil {
		return a, fmt.Errorf("seed %s: seat %s: %w", ts.Slug, a.Email, err)
	}
	var login struct {
		Token string `json:"token"`
	}
	creds := map[string]string{"tenant": ts.Slug, "email": a.Email, "password": password}
	if err := c.CallJSON(ctx, http.MethodPost, "/v1/auth/login", "", creds, &login); err != nil {
		return a, fmt.Errorf("seed %s: log in %s: %w", ts.Slug, a.Email, err)
	}
	if login.Token == "" {
		return a, fmt.Errorf("seed %s: log in %s: answer without a token", ts.Slug, a.Email)
	}
	a.Token = login.Token
	return a, nil
}

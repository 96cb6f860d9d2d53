package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"kefu/bench/loadtest"
)

const (
	// benchTenant is the one organization the benchmark signs up; the
	// schema is fresh, so a fixed slug cannot collide.
	benchTenant   = "bench-orgchart"
	directorEmail = "director@bench.example.com"
	// seedWorkers create the staff concurrently; invited users skip
	// password hashing, so a few workers make seeding quick.
	seedWorkers = 8
	// importTimeout bounds the one import request, which validates and
	// writes the whole chart in a transaction and can outlast the usual
	// per-request timeout.
	importTimeout = 2 * time.Minute
)

// seeded is what the load scenarios and the report need from seeding.
type seeded struct {
	token      string // the director's session
	chart      chartStats
	usersTook  time.Duration
	importTook time.Duration
}

// seed signs up a generic tenant, invites n staff and imports the
// benchmark chart with them on it.
func seed(ctx context.Context, c *loadtest.Client, n int) (seeded, error) {
	var s seeded
	token, err := signup(ctx, c)
	if err != nil {
		return s, err
	}
	s.token = token

	t0 := time.Now()
	staff, err := inviteStaff(ctx, c, token, n)
	if err != nil {
		return s, err
	}
	s.usersTook = time.Since(t0)
	loadtest.Progress.Info("staff invited", "users", len(staff), "took", s.usersTook.Round(time.Millisecond))

	doc, st, err := buildChart(directorEmail, staff)
	if err != nil {
		return s, err
	}
	s.chart = st
	t0 = time.Now()
	var out struct{ Units, Positions, Assignments int }
	if err := c.WithTimeout(importTimeout).CallJSON(ctx, http.MethodPost, "/v1/org-chart/import", token, doc, &out); err != nil {
		return s, fmt.Errorf("seed: import org chart: %w", err)
	}
	s.importTook = time.Since(t0)
	if out.Units != st.Units || out.Positions != st.Positions || out.Assignments != st.Assignments {
		return s, fmt.Errorf("seed: import wrote %d units, %d positions, %d assignments; sent %d, %d, %d",
			out.Units, out.Positions, out.Assignments, st.Units, st.Positions, st.Assignments)
	}
	loadtest.Progress.Info("chart imported", "units", out.Units, "positions", out.Positions, "assignments", out.Assignments,
		"took", s.importTook.Round(time.Millisecond))
	return s, nil
}

// signup creates the tenant and returns its director's session token.
func signup(ctx context.Context, c *loadtest.Client) (string, error) {
	t, err := c.SignUp(ctx, "Bench Customer Service Center", benchTenant, "generic", directorEmail)
	if err != nil {
		return "", fmt.Errorf("seed: %w", err)
	}
	return t.Token, nil
}

// inviteStaff creates n invited users (no password, so no argon2id) with
// seedWorkers in parallel and returns their emails in order. The first
// failure stops the rest.
func inviteStaff(ctx context.Context, c *loadtest.Client, token string, n int) ([]string, error) {
	emails := make([]string, n)
	for i := range emails {
		emails[i] = fmt.Sprintf("staff%04d@bench.example.com", i+1)
	}
	err := loadtest.Each(ctx, n, seedWorkers, func(ctx context.Context, i int) error {
		in := map[string]string{"email": emails[i], "name": fmt.Sprintf("Bench Staff %04d", i+1)}
		if err := c.CallJSON(ctx, http.MethodPost, "/v1/users", token, in, nil); err != nil {
			return fmt.Errorf("seed: invite %s: %w", emails[i], err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return emails, nil
}

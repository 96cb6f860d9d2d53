package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"kefu/bench/loadtest"
)

// benchTenant is the one organization the benchmark signs up; the schema
// is fresh, so a fixed slug cannot collide.
const benchTenant = "bench-auth"

// credential is one seeded user, with its login body pre-encoded.
type credential struct {
	email     string
	loginBody []byte
}

type tokenAnswer struct {
	Token string `json:"token"`
}

// seed signs up the tenant and creates n users with passwords, so the
// login scenario spreads over distinct rows instead of hammering one.
func seed(ctx context.Context, c *loadtest.Client, n int) ([]credential, error) {
	director, err := signup(ctx, c)
	if err != nil {
		return nil, err
	}
	creds := make([]credential, 0, n)
	for i := range n {
		cr, err := createUser(ctx, c, director, i)
		if err != nil {
			return nil, err
		}
		creds = append(creds, cr)
	}
	return creds, nil
}

// signup creates the tenant and returns its director's session token.
func signup(ctx context.Context, c *loadtest.Client) (string, error) {
	t, err := c.SignUp(ctx, "Bench Property Service Center", benchTenant, "property", "director@bench.example.com")
	if err != nil {
		return "", fmt.Errorf("seed: %w", err)
	}
	return t.Token, nil
}

// createUser adds user i (an agent, the default role) with a password.
func createUser(ctx context.Context, c *loadtest.Client, directorToken string, i int) (credential, error) {
	email := fmt.Sprintf("user%02d@bench.example.com", i)
	password := fmt.Sprintf("bench-password-%02d", i)
	in := map[string]string{"email": email, "name": fmt.Sprintf("Bench User %02d", i), "password": password}
	if err := c.CallJSON(ctx, http.MethodPost, "/v1/users", directorToken, in, nil); err != nil {
		return credential{}, fmt.Errorf("seed: create %s: %w", email, err)
	}
	body, err := json.Marshal(map[string]string{"tenant": benchTenant, "email": email, "password": password})
	if err != nil {
		return credential{}, fmt.Errorf("seed: encode login of %s: %w", email, err)
	}
	return credential{email: email, loginBody: body}, nil
}

// login signs cr in once and returns the session token.
func login(ctx context.Context, c *loadtest.Client, cr credential) (string, error) {
	var out tokenAnswer
	if err := c.Call(ctx, http.MethodPost, "/v1/auth/login", "", cr.loginBody, &out); err != nil {
		return "", fmt.Errorf("log in %s: %w", cr.email, err)
	}
	if out.Token == "" {
		return "", fmt.Errorf("log in %s: answer without a token", cr.email)
	}
	return out.Token, nil
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// benchTenant is the one organization the benchmark signs up; the schema
// is fresh, so a fixed slug cannot collide.
const benchTenant = "bench-auth"

// client talks to the in-process server over loopback HTTP.
type client struct {
	base string
	hc   *http.Client
}

// newClient tunes the transport for a closed-loop load test: enough idle
// connections per host that every worker keeps its keep-alive connection
// (the default of 2 would make most requests dial anew and measure TCP
// setup instead of the handler), no proxy, no compression.
func newClient(base string, concurrency int) *client {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        2 * concurrency,
		MaxIdleConnsPerHost: 2 * concurrency,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &client{base: base, hc: &http.Client{Transport: tr, Timeout: requestTimeout}}
}

// statusError is a non-2xx answer; the body's start says why.
type statusError struct {
	code int
	body string
}

func (e *statusError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.code, e.body) }

// call sends one request. body, when not nil, is JSON already encoded (so
// the load loops do not measure client-side encoding); out, when not nil,
// receives the decoded answer. The body is always read to the end so the
// connection goes back to the pool.
func (c *client) call(ctx context.Context, method, path, token string, body []byte, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		_, _ = io.Copy(io.Discard, resp.Body)
		return &statusError{code: resp.StatusCode, body: string(snippet)}
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
		}
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("%s %s: read answer: %w", method, path, err)
	}
	return nil
}

// callJSON encodes in and calls; for setup, where encoding cost is moot.
func (c *client) callJSON(ctx context.Context, method, path, token string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("%s %s: encode: %w", method, path, err)
	}
	return c.call(ctx, method, path, token, b, out)
}

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
func seed(ctx context.Context, c *client, n int) ([]credential, error) {
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
func signup(ctx context.Context, c *client) (string, error) {
	in := map[string]string{
		"organization":   "Bench Property Service Center",
		"slug":           benchTenant,
		"industry":       "property",
		"admin_email":    "director@bench.example.com",
		"admin_password": "bench-director-password",
		"admin_name":     "Bench Director",
		"locale":         "en",
	}
	var out tokenAnswer
	if err := c.callJSON(ctx, http.MethodPost, "/v1/signup", "", in, &out); err != nil {
		return "", fmt.Errorf("seed: signup: %w", err)
	}
	if out.Token == "" {
		return "", fmt.Errorf("seed: signup answered without a token")
	}
	return out.Token, nil
}

// createUser adds user i (an agent, the default role) with a password.
func createUser(ctx context.Context, c *client, directorToken string, i int) (credential, error) {
	email := fmt.Sprintf("user%02d@bench.example.com", i)
	password := fmt.Sprintf("bench-password-%02d", i)
	in := map[string]string{"email": email, "name": fmt.Sprintf("Bench User %02d", i), "password": password}
	if err := c.callJSON(ctx, http.MethodPost, "/v1/users", directorToken, in, nil); err != nil {
		return credential{}, fmt.Errorf("seed: create %s: %w", email, err)
	}
	body, err := json.Marshal(map[string]string{"tenant": benchTenant, "email": email, "password": password})
	if err != nil {
		return credential{}, fmt.Errorf("seed: encode login of %s: %w", email, err)
	}
	return credential{email: email, loginBody: body}, nil
}

// login signs cr in once and returns the session token.
func login(ctx context.Context, c *client, cr credential) (string, error) {
	var out tokenAnswer
	if err := c.call(ctx, http.MethodPost, "/v1/auth/login", "", cr.loginBody, &out); err != nil {
		return "", fmt.Errorf("log in %s: %w", cr.email, err)
	}
	if out.Token == "" {
		return "", fmt.Errorf("log in %s: answer without a token", cr.email)
	}
	return out.Token, nil
}

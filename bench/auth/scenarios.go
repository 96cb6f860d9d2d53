package main

import (
	"context"
	"fmt"
	"net/http"

	"kefu/bench/loadtest"
)

// runScenarios prepares and runs the login and me scenarios in order.
func runScenarios(ctx context.Context, c *loadtest.Client, o options, creds []credential) ([]loadtest.Result, error) {
	loginSc := loadtest.Scenario{Name: "login", Do: func(ctx context.Context, n int64) (int64, error) {
		cr := creds[n%int64(len(creds))]
		return 0, c.Call(ctx, http.MethodPost, "/v1/auth/login", "", cr.loginBody, nil)
	}}
	results := []loadtest.Result{}
	r, err := loadtest.Run(ctx, loginSc, o.Options)
	if err != nil {
		return nil, err
	}
	results = append(results, r)

	// Each user signs in once up front; the me loop then only measures
	// session lookup, not argon2id.
	tokens, err := loginAll(ctx, c, creds)
	if err != nil {
		return nil, err
	}
	meSc := loadtest.Scenario{Name: "me", Do: func(ctx context.Context, n int64) (int64, error) {
		return 0, c.Call(ctx, http.MethodGet, "/v1/me", tokens[n%int64(len(tokens))], nil, nil)
	}}
	if r, err = loadtest.Run(ctx, meSc, o.Options); err != nil {
		return nil, err
	}
	return append(results, r), nil
}

func loginAll(ctx context.Context, c *loadtest.Client, creds []credential) ([]string, error) {
	tokens := make([]string, 0, len(creds))
	for _, cr := range creds {
		rctx, cancel := context.WithTimeout(ctx, loadtest.RequestTimeout)
		tok, err := login(rctx, c, cr)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("token pool: %w", err)
		}
		tokens = append(tokens, tok)
	}
	return tokens, nil
}

package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/humatest"

	"kefu/testkit"
)

// TestDatabaseDownIs503WithRetryAfter: from a handler and from middleware
// (authentication runs before any handler), a database that does not
// answer is a 503 problem with Retry-After, not a 500.
func TestDatabaseDownIs503WithRetryAfter(t *testing.T) {
	down := fmt.Errorf("authenticate api key: %w", testkit.RefusedConnect(t))
	_, api := humatest.New(t)
	api.UseMiddleware(func(ctx huma.Context, next func(huma.Context)) {
		if ctx.Header("X-Fail-In") == "middleware" {
			writeProblem(api, ctx, down)
			return
		}
		next(ctx)
	})
	huma.Register(api, huma.Operation{OperationID: "create", Method: http.MethodPost, Path: "/things"},
		func(ctx context.Context, _ *struct{}) (*struct{}, error) {
			return nil, problem(ctx, fmt.Errorf("create thing: %w", down))
		})
	for _, where := range []string{"handler", "middleware"} {
		resp := api.Post("/things", "X-Fail-In: "+where)
		if resp.Code != http.StatusServiceUnavailable {
			t.Errorf("%s: status %d, want 503: %s", where, resp.Code, resp.Body)
		}
		if got := resp.Header().Get("Retry-After"); got != retryAfterSeconds {
			t.Errorf("%s: Retry-After %q, want %q", where, got, retryAfterSeconds)
		}
	}

	// Anything else still hides behind a 500.
	se, ok := problem(context.Background(), fmt.Errorf("boom")).(huma.StatusError)
	if !ok || se.GetStatus() != http.StatusInternalServerError {
		t.Fatalf("unknown error mapped to %v", se)
	}
}

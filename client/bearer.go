package client

import (
	"context"
	"net/http"
)

// Bearer authenticates every request with a session token or an API key:
//
//	client.NewClientWithResponses(url, client.WithRequestEditorFn(client.Bearer(key)))
func Bearer(token string) RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
}

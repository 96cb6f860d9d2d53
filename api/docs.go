package api

import (
	"net/http"
)

// docs serves the API reference, rendered on the server from the OpenAPI
// document so it needs no CDN and no script.
func (s *server) docs(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	if err := renderDocs(w, s.api.OpenAPI()); err != nil {
		s.d.Log.Error("render docs", "err", err)
	}
}

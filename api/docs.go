package api

import (
	"net/http"
)

// docsPage is a frontend that carries its own API reference page (the
// console build's docs.html: Swagger UI bundled from npm, no CDN).
type docsPage interface {
	ServeDocs(w http.ResponseWriter, r *http.Request) bool
}

// docs serves the API reference: the console build's page when there is
// one, otherwise HTML rendered on the server from the OpenAPI document
// (binaries built with -tags noconsole, tests), which needs no script.
func (s *server) docs(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.d.Frontend.(docsPage); ok && p.ServeDocs(w, r) {
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	if err := renderDocs(w, s.api.OpenAPI()); err != nil {
		s.d.Log.Error("render docs", "err", err)
	}
}

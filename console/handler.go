// Package console serves the web console's build: hashed assets cached for a
// year, index.html never cached, every other path falls back to index.html so
// the single-page app can route it, all under a strict Content-Security-Policy.
package console

import (
	"bytes"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// CSP allows only this origin. Ant Design writes its styles into <style>
// elements at run time, hence 'unsafe-inline' for styles (never scripts).
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"

const notBuilt = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Kefu</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>Kefu API is running</h1><p>The web console is not built into this binary.
Run <code>go tool task start</code> (it builds the console first) or
<code>go tool task console:build</code> and restart. The API is at <a href="/docs">/docs</a>.</p>`

// Site is the console's handler. Its ServeDocs serves the API reference
// page of the same build (docs.html, Swagger UI bundled from npm).
type Site struct {
	http.Handler
	docs  []byte
	start time.Time
}

// ServeDocs answers with the build's API reference page and reports
// whether it could: a build without docs.html (or no build) leaves /docs to
// the server-side fallback.
func (s *Site) ServeDocs(w http.ResponseWriter, r *http.Request) bool {
	if s.docs == nil {
		return false
	}
	secure(w.Header())
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "docs.html", s.start, bytes.NewReader(s.docs))
	return true
}

func secure(h http.Header) {
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
}

// Handler serves the console from fsys (the root of a Vite build). A nil fsys
// or one without index.html answers a page saying the console is not built.
func Handler(fsys fs.FS) *Site {
	var index, docs []byte
	if fsys != nil {
		index, _ = fs.ReadFile(fsys, "index.html")
		docs, _ = fs.ReadFile(fsys, "docs.html")
	}
	files := http.FileServerFS(fsys)
	start := time.Now()
	return &Site{docs: docs, start: start, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		secure(h)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if index == nil {
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(notBuilt))
			return
		}
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name != "" && name != "index.html" {
			if st, err := fs.Stat(fsys, name); err == nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					// Vite puts a content hash in every asset name.
					h.Set("Cache-Control", "public, max-age=31536000, immutable")
				} else {
					h.Set("Cache-Control", "no-cache")
				}
				files.ServeHTTP(w, r)
				return
			}
			if strings.HasPrefix(name, "assets/") || path.Ext(name) != "" {
				// A missing asset is a 404, not the app: a stale tab asking
				// for an old chunk must see the failure and reload.
				h.Set("Cache-Control", "no-store")
				http.NotFound(w, r)
				return
			}
		}
		h.Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "index.html", start, bytes.NewReader(index))
	})}
}

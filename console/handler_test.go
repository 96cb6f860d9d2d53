package console

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func build() fstest.MapFS {
	return fstest.MapFS{
		"index.html":          {Data: []byte(`<!doctype html><div id="root"></div><script src="/assets/index-abc.js"></script>`)},
		"assets/index-abc.js": {Data: []byte(`console.log(1)`)},
		"README.md":           {Data: []byte(`placeholder`)},
	}
}

func get(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

func TestHandler(t *testing.T) {
	h := Handler(build())
	cases := []struct {
		name, method, path string
		status             int
		cache, body        string
	}{
		{"root is the app", "GET", "/", 200, "no-cache", `id="root"`},
		{"deep link falls back to the app", "GET", "/tickets/tkt_123", 200, "no-cache", `id="root"`},
		{"hashed asset cached for a year", "GET", "/assets/index-abc.js", 200, "public, max-age=31536000, immutable", "console.log"},
		{"missing asset is 404, not the app", "GET", "/assets/index-old.js", 404, "no-store", ""},
		{"missing file with extension is 404", "GET", "/favicon.png", 404, "no-store", ""},
		{"other files revalidate", "GET", "/README.md", 200, "no-cache", "placeholder"},
		{"write methods refused", "POST", "/", 405, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := get(t, h, c.method, c.path)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d", w.Code, c.status)
			}
			if got := w.Header().Get("Content-Security-Policy"); got != CSP {
				t.Errorf("CSP %q", got)
			}
			if !strings.Contains(w.Header().Get("Content-Security-Policy"), "script-src 'self'") {
				t.Error("scripts not restricted to self")
			}
			if c.cache != "" && w.Header().Get("Cache-Control") != c.cache {
				t.Errorf("Cache-Control %q, want %q", w.Header().Get("Cache-Control"), c.cache)
			}
			if !strings.Contains(w.Body.String(), c.body) {
				t.Errorf("body %q lacks %q", w.Body.String(), c.body)
			}
		})
	}
}

func TestHandlerNotBuilt(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{"nil": nil, "placeholder only": {"README.md": {Data: []byte("x")}}} {
		t.Run(name, func(t *testing.T) {
			var h http.Handler
			if fsys == nil {
				h = Handler(nil)
			} else {
				h = Handler(fsys)
			}
			w := get(t, h, "GET", "/")
			if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "console:build") {
				t.Fatalf("got %d %q", w.Code, w.Body.String())
			}
		})
	}
}

func TestAssetsEmbedded(t *testing.T) {
	// The committed placeholder is always there, so the binary builds before
	// the first console build.
	if _, err := Assets().Open("README.md"); err != nil {
		t.Fatal(err)
	}
}

func TestServeDocs(t *testing.T) {
	with := build()
	with["docs.html"] = &fstest.MapFile{Data: []byte(`<!doctype html><div id="docs"></div><script src="/assets/docs-abc.js"></script>`)}
	w := httptest.NewRecorder()
	if !Handler(with).ServeDocs(w, httptest.NewRequest("GET", "/docs", nil)) {
		t.Fatal("a build with docs.html did not serve it")
	}
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `id="docs"`) || w.Header().Get("Content-Security-Policy") != CSP {
		t.Fatalf("docs page %d %q csp %q", w.Code, w.Body.String(), w.Header().Get("Content-Security-Policy"))
	}
	for name, h := range map[string]*Site{"no build": Handler(nil), "build without docs": Handler(build())} {
		if h.ServeDocs(httptest.NewRecorder(), httptest.NewRequest("GET", "/docs", nil)) {
			t.Errorf("%s: served a docs page", name)
		}
	}
}

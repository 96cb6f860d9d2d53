package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"kefu/api"
	"kefu/console"
)

// /docs is the console build's Swagger UI page under the console's strict
// CSP when the build has one; without it (noconsole binaries, tests) the
// server renders the reference itself, script-free.
func TestDocsServeTheBundledRendererWhenBuilt(t *testing.T) {
	build := fstest.MapFS{
		"index.html": {Data: []byte(`<!doctype html><div id="root"></div>`)},
		"docs.html":  {Data: []byte(`<!doctype html><div id="docs"></div><script type="module" src="/assets/docs-abc.js"></script>`)},
	}
	for name, c := range map[string]struct {
		fs        fstest.MapFS
		body, csp string
		noScript  bool
	}{
		"console with docs":    {build, `id="docs"`, console.CSP, false},
		"console without docs": {fstest.MapFS{"index.html": build["index.html"]}, `id="create-ticket"`, "default-src 'none'", true},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(api.New(api.Deps{Frontend: console.Handler(c.fs)}))
			defer srv.Close()
			res, err := http.Get(srv.URL + "/docs")
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			raw, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK || !strings.Contains(string(raw), c.body) {
				t.Fatalf("status %d, body %.300s", res.StatusCode, raw)
			}
			if !strings.HasPrefix(res.Header.Get("Content-Security-Policy"), c.csp) {
				t.Errorf("CSP %q", res.Header.Get("Content-Security-Policy"))
			}
			if c.noScript && strings.Contains(string(raw), "<script") {
				t.Error("the server-side fallback carries a script")
			}
		})
	}
}

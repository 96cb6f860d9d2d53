// Package apptest runs a whole Kefu (database, Redis, API) for end-to-end
// tests, on SQLite + miniredis or on PostgreSQL + Redis (see testkit).
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"kefu/app"
	"kefu/ent/migrations"
	"kefu/ent/store"
	"kefu/ids"
	"kefu/testkit"
)

// quietLogs keeps request logs out of test output; warnings still show.
var quietLogs sync.Once

// Env is a running Kefu.
type Env struct {
	T   testing.TB
	App *app.App
	URL string
	srv *httptest.Server
	cfg app.Config
}

// New starts Kefu for t; workers are not started (see StartWorkers). opts
// adjust the configuration (e.g. turn billing on).
func New(t testing.TB, opts ...func(*app.Config)) *Env {
	t.Helper()
	quietLogs.Do(func() {
		slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	})
	dbURL := testkit.DatabaseURL(t)
	st, err := store.Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Apply(context.Background(), st.DB, st.Dialect); err != nil {
		t.Fatal(err)
	}
	st.Close()
	cfg := app.Config{
		DatabaseURL:   dbURL,
		RedisURL:      testkit.RedisURL(t),
		BaseURL:       "http://kefu.test",
		Concurrency:   4,
		SweepInterval: time.Hour,
		AuthzChannel:  "kefu:authz:test:" + ids.Token(6),
		APIKeyPepper:  TestPepper,
		DataDir:       t.TempDir(),
	}
	for _, o := range opts {
		o(&cfg)
	}
	return start(t, cfg)
}

// TestPepper is the fixed API key pepper of every test Kefu.
const TestPepper = "kefu-test-pepper-0123456789abcdef"

// start builds and serves a Kefu with cfg until t ends.
func start(t testing.TB, cfg app.Config) *Env {
	t.Helper()
	a, err := app.Build(context.Background(), cfg)
	if err != nil {
		t.Fatalf("apptest: build: %v", err)
	}
	srv := httptest.NewServer(a.Handler(nil))
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	return &Env{T: t, App: a, URL: srv.URL, srv: srv, cfg: cfg}
}

// Peer starts a second Kefu on the same database and Redis, like another
// API process of the same deployment.
func (e *Env) Peer() *Env {
	e.T.Helper()
	return start(e.T, e.cfg)
}

// StartWorkers runs the workers until the test ends, or until the
// returned stop is called (a worker restart).
func (e *Env) StartWorkers() (stop func()) {
	stopWorkers, err := e.App.StartWorkers(context.Background())
	if err != nil {
		e.T.Fatal(err)
	}
	var once sync.Once
	stop = func() { once.Do(stopWorkers) }
	e.T.Cleanup(stop)
	return stop
}

// Response is an HTTP answer with its JSON decoded.
type Response struct {
	Status int
	Header http.Header
	Raw    []byte
	JSON   map[string]any
}

// Str returns a top-level string field.
func (r Response) Str(key string) string {
	s, _ := r.JSON[key].(string)
	return s
}

// Items returns the "items" array of a list.
func (r Response) Items() []map[string]any {
	raw, _ := r.JSON["items"].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, it := range raw {
		if m, ok := it.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// Do sends a request; body is marshalled to JSON unless it is a string.
func (e *Env) Do(method, path, token string, body any) Response {
	e.T.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			e.T.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, e.URL+path, rd)
	if err != nil {
		e.T.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := Response{Status: res.StatusCode, Header: res.Header, Raw: raw}
	_ = json.Unmarshal(raw, &out.JSON)
	return out
}

// Must is Do that fails the test unless the status is want.
func (e *Env) Must(want int, method, path, token string, body any) Response {
	e.T.Helper()
	r := e.Do(method, path, token, body)
	if r.Status != want {
		e.T.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, r.Raw)
	}
	return r
}

// Tenant is a signed-up organization with its director signed in.
type Tenant struct {
	ID, Slug, Token, DirectorID string
}

// Password is what Signup and AddUser use.
const Password = "correct-horse-battery"

// Signup creates an organization in industry and returns its director.
func (e *Env) Signup(slug, industry string) Tenant {
	e.T.Helper()
	r := e.Must(http.StatusCreated, "POST", "/v1/signup", "", map[string]any{
		"organization": "Org " + slug, "slug": slug, "industry": industry,
		"admin_email": "director@" + slug + ".test", "admin_password": Password,
	})
	tenant, _ := r.JSON["tenant"].(map[string]any)
	t := Tenant{ID: tenant["id"].(string), Slug: slug, Token: r.Str("token")}
	me := e.Must(http.StatusOK, "GET", "/v1/me", t.Token, nil)
	t.DirectorID = me.JSON["user"].(map[string]any)["id"].(string)
	return t
}

// AddUser creates an active user with roles and returns its id and token.
func (e *Env) AddUser(t Tenant, local string, roles ...string) (id, token string) {
	e.T.Helper()
	email := local + "@" + t.Slug + ".test"
	r := e.Must(http.StatusCreated, "POST", "/v1/users", t.Token, map[string]any{
		"email": email, "name": local, "password": Password, "roles": roles,
	})
	return r.Str("id"), e.Login(t.Slug, email, Password)
}

// Login signs in and returns the token.
func (e *Env) Login(slug, email, password string) string {
	e.T.Helper()
	r := e.Must(http.StatusOK, "POST", "/v1/auth/login", "", map[string]any{"tenant": slug, "email": email, "password": password})
	return r.Str("token")
}

package client_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"kefu/client"
)

// validating is an http.RoundTripper that checks every request the client
// sends and every answer the server gives against the OpenAPI document
// (the committed 3.0 form, which TestGeneratedClientIsCurrent keeps equal
// to what the server serves): the proof that the spec matches the server.
type validating struct {
	t      testing.TB
	router routers.Router
	next   http.RoundTripper

	mu   sync.Mutex
	seen map[string]bool // "operation status" checked
}

// siblingDescriptions: 3.1 lets a $ref carry a description beside it, and
// huma's downgrade to 3.0 keeps it.
var siblingDescriptions = openapi3.AllowExtraSiblingFields("description")

// loadDocument reads openapi-3.0.yaml and points its server at baseURL.
func loadDocument(t testing.TB, baseURL string) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile("openapi-3.0.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background(), siblingDescriptions); err != nil {
		t.Fatalf("openapi-3.0.yaml is not a valid OpenAPI 3.0 document: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: baseURL}}
	return doc
}

func newValidating(t testing.TB, baseURL string) *validating {
	r, err := legacy.NewRouter(loadDocument(t, baseURL), siblingDescriptions)
	if err != nil {
		t.Fatal(err)
	}
	return &validating{t: t, router: r, next: http.DefaultTransport, seen: map[string]bool{}}
}

// newClient is a generated client whose traffic is validated; token may be "".
func newClient(t testing.TB, v *validating, baseURL, token string) *client.ClientWithResponses {
	t.Helper()
	opts := []client.ClientOption{client.WithHTTPClient(&http.Client{Transport: v})}
	if token != "" {
		opts = append(opts, client.WithRequestEditorFn(client.Bearer(token)))
	}
	c, err := client.NewClientWithResponses(baseURL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (v *validating) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		var err error
		if reqBody, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	res, err := v.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(body))

	ctx := context.Background()
	check := req.Clone(ctx)
	check.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := v.router.FindRoute(check)
	if err != nil {
		v.t.Errorf("%s %s is not in the OpenAPI document: %v", req.Method, req.URL.Path, err)
		return res, nil
	}
	in := &openapi3filter.RequestValidationInput{Request: check, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	// A request the document forbids must be refused; tests send some on
	// purpose to see the problem answer validate too.
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && res.StatusCode < 400 {
		v.t.Errorf("the server accepted (%d) a request the document forbids, %s %s: %v", res.StatusCode, req.Method, req.URL.Path, err)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Body: io.NopCloser(bytes.NewReader(body)), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		v.t.Errorf("response %d to %s %s does not match the document: %v\n%.2000s", res.StatusCode, req.Method, req.URL.Path, err, body)
	}
	v.mu.Lock()
	v.seen[route.Operation.OperationID+" "+http.StatusText(res.StatusCode)] = true
	v.mu.Unlock()
	return res, nil
}

// checked lists the operation/status pairs validated, for the test log.
func (v *validating) checked() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make([]string, 0, len(v.seen))
	for k := range v.seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// recordingTB collects what the validator reports instead of failing.
type recordingTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// The validator is only proof if it notices a server that strays from the
// document: an answer of the wrong shape, an undocumented status, a path
// the document does not have.
func TestValidatorCatchesAServerThatStrays(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/tickets/tkt_1":
			_, _ = w.Write([]byte(`{"id": 5, "number": "T-1"}`))
		case "/v1/me":
			w.WriteHeader(http.StatusTeapot)
			_, _ = w.Write([]byte(`{}`))
		default:
			_, _ = w.Write([]byte(`{}`))
		}
	}))
	defer srv.Close()
	rec := &recordingTB{TB: t}
	c := newClient(rec, newValidating(rec, srv.URL), srv.URL, "kfs_token")
	ctx := context.Background()
	_, _ = c.GetTicketWithResponse(ctx, "tkt_1")
	_, _ = c.GetMeWithResponse(ctx)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/no-such-thing", nil)
	_, _ = (&http.Client{Transport: newValidating(rec, srv.URL)}).Do(req)
	if len(rec.errors) != 3 {
		t.Fatalf("the validator reported %d problems, want 3:\n%s", len(rec.errors), strings.Join(rec.errors, "\n"))
	}
	for i, want := range []string{"response 200 to GET /v1/tickets/tkt_1", "response 418 to GET /v1/me", "/v1/no-such-thing is not in the OpenAPI document"} {
		if !strings.Contains(rec.errors[i], want) {
			t.Errorf("report %d = %.200q, want it to mention %q", i, rec.errors[i], want)
		}
	}
}

package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"kefu/app/apptest"
	"kefu/ent/idempotencyrecord"
	"kefu/tenants/idempotency"
	"kefu/tenants/tenancy"
	"kefu/workers"
)

// send is apptest's Do with extra request headers.
func send(t testing.TB, e *apptest.Env, method, path, token, body string, headers map[string]string) apptest.Response {
	t.Helper()
	req, err := http.NewRequest(method, e.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := apptest.Response{Status: res.StatusCode, Header: res.Header, Raw: raw}
	_ = json.Unmarshal(raw, &out.JSON)
	return out
}

func withKey(k string) map[string]string { return map[string]string{"Idempotency-Key": k} }

const ticketBody = `{"type":"inquiry","channel":"api","subject":"电梯停运"}`

// ticketCount counts a tenant's tickets with subject.
func ticketCount(t *testing.T, e *apptest.Env, token, subject string) int {
	t.Helper()
	n := 0
	for _, it := range e.Must(http.StatusOK, "GET", "/v1/tickets?limit=200", token, nil).Items() {
		if it["subject"] == subject {
			n++
		}
	}
	return n
}

func TestIdempotencyFiftyConcurrentDuplicatesCreateOneTicket(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("idem-fifty", "generic")
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		ids     = map[string]int{}
		created int
		replays int
		other   []string
	)
	start := make(chan struct{})
	for range 50 {
		wg.Go(func() {
			<-start
			r := send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey("fifty-1"))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case r.Status == http.StatusCreated:
				created++
				ids[r.Str("id")]++
				if r.Header.Get("Idempotent-Replayed") == "true" {
					replays++
				}
			case r.Status == http.StatusConflict: // waited out; allowed by the contract
			default:
				other = append(other, string(r.Raw))
			}
		})
	}
	close(start)
	wg.Wait()
	t.Logf("50 duplicates: %d created (%d replays), %d waited out with 409", created, replays, 50-created)
	if len(other) > 0 {
		t.Fatalf("unexpected answers: %v", other)
	}
	if len(ids) != 1 || created == 0 {
		t.Fatalf("2xx answers named %d tickets (%v), want exactly one", len(ids), ids)
	}
	if replays != created-1 {
		t.Fatalf("%d of %d answers were replays, want all but the first", replays, created)
	}
	if n := ticketCount(t, e, tn.Token, "电梯停运"); n != 1 {
		t.Fatalf("%d tickets created, want 1", n)
	}
}

func TestIdempotencyReplayReturnsTheFirstAnswer(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("idem-replay", "generic")
	first := send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey("replay-1"))
	if first.Status != http.StatusCreated || first.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first: %d %v %s", first.Status, first.Header, first.Raw)
	}
	again := send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey("replay-1"))
	if again.Status != http.StatusCreated || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry: %d, Idempotent-Replayed %q", again.Status, again.Header.Get("Idempotent-Replayed"))
	}
	if !bytes.Equal(first.Raw, again.Raw) || again.Header.Get("Content-Type") != first.Header.Get("Content-Type") {
		t.Fatalf("replay differs:\n%s\n%s", first.Raw, again.Raw)
	}
	if n := ticketCount(t, e, tn.Token, "电梯停运"); n != 1 {
		t.Fatalf("%d tickets, want 1", n)
	}
	// Without the header every request is new.
	e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, ticketBody)
	if n := ticketCount(t, e, tn.Token, "电梯停运"); n != 2 {
		t.Fatalf("%d tickets, want 2", n)
	}
}

func TestIdempotencyKeyWithAnotherRequest422(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("idem-reuse", "generic")
	send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey("reuse-1"))
	other := send(t, e, "POST", "/v1/tickets", tn.Token, `{"type":"inquiry","channel":"api","subject":"另一件事"}`, withKey("reuse-1"))
	if other.Status != http.StatusUnprocessableEntity || !strings.Contains(string(other.Raw), "Idempotency-Key") {
		t.Fatalf("other body: %d %s", other.Status, other.Raw)
	}
	otherPath := send(t, e, "POST", "/v1/customers", tn.Token, `{"name":"王先生"}`, withKey("reuse-1"))
	if otherPath.Status != http.StatusUnprocessableEntity {
		t.Fatalf("other path: %d %s", otherPath.Status, otherPath.Raw)
	}
	if n := ticketCount(t, e, tn.Token, "另一件事"); n != 0 {
		t.Fatal("the refused request ran")
	}
}

func TestIdempotencyKeysBelongToOneCallerInOneTenant(t *testing.T) {
	e := apptest.New(t)
	a := e.Signup("idem-a", "generic")
	b := e.Signup("idem-b", "generic")
	_, colleague := e.AddUser(a, "agent", "director")
	ids := map[string]bool{}
	for _, tok := range []string{a.Token, colleague, b.Token} {
		r := send(t, e, "POST", "/v1/tickets", tok, ticketBody, withKey("shared-key"))
		if r.Status != http.StatusCreated || r.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("same key, another caller: %d %v %s", r.Status, r.Header, r.Raw)
		}
		ids[r.Str("id")] = true
	}
	if len(ids) != 3 {
		t.Fatalf("want three tickets, got %v", ids)
	}
	if n := ticketCount(t, e, a.Token, "电梯停运"); n != 2 {
		t.Fatalf("tenant a has %d tickets, want 2", n)
	}
}

func TestIdempotencyReplays4xxButNot5xx(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("idem-errors", "generic")
	bad := `{"type":"nonsense","channel":"api","subject":"x"}`
	first := send(t, e, "POST", "/v1/tickets", tn.Token, bad, withKey("bad-1"))
	again := send(t, e, "POST", "/v1/tickets", tn.Token, bad, withKey("bad-1"))
	if first.Status != http.StatusUnprocessableEntity || again.Status != first.Status ||
		again.Header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(first.Raw, again.Raw) {
		t.Fatalf("4xx replay: %d → %d (%q)\n%s\n%s", first.Status, again.Status, again.Header.Get("Idempotent-Replayed"), first.Raw, again.Raw)
	}

	// A server error releases the key: the retry runs for real.
	db := e.App.Store.DB
	if _, err := db.Exec(`ALTER TABLE tickets RENAME TO tickets_away`); err != nil {
		t.Fatal(err)
	}
	failed := send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey("flaky-1"))
	if _, err := db.Exec(`ALTER TABLE tickets_away RENAME TO tickets`); err != nil {
		t.Fatal(err)
	}
	if failed.Status != http.StatusInternalServerError {
		t.Fatalf("with the table gone: %d %s", failed.Status, failed.Raw)
	}
	retry := send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey("flaky-1"))
	if retry.Status != http.StatusCreated || retry.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("retry after 500: %d %q %s", retry.Status, retry.Header.Get("Idempotent-Replayed"), retry.Raw)
	}
}

func TestIdempotencyDuplicateOfARunningRequest(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("idem-busy", "generic")
	e.App.Idempotency.Wait = 150 * time.Millisecond
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	e.App.Now = func() time.Time { return now }

	// Another process claimed the key and is still running.
	ctx := tenancy.WithViewer(context.Background(), tenancy.Viewer{TenantID: tn.ID, ActorType: tenancy.ActorUser, ActorID: tn.DirectorID})
	res, err := e.App.Idempotency.Begin(ctx, idempotency.Request{Principal: tn.DirectorID, Key: "busy-1", Method: "POST",
		Path: "/v1/tickets", Hash: idempotency.Hash("POST", "/v1/tickets", []byte(ticketBody))})
	if err != nil || res.Claim == "" {
		t.Fatalf("claim: %+v %v", res, err)
	}
	r := send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey("busy-1"))
	if r.Status != http.StatusConflict || !strings.Contains(string(r.Raw), "in progress") {
		t.Fatalf("duplicate of a running request: %d %s", r.Status, r.Raw)
	}
	// That process died: once its lock lapses a retry takes over.
	now = now.Add(idempotency.Lock + time.Second)
	r = send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey("busy-1"))
	if r.Status != http.StatusCreated || r.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("after the lock lapsed: %d %s", r.Status, r.Raw)
	}
	if again := send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey("busy-1")); again.Str("id") != r.Str("id") {
		t.Fatalf("replay after take-over names %q, want %q", again.Str("id"), r.Str("id"))
	}
}

func TestIdempotencyRecordsExpireAndAreSwept(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("idem-expiry", "generic")
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	e.App.Now = func() time.Time { return now }
	first := send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey("day-1"))
	send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey("day-2"))
	records := func() int {
		n, err := e.App.Store.Client.IdempotencyRecord.Query().Where(idempotencyrecord.TenantID(tn.ID)).Count(tenancy.System(context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if records() != 2 {
		t.Fatalf("%d records, want 2", records())
	}
	now = now.Add(idempotency.TTL + time.Minute)
	// A day later the key is new again, even before the sweep.
	second := send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey("day-1"))
	if second.Status != http.StatusCreated || second.Str("id") == first.Str("id") || second.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("expired key: %d %s (first %s)", second.Status, second.Raw, first.Str("id"))
	}
	sw := &workers.Sweeper{Idempotency: e.App.Idempotency, Now: e.App.Now}
	if _, err := sw.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := records(); n != 1 {
		t.Fatalf("%d records after the sweep, want only the fresh day-1", n)
	}
}

func TestIdempotencyKeyValidation(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("idem-badkey", "generic")
	for _, k := range []string{strings.Repeat("k", 256), "tab\there", "中文键"} {
		r := send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey(k))
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Raw), "header.Idempotency-Key") {
			t.Fatalf("key %q: %d %s", k, r.Status, r.Raw)
		}
	}
	if n := ticketCount(t, e, tn.Token, "电梯停运"); n != 0 {
		t.Fatalf("%d tickets created with bad keys", n)
	}
	// 255 printable characters are fine; reads ignore the header.
	e.Must(http.StatusOK, "GET", "/v1/me", tn.Token, nil)
	if r := send(t, e, "POST", "/v1/tickets", tn.Token, ticketBody, withKey(strings.Repeat("k", 255))); r.Status != http.StatusCreated {
		t.Fatalf("255-char key: %d %s", r.Status, r.Raw)
	}
	if r := send(t, e, "GET", "/v1/me", tn.Token, "", withKey("tab\there")); r.Status != http.StatusOK {
		t.Fatalf("GET with a bad key: %d", r.Status)
	}
}

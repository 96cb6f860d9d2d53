package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kefu/app/apptest"
	"kefu/ent"
	"kefu/ent/webhookevent"
	"kefu/tenants/tenancy"
	"kefu/tenants/webhooks"
	"kefu/workers"
)

// hookCall is one POST a test receiver got.
type hookCall struct {
	header http.Header
	body   []byte
	status int
	verify error // webhooks.Verify with the endpoint's secret
}

// hookReceiver is an integrator's endpoint on loopback: it answers the
// n-th call (from 1) with status(n) and checks each signature.
type hookReceiver struct {
	*httptest.Server
	mu     sync.Mutex
	secret string
	status func(n int) int
	calls  []hookCall
}

func newHookReceiver(t *testing.T, status func(n int) int) *hookReceiver {
	r := &hookReceiver{status: status}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		c := hookCall{header: req.Header.Clone(), body: body, status: r.status(len(r.calls) + 1)}
		c.verify = webhooks.Verify(r.secret, req.Header.Get("Kefu-Signature"), body, 5*time.Minute, time.Now())
		r.calls = append(r.calls, c)
		r.mu.Unlock()
		w.WriteHeader(c.status)
		_, _ = io.WriteString(w, `{"received":true}`)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *hookReceiver) setSecret(s string) { r.mu.Lock(); r.secret = s; r.mu.Unlock() }

func (r *hookReceiver) got() []hookCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]hookCall(nil), r.calls...)
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// webhookEnv is Kefu with receivers allowed on loopback and short retries.
func webhookEnv(t *testing.T) *apptest.Env {
	e := apptest.New(t)
	e.App.Webhooks.SetAllowPrivate(true)
	e.App.Webhooks.Retry = webhooks.RetryPolicy{First: 200 * time.Millisecond, Max: time.Second, Window: time.Hour}
	return e
}

func createHook(e *apptest.Env, token, url string, events ...string) apptest.Response {
	return e.Must(http.StatusCreated, "POST", "/v1/webhooks", token, map[string]any{"url": url, "events": events, "description": "测试接收端"})
}

func newTicket(e *apptest.Env, token string) apptest.Response {
	return e.Must(http.StatusCreated, "POST", "/v1/tickets", token, map[string]any{"type": "request", "channel": "api", "subject": "电梯故障"})
}

func deliveries(e *apptest.Env, token, hookID string) []map[string]any {
	return e.Must(http.StatusOK, "GET", "/v1/webhooks/"+hookID+"/deliveries", token, nil).Items()
}

func countEvents(t *testing.T, e *apptest.Env, tenantID, typ string) int {
	t.Helper()
	n, err := e.App.Store.WebhookEvent.Query().Where(webhookevent.TenantID(tenantID), webhookevent.Type(typ)).
		Count(tenancy.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The test: a receiver that fails three times and then answers gets
// the event exactly once successfully, each time validly signed, through
// the relay, real asynq and the backoff; a tampered body fails Verify.
func TestWebhookRetriedUntilTheReceiverAnswersArrivesOnceSigned(t *testing.T) {
	e := webhookEnv(t)
	acme := e.Signup("acme", "property")
	rcv := newHookReceiver(t, func(n int) int {
		if n <= 3 {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	})
	hook := createHook(e, acme.Token, rcv.URL+"/kefu", webhooks.TicketCreated)
	secret := hook.Str("secret")
	if !strings.HasPrefix(secret, "whsec_") || len(secret) < 40 {
		t.Fatalf("generated secret %q", secret)
	}
	rcv.setSecret(secret)
	if got := e.Must(http.StatusOK, "GET", "/v1/webhooks/"+hook.Str("id"), acme.Token, nil); got.JSON["secret"] != nil {
		t.Fatalf("secret shown again: %s", got.Raw)
	}
	e.StartWorkers()
	tk := newTicket(e, acme.Token)

	eventually(t, "a successful delivery", func() bool {
		ds := deliveries(e, acme.Token, hook.Str("id"))
		return len(ds) == 1 && ds[0]["status"] == "succeeded"
	})
	calls := rcv.got()
	if len(calls) != 4 {
		t.Fatalf("receiver got %d calls, want 3 failures and 1 success", len(calls))
	}
	d := deliveries(e, acme.Token, hook.Str("id"))[0]
	for i, c := range calls {
		if c.verify != nil {
			t.Fatalf("call %d: signature: %v", i+1, c.verify)
		}
		if c.header.Get("Kefu-Event-Id") != calls[0].header.Get("Kefu-Event-Id") || string(c.body) != string(calls[0].body) {
			t.Fatalf("call %d is not the same event", i+1)
		}
		if c.header.Get("Kefu-Event-Type") != webhooks.TicketCreated || c.header.Get("Kefu-Delivery-Id") != d["id"] ||
			c.header.Get("User-Agent") != "Kefu-Webhooks/1" || c.header.Get("Content-Type") != "application/json" {
			t.Fatalf("call %d headers: %v", i+1, c.header)
		}
	}
	var p struct {
		Data struct {
			Ticket map[string]any `json:"ticket"`
			Event  map[string]any `json:"event"`
		} `json:"data"`
	}
	var raw map[string]any
	if err := json.Unmarshal(calls[3].body, &raw); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal(calls[3].body, &p)
	if raw["id"] != d["event_id"] || raw["type"] != webhooks.TicketCreated || raw["tenant_id"] != acme.ID || raw["created_at"] == nil {
		t.Fatalf("envelope: %s", calls[3].body)
	}
	if p.Data.Ticket["id"] != tk.Str("id") || p.Data.Ticket["number"] != tk.Str("number") || p.Data.Ticket["status"] != "new" ||
		p.Data.Event["type"] != "created" || p.Data.Ticket["subject"] != nil {
		t.Fatalf("data: %s", calls[3].body)
	}
	// Verification with the documented algorithm rejects a tampered body.
	tampered := strings.Replace(string(calls[3].body), tk.Str("number"), "T-HACKED", 1)
	if err := webhooks.Verify(secret, calls[3].header.Get("Kefu-Signature"), []byte(tampered), 5*time.Minute, time.Now()); !errors.Is(err, webhooks.ErrBadSignature) {
		t.Fatalf("tampered body verifies: %v", err)
	}
	// The delivery log has every attempt with its code.
	detail := e.Must(http.StatusOK, "GET", "/v1/webhooks/"+hook.Str("id")+"/deliveries/"+d["id"].(string), acme.Token, nil)
	log, _ := detail.JSON["attempt_log"].([]any)
	if len(log) != 4 || detail.JSON["attempts"] != float64(4) || detail.JSON["last_status_code"] != float64(200) || detail.JSON["delivered_at"] == nil {
		t.Fatalf("delivery: %s", detail.Raw)
	}
	for i, want := range []float64{503, 503, 503, 200} {
		a := log[i].(map[string]any)
		if a["status_code"] != want || a["manual"] != false || a["latency_ms"] == nil {
			t.Fatalf("attempt %d: %v", i+1, a)
		}
	}
	if log[0].(map[string]any)["error"] != "HTTP 503" || log[3].(map[string]any)["response"] != `{"received":true}` {
		t.Fatalf("attempt log: %s", detail.Raw)
	}
}

// Only subscribed types are written and sent; another tenant's endpoint
// never sees this tenant's events nor its delivery log.
func TestWebhookDeliversOnlySubscribedTypesOfItsOwnTenant(t *testing.T) {
	e := webhookEnv(t)
	acme := e.Signup("acme", "property")
	globex := e.Signup("globex", "property")
	ok := func(int) int { return http.StatusNoContent }
	acmeRcv, globexRcv := newHookReceiver(t, ok), newHookReceiver(t, ok)
	acmeHook := createHook(e, acme.Token, acmeRcv.URL, webhooks.TicketResolved, webhooks.TicketReopened)
	globexHook := createHook(e, globex.Token, globexRcv.URL, "*")
	acmeRcv.setSecret(acmeHook.Str("secret"))
	globexRcv.setSecret(globexHook.Str("secret"))
	e.StartWorkers()

	tk := newTicket(e, acme.Token)
	e.Must(http.StatusCreated, "POST", "/v1/tickets/"+tk.Str("id")+"/comments", acme.Token, map[string]any{"body": "已派维修", "public": true})
	e.Must(http.StatusOK, "POST", "/v1/tickets/"+tk.Str("id")+"/status", acme.Token, map[string]any{"status": "resolved", "note": "已修复"})
	eventually(t, "acme's resolved event", func() bool { return len(acmeRcv.got()) == 1 })
	if n := countEvents(t, e, acme.ID, webhooks.TicketCreated) + countEvents(t, e, acme.ID, webhooks.TicketUpdated); n != 0 {
		t.Fatalf("%d unsubscribed events written", n)
	}
	c := acmeRcv.got()[0]
	var p map[string]any
	_ = json.Unmarshal(c.body, &p)
	data := p["data"].(map[string]any)
	if p["type"] != webhooks.TicketResolved || data["ticket"].(map[string]any)["status"] != "resolved" ||
		data["event"].(map[string]any)["type"] != "status_changed" || c.verify != nil {
		t.Fatalf("resolved delivery: %s (%v)", c.body, c.verify)
	}

	// Globex's catch-all endpoint gets globex's ticket, never acme's.
	gt := newTicket(e, globex.Token)
	eventually(t, "globex's created event", func() bool { return len(globexRcv.got()) == 1 })
	for _, c := range globexRcv.got() {
		_ = json.Unmarshal(c.body, &p)
		if p["tenant_id"] != globex.ID || p["data"].(map[string]any)["ticket"].(map[string]any)["id"] != gt.Str("id") {
			t.Fatalf("globex received %s", c.body)
		}
	}
	if ds := deliveries(e, globex.Token, globexHook.Str("id")); len(ds) != 1 {
		t.Fatalf("globex's log: %v", ds)
	}
	acmeDelivery := deliveries(e, acme.Token, acmeHook.Str("id"))[0]["id"].(string)
	base := "/v1/webhooks/" + globexHook.Str("id") + "/deliveries/" + acmeDelivery
	e.Must(http.StatusNotFound, "GET", base, globex.Token, nil)
	e.Must(http.StatusNotFound, "POST", base+"/redeliver", globex.Token, nil)
	e.Must(http.StatusNotFound, "GET", "/v1/webhooks/"+acmeHook.Str("id")+"/deliveries", globex.Token, nil)
	if hooks := e.Must(http.StatusOK, "GET", "/v1/webhooks", globex.Token, nil).Items(); len(hooks) != 1 || hooks[0]["id"] != globexHook.Str("id") {
		t.Fatalf("globex lists %v", hooks)
	}
	if len(acmeRcv.got()) != 1 {
		t.Fatalf("acme's receiver got %d calls", len(acmeRcv.got()))
	}
}

// The event is part of the ticket's transaction: when something later in
// it fails, neither ticket nor event remains.
func TestWebhookEventRollsBackWithTheTicket(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "property")
	createHook(e, acme.Token, "https://203.0.113.10/hook", "*")
	inTx := -1
	e.App.Store.Escalation.Use(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if cm, ok := m.(interface{ Client() *ent.Client }); ok {
				inTx, _ = cm.Client().WebhookEvent.Query().Count(ctx)
			}
			return nil, errors.New("escalation store down")
		})
	})
	// A major complaint escalates inside the create transaction, after
	// ticket.created was written.
	r := e.Do("POST", "/v1/tickets", acme.Token, map[string]any{"type": "complaint", "channel": "phone", "subject": "重大投诉", "severity": "major"})
	if r.Status != http.StatusInternalServerError {
		t.Fatalf("create: %d %s", r.Status, r.Raw)
	}
	if inTx != 1 {
		t.Fatalf("inside the transaction %d events were visible, want ticket.created", inTx)
	}
	if n := countEvents(t, e, acme.ID, webhooks.TicketCreated); n != 0 {
		t.Fatalf("%d events survived the rollback", n)
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/tickets", acme.Token, nil).Items()); n != 0 {
		t.Fatalf("%d tickets survived the rollback", n)
	}
}

// Receivers on internal addresses are refused at create and update with
// the guard on, and again when connecting, whatever a name resolves to.
func TestWebhookSSRFGuard(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	for _, u := range []string{
		"http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook", "http://10.0.0.5/hook",
		"http://192.168.1.20/hook", "http://172.20.0.1/hook", "http://169.254.169.254/latest/meta-data/",
		"http://100.100.100.200/", "http://[fd00:ec2::254]/", "http://0.0.0.0/", "ftp://203.0.113.10/hook",
		"file:///etc/passwd", "hook.example.com/path",
	} {
		r := e.Do("POST", "/v1/webhooks", acme.Token, map[string]any{"url": u, "events": []string{"*"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Raw), "body.url") {
			t.Errorf("create %s: %d %s", u, r.Status, r.Raw)
		}
	}
	ok := createHook(e, acme.Token, "https://203.0.113.10/hook", webhooks.TicketCreated)
	e.Must(http.StatusUnprocessableEntity, "PATCH", "/v1/webhooks/"+ok.Str("id"), acme.Token, map[string]any{"url": "http://192.168.0.1/"})
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/webhooks", acme.Token, map[string]any{"url": "https://203.0.113.10/", "events": []string{"ticket.exploded"}})
	if got := e.Must(http.StatusOK, "GET", "/v1/webhooks/"+ok.Str("id"), acme.Token, nil); got.Str("url") != "https://203.0.113.10/hook" {
		t.Fatalf("refused update changed the endpoint: %s", got.Raw)
	}

	// Registered while the operator allowed it, a loopback receiver (by IP
	// and by a name that resolves to loopback) is refused at dial time once
	// the switch is off.
	rcv := newHookReceiver(t, func(int) int { return http.StatusOK })
	e.App.Webhooks.SetAllowPrivate(true)
	byIP := createHook(e, acme.Token, rcv.URL, "*")
	byName := createHook(e, acme.Token, strings.Replace(rcv.URL, "127.0.0.1", "localhost", 1), "*")
	e.App.Webhooks.SetAllowPrivate(false)
	for _, h := range []apptest.Response{byIP, byName} {
		r := e.Must(http.StatusOK, "POST", "/v1/webhooks/"+h.Str("id")+"/test", acme.Token, nil)
		a := r.JSON["attempt"].(map[string]any)
		if a["status_code"] != float64(0) || !strings.Contains(a["error"].(string), "not allowed") {
			t.Fatalf("test to %s: %s", h.Str("url"), r.Raw)
		}
	}
	if n := len(rcv.got()); n != 0 {
		t.Fatalf("guarded receiver got %d calls", n)
	}
}

// An endpoint failing for the whole disable window and enough attempts is
// turned off, its managers are notified, and events stop.
func TestWebhookEndpointIsDisabledAfterSustainedFailure(t *testing.T) {
	e := apptest.New(t)
	e.App.Webhooks.SetAllowPrivate(true)
	e.App.Webhooks.Retry = webhooks.RetryPolicy{First: time.Hour, Max: time.Hour, Window: 30 * 24 * time.Hour}
	e.App.Webhooks.Disable = webhooks.DisablePolicy{After: 72 * time.Hour, Failures: 5}
	now := time.Now().UTC()
	e.App.Now = func() time.Time { return now }
	acme := e.Signup("acme", "property")
	e.AddUser(acme, "agent1", "agent")
	// Sessions expire on the moved clock: sign in again after each move.
	signIn := func(local string) string { return e.Login(acme.Slug, local+"@acme.test", apptest.Password) }
	rcv := newHookReceiver(t, func(int) int { return http.StatusInternalServerError })
	hook := createHook(e, acme.Token, rcv.URL, webhooks.TicketCreated)
	newTicket(e, acme.Token)
	ctx := context.Background()
	if n, err := e.App.Webhooks.Relay(ctx); err != nil || n != 1 {
		t.Fatalf("relay: %d %v", n, err)
	}
	id := deliveries(e, acme.Token, hook.Str("id"))[0]["id"].(string)
	tctx := tenancy.WithTenant(ctx, acme.ID)
	deliver := func() {
		t.Helper()
		if err := e.App.Webhooks.Deliver(tctx, id); err != nil {
			t.Fatal(err)
		}
	}
	// Four failures over 60 hours: not yet three days.
	for i := range 4 {
		if i > 0 {
			now = now.Add(20 * time.Hour)
		}
		deliver()
	}
	acme.Token = signIn("director")
	h := e.Must(http.StatusOK, "GET", "/v1/webhooks/"+hook.Str("id"), acme.Token, nil)
	if h.JSON["enabled"] != true || h.JSON["consecutive_failures"] != float64(4) || h.JSON["failing_since"] == nil {
		t.Fatalf("after 60 h: %s", h.Raw)
	}
	now = now.Add(20 * time.Hour)
	deliver()
	acme.Token = signIn("director")
	h = e.Must(http.StatusOK, "GET", "/v1/webhooks/"+hook.Str("id"), acme.Token, nil)
	if h.JSON["enabled"] != false || h.JSON["disabled_at"] == nil || !strings.Contains(h.Str("disabled_reason"), "5 failed attempts") {
		t.Fatalf("after 80 h: %s", h.Raw)
	}
	notified := func(token string) bool {
		for _, n := range e.Must(http.StatusOK, "GET", "/v1/notifications", token, nil).Items() {
			if n["kind"] == "webhook_disabled" && strings.Contains(n["body"].(string), rcv.URL) {
				return true
			}
		}
		return false
	}
	if !notified(acme.Token) || notified(signIn("agent1")) {
		t.Fatal("the director (webhooks:write) must be notified, the agent not")
	}
	// The pending delivery stops; new tickets publish nothing.
	now = now.Add(2 * time.Hour)
	deliver()
	acme.Token = signIn("director")
	if d := deliveries(e, acme.Token, hook.Str("id"))[0]; d["status"] != "failed" || d["last_error"] != "endpoint disabled" {
		t.Fatalf("delivery after disable: %v", d)
	}
	newTicket(e, acme.Token)
	if n := countEvents(t, e, acme.ID, webhooks.TicketCreated); n != 1 {
		t.Fatalf("%d events with the endpoint disabled", n)
	}
	if n := len(rcv.got()); n != 5 {
		t.Fatalf("receiver got %d calls", n)
	}
	// Turning it back on clears the failure record.
	h = e.Must(http.StatusOK, "PATCH", "/v1/webhooks/"+hook.Str("id"), acme.Token, map[string]any{"enabled": true})
	if h.JSON["enabled"] != true || h.JSON["consecutive_failures"] != float64(0) || h.JSON["failing_since"] != nil || h.JSON["disabled_reason"] != nil {
		t.Fatalf("re-enabled: %s", h.Raw)
	}
}

// Redelivery sends the same event again now, whatever the status; a test
// sends a ping; both are manual attempts in the log.
func TestWebhookRedeliverAndTest(t *testing.T) {
	e := webhookEnv(t)
	e.App.Webhooks.Retry.Window = 0 // the first failure is final
	acme := e.Signup("acme", "property")
	var mu sync.Mutex
	up := false
	rcv := newHookReceiver(t, func(int) int {
		mu.Lock()
		defer mu.Unlock()
		if up {
			return http.StatusOK
		}
		return http.StatusBadGateway
	})
	hook := createHook(e, acme.Token, rcv.URL, webhooks.TicketCreated)
	rcv.setSecret(hook.Str("secret"))
	newTicket(e, acme.Token)
	ctx := context.Background()
	if _, err := e.App.Webhooks.Relay(ctx); err != nil {
		t.Fatal(err)
	}
	d := deliveries(e, acme.Token, hook.Str("id"))[0]
	if err := e.App.Webhooks.Deliver(tenancy.WithTenant(ctx, acme.ID), d["id"].(string)); err != nil {
		t.Fatal(err)
	}
	if d = deliveries(e, acme.Token, hook.Str("id"))[0]; d["status"] != "failed" || d["last_status_code"] != float64(502) {
		t.Fatalf("after the final failure: %v", d)
	}
	mu.Lock()
	up = true
	mu.Unlock()
	path := "/v1/webhooks/" + hook.Str("id") + "/deliveries/" + d["id"].(string) + "/redeliver"
	r := e.Must(http.StatusOK, "POST", path, acme.Token, nil)
	dv, att := r.JSON["delivery"].(map[string]any), r.JSON["attempt"].(map[string]any)
	if dv["status"] != "succeeded" || dv["attempts"] != float64(2) || att["manual"] != true || att["status_code"] != float64(200) {
		t.Fatalf("redeliver: %s", r.Raw)
	}
	// Again, although it succeeded: same event, signed afresh.
	e.Must(http.StatusOK, "POST", path, acme.Token, nil)
	calls := rcv.got()
	if len(calls) != 3 || calls[2].header.Get("Kefu-Event-Id") != calls[0].header.Get("Kefu-Event-Id") || calls[2].verify != nil {
		t.Fatalf("redelivered calls: %d", len(calls))
	}

	r = e.Must(http.StatusOK, "POST", "/v1/webhooks/"+hook.Str("id")+"/test", acme.Token, nil)
	dv = r.JSON["delivery"].(map[string]any)
	if dv["event_type"] != "ping" || dv["status"] != "succeeded" {
		t.Fatalf("test: %s", r.Raw)
	}
	calls = rcv.got()
	var p map[string]any
	_ = json.Unmarshal(calls[3].body, &p)
	if calls[3].header.Get("Kefu-Event-Type") != "ping" || p["data"].(map[string]any)["endpoint_id"] != hook.Str("id") || calls[3].verify != nil {
		t.Fatalf("ping: %s", calls[3].body)
	}
	if n := len(deliveries(e, acme.Token, hook.Str("id"))); n != 2 {
		t.Fatalf("log has %d deliveries, want the event and the ping", n)
	}
	if ds := e.Must(http.StatusOK, "GET", "/v1/webhooks/"+hook.Str("id")+"/deliveries?status=failed", acme.Token, nil).Items(); len(ds) != 0 {
		t.Fatalf("failed filter: %v", ds)
	}
	// Nothing the relay or a sweep would send again.
	if n, err := e.App.Webhooks.Relay(ctx); err != nil || n != 0 {
		t.Fatalf("relay after test: %d %v", n, err)
	}
}

// Redis loses the delivery's task: the sweeper finds the pending delivery
// by next_attempt_at and schedules it again; it is still sent once.
func TestSweeperRestoresAWebhookDeliveryRedisLost(t *testing.T) {
	e := webhookEnv(t)
	acme := e.Signup("acme", "property")
	rcv := newHookReceiver(t, func(int) int { return http.StatusOK })
	hook := createHook(e, acme.Token, rcv.URL, webhooks.TicketCreated)
	rcv.setSecret(hook.Str("secret"))
	newTicket(e, acme.Token)
	ctx := context.Background()
	if _, err := e.App.Webhooks.Relay(ctx); err != nil {
		t.Fatal(err)
	}
	d := deliveries(e, acme.Token, hook.Str("id"))[0]
	at := mustTime(t, d["next_attempt_at"].(string))
	key := "asynq:{default}:t:whd:" + d["id"].(string) + ":" + strconv.FormatInt(at.UnixMilli(), 10)
	if n := e.App.Redis.Exists(ctx, key).Val(); n != 1 {
		t.Fatalf("relay did not enqueue %s", key)
	}
	if err := e.App.Redis.FlushDB(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	sw := &workers.Sweeper{Queue: e.App.Queue, Webhooks: e.App.Webhooks}
	for range 2 {
		if n, err := sw.Once(ctx); err != nil || n != 1 {
			t.Fatalf("sweep re-enqueued %d, %v", n, err)
		}
	}
	if n := e.App.Redis.Exists(ctx, key).Val(); n != 1 {
		t.Fatalf("sweep did not restore %s", key)
	}
	e.StartWorkers()
	eventually(t, "delivery after the flush", func() bool { return deliveries(e, acme.Token, hook.Str("id"))[0]["status"] == "succeeded" })
	if n := len(rcv.got()); n != 1 || rcv.got()[0].verify != nil {
		t.Fatalf("receiver got %d calls", n)
	}
	if n, err := sw.Once(ctx); err != nil || n != 0 {
		t.Fatalf("sweep after delivery re-enqueued %d, %v", n, err)
	}
}

func TestWebhookEventTypesAreServed(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	items := e.Must(http.StatusOK, "GET", "/v1/webhook-event-types", acme.Token, nil).Items()
	if len(items) != len(webhooks.Catalogue) || items[0]["type"] != webhooks.TicketCreated || items[0]["description"] == "" {
		t.Fatalf("catalogue: %v", items)
	}
}

// A tenant whose plan lost webhooks gets no deliveries: each is recorded
// as failed with the reason instead of being sent.
func TestWebhookNotSentWhenThePlanLacksWebhooks(t *testing.T) {
	e := webhookEnv(t)
	acme := e.Signup("acme", "property")
	rcv := newHookReceiver(t, func(int) int { return http.StatusNoContent })
	hook := createHook(e, acme.Token, rcv.URL, "*")
	e.App.Webhooks.Entitled = func(_ context.Context, tenantID string) bool { return tenantID != acme.ID }
	e.StartWorkers()
	newTicket(e, acme.Token)
	eventually(t, "the delivery is settled", func() bool {
		ds := deliveries(e, acme.Token, hook.Str("id"))
		return len(ds) == 1 && ds[0]["status"] == "failed"
	})
	d := deliveries(e, acme.Token, hook.Str("id"))[0]
	if d["last_error"] != "the plan does not include webhooks" || len(rcv.got()) != 0 {
		t.Fatalf("delivery %v, receiver got %d calls", d, len(rcv.got()))
	}
}

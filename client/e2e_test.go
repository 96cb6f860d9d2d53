package client_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"kefu/app"
	"kefu/app/apptest"
	"kefu/client"
	"kefu/tenants/webhooks"
)

func ptr[T any](v T) *T { return &v }

// answered pairs a typed response with its error, so a call and the
// status it must answer read on one line: answer(c.GetMeWithResponse(ctx)).want(t, 200).
type answered[R interface{ StatusCode() int }] struct {
	r   R
	err error
}

func answer[R interface{ StatusCode() int }](r R, err error) answered[R] { return answered[R]{r, err} }

func (a answered[R]) want(t *testing.T, status int) R {
	t.Helper()
	if a.err != nil {
		t.Fatal(a.err)
	}
	if a.r.StatusCode() != status {
		body := reflect.Indirect(reflect.ValueOf(a.r)).FieldByName("Body").Bytes()
		t.Fatalf("status %d, want %d: %s", a.r.StatusCode(), status, body)
	}
	return a.r
}

// receiver records webhook deliveries whose signature verifies.
type receiver struct {
	secret string
	mu     sync.Mutex
	got    []string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	secret := rc.secret
	rc.mu.Unlock()
	if err := webhooks.Verify(secret, r.Header.Get("Kefu-Signature"), body, 5*time.Minute, time.Now()); err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	rc.mu.Lock()
	rc.got = append(rc.got, string(body))
	rc.mu.Unlock()
}

func (rc *receiver) events() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.got...)
}

// TestIntegratorFlowThroughTheGeneratedClient drives a real server through
// the generated client — sign up, sign in, customers, tickets, IVR intake,
// an API key, a webhook endpoint — and validates every request and answer
// against the OpenAPI document.
func TestIntegratorFlowThroughTheGeneratedClient(t *testing.T) {
	e := apptest.New(t, func(c *app.Config) { c.WebhookAllowPrivate = true })
	e.StartWorkers()
	ctx := context.Background()
	v := newValidating(t, e.URL)
	anon := newClient(t, v, e.URL, "")

	su := answer(anon.SignupWithResponse(ctx, client.SignupJSONRequestBody{
		Organization: "Integrator Org", Slug: "integrator", Industry: client.SignupInputBodyIndustryProperty,
		AdminEmail: "director@integrator.test", AdminPassword: apptest.Password,
	})).want(t, 201)
	if su.JSON201 == nil || su.JSON201.Token == "" {
		t.Fatalf("signup: %s", su.Body)
	}
	answer(anon.SignupWithResponse(ctx, client.SignupJSONRequestBody{
		Organization: "Again", Slug: "integrator", Industry: client.SignupInputBodyIndustryGeneric,
		AdminEmail: "x@integrator.test", AdminPassword: apptest.Password,
	})).want(t, 409)
	answer(anon.LoginWithResponse(ctx, client.LoginJSONRequestBody{Tenant: "integrator", Email: "director@integrator.test", Password: "wrong-password"})).want(t, 401)
	login := answer(anon.LoginWithResponse(ctx, client.LoginJSONRequestBody{Tenant: "integrator", Email: "director@integrator.test", Password: apptest.Password})).want(t, 200)
	answer(anon.GetMeWithResponse(ctx)).want(t, 401)
	director := newClient(t, v, e.URL, login.JSON200.Token)
	me := answer(director.GetMeWithResponse(ctx)).want(t, 200)
	if me.JSON200.User == nil || me.JSON200.Tenant.Slug != "integrator" {
		t.Fatalf("me: %s", me.Body)
	}

	// Customers and tickets.
	cust := answer(director.CreateCustomerWithResponse(ctx, nil, client.CreateCustomerJSONRequestBody{
		Name: "李先生", Phone: ptr("139 0000 0001"), Tier: ptr(client.CreateCustomerInputBodyTierVip),
	})).want(t, 201)
	answer(director.CreateCustomerWithResponse(ctx, nil, client.CreateCustomerJSONRequestBody{Name: ""})).want(t, 422)
	list := answer(director.ListCustomersWithResponse(ctx, &client.ListCustomersParams{Phone: ptr("13900000001")})).want(t, 200)
	if len(*list.JSON200.Items) != 1 || (*list.JSON200.Items)[0].Id != cust.JSON201.Id {
		t.Fatalf("customers by phone: %s", list.Body)
	}
	tk := answer(director.CreateTicketWithResponse(ctx, &client.CreateTicketParams{IdempotencyKey: ptr("order-4711")}, client.CreateTicketJSONRequestBody{
		Type: ptr(client.CreateTicketInputBodyTypeComplaint), Channel: client.CreateTicketInputBodyChannelWeb,
		Subject: ptr("电梯停运"), CustomerId: &cust.JSON201.Id,
	})).want(t, 201)
	if tk.JSON201.Priority != client.TicketViewPriorityUrgent || tk.JSON201.Number == "" {
		t.Fatalf("ticket: %s", tk.Body)
	}
	replay := answer(director.CreateTicketWithResponse(ctx, &client.CreateTicketParams{IdempotencyKey: ptr("order-4711")}, client.CreateTicketJSONRequestBody{
		Type: ptr(client.CreateTicketInputBodyTypeComplaint), Channel: client.CreateTicketInputBodyChannelWeb,
		Subject: ptr("电梯停运"), CustomerId: &cust.JSON201.Id,
	})).want(t, 201)
	if replay.JSON201.Id != tk.JSON201.Id {
		t.Fatalf("a retry with the same Idempotency-Key created %s besides %s", replay.JSON201.Id, tk.JSON201.Id)
	}
	answer(director.GetTicketWithResponse(ctx, tk.JSON201.Id)).want(t, 200)
	answer(director.GetTicketWithResponse(ctx, "tkt_doesnotexist")).want(t, 404)
	answer(director.CreateTicketWithResponse(ctx, nil, client.CreateTicketJSONRequestBody{Channel: client.CreateTicketInputBodyChannelWeb})).want(t, 422)

	// IVR intake: a new caller becomes a customer, the path gives type and subject.
	ivr := answer(director.CreateTicketWithResponse(ctx, nil, client.CreateTicketJSONRequestBody{
		Channel: client.CreateTicketInputBodyChannelPhone,
		Call:    &client.CallInput{CallerNumber: "+86 138 0013 8000", IvrPath: &[]string{"业务咨询", "投诉建议"}, CallId: ptr("call-0001")},
	})).want(t, 201)
	if ivr.JSON201.Type != client.TicketViewTypeComplaint || ivr.JSON201.Subject != "来电：业务咨询 / 投诉建议" ||
		ivr.JSON201.Call == nil || ivr.JSON201.Call.CallerNumber != "13800138000" || ivr.JSON201.CustomerId == nil {
		t.Fatalf("ivr intake: %s", ivr.Body)
	}
	answer(director.CreateTicketWithResponse(ctx, nil, client.CreateTicketJSONRequestBody{
		Channel: client.CreateTicketInputBodyChannelEmail, Call: &client.CallInput{CallerNumber: "13800138000"},
	})).want(t, 422)

	// An API key, shown once, works as a bearer token with its role.
	key := answer(director.CreateApiKeyWithResponse(ctx, nil, client.CreateApiKeyJSONRequestBody{Name: "IVR switch", Role: "agent"})).want(t, 201)
	if !strings.HasPrefix(key.JSON201.Key, "kf_live_") {
		t.Fatalf("api key: %s", key.Body)
	}
	switchboard := newClient(t, v, e.URL, key.JSON201.Key)
	byKey := answer(switchboard.CreateTicketWithResponse(ctx, nil, client.CreateTicketJSONRequestBody{
		Channel: client.CreateTicketInputBodyChannelPhone, Call: &client.CallInput{CallerNumber: "13800138000", IvrPath: &[]string{"报修"}},
	})).want(t, 201)
	if byKey.JSON201.CustomerId == nil || *byKey.JSON201.CustomerId != *ivr.JSON201.CustomerId || byKey.JSON201.Type != client.TicketViewTypeRequest {
		t.Fatalf("the same caller through the key: %s", byKey.Body)
	}
	answer(switchboard.ListTicketsWithResponse(ctx, &client.ListTicketsParams{Limit: ptr(int64(10))})).want(t, 200)
	answer(switchboard.CreateApiKeyWithResponse(ctx, nil, client.CreateApiKeyJSONRequestBody{Name: "escalate", Role: "director"})).want(t, 403)
	answer(director.RevokeApiKeyWithResponse(ctx, key.JSON201.Id, nil)).want(t, 204)
	answer(switchboard.ListTicketsWithResponse(ctx, nil)).want(t, 401)

	// A webhook endpoint receives the next ticket, signed with its secret.
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	ep := answer(director.CreateWebhookWithResponse(ctx, nil, client.CreateWebhookJSONRequestBody{
		Url: hook.URL + "/kefu", Events: &[]string{"ticket.created"},
	})).want(t, 201)
	rc.mu.Lock()
	rc.secret = ep.JSON201.Secret
	rc.mu.Unlock()
	answer(director.CreateWebhookWithResponse(ctx, nil, client.CreateWebhookJSONRequestBody{Url: "ftp://example.com/x", Events: &[]string{"ticket.created"}})).want(t, 422)
	answer(director.ListWebhooksWithResponse(ctx, nil)).want(t, 200)
	sent := answer(director.CreateTicketWithResponse(ctx, nil, client.CreateTicketJSONRequestBody{
		Type: ptr(client.CreateTicketInputBodyTypeInquiry), Channel: client.CreateTicketInputBodyChannelApi, Subject: ptr("webhook me"),
	})).want(t, 201)
	deadline := time.Now().Add(30 * time.Second)
	for !containsTicket(rc.events(), sent.JSON201.Id) {
		if time.Now().After(deadline) {
			t.Fatalf("no signed ticket.created for %s reached the receiver; got %v", sent.JSON201.Id, rc.events())
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("validated against the document: %v", v.checked())
}

func containsTicket(events []string, id string) bool {
	for _, ev := range events {
		if strings.Contains(ev, `"ticket.created"`) && strings.Contains(ev, id) {
			return true
		}
	}
	return false
}

// TestEveryCollectionAnswersAsDocumented reads every GET operation without
// a path parameter as a director of a seeded tenant (with a ticket and a
// customer in it) and validates each answer against the document.
func TestEveryCollectionAnswersAsDocumented(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("sweep", "hospital")
	e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, map[string]any{
		"channel": "phone", "call": map[string]any{"caller_number": "13800138000", "ivr_path": []string{"投诉建议"}}})
	v := newValidating(t, e.URL)
	hc := &http.Client{Transport: v}
	doc := loadDocument(t, e.URL)
	n := 0
	for _, path := range doc.Paths.InMatchingOrder() {
		op := doc.Paths.Value(path).Get
		if op == nil || strings.Contains(path, "{") {
			continue
		}
		req, _ := http.NewRequest(http.MethodGet, e.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tn.Token)
		res, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
		n++
	}
	if n < 20 {
		t.Fatalf("only %d collections read", n)
	}
	t.Logf("%d collections read and validated: %v", n, v.checked())
}

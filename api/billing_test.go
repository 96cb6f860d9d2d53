package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76/webhook"

	"kefu/app"
	"kefu/app/apptest"
	"kefu/ent/notification"
	"kefu/ent/stripeevent"
	enttenant "kefu/ent/tenant"
	"kefu/ent/webhookevent"
	"kefu/tenants/tenancy"
	"kefu/testkit"
)

const webhookSecret = "whsec_kefu_test_secret"

// clock is the fake application clock of a billing test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func newClock(t time.Time) *clock    { return &clock{t: t} }
func at(e *apptest.Env, c *clock)    { e.App.Now = c.Now }
func sys() context.Context           { return tenancy.System(context.Background()) }
func tenantCtx(id string) context.Context {
	return tenancy.System(tenancy.WithTenant(context.Background(), id))
}

// billingEnv is a Kefu with billing on against stripe-mock, on a fake clock.
func billingEnv(t *testing.T, opts ...func(*app.Config)) (*apptest.Env, *clock) {
	t.Helper()
	mock := testkit.StripeMock(t)
	e := apptest.New(t, append([]func(*app.Config){func(c *app.Config) {
		c.StripeSecretKey, c.StripeWebhookSecret, c.StripeAPIURL = "sk_test_kefu", webhookSecret, mock
	}}, opts...)...)
	c := newClock(time.Now().UTC().Truncate(time.Second))
	at(e, c)
	return e, c
}

// signupPlan signs an organization up on plan and returns it with the answer.
func signupPlan(e *apptest.Env, slug, plan string) (apptest.Tenant, apptest.Response) {
	e.T.Helper()
	body := map[string]any{"organization": "Org " + slug, "slug": slug, "industry": "generic",
		"admin_email": "director@" + slug + ".test", "admin_password": apptest.Password}
	if plan != "" {
		body["plan"] = plan
	}
	r := e.Must(http.StatusCreated, "POST", "/v1/signup", "", body)
	tn := apptest.Tenant{ID: r.JSON["tenant"].(map[string]any)["id"].(string), Slug: slug, Token: r.Str("token")}
	tn.DirectorID = e.Must(http.StatusOK, "GET", "/v1/me", tn.Token, nil).JSON["user"].(map[string]any)["id"].(string)
	return tn, r
}

// relogin signs the director in again after the clock jumped past the
// session's lifetime.
func relogin(e *apptest.Env, tn *apptest.Tenant) {
	e.T.Helper()
	tn.Token = e.Login(tn.Slug, "director@"+tn.Slug+".test", apptest.Password)
}

// stripeEvent is a Stripe event of API version 2023-10-16 around obj.
func stripeEvent(id, typ string, created time.Time, obj map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": id, "object": "event", "api_version": "2023-10-16", "created": created.Unix(), "type": typ,
		"livemode": false, "pending_webhooks": 1, "request": map[string]any{"id": nil},
		"data": map[string]any{"object": obj},
	})
	return b
}

// post sends a webhook signed with secret at signedAt.
func post(e *apptest.Env, payload []byte, secret string, signedAt time.Time) apptest.Response {
	e.T.Helper()
	sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: signedAt})
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/v1/billing/stripe-webhook", strings.NewReader(string(payload)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Stripe-Signature", sp.Header)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := apptest.Response{Status: res.StatusCode, Header: res.Header, Raw: raw}
	_ = json.Unmarshal(raw, &out.JSON)
	return out
}

// deliver posts a signed event and applies it as the worker would.
func deliver(e *apptest.Env, c *clock, payload []byte) {
	e.T.Helper()
	if r := post(e, payload, webhookSecret, c.Now()); r.Status != http.StatusOK {
		e.T.Fatalf("webhook: %d %s", r.Status, r.Raw)
	}
	var ev struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(payload, &ev)
	if err := e.App.Billing.Process(context.Background(), ev.ID); err != nil {
		e.T.Fatalf("process %s: %v", ev.ID, err)
	}
}

func subscription(tenantID, subID, price, status string, trialEnd, periodEnd time.Time) map[string]any {
	s := map[string]any{
		"id": subID, "object": "subscription", "customer": "cus_" + tenantID, "status": status,
		"metadata":           map[string]any{"kefu_tenant_id": tenantID},
		"current_period_end": periodEnd.Unix(),
		"items": map[string]any{"object": "list", "data": []any{map[string]any{
			"id": "si_" + subID, "object": "subscription_item", "price": map[string]any{"id": price, "object": "price"},
		}}},
	}
	if !trialEnd.IsZero() {
		s["trial_end"] = trialEnd.Unix()
	}
	return s
}

func invoice(tenantID, subID string) map[string]any {
	return map[string]any{"id": "in_" + subID, "object": "invoice", "customer": "cus_" + tenantID, "subscription": subID,
		"subscription_details": map[string]any{"metadata": map[string]any{"kefu_tenant_id": tenantID}}}
}

func tenantRow(e *apptest.Env, id string) map[string]any {
	e.T.Helper()
	t, err := e.App.Store.Tenant.Get(sys(), id)
	if err != nil {
		e.T.Fatal(err)
	}
	b, _ := json.Marshal(t)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// activate takes a tenant through a completed Checkout on price.
func activate(e *apptest.Env, c *clock, tn apptest.Tenant, price string) string {
	e.T.Helper()
	sub := "sub_" + tn.Slug
	deliver(e, c, stripeEvent("evt_cs_"+tn.Slug, "checkout.session.completed", c.Now(), map[string]any{
		"id": "cs_" + tn.Slug, "object": "checkout.session", "mode": "subscription", "client_reference_id": tn.ID,
		"customer": "cus_" + tn.ID, "subscription": sub,
	}))
	deliver(e, c, stripeEvent("evt_sc_"+tn.Slug, "customer.subscription.created", c.Now(),
		subscription(tn.ID, sub, price, "active", time.Time{}, c.Now().AddDate(0, 1, 0))))
	return sub
}

func TestBillingIsOffWithoutAStripeKey(t *testing.T) {
	e := apptest.New(t)
	plans := e.Must(http.StatusOK, "GET", "/v1/plans", "", nil)
	if plans.JSON["enabled"] != false || len(plans.Items()) < 4 {
		t.Fatalf("plans: %s", plans.Raw)
	}
	acme, r := signupPlan(e, "acme", "business")
	if r.Str("checkout_url") != "" || r.JSON["tenant"].(map[string]any)["plan"] != "local" {
		t.Fatalf("signup with billing off: %s", r.Raw)
	}
	b := e.Must(http.StatusOK, "GET", "/v1/billing", acme.Token, nil)
	plan := b.JSON["plan"].(map[string]any)
	if b.JSON["enabled"] != false || plan["id"] != "local" || b.Str("status") != "active" || plan["seats"] != 0.0 {
		t.Fatalf("billing: %s", b.Raw)
	}
	for _, path := range []string{"/v1/billing/checkout", "/v1/billing/portal"} {
		r := e.Must(http.StatusConflict, "POST", path, acme.Token, map[string]any{"plan": "team"})
		if !strings.Contains(r.Str("detail"), "billing is not enabled") {
			t.Fatalf("%s: %s", path, r.Raw)
		}
	}
	if r := post(e, stripeEvent("evt_off", "invoice.paid", time.Now(), invoice(acme.ID, "sub_x")), webhookSecret, time.Now()); r.Status != http.StatusConflict {
		t.Fatalf("webhook with billing off: %d %s", r.Status, r.Raw)
	}
	// The local plan is unlimited: more staff than any plan's free seats.
	for i := range 4 {
		e.AddUser(acme, fmt.Sprintf("agent%d", i), "agent")
	}
}

func TestSignupOnAPaidPlanReturnsACheckoutURL(t *testing.T) {
	e, c := billingEnv(t)
	plans := e.Must(http.StatusOK, "GET", "/v1/plans", "", nil)
	if plans.JSON["enabled"] != true || plans.JSON["trial_days"] != 14.0 {
		t.Fatalf("plans: %s", plans.Raw)
	}
	acme, r := signupPlan(e, "acme", "team")
	if !strings.HasPrefix(r.Str("checkout_url"), "https://checkout.stripe.com/") {
		t.Fatalf("signup: %s", r.Raw)
	}
	row := tenantRow(e, acme.ID)
	if row["plan"] != "team" || row["status"] != "trialing" || row["stripe_customer_id"] == nil {
		t.Fatalf("tenant after signup: %v", row)
	}
	b := e.Must(http.StatusOK, "GET", "/v1/billing", acme.Token, nil)
	trialEnds, _ := time.Parse(time.RFC3339, b.Str("trial_ends_at"))
	if !trialEnds.Equal(c.Now().AddDate(0, 0, 14)) || b.Str("status") != "trialing" {
		t.Fatalf("billing: %s", b.Raw)
	}
	// A free plan starts active, with nothing to pay.
	free, r := signupPlan(e, "freebie", "free")
	if r.Str("checkout_url") != "" || tenantRow(e, free.ID)["status"] != "active" {
		t.Fatalf("free signup: %s", r.Raw)
	}
	// So does a signup that names no plan.
	_, r = signupPlan(e, "noplan", "")
	if r.JSON["tenant"].(map[string]any)["plan"] != "free" {
		t.Fatalf("default plan: %s", r.Raw)
	}
}

func TestCheckoutAndSubscriptionEventsActivateTheTenantOnce(t *testing.T) {
	e, c := billingEnv(t)
	acme, _ := signupPlan(e, "acme", "team")
	// A receiver subscribed to plan changes hears about this one.
	ep := e.App.Store.WebhookEndpoint.Create().SetURL("https://hooks.example.com/kefu").SetEvents([]string{"tenant.plan_changed"}).
		SetSecret("whsec_receiver").SaveX(tenantCtx(acme.ID))
	_ = ep

	created := c.Now()
	checkout := stripeEvent("evt_checkout", "checkout.session.completed", created, map[string]any{
		"id": "cs_1", "object": "checkout.session", "mode": "subscription", "client_reference_id": acme.ID,
		"customer": "cus_acme", "subscription": "sub_acme",
	})
	subCreated := stripeEvent("evt_sub_created", "customer.subscription.created", created, func() map[string]any {
		s := subscription(acme.ID, "sub_acme", "price_kefu_business_monthly", "active", time.Time{}, created.AddDate(0, 1, 0))
		s["customer"] = "cus_acme"
		return s
	}())
	deliver(e, c, checkout)
	deliver(e, c, subCreated)

	b := e.Must(http.StatusOK, "GET", "/v1/billing", acme.Token, nil)
	plan := b.JSON["plan"].(map[string]any)
	if b.Str("status") != "active" || plan["id"] != "business" || plan["seats"] != 50.0 || b.JSON["seats"].(map[string]any)["limit"] != 50.0 {
		t.Fatalf("after checkout: %s", b.Raw)
	}
	if b.JSON["has_subscription"] != true || b.JSON["can_manage"] != true {
		t.Fatalf("links: %s", b.Raw)
	}
	if n := e.App.Store.WebhookEvent.Query().Where(webhookevent.Type("tenant.plan_changed")).CountX(tenantCtx(acme.ID)); n != 1 {
		t.Fatalf("%d tenant.plan_changed events", n)
	}

	// The same events again, in reverse order: accepted, and nothing changes.
	before := tenantRow(e, acme.ID)
	for _, p := range [][]byte{subCreated, checkout} {
		deliver(e, c, p)
	}
	if after := tenantRow(e, acme.ID); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("replay changed the tenant:\n%v\n%v", before, after)
	}
	if n := e.App.Store.StripeEvent.Query().CountX(sys()); n != 2 {
		t.Fatalf("%d stored events after replay", n)
	}

	// A distinct but older event (Stripe reorders deliveries) is ignored.
	deliver(e, c, stripeEvent("evt_old_update", "customer.subscription.updated", created.Add(-time.Minute),
		subscription(acme.ID, "sub_acme", "price_kefu_team_monthly", "past_due", time.Time{}, created)))
	if after := tenantRow(e, acme.ID); after["plan"] != "business" || after["status"] != "active" {
		t.Fatalf("stale event applied: %v", after)
	}
	ev := e.App.Store.StripeEvent.GetX(sys(), "evt_old_update")
	if ev.Status != stripeevent.StatusIgnored || !strings.Contains(ev.Error, "older") {
		t.Fatalf("stale event stored as %s (%s)", ev.Status, ev.Error)
	}
	// A newer one applies.
	c.Add(time.Hour)
	deliver(e, c, stripeEvent("evt_downgrade", "customer.subscription.updated", c.Now(),
		subscription(acme.ID, "sub_acme", "price_kefu_team_monthly", "active", time.Time{}, created.AddDate(0, 1, 0))))
	if after := tenantRow(e, acme.ID); after["plan"] != "team" {
		t.Fatalf("newer event not applied: %v", after)
	}
	// An unknown price is stored as failed, and changes nothing.
	c.Add(time.Hour)
	deliver(e, c, stripeEvent("evt_unknown_price", "customer.subscription.updated", c.Now(),
		subscription(acme.ID, "sub_acme", "price_nobody_sells", "active", time.Time{}, created.AddDate(0, 1, 0))))
	if ev := e.App.Store.StripeEvent.GetX(sys(), "evt_unknown_price"); ev.Status != stripeevent.StatusFailed {
		t.Fatalf("unknown price: %s %s", ev.Status, ev.Error)
	}
}

func TestABadOrStaleSignatureIsRefusedAndStoresNothing(t *testing.T) {
	e, c := billingEnv(t)
	acme, _ := signupPlan(e, "acme", "team")
	ev := stripeEvent("evt_forged", "invoice.paid", c.Now(), invoice(acme.ID, "sub_x"))
	cases := map[string]apptest.Response{
		"wrong secret":    post(e, ev, "whsec_someone_else", c.Now()),
		"stale":           post(e, ev, webhookSecret, c.Now().Add(-10*time.Minute)),
		"old API version": post(e, []byte(strings.Replace(string(ev), "2023-10-16", "2020-08-27", 1)), webhookSecret, c.Now()),
	}
	for name, r := range cases {
		if r.Status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", name, r.Status, r.Raw)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/v1/billing/stripe-webhook", strings.NewReader(string(ev)))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("unsigned: %d", res.StatusCode)
	}
	if n := e.App.Store.StripeEvent.Query().CountX(sys()); n != 0 {
		t.Fatalf("%d events stored from bad webhooks", n)
	}
}

func TestPaymentFailureGraceReadOnlyAndRecovery(t *testing.T) {
	e, c := billingEnv(t)
	acme, _ := signupPlan(e, "acme", "team")
	sub := activate(e, c, acme, "price_kefu_team_monthly")

	c.Add(time.Hour)
	deliver(e, c, stripeEvent("evt_failed", "invoice.payment_failed", c.Now(), invoice(acme.ID, sub)))
	b := e.Must(http.StatusOK, "GET", "/v1/billing", acme.Token, nil)
	if b.Str("status") != "past_due" || b.Str("grace_ends_at") == "" {
		t.Fatalf("after a failed payment: %s", b.Raw)
	}
	// Within the grace period writes still work.
	e.Must(http.StatusCreated, "POST", "/v1/customers", acme.Token, map[string]any{"name": "李先生"})
	if n, _ := e.App.Billing.Enforce(context.Background()); n != 0 {
		t.Fatalf("enforce within grace changed %d tenants", n)
	}

	c.Add(7*24*time.Hour + time.Minute)
	if n, err := e.App.Billing.Enforce(context.Background()); err != nil || n != 1 {
		t.Fatalf("enforce after grace: %d %v", n, err)
	}
	relogin(e, &acme)
	r := e.Must(http.StatusPaymentRequired, "POST", "/v1/customers", acme.Token, map[string]any{"name": "王女士"})
	if r.Str("pay_url") != "/settings/billing" {
		t.Fatalf("402: %s", r.Raw)
	}
	e.Must(http.StatusOK, "GET", "/v1/customers", acme.Token, nil)
	e.Must(http.StatusOK, "GET", "/v1/tickets", acme.Token, nil)
	if b := e.Must(http.StatusOK, "GET", "/v1/billing", acme.Token, nil); b.Str("status") != "suspended" || b.Str("suspended_by") != "billing" {
		t.Fatalf("after grace: %s", b.Raw)
	}
	// The way to pay stays open while read-only.
	if r := e.Must(http.StatusOK, "POST", "/v1/billing/portal", acme.Token, nil); !strings.HasPrefix(r.Str("url"), "https://") {
		t.Fatalf("portal: %s", r.Raw)
	}
	kinds := e.App.Store.Notification.Query().Where(notification.UserID(acme.DirectorID)).Select(notification.FieldKind).StringsX(tenantCtx(acme.ID))
	if !strings.Contains(strings.Join(kinds, ","), "billing_past_due") || !strings.Contains(strings.Join(kinds, ","), "billing_suspended") {
		t.Fatalf("director's notifications: %v", kinds)
	}

	c.Add(time.Hour)
	deliver(e, c, stripeEvent("evt_paid", "invoice.paid", c.Now(), invoice(acme.ID, sub)))
	if b := e.Must(http.StatusOK, "GET", "/v1/billing", acme.Token, nil); b.Str("status") != "active" || b.Str("suspended_by") != "" {
		t.Fatalf("after paying: %s", b.Raw)
	}
	e.Must(http.StatusCreated, "POST", "/v1/customers", acme.Token, map[string]any{"name": "王女士"})
}

func TestATrialThatEndsWithoutCheckoutFallsDue(t *testing.T) {
	e, c := billingEnv(t)
	acme, _ := signupPlan(e, "acme", "team")
	c.Add(14*24*time.Hour + time.Minute)
	if n, err := e.App.Billing.Enforce(context.Background()); err != nil || n != 1 {
		t.Fatalf("enforce: %d %v", n, err)
	}
	if row := tenantRow(e, acme.ID); row["status"] != "past_due" {
		t.Fatalf("after the trial: %v", row)
	}
	c.Add(7 * 24 * time.Hour)
	if _, err := e.App.Billing.Enforce(context.Background()); err != nil {
		t.Fatal(err)
	}
	relogin(e, &acme)
	e.Must(http.StatusPaymentRequired, "POST", "/v1/customers", acme.Token, map[string]any{"name": "x"})
	// Checking out is still possible, and a new subscription lifts it.
	if r := e.Must(http.StatusOK, "POST", "/v1/billing/checkout", acme.Token, map[string]any{"plan": "team"}); r.Str("action") != "checkout" {
		t.Fatalf("checkout while read-only: %s", r.Raw)
	}
	activate(e, c, acme, "price_kefu_team_monthly")
	e.Must(http.StatusCreated, "POST", "/v1/customers", acme.Token, map[string]any{"name": "x"})
}

func TestSeatLimitCountsActiveAndInvitedStaff(t *testing.T) {
	e, _ := billingEnv(t)
	acme, _ := signupPlan(e, "acme", "free") // 3 seats, the director holds one
	e.AddUser(acme, "agent1", "agent")
	r := e.Must(http.StatusCreated, "POST", "/v1/users", acme.Token, map[string]any{"email": "invited@acme.test", "name": "invited"})
	r = e.Must(http.StatusPaymentRequired, "POST", "/v1/users", acme.Token, map[string]any{"email": "one-more@acme.test", "name": "x", "password": apptest.Password})
	if !strings.Contains(r.Str("detail"), "3 seats") {
		t.Fatalf("402: %s", r.Raw)
	}
	b := e.Must(http.StatusOK, "GET", "/v1/billing", acme.Token, nil)
	if s := b.JSON["seats"].(map[string]any); s["used"] != 3.0 || s["limit"] != 3.0 || s["warning"] != true || b.JSON["warning"] != true {
		t.Fatalf("seats: %s", b.Raw)
	}
	// Deactivating frees a seat; reactivating needs one.
	invited := e.Must(http.StatusOK, "GET", "/v1/users?status=invited", acme.Token, nil).Items()[0]["id"].(string)
	e.Must(http.StatusOK, "POST", "/v1/users/"+invited+"/deactivate", acme.Token, nil)
	e.Must(http.StatusCreated, "POST", "/v1/users", acme.Token, map[string]any{"email": "one-more@acme.test", "name": "x", "password": apptest.Password})
	e.Must(http.StatusPaymentRequired, "POST", "/v1/users/"+invited+"/reactivate", acme.Token, nil)
}

func TestTicketAllowanceWarnsAt80PercentAndStopsAt100(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "plans.json")
	if err := os.WriteFile(cfg, []byte(`{"trial_days": 14, "grace_period": "P7D", "retention": "P90D", "warn_at_percent": 80,
		"plans": [{"id": "free", "name": "Free", "name_zh": "免费版", "seats": 3, "tickets_per_month": 5, "features": []},
		          {"id": "team", "name": "Team", "name_zh": "团队版", "seats": 10, "tickets_per_month": 0, "features": [], "stripe_price_id": "price_team"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	e, c := billingEnv(t, func(ac *app.Config) { ac.BillingConfig = cfg })
	c.Set(time.Date(2026, 3, 31, 10, 0, 0, 0, time.UTC)) // 18:00 in Shanghai
	acme, _ := signupPlan(e, "acme", "free")
	other, _ := signupPlan(e, "other", "free")
	create := func(tn apptest.Tenant) apptest.Response {
		return e.Do("POST", "/v1/tickets", tn.Token, map[string]any{"type": "inquiry", "channel": "web", "subject": "问询"})
	}
	warned := func() bool {
		n := e.App.Store.Notification.Query().Where(notification.Kind("billing_allowance"), notification.UserID(acme.DirectorID)).CountX(tenantCtx(acme.ID))
		return n > 0
	}
	for i := 1; i <= 3; i++ {
		if r := create(acme); r.Status != http.StatusCreated {
			t.Fatalf("ticket %d: %d %s", i, r.Status, r.Raw)
		}
	}
	if warned() || e.Must(http.StatusOK, "GET", "/v1/billing", acme.Token, nil).JSON["warning"] != false {
		t.Fatal("warned below 80 %")
	}
	create(acme) // 4 of 5: 80 %
	b := e.Must(http.StatusOK, "GET", "/v1/billing", acme.Token, nil)
	if tk := b.JSON["tickets"].(map[string]any); tk["used"] != 4.0 || tk["limit"] != 5.0 || tk["warning"] != true || b.Str("month") != "2026-03" {
		t.Fatalf("at 80 %%: %s", b.Raw)
	}
	if !warned() {
		t.Fatal("no in-app warning at 80 %")
	}
	create(acme)
	r := create(acme)
	if r.Status != http.StatusPaymentRequired || !strings.Contains(r.Str("detail"), "allowance of 5 tickets") || r.Str("pay_url") == "" {
		t.Fatalf("over the allowance: %d %s", r.Status, r.Raw)
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/tickets", acme.Token, nil).Items()); n != 5 {
		t.Fatalf("%d tickets", n)
	}
	// Another tenant's allowance is its own.
	if r := create(other); r.Status != http.StatusCreated {
		t.Fatalf("other tenant: %d", r.Status)
	}
	// Next month (in the tenant's zone, Asia/Shanghai) starts afresh.
	c.Set(time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC)) // 00:00 on April 1st
	if r := create(acme); r.Status != http.StatusCreated {
		t.Fatalf("new month: %d %s", r.Status, r.Raw)
	}
	if tk := e.Must(http.StatusOK, "GET", "/v1/billing", acme.Token, nil).JSON["tickets"].(map[string]any); tk["used"] != 1.0 {
		t.Fatalf("new month usage: %v", tk)
	}
}

// The allowance is counted in the UPDATE that numbers the ticket, so
// concurrent creates never exceed it.
func TestTicketAllowanceHoldsUnderConcurrentCreates(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "plans.json")
	if err := os.WriteFile(cfg, []byte(`{"trial_days": 14, "grace_period": "P7D", "retention": "P90D", "warn_at_percent": 80,
		"plans": [{"id": "free", "name": "Free", "name_zh": "免费版", "seats": 3, "tickets_per_month": 5, "features": []}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	e, _ := billingEnv(t, func(ac *app.Config) { ac.BillingConfig = cfg })
	acme, _ := signupPlan(e, "acme", "free")
	statuses := make(chan int, 12)
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			statuses <- e.Do("POST", "/v1/tickets", acme.Token, map[string]any{"type": "inquiry", "channel": "web", "subject": "问询"}).Status
		})
	}
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for st := range statuses {
		got[st]++
	}
	if got[http.StatusCreated] != 5 || got[http.StatusPaymentRequired] != 7 {
		t.Fatalf("statuses: %v", got)
	}
}

func TestCanceledTenantIsReadOnlyThenExportedAndPurged(t *testing.T) {
	dataDir := t.TempDir()
	e, c := billingEnv(t, func(ac *app.Config) { ac.DataDir = dataDir })
	acme, _ := signupPlan(e, "acme", "team")
	keep, _ := signupPlan(e, "keep", "free")
	sub := activate(e, c, acme, "price_kefu_team_monthly")
	e.Must(http.StatusCreated, "POST", "/v1/tickets", acme.Token, map[string]any{"type": "inquiry", "channel": "web", "subject": "问询"})

	c.Add(time.Hour)
	deliver(e, c, stripeEvent("evt_deleted", "customer.subscription.deleted", c.Now(),
		subscription(acme.ID, sub, "price_kefu_team_monthly", "canceled", time.Time{}, c.Now())))
	b := e.Must(http.StatusOK, "GET", "/v1/billing", acme.Token, nil)
	if b.Str("status") != "canceled" || b.Str("purge_at") == "" {
		t.Fatalf("canceled: %s", b.Raw)
	}
	e.Must(http.StatusPaymentRequired, "POST", "/v1/customers", acme.Token, map[string]any{"name": "x"})
	e.Must(http.StatusOK, "GET", "/v1/tickets", acme.Token, nil)

	// Before the retention period ends nothing is purged.
	if err := e.App.Billing.Purge(context.Background(), acme.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.Store.Tenant.Get(sys(), acme.ID); err != nil {
		t.Fatalf("purged early: %v", err)
	}
	c.Add(91 * 24 * time.Hour)
	if n, err := e.App.Billing.Sweep(context.Background(), time.Second); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	if err := e.App.Billing.Purge(context.Background(), acme.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.Store.Tenant.Get(sys(), acme.ID); err == nil {
		t.Fatal("tenant still there after purge")
	}
	e.Must(http.StatusUnauthorized, "POST", "/v1/auth/login", "", map[string]any{"tenant": "acme", "email": "director@acme.test", "password": apptest.Password})
	relogin(e, &keep)

	f, err := os.Open(filepath.Join(dataDir, "exports", "acme-"+acme.ID+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tables := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var line struct {
			Table string `json:"table"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("export line: %v", err)
		}
		tables[line.Table]++
	}
	if tables["tenants"] != 1 || tables["tickets"] != 1 || tables["users"] != 1 || tables["audit_entries"] == 0 {
		t.Fatalf("export: %v", tables)
	}
	// Nothing of the tenant is left in any table.
	var left int
	if err := e.App.Store.DB.QueryRow(`SELECT COUNT(*) FROM users WHERE tenant_id = $1`, acme.ID).Scan(&left); err != nil || left != 0 {
		t.Fatalf("%d users left: %v", left, err)
	}
}

func TestPlanChangesThroughCheckoutAndPortal(t *testing.T) {
	e, c := billingEnv(t)
	acme, _ := signupPlan(e, "acme", "team")
	// Before paying there is no portal yet, but checkout for any paid plan.
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/billing/checkout", acme.Token, map[string]any{"plan": "platinum"})
	if r := e.Must(http.StatusOK, "POST", "/v1/billing/checkout", acme.Token, map[string]any{"plan": "business"}); r.Str("action") != "checkout" || r.Str("checkout_url") == "" {
		t.Fatalf("checkout: %s", r.Raw)
	}
	activate(e, c, acme, "price_kefu_team_monthly")
	e.Must(http.StatusConflict, "POST", "/v1/billing/checkout", acme.Token, map[string]any{"plan": "team"})
	if r := e.Must(http.StatusOK, "POST", "/v1/billing/checkout", acme.Token, map[string]any{"plan": "business"}); r.Str("action") != "updated" {
		t.Fatalf("upgrade: %s", r.Raw)
	}
	if r := e.Must(http.StatusOK, "POST", "/v1/billing/checkout", acme.Token, map[string]any{"plan": "free"}); r.Str("action") != "scheduled" {
		t.Fatalf("downgrade: %s", r.Raw)
	}
	// The end of the paid period then moves the tenant to the free plan.
	c.Add(time.Hour)
	s := subscription(acme.ID, "sub_acme", "price_kefu_team_monthly", "canceled", time.Time{}, c.Now())
	s["metadata"].(map[string]any)["kefu_next_plan"] = "free"
	deliver(e, c, stripeEvent("evt_to_free", "customer.subscription.deleted", c.Now(), s))
	if row := tenantRow(e, acme.ID); row["plan"] != "free" || row["status"] != "active" || row["stripe_subscription_id"] != nil {
		t.Fatalf("after the downgrade: %v", row)
	}
	if r := e.Must(http.StatusOK, "POST", "/v1/billing/portal", acme.Token, nil); r.Str("url") == "" {
		t.Fatalf("portal: %s", r.Raw)
	}
	// Only those who may manage billing can.
	_, agent := e.AddUser(acme, "agent", "agent")
	e.Must(http.StatusForbidden, "GET", "/v1/billing", agent, nil)
	e.Must(http.StatusForbidden, "POST", "/v1/billing/checkout", agent, map[string]any{"plan": "team"})
}

func TestOperatorSuspensionOutranksBilling(t *testing.T) {
	e, c := billingEnv(t)
	acme, _ := signupPlan(e, "acme", "team")
	sub := activate(e, c, acme, "price_kefu_team_monthly")
	if _, err := e.App.Lifecycle.Suspend(context.Background(), acme.ID, "legal hold"); err != nil {
		t.Fatal(err)
	}
	c.Add(time.Hour)
	deliver(e, c, stripeEvent("evt_fail_op", "invoice.payment_failed", c.Now(), invoice(acme.ID, sub)))
	c.Add(8 * 24 * time.Hour)
	deliver(e, c, stripeEvent("evt_paid_op", "invoice.paid", c.Now(), invoice(acme.ID, sub)))
	if _, err := e.App.Billing.Enforce(context.Background()); err != nil {
		t.Fatal(err)
	}
	row := tenantRow(e, acme.ID)
	if row["suspended_by"] != string(enttenant.SuspendedByOperator) || row["status"] != "suspended" {
		t.Fatalf("billing lifted an operator's suspension: %v", row)
	}
	e.Must(http.StatusForbidden, "POST", "/v1/auth/login", "", map[string]any{"tenant": "acme", "email": "director@acme.test", "password": apptest.Password})
	if _, err := e.App.Lifecycle.Resume(context.Background(), acme.ID); err != nil {
		t.Fatal(err)
	}
	relogin(e, &acme)
	e.Must(http.StatusCreated, "POST", "/v1/customers", acme.Token, map[string]any{"name": "x"})
}

// One run through real asynq: the webhook's task applies the event.
func TestStripeEventsAreProcessedByTheWorkers(t *testing.T) {
	e, c := billingEnv(t)
	acme, _ := signupPlan(e, "acme", "team")
	e.StartWorkers()
	r := post(e, stripeEvent("evt_async", "customer.subscription.created", c.Now(),
		subscription(acme.ID, "sub_async", "price_kefu_business_monthly", "active", time.Time{}, c.Now().AddDate(0, 1, 0))), webhookSecret, c.Now())
	if r.Status != http.StatusOK || r.JSON["received"] != true {
		t.Fatalf("webhook: %d %s", r.Status, r.Raw)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		ev := e.App.Store.StripeEvent.GetX(sys(), "evt_async")
		if ev.Status == stripeevent.StatusProcessed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("event still %s (%s)", ev.Status, ev.Error)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if row := tenantRow(e, acme.ID); row["plan"] != "business" || row["status"] != "active" {
		t.Fatalf("after the worker: %v", row)
	}
}

func TestRateLimitsFollowThePlan(t *testing.T) {
	e, c := billingEnv(t)
	free, _ := signupPlan(e, "freeorg", "free")
	biz, _ := signupPlan(e, "bizorg", "team")
	activate(e, c, biz, "price_kefu_business_monthly")
	if l := e.App.Limiter.For(context.Background(), free.ID); l.Key.PerSecond != 10 || l.Tenant.PerSecond != 30 {
		t.Fatalf("free plan limits: %+v", l)
	}
	if l := e.App.Limiter.For(context.Background(), biz.ID); l.Key.PerSecond != 50 || l.Tenant.PerSecond != 200 {
		t.Fatalf("business plan limits: %+v", l)
	}
}

// A plan's features are what it sells: a free tenant gets 402 for API
// keys, webhooks, custom roles and callback scripts and nothing is
// written; Team buys the first three it lists; a key stops working where
// the plan no longer includes API access.
func TestPlanFeaturesAreEnforced(t *testing.T) {
	e, c := billingEnv(t)
	acme, _ := signupPlan(e, "acme", "free")
	type attempt struct {
		path    string
		body    map[string]any
		feature string
	}
	attempts := []attempt{
		{"/v1/api-keys", map[string]any{"name": "CRM", "role": "agent"}, "API access"},
		{"/v1/webhooks", map[string]any{"url": "https://hooks.example.com/kefu", "events": []string{"ticket.created"}}, "webhooks"},
		{"/v1/roles", map[string]any{"name": "night_lead", "parent": "supervisor", "permissions": []string{"tickets:assign"}}, "custom roles"},
		{"/v1/callback-scripts", map[string]any{"name": "VIP回访", "opening": "您好", "closing_satisfied": "谢谢", "closing_unsatisfied": "抱歉"}, "callbacks"},
	}
	for _, a := range attempts {
		r := e.Do("POST", a.path, acme.Token, a.body)
		if r.Status != http.StatusPaymentRequired || !strings.Contains(r.Str("detail"), a.feature) {
			t.Fatalf("free plan, POST %s: %d %s", a.path, r.Status, r.Raw)
		}
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/api-keys", acme.Token, nil).Items()); n != 0 {
		t.Fatalf("%d keys written on a refused create", n)
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/webhooks", acme.Token, nil).Items()); n != 0 {
		t.Fatalf("%d endpoints written on a refused create", n)
	}
	// Reads stay open, so a tenant can see what an upgrade would bring back.
	e.Must(http.StatusOK, "GET", "/v1/roles", acme.Token, nil)

	// Team includes API access, webhooks and callbacks, not custom roles.
	activate(e, c, acme, "price_kefu_team_monthly")
	for _, a := range attempts {
		want := http.StatusCreated
		if a.path == "/v1/roles" {
			want = http.StatusPaymentRequired
		}
		if r := e.Do("POST", a.path, acme.Token, a.body); r.Status != want {
			t.Fatalf("team plan, POST %s: %d, want %d: %s", a.path, r.Status, want, r.Raw)
		}
	}
	id, key := newKey(e, acme.Token, map[string]any{"name": "HIS", "role": "agent"})
	e.Must(http.StatusOK, "GET", "/v1/tickets", key, nil)

	// Back on a plan without API access (another API process reads the plan
	// afresh), the key is refused until the plan has it again.
	if err := e.App.Store.Tenant.UpdateOneID(acme.ID).SetPlan("free").Exec(sys()); err != nil {
		t.Fatal(err)
	}
	peer := e.Peer()
	if r := peer.Do("GET", "/v1/tickets", key, nil); r.Status != http.StatusPaymentRequired || !strings.Contains(r.Str("detail"), "API access") {
		t.Fatalf("key on the free plan: %d %s", r.Status, r.Raw)
	}
	if r := peer.Must(http.StatusOK, "GET", "/v1/api-keys/"+id, acme.Token, nil); r.Str("revoked_at") != "" {
		t.Fatalf("the key was revoked instead of paused: %s", r.Raw)
	}
	hook := peer.Must(http.StatusOK, "GET", "/v1/webhooks", acme.Token, nil).Items()[0]["id"].(string)
	if r := peer.Do("POST", "/v1/webhooks/"+hook+"/test", acme.Token, nil); r.Status != http.StatusPaymentRequired {
		t.Fatalf("test delivery on the free plan: %d %s", r.Status, r.Raw)
	}
}

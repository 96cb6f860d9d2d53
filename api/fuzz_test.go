package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"kefu/app"
	"kefu/app/apptest"
	"kefu/tenants/tenancy"
)

// fuzzOps are the write operations whose JSON bodies FuzzWriteBodies feeds;
// {ticket}, {customer} and {user} are the fuzz tenant's objects.
var fuzzOps = []struct{ method, path string }{
	{"POST", "/v1/tickets"},
	{"POST", "/v1/tickets/{ticket}/status"},
	{"POST", "/v1/tickets/{ticket}/comments"},
	{"POST", "/v1/tickets/{ticket}/assign"},
	{"POST", "/v1/customers"},
	{"PATCH", "/v1/customers/{customer}"},
	{"POST", "/v1/users"},
	{"PATCH", "/v1/users/{user}"},
	{"POST", "/v1/calendars"},
	{"POST", "/v1/sla-policies"},
	{"PATCH", "/v1/tenant"},
	{"POST", "/v1/signup"},
}

// FuzzWriteBodies sends arbitrary bodies to write operations through the
// real handler: never a 5xx; a 4xx is an RFC 9457 problem document and
// changes nothing.
func FuzzWriteBodies(f *testing.F) {
	e := apptest.New(f, func(c *app.Config) {
		c.RateLimitKey, c.RateLimitTenant, c.RateLimitLogin = "off", "off", "off"
	})
	acme := e.Signup("fuzz-co", "property")
	user, _ := e.AddUser(acme, "agent1", "agent")
	customer := e.Must(http.StatusCreated, "POST", "/v1/customers", acme.Token, map[string]any{"name": "客户", "tier": "member"}).Str("id")
	ticket := e.Must(http.StatusCreated, "POST", "/v1/tickets", acme.Token, map[string]any{
		"type": "complaint", "channel": "phone", "subject": "投诉", "customer_id": customer}).Str("id")
	paths := strings.NewReplacer("{ticket}", ticket, "{customer}", customer, "{user}", user)
	for i := range fuzzOps {
		f.Add(uint8(i), []byte(`{}`))
		f.Add(uint8(i), []byte(`null`))
	}
	f.Add(uint8(0), []byte(`{"type":"complaint","channel":"phone","subject":"x","customer_id":"`+customer+`"}`))

	sys := tenancy.System(context.Background())
	db := e.App.Store.Client
	// state is what a refused request must leave as it was.
	state := func() string {
		tk := db.Ticket.GetX(sys, ticket)
		cu := db.Customer.GetX(sys, customer)
		us := db.User.GetX(sys, user)
		tn := db.Tenant.GetX(sys, acme.ID)
		return fmt.Sprint(db.Ticket.Query().CountX(sys), db.Customer.Query().CountX(sys), db.User.Query().CountX(sys),
			db.TicketComment.Query().CountX(sys), db.TicketEvent.Query().CountX(sys), db.Calendar.Query().CountX(sys),
			db.SLAPolicy.Query().CountX(sys), db.Tenant.Query().CountX(sys), db.AuditEntry.Query().CountX(sys),
			tk.UpdatedAt, cu.UpdatedAt, us.UpdatedAt, tn.UpdatedAt)
	}
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		o := fuzzOps[int(op)%len(fuzzOps)]
		before := state()
		req, err := http.NewRequest(o.method, e.URL+paths.Replace(o.path), bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+acme.Token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Fatalf("%s %s %q: %d %s", o.method, o.path, body, res.StatusCode, raw)
		}
		if res.StatusCode < 400 {
			return
		}
		var p struct {
			Status int    `json:"status"`
			Title  string `json:"title"`
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Fatalf("%s %s %q: %d with Content-Type %q", o.method, o.path, body, res.StatusCode, ct)
		}
		if err := json.Unmarshal(raw, &p); err != nil || p.Status != res.StatusCode || p.Title == "" {
			t.Fatalf("%s %s %q: %d, not a problem document: %s", o.method, o.path, body, res.StatusCode, raw)
		}
		if after := state(); after != before {
			t.Fatalf("%s %s %q answered %d but changed state:\n%s\n%s", o.method, o.path, body, res.StatusCode, before, after)
		}
	})
}

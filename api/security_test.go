package api_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/api"
	"kefu/app/apptest"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

type specOp struct {
	method, path string
	op           *huma.Operation
}

func specOps() []specOp {
	var out []specOp
	for path, item := range api.Spec().Paths {
		for method, op := range map[string]*huma.Operation{
			http.MethodGet: item.Get, http.MethodPost: item.Post, http.MethodPut: item.Put,
			http.MethodPatch: item.Patch, http.MethodDelete: item.Delete,
		} {
			if op != nil {
				out = append(out, specOp{method, path, op})
			}
		}
	}
	return out
}

var requiresPerm = regexp.MustCompile("Requires permission `([a-z_]+:[a-z_]+)`")

// TestEverySecuredOperationNeedsAToken calls each operation of the OpenAPI
// document that declares security without credentials.
func TestEverySecuredOperationNeedsAToken(t *testing.T) {
	e := apptest.New(t)
	n := 0
	for _, o := range specOps() {
		if len(o.op.Security) != 1 || len(o.op.Security[0]) == 0 {
			continue // anonymous
		}
		n++
		path := strings.NewReplacer("{id}", "usr_x", "{name}", "agent").Replace(o.path)
		if r := e.Do(o.method, path, "", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("%s %s without a token: %d", o.method, o.path, r.Status)
		}
	}
	if n < 15 {
		t.Fatalf("only %d secured operations found", n)
	}
}

// TestViewerIsRefusedWhatItLacks calls every operation that declares a
// permission as a viewer: those the viewer lacks answer 403.
func TestViewerIsRefusedWhatItLacks(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	_, viewer := e.AddUser(acme, "watcher", "viewer")
	viewerRole, _ := authz.LookupBuiltIn(authz.Viewer)
	checked := 0
	for _, o := range specOps() {
		m := requiresPerm.FindStringSubmatch(o.op.Description)
		if m == nil || slices.Contains(viewerRole.Adds, authz.Permission(m[1])) {
			continue
		}
		checked++
		path := strings.NewReplacer("{id}", acme.DirectorID, "{name}", "agent").Replace(o.path)
		if r := e.Do(o.method, path, viewer, nil); r.Status != http.StatusForbidden {
			t.Errorf("viewer %s %s (needs %s): %d", o.method, o.path, m[1], r.Status)
		}
	}
	if checked < 8 {
		t.Fatalf("only %d operations checked", checked)
	}
}

func TestAgentCallingAdminRoutesIsForbidden(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "property")
	_, agent := e.AddUser(acme, "agent1", "agent")
	e.Must(http.StatusForbidden, "POST", "/v1/users", agent, map[string]any{"email": "x@acme.test", "name": "x"})
	e.Must(http.StatusForbidden, "GET", "/v1/audit-log", agent, nil)
	e.Must(http.StatusForbidden, "POST", "/v1/roles", agent, map[string]any{"name": "x_role", "parent": "agent"})
	e.Must(http.StatusForbidden, "PATCH", "/v1/tenant", agent, map[string]any{"name": "mine now"})
	e.Must(http.StatusForbidden, "GET", "/v1/operator/tenants", agent, nil)
	e.Must(http.StatusOK, "GET", "/v1/users", agent, nil)
	e.Must(http.StatusOK, "GET", "/v1/me", agent, nil)
}

// crossTenantBodies are valid bodies for operations that take an id, so
// the call reaches the lookup rather than failing validation. A new
// operation with a path parameter must be added here.
var crossTenantBodies = map[string]any{
	"get-user":                  nil,
	"update-user":               map[string]any{"name": "hijack"},
	"deactivate-user":           nil,
	"reactivate-user":           nil,
	"list-user-supervisors":     nil,
	"get-role":                  nil,
	"update-role":               map[string]any{"label": "hijack"},
	"delete-role":               nil,
	"get-org-unit":              nil,
	"update-org-unit":           map[string]any{"name": "hijack"},
	"delete-org-unit":           nil,
	"list-org-unit-members":     nil,
	"get-org-unit-head":         nil,
	"get-position":              nil,
	"update-position":           map[string]any{"title": "hijack"},
	"delete-position":           nil,
	"list-assignments":          nil,
	"create-assignment":         map[string]any{"user_id": "usr_none", "kind": "concurrent"},
	"end-assignment":            nil,
	"get-customer":              nil,
	"update-customer":           map[string]any{"name": "hijack"},
	"get-ticket":                nil,
	"assign-ticket":             map[string]any{"reason": "hijack", "unit_id": "unt_none"},
	"create-ticket-comment":     map[string]any{"body": "hijack", "public": true},
	"list-ticket-comments":      nil,
	"set-ticket-status":         map[string]any{"status": "closed"},
	"list-ticket-events":        nil,
	"get-calendar":              nil,
	"update-calendar":           map[string]any{"name": "hijack"},
	"delete-calendar":           nil,
	"preview-calendar-deadline": nil,
	"delete-category":           nil,
	"get-sla-policy":            nil,
	"update-sla-policy":         map[string]any{"name": "hijack"},
	"delete-sla-policy":         nil,
	"read-notification":         nil,
	"get-callback":              nil,
	"create-survey-link":        nil,
	"update-callback-script":    map[string]any{"name": "hijack"},
	"record-callback-attempt":   map[string]any{"outcome": "satisfied"},
	"get-api-key":               nil,
	"revoke-api-key":            nil,

	// Webhooks: {delivery_id} is checked under the foreign endpoint.
	"get-webhook":                nil,
	"update-webhook":             map[string]any{"description": "hijack"},
	"delete-webhook":             nil,
	"list-webhook-deliveries":    nil,
	"get-webhook-delivery":       nil,
	"redeliver-webhook-delivery": nil,
	"test-webhook":               nil,

	// Duty rosters, logs and handovers.
	"get-duty-shift":           nil,
	"update-duty-shift":        map[string]any{"name": "hijack"},
	"delete-duty-shift":        nil,
	"update-duty-roster-entry": map[string]any{"role": "leader"},
	"delete-duty-roster-entry": nil,
	"get-duty-swap":            nil,
	"approve-duty-swap":        map[string]any{},
	"reject-duty-swap":         map[string]any{},
	"cancel-duty-swap":         nil,
	"get-duty-log":             nil,
	"sign-out-duty":            nil,
	"create-duty-log-entry":    map[string]any{"kind": "other", "text": "hijack"},
	"update-duty-log-entry":    map[string]any{"result": "hijack"},
	"report-duty-incident":     map[string]any{"report": "hijack"},
	"close-duty-log-entry":     map[string]any{"result": "hijack"},
	"get-handover":             nil,
	"update-handover":          map[string]any{"notes": "hijack"},
	"sign-handover":            nil,
	"override-handover":        map[string]any{"reason": "hijack"},

	// Performance: scorecards, inspections, score sheets, grades.
	"get-scorecard":            nil,
	"update-scorecard":         map[string]any{"name": "hijack"},
	"delete-scorecard":         nil,
	"get-inspection":           nil,
	"score-inspection":         map[string]any{"marks": []any{}},
	"appeal-inspection":        map[string]any{"reason": "hijack"},
	"decide-inspection-appeal": map[string]any{"outcome": "upheld", "reason": "hijack"},
	"get-score-sheet":          nil,
	"update-score-sheet":       map[string]any{"comment": "hijack"},
	"add-score-sheet-item":     map[string]any{"kind": "reward", "reason": "hijack", "points": 1},
	"delete-score-sheet-item":  nil,
	"submit-score-sheet":       nil,
	"approve-score-sheet":      nil,
	"lock-score-sheet":         nil,
	"return-score-sheet":       map[string]any{"reason": "hijack"},
	"adjust-score-sheet":       map[string]any{"reason": "hijack", "points": 1},
	"set-staff-grade":          map[string]any{"level_id": "grl_none"},
	"confirm-grade-proposal":   map[string]any{},
	"reject-grade-proposal":    map[string]any{"reason": "hijack"},
}

// TestAnotherTenantsIDsAnswer404 calls every tenant-scoped operation with a
// path parameter as tenant B's director, using tenant A's ids.
func TestAnotherTenantsIDsAnswer404(t *testing.T) {
	e := apptest.New(t)
	a := e.Signup("tenant-a", "property")
	b := e.Signup("tenant-b", "property")
	aUser, _ := e.AddUser(a, "agent1", "agent")
	e.Must(http.StatusCreated, "POST", "/v1/roles", a.Token, map[string]any{"name": "a_only", "parent": "agent"})
	aUnit := e.Must(http.StatusOK, "GET", "/v1/org-chart", a.Token, nil).Items()[0]
	aPos := aUnit["positions"].([]any)[1].(map[string]any)["id"].(string)
	aAsg := e.Must(http.StatusCreated, "POST", "/v1/positions/"+aPos+"/assignments", a.Token, map[string]any{"user_id": aUser}).Str("id")
	// A's director heads A's center, so a major complaint notifies them.
	aHead := ""
	for _, p := range aUnit["positions"].([]any) {
		if p.(map[string]any)["head"] == true {
			aHead = p.(map[string]any)["id"].(string)
		}
	}
	e.Must(http.StatusCreated, "POST", "/v1/positions/"+aHead+"/assignments", a.Token, map[string]any{"user_id": a.DirectorID})
	aCal := e.Must(http.StatusOK, "GET", "/v1/calendars", a.Token, nil).Items()[0]["id"].(string)
	aPolicy := e.Must(http.StatusCreated, "POST", "/v1/sla-policies", a.Token, map[string]any{
		"name": "p", "calendar_id": aCal, "first_response": "PT1H", "resolution": "PT8H"}).Str("id")
	aCustomer := e.Must(http.StatusCreated, "POST", "/v1/customers", a.Token, map[string]any{"name": "客户甲", "tier": "member"}).Str("id")
	aCategory := e.Must(http.StatusCreated, "POST", "/v1/categories", a.Token, map[string]any{"name": "报修"}).Str("id")
	aTicket := e.Must(http.StatusCreated, "POST", "/v1/tickets", a.Token, map[string]any{
		"type": "complaint", "channel": "phone", "subject": "重大投诉", "severity": "major", "customer_id": aCustomer}).Str("id")
	aNote := e.Must(http.StatusOK, "GET", "/v1/notifications", a.Token, nil).Items()[0]["id"].(string)
	resolved := e.Must(http.StatusCreated, "POST", "/v1/tickets", a.Token, map[string]any{
		"type": "request", "channel": "phone", "subject": "报修", "customer_id": aCustomer}).Str("id")
	e.Must(http.StatusOK, "POST", "/v1/tickets/"+resolved+"/status", a.Token, map[string]any{"status": "resolved"})
	aCallback := e.Must(http.StatusOK, "GET", "/v1/callbacks?ticket_id="+resolved, a.Token, nil).Items()[0]["id"].(string)
	aScript := e.Must(http.StatusOK, "GET", "/v1/callback-scripts", a.Token, nil).Items()[0]["id"].(string)
	aKey := e.Must(http.StatusCreated, "POST", "/v1/api-keys", a.Token, map[string]any{"name": "a", "role": "agent"}).Str("id")
	aHook := e.Must(http.StatusCreated, "POST", "/v1/webhooks", a.Token, map[string]any{"url": "https://203.0.113.10/hook", "events": []string{"*"}}).Str("id")
	// A's performance objects: a scorecard, an inspection, a sheet with an
	// item, a grade proposal.
	aCard := e.Must(http.StatusOK, "GET", "/v1/scorecards", a.Token, nil).Items()[0]["id"].(string)
	actx := tenancy.WithTenant(context.Background(), a.ID)
	aIns, err := e.App.Quality.Pick(actx, aUser, resolved, "")
	if err != nil {
		t.Fatal(err)
	}
	aSheet := e.Must(http.StatusOK, "POST", "/v1/score-sheets/generate", a.Token, map[string]any{"month": time.Now().Format("2006-01")}).Items()[0]["id"].(string)
	aItem := e.Must(http.StatusCreated, "POST", "/v1/score-sheets/"+aSheet+"/items", a.Token, map[string]any{"kind": "reward", "reason": "a", "points": 1}).JSON["items"].([]any)[0].(map[string]any)["id"].(string)
	aLevel := e.Must(http.StatusOK, "GET", "/v1/grades", a.Token, nil).JSON["levels"].([]any)[1].(map[string]any)["id"].(string)
	aProp, err := e.App.Store.Client.GradeProposal.Create().SetUserID(aUser).SetQuarter("2026-Q3").SetFromLevelID(aLevel).SetToLevelID(aLevel).
		SetDirection("promote").SetAverage(90).SetScores(map[string]float64{}).Save(actx)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(path string) string {
		id := aUser
		for prefix, v := range map[string]string{
			"/v1/org-units/": aUnit["id"].(string), "/v1/positions/": aPos, "/v1/customers/": aCustomer,
			"/v1/tickets/": aTicket, "/v1/calendars/": aCal, "/v1/categories/": aCategory,
			"/v1/sla-policies/": aPolicy, "/v1/notifications/": aNote, "/v1/callbacks/": aCallback, "/v1/callback-scripts/": aScript,
			"/v1/api-keys/": aKey, "/v1/webhooks/": aHook,
			"/v1/scorecards/": aCard, "/v1/inspections/": aIns.ID, "/v1/score-sheets/": aSheet, "/v1/grades/proposals/": aProp.ID,
		} {
			if strings.HasPrefix(path, prefix) {
				id = v
			}
		}
		r := strings.NewReplacer("{id}", id, "{name}", "a_only", "{assignment_id}", aAsg, "{delivery_id}", "whd_none", "{item_id}", aItem).Replace(path)
		if strings.HasSuffix(r, "/deadline") {
			r += "?start=2026-11-20T09:00:00Z&duration=PT4H"
		}
		return r
	}
	for _, o := range specOps() {
		// Operator routes span tenants; public survey routes are addressed
		// by an unguessable token, not an id (TestSurveyLinkRecordsCSATOnce).
		if !strings.Contains(o.path, "{") || strings.HasPrefix(o.path, "/v1/operator/") || strings.HasPrefix(o.path, "/v1/public/") {
			continue
		}
		body, ok := crossTenantBodies[o.op.OperationID]
		if !ok {
			t.Errorf("%s (%s %s) takes an id but has no cross-tenant case", o.op.OperationID, o.method, o.path)
			continue
		}
		path := ids(o.path)
		if r := e.Do(o.method, path, b.Token, body); r.Status != http.StatusNotFound {
			t.Errorf("B %s %s on A's object: %d %s", o.method, path, r.Status, r.Raw)
		}
	}
	// Nothing of A's changed.
	r := e.Must(http.StatusOK, "GET", "/v1/users/"+aUser, a.Token, nil)
	if r.Str("name") != "agent1" || r.Str("status") != "active" {
		t.Fatalf("A's user changed: %s", r.Raw)
	}
	e.Must(http.StatusOK, "GET", "/v1/roles/a_only", a.Token, nil)
	if r := e.Must(http.StatusOK, "GET", "/v1/tickets/"+aTicket, a.Token, nil); r.Str("status") != "new" {
		t.Fatalf("A's ticket changed: %s", r.Raw)
	}
	e.Must(http.StatusOK, "GET", "/v1/sla-policies/"+aPolicy, a.Token, nil)
	if r := e.Must(http.StatusOK, "GET", "/v1/callbacks/"+aCallback, a.Token, nil); r.Str("status") != "pending" {
		t.Fatalf("A's callback changed: %s", r.Raw)
	}
	e.Must(http.StatusOK, "GET", "/v1/calendars/"+aCal, a.Token, nil)
	if r := e.Must(http.StatusOK, "GET", "/v1/score-sheets/"+aSheet, a.Token, nil); r.Str("status") != "draft" || len(r.JSON["items"].([]any)) != 1 || r.Str("comment") != "" {
		t.Fatalf("A's score sheet changed: %s", r.Raw)
	}
	if r := e.Must(http.StatusOK, "GET", "/v1/webhooks/"+aHook, a.Token, nil); r.Str("description") != "" {
		t.Fatalf("A's webhook changed: %s", r.Raw)
	}
	if r := e.Must(http.StatusOK, "GET", "/v1/api-keys/"+aKey, a.Token, nil); r.Str("status") != "active" {
		t.Fatalf("A's API key changed: %s", r.Raw)
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/tickets", b.Token, nil).Items()); n != 0 {
		t.Fatalf("B lists %d tickets", n)
	}
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/tickets", b.Token, map[string]any{"type": "inquiry", "channel": "web", "subject": "x", "customer_id": aCustomer})
	if n := len(e.Must(http.StatusOK, "GET", "/v1/positions/"+aPos+"/assignments", a.Token, nil).Items()); n != 1 {
		t.Fatalf("A's position has %d holders", n)
	}
	// Body references to A's objects are unknown to B.
	bUnit := e.Must(http.StatusOK, "GET", "/v1/org-chart", b.Token, nil).Items()[0]
	bPos := bUnit["positions"].([]any)[0].(map[string]any)["id"].(string)
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/positions", b.Token, map[string]any{"unit_id": aUnit["id"], "title": "x", "headcount": 1})
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/positions/"+bPos+"/assignments", b.Token, map[string]any{"user_id": aUser})
	e.Must(http.StatusUnprocessableEntity, "PATCH", "/v1/org-units/"+bUnit["id"].(string), b.Token, map[string]any{"parent_id": aUnit["id"]})
	// Lists show only one's own.
	for _, it := range e.Must(http.StatusOK, "GET", "/v1/users", b.Token, nil).Items() {
		if it["id"] == aUser {
			t.Fatal("B's user list shows A's user")
		}
	}
	for _, it := range e.Must(http.StatusOK, "GET", "/v1/audit-log?limit=200", b.Token, nil).Items() {
		if it["target_id"] == aUser || it["target_id"] == a.ID {
			t.Fatal("B's audit log shows A's entries")
		}
	}
	if r := e.Must(http.StatusOK, "GET", "/v1/tenant", b.Token, nil); r.Str("id") != b.ID {
		t.Fatalf("B's tenant: %s", r.Raw)
	}
}

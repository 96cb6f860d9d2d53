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
	"kefu/ent/dutylogentry"
	"kefu/ent/shiftswap"
	"kefu/ent/types"
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

// pathParam is any {param} of a path template.
var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// anonymous reports whether an operation may be called without credentials.
func anonymous(op *huma.Operation) bool {
	return len(op.Security) != 1 || len(op.Security[0]) == 0
}

// publicOps are the only operations of the OpenAPI document callable
// without credentials. Adding one is a security decision: list it here.
var publicOps = []string{
	"signup", "login", "accept-invite", "operator-login", // they hand out credentials
	"list-plans",                                // the price list, shown before signup
	"stripe-webhook",                            // authenticated by Stripe's signature
	"get-public-survey", "answer-public-survey", // addressed by an unguessable token
}

// publicRoutes are served outside the OpenAPI document, also without
// credentials: probes, metrics, the reference and the survey page.
var publicRoutes = []string{"GET /healthz", "GET /readyz", "GET /metrics", "GET /docs", "GET /openapi.json", "GET /openapi.yaml", "GET /s/nope"}

// TestPublicOperationsAreAnExplicitList: the anonymous operations of the
// document are exactly publicOps, and each answers without a token.
func TestPublicOperationsAreAnExplicitList(t *testing.T) {
	e := apptest.New(t)
	var anon []string
	for _, o := range specOps() {
		if !anonymous(o.op) {
			continue
		}
		anon = append(anon, o.op.OperationID)
		if !slices.Contains(publicOps, o.op.OperationID) {
			t.Errorf("%s %s (%s) needs no credentials but is not in publicOps", o.method, o.path, o.op.OperationID)
		}
		path := pathParam.ReplaceAllString(o.path, "x")
		if r := e.Do(o.method, path, "", map[string]any{}); r.Status == http.StatusUnauthorized || r.Status >= 500 {
			t.Errorf("public %s %s without a token: %d %s", o.method, o.path, r.Status, r.Raw)
		}
	}
	for _, id := range publicOps {
		if !slices.Contains(anon, id) {
			t.Errorf("publicOps lists %s, which is not an anonymous operation of the document", id)
		}
	}
	for _, route := range publicRoutes {
		method, path, _ := strings.Cut(route, " ")
		if r := e.Do(method, path, "", nil); r.Status == http.StatusUnauthorized || r.Status >= 500 {
			t.Errorf("%s without a token: %d", route, r.Status)
		}
	}
}

// TestEverySecuredOperationNeedsAToken calls each operation of the OpenAPI
// document that declares security without credentials, and with a token
// that does not exist.
func TestEverySecuredOperationNeedsAToken(t *testing.T) {
	e := apptest.New(t)
	n := 0
	for _, o := range specOps() {
		if anonymous(o.op) {
			continue // publicOps, asserted above
		}
		n++
		path := pathParam.ReplaceAllString(o.path, "usr_x")
		if r := e.Do(o.method, path, "", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("%s %s without a token: %d", o.method, o.path, r.Status)
		}
		if r := e.Do(o.method, path, "kfs_forged", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("%s %s with a forged token: %d", o.method, o.path, r.Status)
		}
	}
	if n+len(publicOps) != len(specOps()) || n < 100 {
		t.Fatalf("%d secured + %d public of %d operations", n, len(publicOps), len(specOps()))
	}
}

// selfServiceOps need a signed-in user but no permission: they act on the
// caller's own session, profile or notifications.
var selfServiceOps = []string{"get-me", "logout", "list-notifications", "read-notification", "list-webhook-event-types"}

// operatorOps are the platform operator's; no tenant role reaches them.
var operatorOps = []string{"operator-list-tenants", "operator-suspend-tenant", "operator-resume-tenant"}

// TestViewerIsRefusedWhatItLacks calls every secured operation as a
// viewer: every write and every permission the viewer lacks answers 403,
// what it holds does not. An operation that declares no permission must be
// listed as self-service or operator-only.
func TestViewerIsRefusedWhatItLacks(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	_, viewer := e.AddUser(acme, "watcher", "viewer")
	viewerRole, _ := authz.LookupBuiltIn(authz.Viewer)
	if viewerRole.Parent != "" {
		t.Fatalf("viewer inherits from %s; this test assumes it holds only its own permissions", viewerRole.Parent)
	}
	refused, allowed := 0, 0
	for _, o := range specOps() {
		if anonymous(o.op) {
			continue
		}
		id := o.op.OperationID
		var perm string
		if m := requiresPerm.FindStringSubmatch(o.op.Description); m != nil {
			perm = m[1]
		}
		self := slices.Contains(selfServiceOps, id)
		operator := slices.Contains(operatorOps, id)
		switch {
		case perm == "" && !self && !operator:
			t.Errorf("%s %s (%s) declares no permission and is not listed as self-service or operator-only", o.method, o.path, id)
			continue
		case perm != "" && (self || operator):
			t.Errorf("%s declares %s but is listed as self-service/operator-only", id, perm)
		}
		holds := perm != "" && slices.Contains(viewerRole.Adds, authz.Permission(perm))
		writes := o.method != http.MethodGet
		if writes && holds && !self {
			t.Errorf("viewer may write with %s %s (%s needs %s, which viewers hold)", o.method, o.path, id, perm)
		}
		want403 := operator || (!self && (writes || !holds))
		if id == "logout" {
			continue // it would end the session; called last
		}
		path := pathParam.ReplaceAllString(strings.ReplaceAll(o.path, "{name}", "agent"), acme.DirectorID)
		r := e.Do(o.method, path, viewer, map[string]any{})
		switch {
		case want403 && r.Status != http.StatusForbidden:
			t.Errorf("viewer %s %s (needs %q): %d, want 403", o.method, o.path, perm, r.Status)
		case !want403 && (r.Status == http.StatusForbidden || r.Status == http.StatusUnauthorized):
			t.Errorf("viewer %s %s (holds %q): %d", o.method, o.path, perm, r.Status)
		}
		if want403 {
			refused++
		} else {
			allowed++
		}
	}
	e.Must(http.StatusNoContent, "POST", "/v1/auth/logout", viewer, nil)
	if refused < 100 || allowed < 20 {
		t.Fatalf("only %d refused and %d allowed operations checked", refused, allowed)
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
// path parameter as tenant B's director, using tenant A's ids; each id is
// a real object of A (A's own read of it answers 200).
func TestAnotherTenantsIDsAnswer404(t *testing.T) {
	crossTenant404(t, apptest.New(t))
}

func crossTenant404(t *testing.T, e *apptest.Env) {
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
	// The UTC month has always begun in the tenant's zone (UTC+8) too.
	aSheet := e.Must(http.StatusOK, "POST", "/v1/score-sheets/generate", a.Token, map[string]any{"month": time.Now().UTC().Format("2006-01")}).Items()[0]["id"].(string)
	aItem := e.Must(http.StatusCreated, "POST", "/v1/score-sheets/"+aSheet+"/items", a.Token, map[string]any{"kind": "reward", "reason": "a", "points": 1}).JSON["items"].([]any)[0].(map[string]any)["id"].(string)
	aLevel := e.Must(http.StatusOK, "GET", "/v1/grades", a.Token, nil).JSON["levels"].([]any)[1].(map[string]any)["id"].(string)
	aProp, err := e.App.Store.Client.GradeProposal.Create().SetUserID(aUser).SetQuarter("2026-Q3").SetFromLevelID(aLevel).SetToLevelID(aLevel).
		SetDirection("promote").SetAverage(90).SetScores(map[string]float64{}).Save(actx)
	if err != nil {
		t.Fatal(err)
	}
	// A's duty objects, written directly: the duty API needs a roster and
	// a clock (TestDutyObjectsOfAnotherTenantAnswer404 drives it).
	db, unit, now := e.App.Store.Client, aUnit["id"].(string), time.Now()
	aShift := db.ShiftTemplate.Create().SetName("隔离测试班").SetStartTime("08:00").SetEndTime("16:00").SaveX(actx)
	aEntry := db.DutyRosterEntry.Create().SetUnitID(unit).SetUserID(aUser).SetShiftID(aShift.ID).SetDate(now.Format(time.DateOnly)).
		SetStartAt(now).SetEndAt(now.Add(8 * time.Hour)).SaveX(actx)
	aSwap := db.ShiftSwap.Create().SetKind(shiftswap.KindCover).SetRequesterID(aUser).SetEntryID(aEntry.ID).SetCounterpartID(a.DirectorID).
		SetUnitID(unit).SetReason("x").SaveX(actx)
	aLog := db.DutyLog.Create().SetRosterEntryID(aEntry.ID).SetUnitID(unit).SetUserID(aUser).SetShiftID(aShift.ID).SetStartedAt(now).SaveX(actx)
	aLogEntry := db.DutyLogEntry.Create().SetLogID(aLog.ID).SetUnitID(unit).SetAuthorID(aUser).SetAt(now).SetKind(dutylogentry.KindOther).SetText("x").SaveX(actx)
	aHandover := db.Handover.Create().SetUnitID(unit).SetFromEntryID(aEntry.ID).SetFromUserID(aUser).SetToUserID(a.DirectorID).
		SetItems(types.HandoverItems{}).SetPreparedAt(now).SaveX(actx)
	// Every path prefix that takes an id names one of A's objects; a new
	// one fails below until it is added.
	objects := [][2]string{
		{"/v1/users/", aUser}, {"/v1/roles/", "a_only"}, {"/v1/org-units/", unit}, {"/v1/positions/", aPos},
		{"/v1/customers/", aCustomer}, {"/v1/tickets/", aTicket}, {"/v1/calendars/", aCal}, {"/v1/categories/", aCategory},
		{"/v1/sla-policies/", aPolicy}, {"/v1/notifications/", aNote}, {"/v1/callbacks/", aCallback},
		{"/v1/callback-scripts/", aScript}, {"/v1/api-keys/", aKey}, {"/v1/webhooks/", aHook},
		{"/v1/scorecards/", aCard}, {"/v1/inspections/", aIns.ID}, {"/v1/score-sheets/", aSheet},
		{"/v1/grades/proposals/", aProp.ID}, {"/v1/grades/staff/", aUser},
		{"/v1/duty/shifts/", aShift.ID}, {"/v1/duty/roster/", aEntry.ID}, {"/v1/duty/swaps/", aSwap.ID},
		{"/v1/duty/logs/", aLog.ID}, {"/v1/duty/log-entries/", aLogEntry.ID}, {"/v1/handovers/", aHandover.ID},
	}
	ids := func(path string) string {
		id := ""
		for _, o := range objects {
			if strings.HasPrefix(path, o[0]) {
				id = o[1]
			}
		}
		if id == "" {
			t.Errorf("%s: no object of A for this path; add one to objects", path)
			id = "none"
		}
		r := strings.NewReplacer("{id}", id, "{name}", id, "{assignment_id}", aAsg, "{delivery_id}", "whd_none", "{item_id}", aItem).Replace(path)
		if p := pathParam.FindString(r); p != "" {
			t.Errorf("%s: no value for %s", path, p)
		}
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
		// The control: A reads its own object ({delivery_id} is made up).
		if o.method == http.MethodGet && !strings.Contains(o.path, "{delivery_id}") {
			if r := e.Do(o.method, path, a.Token, nil); r.Status != http.StatusOK {
				t.Errorf("A %s %s on its own object: %d %s", o.method, path, r.Status, r.Raw)
			}
		}
	}
	// A's duty objects are untouched.
	if sh := db.ShiftTemplate.GetX(actx, aShift.ID); sh.Name != "隔离测试班" {
		t.Fatalf("A's shift changed: %+v", sh)
	}
	if sw := db.ShiftSwap.GetX(actx, aSwap.ID); sw.Status != aSwap.Status {
		t.Fatalf("A's swap changed: %+v", sw)
	}
	if h := db.Handover.GetX(actx, aHandover.ID); h.Notes != aHandover.Notes || h.FromSignedAt != nil || h.OverriddenBy != nil {
		t.Fatalf("A's handover changed: %+v", h)
	}
	if le := db.DutyLogEntry.GetX(actx, aLogEntry.ID); le.Result != aLogEntry.Result {
		t.Fatalf("A's duty log entry changed: %+v", le)
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

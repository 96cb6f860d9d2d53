package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"kefu/tenants/billing"
	"kefu/tenants/tenancy"
	"kefu/workers"
)

// callbackDesk: the desk fixture plus a callback agent and a VIP customer
// who rests 12:00–14:00 Shanghai time, on an office calendar policy.
type callbackDesk struct {
	*deskFixture
	caller, callerTok string
	vip               string
}

func newCallbackDesk(t *testing.T) *callbackDesk {
	d := newDesk(t, "PT1H", "PT8H", nil)
	c := &callbackDesk{deskFixture: d}
	pos := d.position(d.center, "回访专员", "callback_agent", 2, d.head, false)
	c.caller, c.callerTok = d.person("caller", pos)
	c.vip = d.e.Must(http.StatusCreated, "POST", "/v1/customers", d.t.Token, map[string]any{
		"name": "贵宾业主", "tier": "vip", "timezone": "Asia/Shanghai",
		"quiet_hours": []map[string]any{{"start": "12:00", "end": "14:00"}, {"start": "21:00", "end": "08:00"}}}).Str("id")
	return c
}

func (c *callbackDesk) resolvedTicket(t *testing.T) (ticketID string, cb map[string]any) {
	t.Helper()
	id := c.e.Must(http.StatusCreated, "POST", "/v1/tickets", c.t.Token, map[string]any{
		"type": "complaint", "channel": "phone", "subject": "噪音", "priority": "normal", "customer_id": c.vip, "assignee_id": c.agent, "unit_id": c.groupA1}).Str("id")
	c.e.Must(http.StatusOK, "POST", "/v1/tickets/"+id+"/status", c.agentTok, map[string]any{"status": "resolved"})
	items := c.e.Must(http.StatusOK, "GET", "/v1/callbacks?ticket_id="+id, c.t.Token, nil).Items()
	if len(items) != 1 {
		t.Fatalf("callbacks for a resolved VIP ticket: %v", items)
	}
	// The worklist row names its ticket and customer without more reads.
	if !strings.HasPrefix(items[0]["ticket_number"].(string), "T-") || items[0]["ticket_subject"] != "噪音" || items[0]["customer_tier"] != "vip" || items[0]["customer_name"] == "" {
		t.Fatalf("worklist labels: %v", items[0])
	}
	return id, items[0]
}

func TestResolvingAVIPTicketSchedulesACallbackOutsideQuietHours(t *testing.T) {
	c := newCallbackDesk(t)
	resolvedAt := time.Date(2026, 11, 20, 4, 30, 0, 0, time.UTC) // 12:30 Shanghai, the customer's lunch rest
	c.e.App.Now = func() time.Time { return resolvedAt }
	id, cb := c.resolvedTicket(t)
	due := mustTime(t, cb["due_at"].(string))
	at := mustTime(t, cb["scheduled_at"].(string))
	if !due.Equal(resolvedAt.Add(72 * time.Hour)) {
		t.Fatalf("due %v, want three days after resolution", due)
	}
	if want := time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC); !at.Equal(want) { // 14:00 Shanghai
		t.Fatalf("scheduled %v, want %v (after the rest)", at, want)
	}
	if cb["assignee_id"] != c.caller || cb["status"] != "pending" {
		t.Fatalf("callback %v", cb)
	}
	types := eventTypes(eventsOf(c.e, c.t.Token, id))
	if types[len(types)-1] != "callback_scheduled" {
		t.Fatalf("timeline %v", types)
	}
	// The caller sees the ticket they call back about, and their worklist.
	c.e.Must(http.StatusOK, "GET", "/v1/tickets/"+id, c.callerTok, nil)
	if n := len(c.e.Must(http.StatusOK, "GET", "/v1/callbacks?assignee_id=me&status=pending", c.callerTok, nil).Items()); n != 1 {
		t.Fatalf("worklist %d", n)
	}
}

func TestSatisfiedCallbackClosesAndHandClosingNeedsAWaiver(t *testing.T) {
	c := newCallbackDesk(t)
	id, cb := c.resolvedTicket(t)
	c.e.Must(http.StatusConflict, "POST", "/v1/tickets/"+id+"/status", c.agentTok, map[string]any{"status": "closed"})
	c.e.Must(http.StatusForbidden, "POST", "/v1/tickets/"+id+"/status", c.agentTok, map[string]any{"status": "closed", "waive_callback": true, "note": "x"})
	r := c.e.Must(http.StatusCreated, "POST", "/v1/callbacks/"+cb["id"].(string)+"/attempts", c.callerTok, map[string]any{
		"outcome": "satisfied", "note": "业主表示满意", "answers": map[string]any{"q1": 5}})
	if r.Str("status") != "done" || r.Str("outcome") != "satisfied" || len(r.JSON["attempts"].([]any)) != 1 {
		t.Fatalf("callback %s", r.Raw)
	}
	if s := c.e.Must(http.StatusOK, "GET", "/v1/tickets/"+id, c.t.Token, nil).Str("status"); s != "closed" {
		t.Fatalf("ticket %s after a satisfied callback", s)
	}
	c.e.Must(http.StatusConflict, "POST", "/v1/callbacks/"+cb["id"].(string)+"/attempts", c.callerTok, map[string]any{"outcome": "neutral"})

	// A supervisor may waive, with a reason.
	id2, cb2 := c.resolvedTicket(t)
	c.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/tickets/"+id2+"/status", c.supTok, map[string]any{"status": "closed", "waive_callback": true})
	c.e.Must(http.StatusOK, "POST", "/v1/tickets/"+id2+"/status", c.supTok, map[string]any{"status": "closed", "waive_callback": true, "note": "业主出国，无法联系"})
	if s := c.e.Must(http.StatusOK, "GET", "/v1/callbacks/"+cb2["id"].(string), c.t.Token, nil).Str("status"); s != "waived" {
		t.Fatalf("waived callback is %s", s)
	}
}

func TestUnsatisfiedCallbackReopensAndEscalates(t *testing.T) {
	c := newCallbackDesk(t)
	id, cb := c.resolvedTicket(t)
	before := c.e.Must(http.StatusOK, "GET", "/v1/tickets/"+id, c.t.Token, nil).Str("priority")
	c.e.Must(http.StatusCreated, "POST", "/v1/callbacks/"+cb["id"].(string)+"/attempts", c.callerTok, map[string]any{"outcome": "unsatisfied", "note": "噪音仍在"})
	tk := c.e.Must(http.StatusOK, "GET", "/v1/tickets/"+id, c.t.Token, nil)
	if tk.Str("status") != "open" || tk.JSON["reopen_count"].(float64) != 1 || tk.Str("priority") == before {
		t.Fatalf("ticket after unsatisfied: %s (priority was %s)", tk.Raw, before)
	}
	evs := eventsOf(c.e, c.t.Token, id)
	types := eventTypes(evs)
	for _, want := range []string{"callback_recorded", "reopened", "escalated"} {
		if !slices.Contains(types, want) {
			t.Fatalf("timeline lacks %s: %v", want, types)
		}
	}
	for _, ev := range evs {
		if ev["type"] == "escalated" && ev["data"].(map[string]any)["to_user_id"] != c.sup {
			t.Fatalf("escalated to %v, want the resolver's supervisor", ev["data"])
		}
	}
}

func TestThreeUnreachableAttemptsCloseTheCallback(t *testing.T) {
	c := newCallbackDesk(t)
	now := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC) // 10:00 Shanghai
	c.e.App.Now = func() time.Time { return now }
	id, cb := c.resolvedTicket(t)
	cbID := cb["id"].(string)
	for i := 1; i <= 3; i++ {
		r := c.e.Must(http.StatusCreated, "POST", "/v1/callbacks/"+cbID+"/attempts", c.callerTok, map[string]any{"outcome": "unreachable"})
		if i < 3 {
			at := mustTime(t, r.Str("scheduled_at"))
			if r.Str("status") != "pending" || at.Sub(now) < 2*time.Hour {
				t.Fatalf("attempt %d: %s", i, r.Raw)
			}
			local := at.In(mustLoc(t, "Asia/Shanghai"))
			if h := local.Hour(); h == 12 || h == 13 || h >= 21 || h < 8 {
				t.Fatalf("retry at %v falls in quiet hours", local)
			}
			now = at
		} else if r.Str("status") != "unreachable" || r.Str("outcome") != "unreachable" {
			t.Fatalf("after 3 unreachable: %s", r.Raw)
		}
	}
	if s := c.e.Must(http.StatusOK, "GET", "/v1/tickets/"+id, c.t.Token, nil).Str("status"); s != "closed" {
		t.Fatalf("ticket %s", s)
	}
	c.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/callbacks/"+cbID+"/attempts", c.callerTok, map[string]any{"outcome": "maybe"})
}

// The callback summary matches numbers counted by hand.
func TestCallbackReportMatchesAHandCountedFixture(t *testing.T) {
	c := newCallbackDesk(t)
	t0 := time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC) // Monday 10:00 Shanghai
	now := t0
	c.e.App.Now = func() time.Time { return now }
	var cbs []string
	var tks []string
	for range 5 {
		id, cb := c.resolvedTicket(t)
		tks = append(tks, id)
		cbs = append(cbs, cb["id"].(string))
	}
	attempt := func(i int, outcome string) {
		c.e.Must(http.StatusCreated, "POST", "/v1/callbacks/"+cbs[i]+"/attempts", c.callerTok, map[string]any{"outcome": outcome})
	}
	now = t0.Add(time.Hour)
	attempt(0, "satisfied") // done, on time, satisfied
	for range 3 {
		attempt(2, "unreachable") // closed unreachable
	}
	c.e.Must(http.StatusOK, "POST", "/v1/tickets/"+tks[4]+"/status", c.supTok, map[string]any{"status": "closed", "waive_callback": true, "note": "业主要求不再回访"})
	// One more callback, due after the period (t0+48h+72h):
	now = t0.Add(48 * time.Hour)
	c.resolvedTicket(t)
	now = t0.Add(80 * time.Hour)
	attempt(1, "neutral") // done, late
	// cbs[3] stays pending.

	from, to := t0.Format(time.RFC3339), t0.Add(4*24*time.Hour).Format(time.RFC3339)
	r := c.e.Must(http.StatusOK, "GET", "/v1/reports/callbacks?from="+from+"&to="+to, c.t.Token, nil)
	total := r.JSON["total"].(map[string]any)
	want := map[string]float64{"required": 5, "done": 2, "on_time": 1, "satisfied": 1, "unreachable": 1, "waived": 1, "pending": 1,
		"coverage": 0.4, "on_time_rate": 0.5, "satisfaction_rate": 0.5, "unreachable_rate": 0.2}
	for k, v := range want {
		if total[k].(float64) != v {
			t.Errorf("total.%s = %v, want %v", k, total[k], v)
		}
	}
	agents := asMaps(r.JSON["by_agent"])
	if len(agents) != 1 || agents[0]["key"] != c.caller || agents[0]["required"].(float64) != 5 {
		t.Fatalf("by agent: %v", agents)
	}
	units := asMaps(r.JSON["by_unit"])
	if len(units) != 1 || units[0]["key"] != c.groupA1 {
		t.Fatalf("by unit: %v", units)
	}
	// Filtering by a unit with no tickets gives zeros; the CSV carries the same numbers.
	if n := c.e.Must(http.StatusOK, "GET", "/v1/reports/callbacks?from="+from+"&to="+to+"&unit_id="+c.deptB, c.t.Token, nil).JSON["total"].(map[string]any)["required"]; n.(float64) != 0 {
		t.Fatalf("dept B required %v", n)
	}
	csv := c.e.Must(http.StatusOK, "GET", "/v1/reports/callbacks/export?from="+from+"&to="+to, c.t.Token, nil)
	if ct := csv.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Fatalf("content type %q", ct)
	}
	if !bytesContains(csv.Raw, "total,,5,2,1,1,1,1,1,0.4000,0.5000,0.5000,0.2000") {
		t.Fatalf("csv:\n%s", csv.Raw)
	}
	c.e.Must(http.StatusUnprocessableEntity, "GET", "/v1/reports/callbacks?from="+to+"&to="+from, c.t.Token, nil)
	c.e.Must(http.StatusForbidden, "GET", "/v1/reports/callbacks?from="+from+"&to="+to, c.agentTok, nil)
}

func bytesContains(b []byte, s string) bool { return strings.Contains(string(b), s) }

// An overdue callback escalates once, never before its due time, through
// the sweeper and the worker like an SLA breach.
func TestOverdueCallbackEscalatesOnce(t *testing.T) {
	c := newCallbackDesk(t)
	// The application clock runs four days behind, so the callback's window
	// has closed in real time too and asynq runs its timer at once.
	now := time.Now().UTC().Add(-96 * time.Hour)
	c.e.App.Now = func() time.Time { return now }
	id, cb := c.resolvedTicket(t)
	ctx := tenancy.WithTenant(context.Background(), c.t.ID)
	escalations := func() int {
		n := 0
		for _, ev := range eventsOf(c.e, c.t.Token, id) {
			if ev["type"] == "escalated" && ev["data"].(map[string]any)["reason"] == "callback_overdue" {
				n++
			}
		}
		return n
	}
	now = mustTime(t, cb["due_at"].(string)).Add(-time.Second)
	if err := c.e.App.Callbacks.CheckOverdue(ctx, cb["id"].(string)); err != nil || escalations() != 0 {
		t.Fatalf("before due: %v, %d escalations", err, escalations())
	}
	now = now.Add(2 * time.Second)
	sw := &workers.Sweeper{Queue: c.e.App.Queue, Callbacks: c.e.App.Callbacks, Interval: time.Minute, Now: c.e.App.Now}
	if n, err := sw.Once(context.Background()); err != nil || n == 0 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	c.e.StartWorkers()
	deadline := time.Now().Add(10 * time.Second)
	for escalations() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("overdue callback never escalated")
		}
		time.Sleep(100 * time.Millisecond)
	}
	for range 2 {
		if err := c.e.App.Callbacks.CheckOverdue(ctx, cb["id"].(string)); err != nil {
			t.Fatal(err)
		}
	}
	if n := escalations(); n != 1 {
		t.Fatalf("%d overdue escalations", n)
	}
}

func TestSurveyLinkRecordsCSATOnce(t *testing.T) {
	c := newCallbackDesk(t)
	id, cb := c.resolvedTicket(t)
	link := c.e.Must(http.StatusCreated, "POST", "/v1/callbacks/"+cb["id"].(string)+"/survey-link", c.callerTok, nil)
	url := link.Str("url")
	token := url[strings.LastIndex(url, "/")+1:]
	if !strings.HasPrefix(url, "http://kefu.test/s/kfq_") {
		t.Fatalf("url %s", url)
	}
	sv := c.e.Must(http.StatusOK, "GET", "/v1/public/surveys/"+token, "", nil)
	if sv.Str("subject") != "噪音" || sv.JSON["answered"] != false {
		t.Fatalf("survey %s", sv.Raw)
	}
	page := c.e.Do("GET", "/s/"+token, "", nil)
	if page.Status != http.StatusOK || !strings.Contains(string(page.Raw), `name="csat"`) || strings.Contains(string(page.Raw), "<script") {
		t.Fatalf("page %d", page.Status)
	}
	c.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/public/surveys/"+token, "", map[string]any{"csat": 9})
	c.e.Must(http.StatusNoContent, "POST", "/v1/public/surveys/"+token, "", map[string]any{"csat": 4, "comment": "处理及时"})
	c.e.Must(http.StatusConflict, "POST", "/v1/public/surveys/"+token, "", map[string]any{"csat": 1})
	c.e.Must(http.StatusNotFound, "GET", "/v1/public/surveys/kfq_forged", "", nil)
	if sv := c.e.Must(http.StatusOK, "GET", "/v1/public/surveys/"+token, "", nil); sv.JSON["csat"].(float64) != 4 {
		t.Fatalf("after answering: %s", sv.Raw)
	}
	var csat float64
	for _, ev := range eventsOf(c.e, c.t.Token, id) {
		if ev["type"] == "callback_recorded" && ev["data"].(map[string]any)["channel"] == "survey" {
			csat = ev["data"].(map[string]any)["csat"].(float64)
		}
	}
	if csat != 4 {
		t.Fatal("survey answer not on the timeline")
	}
	// Links expire.
	c.e.App.Now = func() time.Time { return time.Now().Add(8 * 24 * time.Hour) }
	c.e.Must(http.StatusNotFound, "GET", "/v1/public/surveys/"+token, "", nil)
}

func TestCallbackShowsTheDefaultScript(t *testing.T) {
	c := newCallbackDesk(t)
	_, cb := c.resolvedTicket(t)
	r := c.e.Must(http.StatusOK, "GET", "/v1/callbacks/"+cb["id"].(string), c.callerTok, nil)
	script := r.JSON["script"].(map[string]any)
	if script["name"] != "标准回访" || len(script["questions"].([]any)) != 3 {
		t.Fatalf("script %v", script)
	}
	bad := c.e.Do("POST", "/v1/callback-scripts", c.t.Token, map[string]any{"name": "x", "opening": "o", "closing_satisfied": "s", "closing_unsatisfied": "u",
		"questions": []map[string]any{{"key": "Bad Key", "text": "q", "kind": "essay"}}})
	if bad.Status != http.StatusUnprocessableEntity || !hasErrorAt(bad, "body.questions[0].key") || !hasErrorAt(bad, "body.questions[0].kind") {
		t.Fatalf("bad script: %d %s", bad.Status, bad.Raw)
	}
	id := c.e.Must(http.StatusCreated, "POST", "/v1/callback-scripts", c.t.Token, map[string]any{"name": "VIP回访", "opening": "尊敬的贵宾您好",
		"closing_satisfied": "谢谢", "closing_unsatisfied": "抱歉", "is_default": true}).Str("id")
	r = c.e.Must(http.StatusOK, "GET", "/v1/callbacks/"+cb["id"].(string), c.callerTok, nil)
	if r.JSON["script"].(map[string]any)["id"] != id {
		t.Fatal("the new default script is not shown")
	}
	if n := len(c.e.Must(http.StatusOK, "GET", "/v1/callback-scripts", c.t.Token, nil).Items()); n != 2 {
		t.Fatalf("%d scripts", n)
	}
	c.e.Must(http.StatusForbidden, "POST", "/v1/callback-scripts", c.callerTok, map[string]any{"name": "x", "opening": "o", "closing_satisfied": "s", "closing_unsatisfied": "u"})
}

// A policy can name the post that makes its calls.
func TestCallbackPolicyNamesTheCallbackTeam(t *testing.T) {
	c := newCallbackDesk(t)
	teamPos := c.position(c.center, "VIP回访专员", "agent", 1, c.head, false)
	vipCaller, _ := c.person("vipcaller", teamPos)
	pols := c.e.Must(http.StatusOK, "GET", "/v1/sla-policies", c.t.Token, nil).Items()
	var pol string
	for _, p := range pols {
		if p["name"] == "complaints" {
			pol = p["id"].(string)
		}
	}
	c.e.Must(http.StatusUnprocessableEntity, "PATCH", "/v1/sla-policies/"+pol, c.t.Token, map[string]any{"callback": map[string]any{"position_id": "pos_missing"}})
	c.e.Must(http.StatusUnprocessableEntity, "PATCH", "/v1/sla-policies/"+pol, c.t.Token, map[string]any{"callback": map[string]any{"coverage": map[string]any{"vip": 2}}})
	c.e.Must(http.StatusOK, "PATCH", "/v1/sla-policies/"+pol, c.t.Token, map[string]any{"callback": map[string]any{"position_id": teamPos, "within_seconds": 86400}})
	_, cb := c.resolvedTicket(t)
	if cb["assignee_id"] != vipCaller {
		t.Fatalf("assigned to %v, want the named post's holder", cb["assignee_id"])
	}
	if d := mustTime(t, cb["due_at"].(string)).Sub(time.Now()); d > 25*time.Hour || d < 23*time.Hour {
		t.Fatalf("due in %v, want the policy's one day", d)
	}
}

// The worklist pages with a cursor like every list: in scheduled order,
// ties (callbacks pushed to the same end of quiet hours) broken by id,
// nothing skipped or repeated.
func TestCallbackWorklistPagesWithACursor(t *testing.T) {
	c := newCallbackDesk(t)
	for range 5 {
		c.resolvedTicket(t)
	}
	var want []string
	for _, it := range c.e.Must(http.StatusOK, "GET", "/v1/callbacks?limit=200", c.t.Token, nil).Items() {
		want = append(want, it["id"].(string))
	}
	var got []string
	path := "/v1/callbacks?limit=2"
	for pages := 0; ; pages++ {
		r := c.e.Must(http.StatusOK, "GET", path, c.t.Token, nil)
		for _, it := range r.Items() {
			got = append(got, it["id"].(string))
		}
		next, _ := r.JSON["next_cursor"].(string)
		if next == "" {
			break
		}
		if pages > 5 {
			t.Fatal("the cursor never ends")
		}
		path = "/v1/callbacks?limit=2&cursor=" + next
	}
	if len(want) != 5 || !slices.Equal(got, want) {
		t.Fatalf("paged %v, want %v", got, want)
	}
	// Not a cursor at all, and one of another list's shape ("c1:garbage").
	for _, bad := range []string{"bm90LWEtY3Vyc29y", "YzE6Z2FyYmFnZQ"} {
		c.e.Must(http.StatusUnprocessableEntity, "GET", "/v1/callbacks?cursor="+bad, c.t.Token, nil)
	}
}

// Callbacks are a plan feature: where the plan lacks them, resolving books
// none; once it has them again, the next resolution does.
func TestNoCallbackWhereThePlanLacksCallbacks(t *testing.T) {
	c := newCallbackDesk(t)
	c.e.App.Entitled = func(_ context.Context, tenantID, feature string) bool {
		return !(tenantID == c.t.ID && feature == billing.FeatureCallbacks)
	}
	id := c.e.Must(http.StatusCreated, "POST", "/v1/tickets", c.t.Token, map[string]any{
		"type": "complaint", "channel": "phone", "subject": "噪音", "customer_id": c.vip, "assignee_id": c.agent, "unit_id": c.groupA1}).Str("id")
	c.e.Must(http.StatusOK, "POST", "/v1/tickets/"+id+"/status", c.agentTok, map[string]any{"status": "resolved"})
	if items := c.e.Must(http.StatusOK, "GET", "/v1/callbacks?ticket_id="+id, c.t.Token, nil).Items(); len(items) != 0 {
		t.Fatalf("callbacks booked without the feature: %v", items)
	}
	c.e.App.Entitled = func(context.Context, string, string) bool { return true }
	c.resolvedTicket(t)
}

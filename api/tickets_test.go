package api_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"kefu/app/apptest"
	"kefu/tenants/tenancy"
	"kefu/workers"
)

// deskFixture: a generic tenant with a 24×7 calendar, a chart where an
// agent reports to a supervisor who reports to a manager, and a policy.
type deskFixture struct {
	*orgFixture
	cal              string
	sup, mgr, agent  string
	agentTok, supTok string
}

func newDesk(t testing.TB, firstResponse, resolution string, escalation []map[string]any) *deskFixture {
	f := newOrgFixture(t)
	d := &deskFixture{orgFixture: f}
	d.cal = f.e.Must(http.StatusCreated, "POST", "/v1/calendars", f.t.Token, map[string]any{"name": "7×24", "always_open": true}).Str("id")
	body := map[string]any{"name": "complaints", "calendar_id": d.cal, "first_response": firstResponse, "resolution": resolution,
		"match": map[string]any{"types": []string{"complaint"}}, "rank": 1}
	if escalation != nil {
		body["escalation"] = escalation
	}
	f.e.Must(http.StatusCreated, "POST", "/v1/sla-policies", f.t.Token, body)
	d.mgr, _ = f.person("mgr", f.mgrA)
	d.sup, d.supTok = f.person("sup", f.supA1)
	d.agent, d.agentTok = f.person("agent", f.agentA1)
	return d
}

func (d *deskFixture) complaint(subject string) apptest.Response {
	return d.e.Must(http.StatusCreated, "POST", "/v1/tickets", d.t.Token, map[string]any{
		"type": "complaint", "channel": "phone", "subject": subject, "assignee_id": d.agent, "unit_id": d.groupA1})
}

func eventsOf(e *apptest.Env, token, id string) []map[string]any {
	return e.Must(http.StatusOK, "GET", "/v1/tickets/"+id+"/events", token, nil).Items()
}

func eventTypes(evs []map[string]any) []string {
	var out []string
	for _, ev := range evs {
		out = append(out, ev["type"].(string))
	}
	return out
}

// The end-to-end case: PT5S on 24×7, an unanswered complaint
// breaches and escalates to the agent's supervisor within 3 s of the
// deadline; a reply before the deadline prevents both.
func TestUnansweredComplaintBreachesAndEscalatesToTheSupervisor(t *testing.T) {
	d := newDesk(t, "PT5S", "PT1H", nil)
	d.e.StartWorkers()
	late := d.complaint("无人应答")
	answered := d.complaint("及时答复")
	d.e.Must(http.StatusCreated, "POST", "/v1/tickets/"+answered.Str("id")+"/comments", d.agentTok, map[string]any{"body": "您好，已收到", "public": true})
	due, _ := time.Parse(time.RFC3339Nano, late.JSON["sla"].(map[string]any)["first_response_due_at"].(string))
	if got := due.Sub(mustTime(t, late.Str("created_at"))); got != 5*time.Second {
		t.Fatalf("first response due %v after creation", got)
	}
	deadline := due.Add(3 * time.Second)
	for {
		types := eventTypes(eventsOf(d.e, d.t.Token, late.Str("id")))
		if slices.Contains(types, "sla_breached") && slices.Contains(types, "escalated") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("3 s after the deadline the events are %v", types)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var esc map[string]any
	for _, ev := range eventsOf(d.e, d.t.Token, late.Str("id")) {
		if ev["type"] == "escalated" {
			esc = ev
		}
		if ev["type"] == "sla_breached" && mustTime(t, ev["at"].(string)).Before(due) {
			t.Fatal("breach recorded before the deadline")
		}
	}
	data := esc["data"].(map[string]any)
	if data["to_user_id"] != d.sup || data["level"].(float64) != 1 {
		t.Fatalf("escalated to %v", data)
	}
	notes := d.e.Must(http.StatusOK, "GET", "/v1/notifications", d.supTok, nil).Items()
	if len(notes) != 1 || notes[0]["ticket_id"] != late.Str("id") {
		t.Fatalf("supervisor notifications: %v", notes)
	}
	tk := d.e.Must(http.StatusOK, "GET", "/v1/tickets/"+late.Str("id"), d.t.Token, nil)
	if tk.JSON["escalation_level"].(float64) != 1 || tk.JSON["sla"].(map[string]any)["breached"] != true {
		t.Fatalf("ticket: %s", tk.Raw)
	}
	time.Sleep(time.Second) // give a wrong breach of the answered ticket time to show
	for _, typ := range eventTypes(eventsOf(d.e, d.t.Token, answered.Str("id"))) {
		if typ == "sla_breached" || typ == "escalated" {
			t.Fatalf("answered ticket has %s", typ)
		}
	}
	list := d.e.Must(http.StatusOK, "GET", "/v1/tickets?breached=true", d.t.Token, nil).Items()
	if len(list) != 1 || list[0]["id"] != late.Str("id") {
		t.Fatalf("breached filter: %v", list)
	}
}

// Redis loses every timer and the worker restarts: the sweeper restores the
// checks from the database; escalations happen once.
func TestFlushedRedisLosesNoEscalationAndDuplicatesNone(t *testing.T) {
	d := newDesk(t, "PT2S", "PT1H", []map[string]any{{"after": "PT0S", "to": "supervisor"}, {"after": "PT2S", "to": "manager"}})
	var ids []string
	for i := range 3 {
		ids = append(ids, d.complaint(fmt.Sprintf("第%d单", i)).Str("id"))
	}
	if err := d.e.App.Redis.FlushDB(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	d.e.StartWorkers() // the sweeper runs once at start
	deadline := time.Now().Add(12 * time.Second)
	for _, id := range ids {
		for {
			evs := eventsOf(d.e, d.t.Token, id)
			n := 0
			for _, ev := range evs {
				if ev["type"] == "escalated" {
					n++
				}
			}
			if n >= 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("ticket %s events %v", id, eventTypes(evs))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	// Re-run every check by hand: nothing happens twice.
	for _, id := range ids {
		if _, err := d.e.App.Tickets.CheckSLA(tenancy.WithTenant(context.Background(), d.t.ID), id); err != nil {
			t.Fatal(err)
		}
		var levels []float64
		for _, ev := range eventsOf(d.e, d.t.Token, id) {
			if ev["type"] == "escalated" {
				levels = append(levels, ev["data"].(map[string]any)["level"].(float64))
			}
		}
		if !slices.Equal(levels, []float64{1, 2}) {
			t.Fatalf("ticket %s escalation levels %v", id, levels)
		}
		var to []string
		for _, ev := range eventsOf(d.e, d.t.Token, id) {
			if ev["type"] == "escalated" {
				to = append(to, ev["data"].(map[string]any)["to_user_id"].(string))
			}
		}
		if !slices.Equal(to, []string{d.sup, d.mgr}) {
			t.Fatalf("escalated to %v, want supervisor then manager", to)
		}
	}
}

func TestTicketNumbersAreSequentialUnderConcurrency(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("acme", "generic")
	var wg sync.WaitGroup
	numbers := make([]string, 12)
	for i := range numbers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := e.Do("POST", "/v1/tickets", tn.Token, map[string]any{"type": "inquiry", "channel": "web", "subject": "问询"})
			if r.Status != http.StatusCreated {
				t.Errorf("create: %d %s", r.Status, r.Raw)
				return
			}
			numbers[i] = r.Str("number")
		}()
	}
	wg.Wait()
	slices.Sort(numbers)
	year := time.Now().In(mustLoc(t, "Asia/Shanghai")).Year()
	for i, n := range numbers {
		if want := fmt.Sprintf("T-%d-%06d", year, i+1); n != want {
			t.Fatalf("numbers %v", numbers)
		}
	}
}

func TestPriorityIsDerivedWhenNotGiven(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("acme", "generic")
	vip := e.Must(http.StatusCreated, "POST", "/v1/customers", tn.Token, map[string]any{"name": "贵宾", "tier": "vip"}).Str("id")
	cases := []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"type": "inquiry"}, "normal"},
		{map[string]any{"type": "praise"}, "low"},
		{map[string]any{"type": "complaint"}, "high"},
		{map[string]any{"type": "complaint", "customer_id": vip}, "urgent"},
		{map[string]any{"type": "inquiry", "customer_id": vip}, "high"},
		{map[string]any{"type": "complaint", "severity": "major"}, "urgent"},
		{map[string]any{"type": "complaint", "priority": "low"}, "low"},
	}
	for _, c := range cases {
		c.body["channel"], c.body["subject"] = "phone", "x"
		if got := e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, c.body).Str("priority"); got != c.want {
			t.Errorf("%v: priority %s, want %s", c.body, got, c.want)
		}
	}
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/tickets", tn.Token, map[string]any{"type": "inquiry", "channel": "pigeon", "subject": "x"})
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/tickets", tn.Token, map[string]any{"type": "inquiry", "channel": "web", "subject": "x", "complaint_validity": "valid"})
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/tickets", tn.Token, map[string]any{"type": "inquiry", "channel": "web", "subject": ""})
	if n := len(e.Must(http.StatusOK, "GET", "/v1/tickets", tn.Token, nil).Items()); n != len(cases) {
		t.Fatalf("bad creates wrote tickets: %d", n)
	}
}

// Pending pauses the clock: the due time moves by the time spent waiting.
func TestPendingPausesTheClockAndReopenRestartsIt(t *testing.T) {
	d := newDesk(t, "PT1H", "PT4H", nil)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	d.e.App.Now = func() time.Time { return now }
	tk := d.complaint("等待业主回复")
	id := tk.Str("id")
	due := mustTime(t, tk.JSON["sla"].(map[string]any)["resolution_due_at"].(string))
	if !due.Equal(now.Add(4 * time.Hour)) {
		t.Fatalf("resolution due %v", due)
	}
	d.e.Must(http.StatusOK, "POST", "/v1/tickets/"+id+"/status", d.agentTok, map[string]any{"status": "pending", "note": "等业主"})
	now = now.Add(90 * time.Minute)
	r := d.e.Must(http.StatusOK, "POST", "/v1/tickets/"+id+"/status", d.agentTok, map[string]any{"status": "open"})
	moved := mustTime(t, r.JSON["sla"].(map[string]any)["resolution_due_at"].(string))
	if !moved.Equal(due.Add(90 * time.Minute)) {
		t.Fatalf("after 90 min pending, due %v, want %v", moved, due.Add(90*time.Minute))
	}
	d.e.Must(http.StatusConflict, "POST", "/v1/tickets/"+id+"/status", d.agentTok, map[string]any{"status": "open"})
	d.e.Must(http.StatusOK, "POST", "/v1/tickets/"+id+"/status", d.agentTok, map[string]any{"status": "resolved"})
	now = now.Add(24 * time.Hour)
	r = d.e.Must(http.StatusOK, "POST", "/v1/tickets/"+id+"/status", d.agentTok, map[string]any{"status": "open", "note": "业主不满意"})
	if r.JSON["reopen_count"].(float64) != 1 || !mustTime(t, r.JSON["sla"].(map[string]any)["resolution_due_at"].(string)).Equal(now.Add(4*time.Hour)) {
		t.Fatalf("reopened: %s", r.Raw)
	}
	types := eventTypes(eventsOf(d.e, d.t.Token, id))
	want := []string{"created", "assigned", "status_changed", "status_changed", "status_changed", "reopened", "status_changed"}
	if !slices.Equal(types, want) {
		t.Fatalf("timeline %v", types)
	}
}

func TestAssignAndTransferNeedAReason(t *testing.T) {
	d := newDesk(t, "PT1H", "PT4H", nil)
	id := d.complaint("转投诉部").Str("id")
	d.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/tickets/"+id+"/assign", d.t.Token, map[string]any{"unit_id": d.groupB1})
	d.e.Must(http.StatusOK, "POST", "/v1/tickets/"+id+"/assign", d.t.Token, map[string]any{"unit_id": d.groupB1, "reason": "属投诉部职责"})
	d.e.Must(http.StatusForbidden, "POST", "/v1/tickets/"+id+"/assign", d.agentTok, map[string]any{"assignee_id": d.agent})
	evs := eventsOf(d.e, d.t.Token, id)
	last := evs[len(evs)-1]
	if last["type"] != "transferred" || last["data"].(map[string]any)["reason"] != "属投诉部职责" {
		t.Fatalf("last event %v", last)
	}
}

// Scope: an agent sees their own queue; a supervisor their group's.
func TestTicketListsFollowTheScope(t *testing.T) {
	d := newDesk(t, "PT1H", "PT4H", nil)
	mine := d.complaint("我的").Str("id")
	other := d.e.Must(http.StatusCreated, "POST", "/v1/tickets", d.t.Token, map[string]any{
		"type": "inquiry", "channel": "web", "subject": "别组", "unit_id": d.groupB1}).Str("id")
	ids := func(tok string) []string {
		var out []string
		for _, it := range d.e.Must(http.StatusOK, "GET", "/v1/tickets", tok, nil).Items() {
			out = append(out, it["id"].(string))
		}
		return out
	}
	if got := ids(d.agentTok); !slices.Equal(got, []string{mine}) {
		t.Fatalf("agent sees %v", got)
	}
	if got := ids(d.supTok); !slices.Equal(got, []string{mine}) {
		t.Fatalf("supervisor sees %v", got)
	}
	if got := ids(d.t.Token); len(got) != 2 {
		t.Fatalf("director sees %v", got)
	}
	d.e.Must(http.StatusNotFound, "GET", "/v1/tickets/"+other, d.agentTok, nil)
	if r := d.e.Must(http.StatusOK, "GET", "/v1/tickets?assignee_id=me", d.agentTok, nil); len(r.Items()) != 1 {
		t.Fatalf("my queue: %s", r.Raw)
	}
}

// Key accounts: only their manager, those above, and roles with
// customers:key_accounts; every read audited.
func TestKeyAccountsAreRestrictedAndReadsAudited(t *testing.T) {
	d := newDesk(t, "PT1H", "PT4H", nil)
	ka := d.e.Must(http.StatusCreated, "POST", "/v1/customers", d.t.Token, map[string]any{
		"name": "大客户", "tier": "key_account", "account_manager_id": d.agent,
		"quiet_hours": []map[string]any{{"start": "12:00", "end": "14:00"}}, "attributes": map[string]any{"room": "3-2-801"}}).Str("id")
	_, outsiderTok := d.person("outsider", d.agentB1)
	d.e.Must(http.StatusOK, "GET", "/v1/customers/"+ka, d.agentTok, nil) // the account manager
	d.e.Must(http.StatusOK, "GET", "/v1/customers/"+ka, d.supTok, nil)   // above the manager
	d.e.Must(http.StatusNotFound, "GET", "/v1/customers/"+ka, outsiderTok, nil)
	if n := len(d.e.Must(http.StatusOK, "GET", "/v1/customers?tier=key_account", outsiderTok, nil).Items()); n != 0 {
		t.Fatalf("outsider lists %d key accounts", n)
	}
	if n := len(d.e.Must(http.StatusOK, "GET", "/v1/customers?tier=key_account", d.supTok, nil).Items()); n != 1 {
		t.Fatalf("supervisor lists %d key accounts", n)
	}
	reads := d.e.Must(http.StatusOK, "GET", "/v1/audit-log?action=read&target_id="+ka, d.t.Token, nil).Items()
	if len(reads) != 2 {
		t.Fatalf("audited reads: %d", len(reads))
	}
	bad := d.e.Do("POST", "/v1/customers", d.t.Token, map[string]any{"name": "x", "quiet_hours": []map[string]any{{"start": "25:00", "end": "14:00"}}})
	if bad.Status != http.StatusUnprocessableEntity || !hasErrorAt(bad, "body.quiet_hours[0].start") {
		t.Fatalf("bad quiet hours: %d %s", bad.Status, bad.Raw)
	}
}

func TestCalendarDeadlinePreview(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("acme", "generic")
	cal := e.Must(http.StatusCreated, "POST", "/v1/calendars", tn.Token, map[string]any{
		"name": "办公", "timezone": "Asia/Shanghai",
		"hours": []map[string]any{{"weekday": 1, "start": "08:30", "end": "17:30"}, {"weekday": 2, "start": "08:30", "end": "17:30"},
			{"weekday": 3, "start": "08:30", "end": "17:30"}, {"weekday": 4, "start": "08:30", "end": "17:30"}, {"weekday": 5, "start": "08:30", "end": "17:30"}},
	}).Str("id")
	// Friday 2026-11-20 17:00 Shanghai + PT4H → Monday 12:00 Shanghai.
	r := e.Must(http.StatusOK, "GET", "/v1/calendars/"+cal+"/deadline?start=2026-11-20T17:00:00%2B08:00&duration=PT4H", tn.Token, nil)
	if r.Str("due_at") != "2026-11-23T04:00:00Z" {
		t.Fatalf("due %s", r.Str("due_at"))
	}
	e.Must(http.StatusUnprocessableEntity, "GET", "/v1/calendars/"+cal+"/deadline?start=2026-11-20T17:00:00Z&duration=4h", tn.Token, nil)
	bad := e.Do("POST", "/v1/calendars", tn.Token, map[string]any{"name": "坏", "hours": []map[string]any{{"weekday": 8, "start": "08:30", "end": "17:30"}}})
	if bad.Status != http.StatusUnprocessableEntity || !hasErrorAt(bad, "body.hours[0].weekday") {
		t.Fatalf("bad calendar: %d %s", bad.Status, bad.Raw)
	}
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/sla-policies", tn.Token, map[string]any{"name": "p", "calendar_id": cal, "first_response": "1 hour", "resolution": "PT4H"})
	e.Must(http.StatusUnprocessableEntity, "POST", "/v1/sla-policies", tn.Token, map[string]any{"name": "p", "calendar_id": cal, "first_response": "PT1H", "resolution": "PT4H",
		"escalation": []map[string]any{{"after": "PT0S", "to": "the moon"}}})
	p := e.Must(http.StatusCreated, "POST", "/v1/sla-policies", tn.Token, map[string]any{"name": "p", "calendar_id": cal, "first_response": "PT30M", "resolution": "P1DT2H"})
	if p.Str("resolution") != "P1DT2H" || p.Str("first_response") != "PT30M" {
		t.Fatalf("policy: %s", p.Raw)
	}
	e.Must(http.StatusConflict, "DELETE", "/v1/calendars/"+cal, tn.Token, nil)
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustLoc(t *testing.T, name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// A worker restart between creation and the deadline loses nothing: the
// new worker's sweeper restores the timers, and each level happens once.
func TestWorkerRestartLosesNoEscalation(t *testing.T) {
	d := newDesk(t, "PT3S", "PT1H", nil)
	stop := d.e.StartWorkers()
	id := d.complaint("重启前创建").Str("id")
	stop()
	d.e.StartWorkers()
	deadline := time.Now().Add(10 * time.Second)
	for !slices.Contains(eventTypes(eventsOf(d.e, d.t.Token, id)), "escalated") {
		if time.Now().After(deadline) {
			t.Fatalf("no escalation after restart: %v", eventTypes(eventsOf(d.e, d.t.Token, id)))
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	n := 0
	for _, typ := range eventTypes(eventsOf(d.e, d.t.Token, id)) {
		if typ == "escalated" || typ == "sla_breached" {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("breach + escalation recorded %d times in all", n)
	}
}

// The warning fires at warn_at_percent of the target, before the breach.
func TestSLAWarningComesBeforeTheBreach(t *testing.T) {
	d := newDesk(t, "PT10S", "PT1H", nil)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	d.e.App.Now = func() time.Time { return now }
	id := d.complaint("预警").Str("id")
	ctx := tenancy.WithTenant(context.Background(), d.t.ID)
	check := func(at time.Duration) []string {
		now = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC).Add(at)
		if _, err := d.e.App.Tickets.CheckSLA(ctx, id); err != nil {
			t.Fatal(err)
		}
		return eventTypes(eventsOf(d.e, d.t.Token, id))
	}
	if ev := check(7 * time.Second); slices.Contains(ev, "sla_warning") {
		t.Fatalf("warned at 70%%: %v", ev)
	}
	if ev := check(8 * time.Second); !slices.Contains(ev, "sla_warning") || slices.Contains(ev, "sla_breached") {
		t.Fatalf("at 80%%: %v", ev)
	}
	if ev := check(9999 * time.Millisecond); slices.Contains(ev, "sla_breached") {
		t.Fatalf("breached early: %v", ev)
	}
	if ev := check(10 * time.Second); !slices.Contains(ev, "sla_breached") {
		t.Fatalf("at the deadline: %v", ev)
	}
}

// A new property tenant times complaints with its template's policies.
func TestTemplatePoliciesApplyToNewTenants(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("sunshine", "property")
	pols := e.Must(http.StatusOK, "GET", "/v1/sla-policies", tn.Token, nil).Items()
	byName := map[string]string{}
	for _, p := range pols {
		byName[p["name"].(string)] = p["id"].(string)
	}
	if byName["业主投诉"] == "" || byName["一般事项"] == "" {
		t.Fatalf("policies: %v", byName)
	}
	tk := e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, map[string]any{"type": "complaint", "channel": "phone", "subject": "噪音扰民"})
	if got := tk.JSON["sla"].(map[string]any)["policy_id"]; got != byName["业主投诉"] {
		t.Fatalf("complaint timed by %v", got)
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/categories", tn.Token, nil).Items()); n < 8 {
		t.Fatalf("%d categories", n)
	}
}

// Two API processes share the database and each caches a tenant's SLA
// policies and calendars: a change made through one applies to the very
// next ticket created through the other.
func TestPolicyAndCalendarChangesReachEveryProcessAtOnce(t *testing.T) {
	e := apptest.New(t)
	peer := e.Peer()
	tn := e.Signup("acme", "generic")
	cal := e.Must(http.StatusCreated, "POST", "/v1/calendars", tn.Token, map[string]any{"name": "7×24", "always_open": true}).Str("id")
	pol := e.Must(http.StatusCreated, "POST", "/v1/sla-policies", tn.Token, map[string]any{"name": "complaints", "calendar_id": cal,
		"first_response": "PT30M", "resolution": "PT24H", "match": map[string]any{"types": []string{"complaint"}}, "rank": 1}).Str("id")
	// firstResponse creates a complaint through the peer: its first-response
	// target, or 0 when the policy did not time it.
	firstResponse := func() time.Duration {
		t.Helper()
		tk := peer.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, map[string]any{"type": "complaint", "channel": "phone", "subject": "噪音"})
		sla := tk.JSON["sla"].(map[string]any)
		due, ok := sla["first_response_due_at"].(string)
		if !ok || sla["policy_id"] != pol {
			return 0
		}
		return mustTime(t, due).Sub(mustTime(t, tk.Str("created_at")))
	}
	if d := firstResponse(); d != 30*time.Minute {
		t.Fatalf("first response in %v, want 30m", d)
	}
	e.Must(http.StatusOK, "PATCH", "/v1/sla-policies/"+pol, tn.Token, map[string]any{"first_response": "PT1H"})
	if d := firstResponse(); d != time.Hour {
		t.Fatalf("after the policy change: first response in %v, want 1h", d)
	}
	// Half an hour of business time a week: an hour takes two weeks.
	e.Must(http.StatusOK, "PATCH", "/v1/calendars/"+cal, tn.Token, map[string]any{"always_open": false,
		"hours": []map[string]any{{"weekday": 1, "start": "09:00", "end": "09:30"}}})
	if d := firstResponse(); d < 7*24*time.Hour {
		t.Fatalf("after the calendar change: first response in %v, want over a week", d)
	}
	e.Must(http.StatusOK, "PATCH", "/v1/sla-policies/"+pol, tn.Token, map[string]any{"enabled": false})
	if d := firstResponse(); d != 0 {
		t.Fatalf("after disabling the policy: first response in %v, want another policy's clock", d)
	}
}

// scheduledSLAChecks counts the SLA timers waiting in asynq's schedule.
func scheduledSLAChecks(t *testing.T, e *apptest.Env) int {
	t.Helper()
	n, err := e.App.Redis.ZCard(context.Background(), "asynq:{critical}:scheduled").Result()
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// A create sets a timer only for a check due before the sweeper's next
// look ahead; the sweeper arms the later ones, page after page.
func TestFarSLAChecksAreArmedByTheSweeper(t *testing.T) {
	d := newDesk(t, "PT3H", "PT24H", nil)
	for i := range 3 {
		d.complaint(fmt.Sprintf("远期第%d单", i))
	}
	if n := scheduledSLAChecks(t, d.e); n != 0 {
		t.Fatalf("creates set %d timers for checks hours away", n)
	}
	sw := &workers.Sweeper{Queue: d.e.App.Queue, Tickets: d.e.App.Tickets, Interval: time.Minute, Page: 2,
		Now: func() time.Time { return d.e.App.Now().Add(3 * time.Hour) }}
	if n, err := sw.Once(context.Background()); err != nil || n != 3 {
		t.Fatalf("sweep armed %d checks (%v), want 3 over two pages", n, err)
	}
	if n := scheduledSLAChecks(t, d.e); n != 3 {
		t.Fatalf("%d timers after the sweep, want 3", n)
	}

	near := newDesk(t, "PT2S", "PT1H", nil)
	near.complaint("近期")
	if n := scheduledSLAChecks(t, near.e); n != 1 {
		t.Fatalf("a check seconds away set %d timers at create, want 1", n)
	}
}

// Checks of one ticket that run at once (two workers, timers for two
// instants) record its breach once.
func TestConcurrentSLAChecksRecordTheBreachOnce(t *testing.T) {
	d := newDesk(t, "PT1S", "PT1H", []map[string]any{{"after": "PT0S", "to": "supervisor"}})
	id := d.complaint("并发检查").Str("id")
	time.Sleep(1200 * time.Millisecond) // past the first-response deadline
	ctx := tenancy.WithTenant(context.Background(), d.t.ID)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := d.e.App.Tickets.CheckSLA(ctx, id); err != nil {
				t.Errorf("check: %v", err)
			}
		}()
	}
	wg.Wait()
	count := map[string]int{}
	for _, ev := range eventsOf(d.e, d.t.Token, id) {
		count[ev["type"].(string)]++
	}
	if count["sla_breached"] != 1 || count["escalated"] != 1 || count["sla_warning"] > 1 {
		t.Fatalf("events %v, want one sla_breached, one escalated and at most one sla_warning", count)
	}
}

// A create reuses its tenant's settings from the one before and checks the
// references in its own transaction: a foreign unit, an unknown category
// or an inactive assignee is still refused by field, and nothing is made.
func TestReferencesAreCheckedOnEveryCreate(t *testing.T) {
	d := newDesk(t, "PT30M", "PT24H", nil)
	d.complaint("第一张")
	other := d.e.Signup("other", "generic")
	foreign := d.e.Must(http.StatusCreated, "POST", "/v1/org-units", other.Token, map[string]any{"name": "外部", "kind": "group"}).Str("id")
	idle, _ := d.person("idle", d.agentA1)
	d.e.Must(http.StatusOK, "POST", "/v1/users/"+idle+"/deactivate", d.t.Token, nil)
	for _, c := range []struct {
		body     map[string]any
		location string
	}{
		{map[string]any{"unit_id": foreign}, "body.unit_id"},
		{map[string]any{"assignee_id": other.DirectorID}, "body.assignee_id"},
		{map[string]any{"assignee_id": idle}, "body.assignee_id"},
		{map[string]any{"category": "cat_none"}, "body.category"},
	} {
		body := map[string]any{"type": "complaint", "channel": "phone", "subject": "引用"}
		maps.Copy(body, c.body)
		r := d.e.Do("POST", "/v1/tickets", d.t.Token, body)
		if r.Status != http.StatusUnprocessableEntity || !slices.Contains(errorLocations(r), c.location) {
			t.Errorf("%v: %d %s, want 422 at %s", c.body, r.Status, r.Raw, c.location)
		}
	}
	if n := len(d.e.Must(http.StatusOK, "GET", "/v1/tickets", d.t.Token, nil).Items()); n != 1 {
		t.Fatalf("%d tickets after the refused creates, want 1", n)
	}
	if got := d.complaint("第二张").Str("number"); !strings.HasSuffix(got, "-000002") {
		t.Fatalf("next number %s, want the second of the year: refused creates took none", got)
	}
}

// A create on remembered tenant facts takes its number inside its one round
// trip on PostgreSQL (migration 000016): the answer, the stored ticket and
// the audit entry all carry the number it got.
func TestEveryCreateRecordsTheNumberItGot(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("acme", "generic")
	year := time.Now().In(mustLoc(t, "Asia/Shanghai")).Year()
	before := e.App.Tickets.OneTripCreates()
	for i := 1; i <= 3; i++ {
		r := e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, map[string]any{"type": "inquiry", "channel": "web", "subject": "问询"})
		id, want := r.Str("id"), fmt.Sprintf("T-%d-%06d", year, i)
		if got := r.Str("number"); got != want {
			t.Fatalf("create %d answered number %q, want %q", i, got, want)
		}
		if got := e.Must(http.StatusOK, "GET", "/v1/tickets/"+id, tn.Token, nil).Str("number"); got != want {
			t.Fatalf("create %d stored number %q, want %q", i, got, want)
		}
		items := e.Must(http.StatusOK, "GET", "/v1/audit-log?target_id="+id+"&action=create", tn.Token, nil).Items()
		if len(items) != 1 {
			t.Fatalf("create %d: %d audit entries", i, len(items))
		}
		if got := items[0]["changes"].(map[string]any)["number"]; got != want {
			t.Fatalf("create %d audited number %v, want %q", i, got, want)
		}
	}
	// The first create reads the tenant; the next two go in one round trip
	// where the driver pipelines (PostgreSQL), never on SQLite.
	want := int64(0)
	if e.App.Store.Dialect == dialect.Postgres {
		want = 2
	}
	if got := e.App.Tickets.OneTripCreates() - before; got != want {
		t.Fatalf("%d of the creates went in one round trip, want %d on %s", got, want, e.App.Store.Dialect)
	}
}

// Numbers restart on January 1st in the tenant's time zone. The year's
// first create finds no counter row: on PostgreSQL its one-round-trip try
// takes no number and writes nothing, and the create starts over and makes
// the row; the next one takes the fast way again.
func TestNumbersRestartEachYear(t *testing.T) {
	e := apptest.New(t)
	sh := mustLoc(t, "Asia/Shanghai")
	now := time.Date(2026, 12, 31, 23, 58, 0, 0, sh)
	e.App.Now = func() time.Time { return now }
	tn := e.Signup("acme", "generic") // signed in on the same clock
	create := func() string {
		return e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, map[string]any{"type": "inquiry", "channel": "web", "subject": "跨年"}).Str("number")
	}
	var got []string
	got = append(got, create(), create())
	now = time.Date(2027, 1, 1, 0, 1, 0, 0, sh) // 16:01 UTC on Dec 31st: already 2027 in Shanghai
	got = append(got, create(), create())
	want := []string{"T-2026-000001", "T-2026-000002", "T-2027-000001", "T-2027-000002"}
	if !slices.Equal(got, want) {
		t.Fatalf("numbers %v, want %v", got, want)
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/tickets", tn.Token, nil).Items()); n != len(want) {
		t.Fatalf("%d tickets, want %d: the refused first try must write nothing", n, len(want))
	}
}

package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"kefu/app/apptest"
	"kefu/tenants/tenancy"
)

var cst = time.FixedZone("CST", 8*3600)

// dutyDesk is a property tenant (its 2026 China calendar and shift
// templates) with its chart replaced by:
//
//	center ── head ── 客服部 manager (boss) ── agents a1, a2, a3
//	       └─ 回访专员 cb ─ reports to the head
//	行政部 (no roster)
//
// and a clock the test moves.
type dutyDesk struct {
	*orgFixture
	clock             time.Time
	cs, office        string
	boss, a1, a2, a3  string
	bossTok, a1Tok    string
	a2Tok, a3Tok      string
	cb, cbTok         string
	early, late       string // 早班, 晚班
	hday, hnight      string // 节假日白班, 节假日夜班
	centerHeadUser    string
	centerHeadUserTok string
}

func newDutyDesk(t *testing.T) *dutyDesk {
	e := apptest.New(t)
	f := &orgFixture{e: e, t: e.Signup("acme", "property")}
	e.Must(http.StatusOK, "POST", "/v1/org-chart/import", f.t.Token, map[string]any{"units": []any{}, "positions": []any{}})
	d := &dutyDesk{orgFixture: f, clock: time.Date(2026, 4, 20, 10, 0, 0, 0, cst)}
	f.center = f.unit("客户服务中心", "center", "")
	d.cs = f.unit("客服部", "department", f.center)
	d.office = f.unit("行政部", "department", f.center)
	f.head = f.position(f.center, "中心主任", "director", 1, "", true)
	mgr := f.position(d.cs, "客服部经理", "manager", 1, f.head, true)
	agents := f.position(d.cs, "客服专员", "agent", 4, mgr, false)
	callers := f.position(f.center, "回访专员", "callback_agent", 2, f.head, false)
	d.centerHeadUser, d.centerHeadUserTok = f.person("head", f.head)
	d.boss, d.bossTok = f.person("boss", mgr)
	d.a1, d.a1Tok = f.person("a1", agents)
	d.a2, d.a2Tok = f.person("a2", agents)
	d.a3, d.a3Tok = f.person("a3", agents)
	d.cb, d.cbTok = f.person("cb", callers)
	for _, s := range e.Must(http.StatusOK, "GET", "/v1/duty/shifts", f.t.Token, nil).Items() {
		switch s["name"] {
		case "早班":
			d.early = s["id"].(string)
		case "晚班":
			d.late = s["id"].(string)
		case "节假日白班":
			d.hday = s["id"].(string)
		case "节假日夜班":
			d.hnight = s["id"].(string)
		}
	}
	if d.early == "" || d.late == "" || d.hday == "" || d.hnight == "" {
		t.Fatalf("the property template ships no duty shifts")
	}
	// The clock moves only now: sessions opened on the real clock stay
	// valid at the (earlier) test times.
	e.App.Now = func() time.Time { return d.clock }
	return d
}

// generateMay rosters 客服部 for May 2026: a1 and a2 alternate 早班/晚班
// on workdays and the reinforced holiday shifts on holidays; cb works the
// early shift on workdays as callback staff.
func (d *dutyDesk) generateMay(replace bool) apptest.Response {
	return d.e.Do("POST", "/v1/duty/roster/generate", d.t.Token, map[string]any{
		"unit_id": d.cs, "month": "2026-05", "replace": replace,
		"pattern": map[string]any{"rotations": []map[string]any{
			{"role": "agent", "user_ids": []string{d.a1, d.a2}, "cycle": []string{d.early, d.late}, "holiday_cycle": []string{d.hday, d.hnight}},
			{"role": "callback", "user_ids": []string{d.cb}, "cycle": []string{d.early}},
		}},
	})
}

func (d *dutyDesk) roster(from, to string) []map[string]any {
	var out []map[string]any
	cursor := ""
	for {
		r := d.e.Must(http.StatusOK, "GET", fmt.Sprintf("/v1/duty/roster?unit_id=%s&from=%s&to=%s&limit=200&cursor=%s", d.cs, from, to, cursor), d.t.Token, nil)
		out = append(out, r.Items()...)
		if cursor = r.Str("next_cursor"); cursor == "" {
			return out
		}
	}
}

// entry finds the roster entry of user on date.
func (d *dutyDesk) entry(user, date string) map[string]any {
	for _, e := range d.roster(date, date) {
		if e["user_id"] == user {
			return e
		}
	}
	d.e.T.Fatalf("no roster entry of %s on %s", user, date)
	return nil
}

func (d *dutyDesk) notes(token string) []string {
	var out []string
	for _, n := range d.e.Must(http.StatusOK, "GET", "/v1/notifications", token, nil).Items() {
		out = append(out, n["kind"].(string))
	}
	sort.Strings(out)
	return out
}

// The first case, through the API: May 2026 for 客服部 on the
// template's office calendar, with 劳动节 (May 1–5) and the make-up
// Saturday May 9.
func TestGenerateMayRosterWithLabourDayAndMakeUpSaturday(t *testing.T) {
	d := newDutyDesk(t)
	r := d.generateMay(false)
	if r.Status != http.StatusCreated {
		t.Fatalf("generate: %d %s", r.Status, r.Raw)
	}
	// 24 staffed days for the agents (5 holidays + 19 workdays) × 2, and
	// the callback agent on the 19 workdays.
	if r.JSON["created"].(float64) != 24*2+19 {
		t.Fatalf("created %v", r.JSON["created"])
	}
	name := map[string]string{d.early: "早班", d.late: "晚班", d.hday: "节假日白班", d.hnight: "节假日夜班"}
	who := map[string]string{d.a1: "a1", d.a2: "a2", d.cb: "cb"}
	var got []string
	for _, e := range d.roster("2026-05-01", "2026-05-11") {
		got = append(got, fmt.Sprintf("%s %s %s %s %s", e["date"], e["day_kind"], who[e["user_id"].(string)], name[e["shift_id"].(string)], e["role"]))
	}
	sort.Strings(got)
	want := []string{
		"2026-05-01 holiday a1 节假日白班 agent", "2026-05-01 holiday a2 节假日夜班 agent",
		"2026-05-02 holiday a1 节假日夜班 agent", "2026-05-02 holiday a2 节假日白班 agent",
		"2026-05-03 holiday a1 节假日白班 agent", "2026-05-03 holiday a2 节假日夜班 agent",
		"2026-05-04 holiday a1 节假日夜班 agent", "2026-05-04 holiday a2 节假日白班 agent",
		"2026-05-05 holiday a1 节假日白班 agent", "2026-05-05 holiday a2 节假日夜班 agent",
		"2026-05-06 workday a1 晚班 agent", "2026-05-06 workday a2 早班 agent", "2026-05-06 workday cb 早班 callback",
		"2026-05-07 workday a1 早班 agent", "2026-05-07 workday a2 晚班 agent", "2026-05-07 workday cb 早班 callback",
		"2026-05-08 workday a1 晚班 agent", "2026-05-08 workday a2 早班 agent", "2026-05-08 workday cb 早班 callback",
		// Saturday, 劳动节调休: a workday.
		"2026-05-09 workday a1 早班 agent", "2026-05-09 workday a2 晚班 agent", "2026-05-09 workday cb 早班 callback",
		// Sunday May 10: nobody.
		"2026-05-11 workday a1 晚班 agent", "2026-05-11 workday a2 早班 agent", "2026-05-11 workday cb 早班 callback",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("May 1–11:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	late := d.entry(d.a2, "2026-05-09")
	if late["start_at"] != "2026-05-09T09:30:00Z" || late["end_at"] != "2026-05-10T00:30:00Z" {
		t.Fatalf("晚班 of May 9 runs %v – %v", late["start_at"], late["end_at"])
	}
	// A month that has entries is generated again only with replace.
	if r := d.generateMay(false); r.Status != http.StatusConflict {
		t.Fatalf("second generation: %d %s", r.Status, r.Raw)
	}
	// With replace, from May 7: the shifts that started are kept.
	d.clock = time.Date(2026, 5, 7, 9, 0, 0, 0, cst)
	r = d.generateMay(true)
	if r.Status != http.StatusCreated || r.JSON["removed"] != r.JSON["created"] {
		t.Fatalf("replace: %d %s", r.Status, r.Raw)
	}
	if n := len(d.roster("2026-05-01", "2026-05-31")); n != 24*2+19 {
		t.Fatalf("%d entries after replacing", n)
	}
	// Bad input changes nothing.
	bad := d.e.Do("POST", "/v1/duty/roster/generate", d.t.Token, map[string]any{
		"unit_id": d.office, "month": "2026-06",
		"pattern": map[string]any{"rotations": []map[string]any{{"role": "agent", "user_ids": []string{d.a1}, "cycle": []string{"shf_nope"}}}}})
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(string(bad.Raw), "rotations[0].cycle[0]") {
		t.Fatalf("unknown shift: %d %s", bad.Status, bad.Raw)
	}
}

// The third case: a ticket created during a shift goes to someone
// on duty in that unit, round-robin; the signed-in come first; without a
// roster nothing changes.
func TestTicketCreatedDuringAShiftGoesToTheAgentOnDuty(t *testing.T) {
	d := newDutyDesk(t)
	d.generateMay(false)
	ticket := func(unit string) apptest.Response {
		return d.e.Must(http.StatusCreated, "POST", "/v1/tickets", d.t.Token, map[string]any{
			"type": "request", "channel": "phone", "subject": "报修", "unit_id": unit})
	}
	// Wednesday May 6, 10:00: a2 is on the early shift.
	d.clock = time.Date(2026, 5, 6, 10, 0, 0, 0, cst)
	if r := ticket(d.cs); r.Str("assignee_id") != d.a2 || r.Str("status") != "open" {
		t.Fatalf("10:00 ticket: %s", r.Raw)
	}
	// 20:00: a1's late shift.
	d.clock = time.Date(2026, 5, 6, 20, 0, 0, 0, cst)
	r := ticket(d.cs)
	if r.Str("assignee_id") != d.a1 {
		t.Fatalf("20:00 ticket: %s", r.Raw)
	}
	evs := eventsOf(d.e, d.t.Token, r.Str("id"))
	if !slices.Contains(eventTypes(evs), "assigned") {
		t.Fatalf("routed ticket events: %v", eventTypes(evs))
	}
	// Sunday May 10 is a rest day: nobody on duty, the ticket waits.
	d.clock = time.Date(2026, 5, 10, 10, 0, 0, 0, cst)
	if r := ticket(d.cs); r.Str("assignee_id") != "" || r.Str("status") != "new" {
		t.Fatalf("rest-day ticket: %s", r.Raw)
	}
	// A unit without a roster keeps today's behaviour.
	d.clock = time.Date(2026, 5, 6, 10, 0, 0, 0, cst)
	if r := ticket(d.office); r.Str("assignee_id") != "" {
		t.Fatalf("unrostered unit: %s", r.Raw)
	}
	// A third agent on the early shift of May 7: round-robin between them.
	d.clock = time.Date(2026, 5, 6, 12, 0, 0, 0, cst)
	d.e.Must(http.StatusCreated, "POST", "/v1/duty/roster", d.t.Token, map[string]any{"unit_id": d.cs, "user_id": d.a3, "shift_id": d.early, "date": "2026-05-07"})
	d.clock = time.Date(2026, 5, 7, 9, 0, 0, 0, cst)
	got := map[string]int{}
	for range 4 {
		got[ticket(d.cs).Str("assignee_id")]++
	}
	if got[d.a1] != 2 || got[d.a3] != 2 {
		t.Fatalf("round-robin over a1 and a3: %v", got)
	}
	// Once a3 signs in, the signed-in agent takes the work.
	d.e.Must(http.StatusCreated, "POST", "/v1/duty/logs", d.a3Tok, map[string]any{})
	for range 2 {
		if r := ticket(d.cs); r.Str("assignee_id") != d.a3 {
			t.Fatalf("after a3 signed in: %s", r.Raw)
		}
	}
	// An explicit assignee is kept.
	r = d.e.Must(http.StatusCreated, "POST", "/v1/tickets", d.t.Token, map[string]any{
		"type": "request", "channel": "phone", "subject": "指定", "unit_id": d.cs, "assignee_id": d.a2})
	if r.Str("assignee_id") != d.a2 {
		t.Fatalf("explicit assignee: %s", r.Raw)
	}
}

// The second case: a handover while a major incident is open is
// refused with the reason; once it is closed both sign, and the generated
// items and both signatures are kept and shown.
func TestHandoverRefusedWhileAMajorIncidentIsOpen(t *testing.T) {
	d := newDutyDesk(t)
	d.generateMay(false)
	// a2 has the early shift of May 6 and signs in at 08:20.
	d.clock = time.Date(2026, 5, 6, 8, 20, 0, 0, cst)
	log := d.e.Must(http.StatusCreated, "POST", "/v1/duty/logs", d.a2Tok, map[string]any{})
	logID := log.Str("id")
	add := func(body map[string]any) apptest.Response {
		return d.e.Must(http.StatusCreated, "POST", "/v1/duty/logs/"+logID+"/entries", d.a2Tok, body)
	}
	d.clock = time.Date(2026, 5, 6, 9, 0, 0, 0, cst)
	add(map[string]any{"kind": "inspection", "text": "巡查公共区域照明", "result": "正常"})
	major := add(map[string]any{"kind": "incident", "text": "3号楼电梯困人", "major": true})
	if major.Str("report_due_at") != "2026-05-07T16:00:00Z" { // end of May 7, Shanghai
		t.Fatalf("report due %v", major.Str("report_due_at"))
	}
	add(map[string]any{"kind": "instruction", "text": "经理：今晚检查消防通道"})
	open := add(map[string]any{"kind": "call", "text": "业主来电询问停水"})
	tk := d.e.Must(http.StatusCreated, "POST", "/v1/tickets", d.t.Token, map[string]any{
		"type": "request", "channel": "phone", "subject": "5号楼漏水", "unit_id": d.cs})

	d.clock = time.Date(2026, 5, 6, 17, 20, 0, 0, cst)
	h := d.e.Must(http.StatusCreated, "POST", "/v1/handovers", d.a2Tok, map[string]any{
		"notes": "对讲机电量低", "checklist": []map[string]any{{"item": "值班室钥匙", "ok": true}, {"item": "对讲机", "ok": false, "note": "电量低"}}})
	if h.Str("to_user_id") != d.a1 || h.Str("status") != "prepared" {
		t.Fatalf("prepared: %s", h.Raw)
	}
	items := h.JSON["items"].(map[string]any)
	if tks := items["tickets"].([]any); len(tks) != 1 || tks[0].(map[string]any)["id"] != tk.Str("id") {
		t.Fatalf("open tickets: %v", items["tickets"])
	}
	var unfinished []string
	for _, u := range items["unfinished"].([]any) {
		unfinished = append(unfinished, u.(map[string]any)["id"].(string))
	}
	sort.Strings(unfinished)
	wantUnfinished := []string{major.Str("id"), open.Str("id")}
	sort.Strings(wantUnfinished)
	if !slices.Equal(unfinished, wantUnfinished) {
		t.Fatalf("unfinished: %v", items["unfinished"])
	}
	if ins := items["instructions"].([]any); len(ins) != 1 || ins[0].(map[string]any)["text"] != "经理：今晚检查消防通道" {
		t.Fatalf("instructions: %v", items["instructions"])
	}
	checklist := items["checklist"].([]any)
	if len(checklist) != 5 || checklist[2].(map[string]any)["item"] != "对讲机" || checklist[2].(map[string]any)["ok"] != false {
		t.Fatalf("checklist: %v", checklist)
	}

	// Refused while the major incident is open, with the reason.
	r := d.e.Do("POST", "/v1/handovers/"+h.Str("id")+"/sign", d.a2Tok, nil)
	if r.Status != http.StatusConflict || !strings.Contains(r.Str("detail"), "major incident") || !strings.Contains(r.Str("detail"), "3号楼电梯困人") {
		t.Fatalf("sign with an open major incident: %d %s", r.Status, r.Raw)
	}
	// Signing out is refused too: a1 is rostered next.
	d.e.Must(http.StatusConflict, "POST", "/v1/duty/logs/"+logID+"/sign-out", d.a2Tok, nil)
	// The incoming person cannot sign before the outgoing one.
	d.e.Must(http.StatusConflict, "POST", "/v1/handovers/"+h.Str("id")+"/sign", d.a1Tok, nil)
	// Someone else cannot sign at all.
	d.e.Must(http.StatusForbidden, "POST", "/v1/handovers/"+h.Str("id")+"/sign", d.a3Tok, nil)

	d.clock = time.Date(2026, 5, 6, 17, 25, 0, 0, cst)
	d.e.Must(http.StatusOK, "POST", "/v1/duty/log-entries/"+major.Str("id")+"/close", d.a2Tok, map[string]any{"result": "维保到场，18分钟解困，无人受伤"})
	out := d.e.Must(http.StatusOK, "POST", "/v1/handovers/"+h.Str("id")+"/sign", d.a2Tok, nil)
	if out.Str("status") != "outgoing_signed" || out.Str("from_signed_at") != "2026-05-06T09:25:00Z" {
		t.Fatalf("outgoing signature: %s", out.Raw)
	}
	d.clock = time.Date(2026, 5, 6, 17, 31, 0, 0, cst)
	in := d.e.Must(http.StatusOK, "POST", "/v1/handovers/"+h.Str("id")+"/sign", d.a1Tok, nil)
	if in.Str("status") != "done" || in.Str("to_signed_at") != "2026-05-06T09:31:00Z" {
		t.Fatalf("incoming signature: %s", in.Raw)
	}
	// Stored and shown: both signatures and the list as generated.
	got := d.e.Must(http.StatusOK, "GET", "/v1/handovers/"+h.Str("id"), d.a3Tok, nil)
	if got.Str("from_signed_at") != "2026-05-06T09:25:00Z" || got.Str("to_signed_at") != "2026-05-06T09:31:00Z" || got.Str("notes") != "对讲机电量低" {
		t.Fatalf("stored handover: %s", got.Raw)
	}
	if len(got.JSON["items"].(map[string]any)["unfinished"].([]any)) != 2 {
		t.Fatalf("the stored list changed: %s", got.Raw)
	}
	// The incoming signature ended a2's duty and started a1's.
	if l := d.e.Must(http.StatusOK, "GET", "/v1/duty/logs/"+logID, d.a2Tok, nil); l.Str("ended_at") != "2026-05-06T09:31:00Z" || len(l.JSON["entries"].([]any)) != 4 {
		t.Fatalf("a2's log: %s", l.Raw)
	}
	mine := d.e.Must(http.StatusOK, "GET", "/v1/duty/me", d.a1Tok, nil)
	if logs := mine.JSON["logs"].([]any); len(logs) != 1 || logs[0].(map[string]any)["started_at"] != "2026-05-06T09:31:00Z" {
		t.Fatalf("a1's duty: %s", mine.Raw)
	}
	d.e.Must(http.StatusConflict, "POST", "/v1/handovers/"+h.Str("id")+"/sign", d.a1Tok, nil)
}

// The incoming person must be the one rostered next, unless a supervisor
// of the outgoing person overrides (recorded with the reason).
func TestHandoverToSomeoneNotRosteredNeedsASupervisorsOverride(t *testing.T) {
	d := newDutyDesk(t)
	d.generateMay(false)
	d.clock = time.Date(2026, 5, 7, 8, 25, 0, 0, cst) // a1's early shift
	d.e.Must(http.StatusCreated, "POST", "/v1/duty/logs", d.a1Tok, map[string]any{})
	d.clock = time.Date(2026, 5, 7, 17, 20, 0, 0, cst)
	h := d.e.Must(http.StatusCreated, "POST", "/v1/handovers", d.a1Tok, map[string]any{"to_user_id": d.a3})
	r := d.e.Do("POST", "/v1/handovers/"+h.Str("id")+"/sign", d.a1Tok, nil)
	if r.Status != http.StatusConflict || !strings.Contains(r.Str("detail"), "not rostered") || !strings.Contains(r.Str("detail"), "a2") {
		t.Fatalf("sign to a3: %d %s", r.Status, r.Raw)
	}
	// A colleague without the permission, or a supervisor without a reason, cannot override.
	d.e.Must(http.StatusForbidden, "POST", "/v1/handovers/"+h.Str("id")+"/override", d.a2Tok, map[string]any{"reason": "x"})
	d.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/handovers/"+h.Str("id")+"/override", d.bossTok, map[string]any{"reason": ""})
	o := d.e.Must(http.StatusOK, "POST", "/v1/handovers/"+h.Str("id")+"/override", d.bossTok, map[string]any{"reason": "a2 病假，a3 顶班"})
	if o.Str("overridden_by") != d.boss || o.Str("override_reason") != "a2 病假，a3 顶班" || o.Str("overridden_at") == "" {
		t.Fatalf("override: %s", o.Raw)
	}
	d.e.Must(http.StatusOK, "POST", "/v1/handovers/"+h.Str("id")+"/sign", d.a1Tok, nil)
	if done := d.e.Must(http.StatusOK, "POST", "/v1/handovers/"+h.Str("id")+"/sign", d.a3Tok, nil); done.Str("status") != "done" {
		t.Fatalf("a3 signs: %s", done.Raw)
	}
	// The override is in the audit log.
	found := false
	for _, a := range d.e.Must(http.StatusOK, "GET", "/v1/audit-log?limit=200", d.t.Token, nil).Items() {
		if a["target_id"] == h.Str("id") && fmt.Sprint(a["changes"]) != "" && strings.Contains(fmt.Sprint(a["changes"]), "a2 病假") {
			found = true
		}
	}
	if !found {
		t.Fatal("the override is not audited")
	}
}

// 调班/顶班 need the requester's supervisor; an approval moves the shifts.
func TestSwapsNeedTheSupervisorsApproval(t *testing.T) {
	d := newDutyDesk(t)
	d.generateMay(false)
	d.clock = time.Date(2026, 5, 5, 12, 0, 0, 0, cst)
	mine := d.entry(d.a1, "2026-05-07")   // a1 早班
	theirs := d.entry(d.a2, "2026-05-08") // a2 早班
	sw := d.e.Must(http.StatusCreated, "POST", "/v1/duty/swaps", d.a1Tok, map[string]any{
		"kind": "swap", "entry_id": mine["id"], "counterpart_id": d.a2, "counterpart_entry_id": theirs["id"], "reason": "家中有事"})
	if sw.Str("status") != "pending" || !slices.Contains(toStrings(sw.JSON["approver_ids"]), d.boss) {
		t.Fatalf("request: %s", sw.Raw)
	}
	if n := d.notes(d.bossTok); !slices.Contains(n, "duty_swap_requested") {
		t.Fatalf("the supervisor was not asked: %v", n)
	}
	if l := d.e.Must(http.StatusOK, "GET", "/v1/duty/swaps?to_decide=true", d.bossTok, nil).Items(); len(l) != 1 || l[0]["id"] != sw.Str("id") {
		t.Fatalf("the supervisor's list: %v", l)
	}
	// Nothing moves before a decision; a peer cannot decide.
	if got := d.entry(d.a1, "2026-05-07"); got["id"] != mine["id"] {
		t.Fatal("the roster changed before the decision")
	}
	d.e.Must(http.StatusForbidden, "POST", "/v1/duty/swaps/"+sw.Str("id")+"/approve", d.a3Tok, nil)
	d.e.Must(http.StatusForbidden, "POST", "/v1/duty/swaps/"+sw.Str("id")+"/approve", d.a1Tok, nil)
	ok := d.e.Must(http.StatusOK, "POST", "/v1/duty/swaps/"+sw.Str("id")+"/approve", d.bossTok, map[string]any{"note": "同意"})
	if ok.Str("status") != "approved" || ok.Str("decided_by") != d.boss {
		t.Fatalf("approve: %s", ok.Raw)
	}
	if got := d.entry(d.a2, "2026-05-07"); got["id"] != mine["id"] || got["original_user_id"] != d.a1 || got["swap_id"] != sw.Str("id") {
		t.Fatalf("a2 on May 7: %v", got)
	}
	if got := d.entry(d.a1, "2026-05-08"); len(d.roster("2026-05-08", "2026-05-08")) != 3 || got["user_id"] != d.a1 {
		t.Fatalf("a1 on May 8: %v", got)
	}
	if n := d.notes(d.a1Tok); !slices.Contains(n, "duty_swap_decided") {
		t.Fatalf("the requester was not told: %v", n)
	}
	d.e.Must(http.StatusConflict, "POST", "/v1/duty/swaps/"+sw.Str("id")+"/approve", d.bossTok, map[string]any{})

	// 顶班: a3 would cover a1's late shift of May 11, but is rostered on it
	// already: the request waits, approving it is refused, nothing changes.
	lateShift := d.entry(d.a1, "2026-05-11")
	d.e.Must(http.StatusCreated, "POST", "/v1/duty/roster", d.t.Token, map[string]any{"unit_id": d.cs, "user_id": d.a3, "shift_id": d.late, "date": "2026-05-11"})
	cover := d.e.Must(http.StatusCreated, "POST", "/v1/duty/swaps", d.a1Tok, map[string]any{
		"kind": "cover", "entry_id": lateShift["id"], "counterpart_id": d.a3, "reason": "病假"})
	d.e.Must(http.StatusConflict, "POST", "/v1/duty/swaps", d.a1Tok, map[string]any{
		"kind": "cover", "entry_id": lateShift["id"], "counterpart_id": d.a2, "reason": "again"})
	d.e.Must(http.StatusConflict, "POST", "/v1/duty/swaps/"+cover.Str("id")+"/approve", d.bossTok, map[string]any{})
	if got := d.e.Must(http.StatusOK, "GET", "/v1/duty/swaps/"+cover.Str("id"), d.a1Tok, nil); got.Str("status") != "pending" {
		t.Fatalf("a refused approval changed the request: %s", got.Raw)
	}
	d.e.Must(http.StatusOK, "POST", "/v1/duty/swaps/"+cover.Str("id")+"/reject", d.bossTok, map[string]any{"note": "a3 已在班"})
	// A shift that has started cannot be swapped.
	d.clock = time.Date(2026, 5, 7, 18, 0, 0, 0, cst)
	d.e.Must(http.StatusConflict, "POST", "/v1/duty/swaps", d.a2Tok, map[string]any{
		"kind": "cover", "entry_id": d.entry(d.a2, "2026-05-07")["id"], "counterpart_id": d.a3, "reason": "late"})
}

// Absence (no sign-in 15 minutes after the start) and a late handover
// (not signed 30 minutes after the end) alert the supervisor, once, and
// never before their time.
func TestAbsenceAndLateHandoverAlertTheSupervisor(t *testing.T) {
	d := newDutyDesk(t)
	d.generateMay(false)
	ctx := tenancy.WithTenant(context.Background(), d.t.ID)
	check := func(user, date string) {
		t.Helper()
		if err := d.e.App.Duty.CheckEntry(ctx, d.entry(user, date)["id"].(string)); err != nil {
			t.Fatal(err)
		}
	}
	// a2 signs in to the early shift of May 6; a1 never shows up for the late one.
	d.clock = time.Date(2026, 5, 6, 8, 30, 0, 0, cst)
	d.e.Must(http.StatusCreated, "POST", "/v1/duty/logs", d.a2Tok, map[string]any{})
	d.clock = time.Date(2026, 5, 6, 8, 45, 0, 0, cst)
	check(d.a2, "2026-05-06")
	d.clock = time.Date(2026, 5, 6, 17, 44, 0, 0, cst)
	check(d.a1, "2026-05-06") // early: nothing
	if n := d.notes(d.bossTok); len(n) != 0 {
		t.Fatalf("alerts before their time: %v", n)
	}
	d.clock = time.Date(2026, 5, 6, 17, 45, 0, 0, cst)
	check(d.a1, "2026-05-06")
	check(d.a1, "2026-05-06")
	if n := d.notes(d.bossTok); !slices.Equal(n, []string{"duty_absence"}) {
		t.Fatalf("after a1's absence: %v", n)
	}
	if e := d.entry(d.a1, "2026-05-06"); e["absence_alerted_at"] != "2026-05-06T09:45:00Z" {
		t.Fatalf("absence recorded: %v", e)
	}
	// 18:00: a2's handover to a1 is not signed.
	d.clock = time.Date(2026, 5, 6, 17, 59, 0, 0, cst)
	check(d.a2, "2026-05-06")
	d.clock = time.Date(2026, 5, 6, 18, 0, 0, 0, cst)
	check(d.a2, "2026-05-06")
	check(d.a2, "2026-05-06")
	if n := d.notes(d.bossTok); !slices.Equal(n, []string{"duty_absence", "duty_handover_late"}) {
		t.Fatalf("after the late handover: %v", n)
	}
	// The sweeper finds nothing more due for these entries.
	due, err := d.e.App.Duty.DueChecks(context.Background(), time.Date(2026, 5, 6, 18, 1, 0, 0, cst), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range due {
		if x.ID == d.entry(d.a2, "2026-05-06")["id"] {
			t.Fatalf("a2's entry is still due: %v", x)
		}
	}
}

// A major incident needs its written report by the end of the next day:
// the author is reminded, then their supervisor is told; a report in time
// stops both.
func TestMajorIncidentReportIsRemindedThenEscalated(t *testing.T) {
	d := newDutyDesk(t)
	d.generateMay(false)
	ctx := tenancy.WithTenant(context.Background(), d.t.ID)
	d.clock = time.Date(2026, 5, 6, 8, 30, 0, 0, cst)
	logID := d.e.Must(http.StatusCreated, "POST", "/v1/duty/logs", d.a2Tok, map[string]any{}).Str("id")
	d.clock = time.Date(2026, 5, 6, 10, 0, 0, 0, cst)
	late := d.e.Must(http.StatusCreated, "POST", "/v1/duty/logs/"+logID+"/entries", d.a2Tok, map[string]any{"kind": "incident", "text": "地下车库进水", "major": true}).Str("id")
	onTime := d.e.Must(http.StatusCreated, "POST", "/v1/duty/logs/"+logID+"/entries", d.a2Tok, map[string]any{"kind": "incident", "text": "配电房跳闸"}).Str("id")
	// Flagged major afterwards: the same deadline rules.
	d.e.Must(http.StatusOK, "PATCH", "/v1/duty/log-entries/"+onTime, d.a2Tok, map[string]any{"major": true})
	d.e.Must(http.StatusConflict, "PATCH", "/v1/duty/log-entries/"+onTime, d.a2Tok, map[string]any{"major": false})
	d.e.Must(http.StatusForbidden, "POST", "/v1/duty/log-entries/"+onTime+"/report", d.a1Tok, map[string]any{"report": "not mine"})
	d.e.Must(http.StatusOK, "POST", "/v1/duty/log-entries/"+onTime+"/report", d.a2Tok, map[string]any{"report": "18:05 跳闸，电工复位，原因：过载。"})
	run := func(id string) {
		t.Helper()
		if err := d.e.App.Duty.CheckReport(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	d.clock = time.Date(2026, 5, 7, 17, 59, 0, 0, cst)
	run(late)
	if n := d.notes(d.a2Tok); len(n) != 0 {
		t.Fatalf("reminded early: %v", n)
	}
	d.clock = time.Date(2026, 5, 7, 18, 0, 0, 0, cst) // six hours before the end of May 7
	run(late)
	run(late)
	run(onTime)
	if n := d.notes(d.a2Tok); !slices.Equal(n, []string{"duty_report_due"}) {
		t.Fatalf("reminder: %v", n)
	}
	d.clock = time.Date(2026, 5, 8, 0, 0, 0, 0, cst)
	run(late)
	run(late)
	if n := d.notes(d.bossTok); !slices.Equal(n, []string{"duty_report_missing"}) {
		t.Fatalf("escalation: %v", n)
	}
	e := d.e.Must(http.StatusOK, "GET", "/v1/duty/logs/"+logID, d.a2Tok, nil).JSON["entries"].([]any)
	for _, x := range e {
		m := x.(map[string]any)
		if m["id"] == late && (m["report_reminded_at"] != "2026-05-07T10:00:00Z" || m["report_escalated_at"] != "2026-05-07T16:00:00Z") {
			t.Fatalf("late report recorded: %v", m)
		}
	}
}

// Callbacks go to the callback staff on duty at their slot.
func TestCallbacksGoToTheCallbackStaffOnDuty(t *testing.T) {
	d := newDutyDesk(t)
	// A second callback agent, not rostered: without the roster they
	// would share the work.
	d.e.AddUser(d.t, "cb2", "callback_agent")
	d.generateMay(false)
	cust := d.e.Must(http.StatusCreated, "POST", "/v1/customers", d.t.Token, map[string]any{"name": "业主", "tier": "vip"}).Str("id")
	d.clock = time.Date(2026, 5, 6, 10, 0, 0, 0, cst)
	for range 2 {
		id := d.e.Must(http.StatusCreated, "POST", "/v1/tickets", d.t.Token, map[string]any{
			"type": "request", "channel": "phone", "subject": "回访", "customer_id": cust, "unit_id": d.cs}).Str("id")
		d.e.Must(http.StatusOK, "POST", "/v1/tickets/"+id+"/status", d.t.Token, map[string]any{"status": "resolved"})
		cbs := d.e.Must(http.StatusOK, "GET", "/v1/callbacks?ticket_id="+id, d.t.Token, nil).Items()
		if len(cbs) != 1 || cbs[0]["assignee_id"] != d.cb {
			t.Fatalf("callback: %v", cbs)
		}
	}
}

// Duty objects of another tenant answer 404, and the worker path runs
// end to end: an absence is alerted through asynq, also after Redis lost
// the task (the sweeper restores it).
func TestAbsenceAlertThroughTheWorkersAndTheSweeper(t *testing.T) {
	d := newDutyDesk(t)
	d.e.App.Now = time.Now
	now := time.Now().In(cst)
	start := now.Add(-20 * time.Minute)
	shift := d.e.Must(http.StatusCreated, "POST", "/v1/duty/shifts", d.t.Token, map[string]any{
		"name": "测试班", "start": start.Format("15:04"), "end": start.Add(2 * time.Hour).Format("15:04")}).Str("id")
	d.e.Must(http.StatusCreated, "POST", "/v1/duty/roster", d.t.Token, map[string]any{
		"unit_id": d.cs, "user_id": d.a1, "shift_id": shift, "date": start.Format(time.DateOnly)})
	// Redis loses the task before any worker runs.
	if err := d.e.App.Redis.FlushDB(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	d.e.StartWorkers()
	deadline := time.Now().Add(10 * time.Second)
	for !slices.Contains(d.notes(d.bossTok), "duty_absence") {
		if time.Now().After(deadline) {
			t.Fatalf("no absence alert 10 s after the sweep: %v", d.notes(d.bossTok))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestDutyObjectsOfAnotherTenantAnswer404(t *testing.T) {
	d := newDutyDesk(t)
	d.generateMay(false)
	d.e.App.Now = time.Now // the other tenant's session on the real clock
	other := d.e.Signup("other", "property")
	d.e.App.Now = func() time.Time { return d.clock }
	d.clock = time.Date(2026, 5, 6, 8, 30, 0, 0, cst)
	logID := d.e.Must(http.StatusCreated, "POST", "/v1/duty/logs", d.a2Tok, map[string]any{}).Str("id")
	le := d.e.Must(http.StatusCreated, "POST", "/v1/duty/logs/"+logID+"/entries", d.a2Tok, map[string]any{"kind": "other", "text": "x"}).Str("id")
	h := d.e.Must(http.StatusCreated, "POST", "/v1/handovers", d.a2Tok, map[string]any{}).Str("id")
	entry := d.entry(d.a1, "2026-05-07")["id"].(string)
	sw := d.e.Must(http.StatusCreated, "POST", "/v1/duty/swaps", d.a1Tok, map[string]any{"kind": "cover", "entry_id": entry, "counterpart_id": d.a3, "reason": "x"}).Str("id")
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/v1/duty/shifts/" + d.early, nil},
		{"PATCH", "/v1/duty/shifts/" + d.early, map[string]any{"name": "hijack"}},
		{"DELETE", "/v1/duty/shifts/" + d.early, nil},
		{"PATCH", "/v1/duty/roster/" + entry, map[string]any{"role": "leader"}},
		{"DELETE", "/v1/duty/roster/" + entry, nil},
		{"GET", "/v1/duty/swaps/" + sw, nil},
		{"POST", "/v1/duty/swaps/" + sw + "/approve", map[string]any{}},
		{"GET", "/v1/duty/logs/" + logID, nil},
		{"POST", "/v1/duty/logs/" + logID + "/entries", map[string]any{"kind": "other", "text": "x"}},
		{"POST", "/v1/duty/logs/" + logID + "/sign-out", nil},
		{"PATCH", "/v1/duty/log-entries/" + le, map[string]any{"result": "x"}},
		{"POST", "/v1/duty/log-entries/" + le + "/close", map[string]any{"result": "x"}},
		{"GET", "/v1/handovers/" + h, nil},
		{"POST", "/v1/handovers/" + h + "/sign", nil},
		{"POST", "/v1/handovers/" + h + "/override", map[string]any{"reason": "x"}},
	} {
		if r := d.e.Do(c.method, c.path, other.Token, c.body); r.Status != http.StatusNotFound {
			t.Errorf("%s %s from another tenant: %d %s", c.method, c.path, r.Status, r.Raw)
		}
	}
	if n := len(d.e.Must(http.StatusOK, "GET", "/v1/duty/roster?unit_id="+d.cs, other.Token, nil).Items()); n != 0 {
		t.Fatalf("another tenant lists %d roster entries", n)
	}
	// Body references to another tenant's objects are unknown.
	d.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/duty/roster", other.Token, map[string]any{"unit_id": d.cs, "user_id": d.a1, "shift_id": d.early, "date": "2026-05-20"})
}

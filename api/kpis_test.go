package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"kefu/app/apptest"
	"kefu/desk/kpi"
	"kefu/ent/ticketmetric"
	"kefu/tenants/tenancy"
)

// kpiMonth is the fixture month for the KPI figures: November 2026 in
// Shanghai, worked through the API on a simulated clock, on an office
// calendar (Mon–Fri 09:00–12:00 and 13:00–18:00, 8 business hours a day)
// with first response PT1H, resolution PT8H and a callback for everyone
// within three days. 1 Nov 2026 is a Sunday.
type kpiMonth struct {
	*orgFixture
	a, b, c, s, cb             string // agents A, B (group 一组), C (二组); supervisor; callback agent
	aTok, bTok, cTok, cbTok    string
	k1, k2, k3, k4             string // customers
	t1, t2, t3, t4, t5, t6, t7 string
	cb1, cb2, cb4, cb6         string
	loggedIn                   time.Time // sessions last 12 h of the simulated clock
}

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

// sh is a Shanghai wall-clock time in 2026.
func sh(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, shanghai)
}

func newKPIMonth(t *testing.T) *kpiMonth {
	f := newOrgFixture(t)
	m := &kpiMonth{orgFixture: f}
	cal := f.e.Must(http.StatusCreated, "POST", "/v1/calendars", f.t.Token, map[string]any{
		"name": "office", "timezone": "Asia/Shanghai", "hours": officeHours()}).Str("id")
	f.e.Must(http.StatusCreated, "POST", "/v1/sla-policies", f.t.Token, map[string]any{
		"name": "all", "calendar_id": cal, "first_response": "PT1H", "resolution": "PT8H", "rank": 1,
		"callback": map[string]any{"within_seconds": 3 * 24 * 3600, "coverage": map[string]float64{"regular": 1, "member": 1, "vip": 1, "key_account": 1}}})
	m.s, _ = f.person("sup", f.supA1)
	m.a, m.aTok = f.person("agent-a", f.agentA1)
	m.b, m.bTok = f.person("agent-b", f.agentA1)
	m.c, m.cTok = f.person("agent-c", f.agentB1)
	m.cb, m.cbTok = f.person("caller", f.position(f.center, "回访专员", "callback_agent", 1, f.head, false))
	for _, k := range []*string{&m.k1, &m.k2, &m.k3, &m.k4} {
		*k = f.e.Must(http.StatusCreated, "POST", "/v1/customers", f.t.Token, map[string]any{"name": "客户", "tier": "regular"}).Str("id")
	}
	return m
}

func officeHours() []map[string]any {
	var hs []map[string]any
	for d := 1; d <= 5; d++ {
		hs = append(hs, map[string]any{"weekday": d, "start": "09:00", "end": "12:00"}, map[string]any{"weekday": d, "start": "13:00", "end": "18:00"})
	}
	return hs
}

// clock moves the simulated time, signing everyone in again when their
// sessions would have expired (or not yet begun) at t.
func (m *kpiMonth) clock(t time.Time) {
	m.e.App.Now = func() time.Time { return t }
	if !t.Before(m.loggedIn) && t.Sub(m.loggedIn) < 11*time.Hour {
		return
	}
	m.loggedIn = t
	login := func(local string) string { return m.e.Login(m.t.Slug, local+"@"+m.t.Slug+".test", apptest.Password) }
	m.t.Token = login("director")
	m.aTok, m.bTok, m.cTok, m.cbTok = login("agent-a"), login("agent-b"), login("agent-c"), login("caller")
}

func (m *kpiMonth) ticket(when time.Time, typ, validity, customer, assignee, unit string) string {
	m.clock(when)
	body := map[string]any{"type": typ, "channel": "phone", "subject": "工单", "assignee_id": assignee, "unit_id": unit}
	if customer != "" {
		body["customer_id"] = customer
	}
	if validity != "" {
		body["complaint_validity"] = validity
	}
	return m.e.Must(http.StatusCreated, "POST", "/v1/tickets", m.t.Token, body).Str("id")
}

func (m *kpiMonth) reply(when time.Time, tok *string, id string) {
	m.clock(when)
	m.e.Must(http.StatusCreated, "POST", "/v1/tickets/"+id+"/comments", *tok, map[string]any{"body": "您好", "public": true})
}

func (m *kpiMonth) status(when time.Time, tok *string, id, status string) {
	m.clock(when)
	m.e.Must(http.StatusOK, "POST", "/v1/tickets/"+id+"/status", *tok, map[string]any{"status": status})
}

// checkSLA runs the SLA job at when, as its timer would.
func (m *kpiMonth) checkSLA(when time.Time, id string) {
	m.clock(when)
	if _, err := m.e.App.Tickets.CheckSLA(tenancy.WithTenant(context.Background(), m.t.ID), id); err != nil {
		m.e.T.Fatal(err)
	}
}

func (m *kpiMonth) callbackOf(id string) string {
	items := m.e.Must(http.StatusOK, "GET", "/v1/callbacks?ticket_id="+id, m.t.Token, nil).Items()
	for _, it := range items {
		if it["status"] == "pending" {
			return it["id"].(string)
		}
	}
	m.e.T.Fatalf("no pending callback for %s: %v", id, items)
	return ""
}

func (m *kpiMonth) record(when time.Time, cb, outcome string) {
	m.clock(when)
	m.e.Must(http.StatusCreated, "POST", "/v1/callbacks/"+cb+"/attempts", m.cbTok, map[string]any{"outcome": outcome})
}

// play works the month. Business durations are worked out beside each
// step; the expected figures in the test add them up.
func (m *kpiMonth) play() {
	oct, nov, dec := time.October, time.November, time.December
	// T11 (C, K4): resolved 20 Oct, 36 days before K4's complaint T10.
	t11 := m.ticket(sh(oct, 20, 9, 0), "request", "", m.k4, m.c, m.groupB1)
	m.status(sh(oct, 20, 9, 30), &m.cTok, t11, "resolved")

	// T6 (A, K3): created Fri 30 Oct 09:00, answered 09:05 (October: not
	// counted), resolution due Fri 18:00 and breached then; resolved Mon 2
	// Nov 10:00; the callback on Wed 4 Nov finds the customer unsatisfied,
	// which reopens it (a fresh 8h clock: due Thu 15:00, breached at the
	// 15:30 check); A resolves it again Thu 5 Nov 16:00.
	// Resolution = Fri 8h + Mon 8h + Tue 8h + Wed 8h + Thu 09–12, 13–16 6h
	// = 38h = 136800 s; reopened once; breached.
	m.t6 = m.ticket(sh(oct, 30, 9, 0), "request", "", m.k3, m.a, m.groupA1)
	m.reply(sh(oct, 30, 9, 5), &m.aTok, m.t6)
	m.checkSLA(sh(oct, 30, 18, 0), m.t6)
	m.status(sh(nov, 2, 10, 0), &m.aTok, m.t6, "resolved")
	m.cb6 = m.callbackOf(m.t6) // due Thu 5 Nov 10:00

	// T1 (A, K1): Mon 2 Nov 09:00, answered 09:30 (1800 s, due 10:00: in
	// time), resolved 11:00 (7200 s). Callback satisfied at 14:00.
	m.t1 = m.ticket(sh(nov, 2, 9, 0), "inquiry", "", m.k1, m.a, m.groupA1)
	m.reply(sh(nov, 2, 9, 30), &m.aTok, m.t1)
	m.status(sh(nov, 2, 11, 0), &m.aTok, m.t1, "resolved")
	m.cb1 = m.callbackOf(m.t1) // due Thu 5 Nov 11:00
	m.record(sh(nov, 2, 14, 0), m.cb1, "satisfied")

	// T2 (A, K2): Mon 2 Nov 17:00; first response due Mon 18:00, breached
	// at the 18:00 check; answered Tue 09:30 (Mon 1h + Tue 0.5h = 5400 s).
	// Pending Tue 10:00 → Wed 10:00 (Tue 2h + 5h, Wed 1h = 8h pending);
	// resolution due moved from Tue 17:00 to Wed 17:00; resolved Wed 11:00:
	// in time. Resolution = Mon 1h + Tue 8h + Wed 2h − 8h = 3h = 10800 s.
	// Callback neutral on Mon 9 Nov, after its due time (Sat 7 Nov 11:00).
	m.t2 = m.ticket(sh(nov, 2, 17, 0), "request", "", m.k2, m.a, m.groupA1)
	m.checkSLA(sh(nov, 2, 18, 0), m.t2)
	m.reply(sh(nov, 3, 9, 30), &m.aTok, m.t2)
	m.status(sh(nov, 3, 10, 0), &m.aTok, m.t2, "pending")
	m.status(sh(nov, 4, 10, 0), &m.aTok, m.t2, "open")
	m.status(sh(nov, 4, 11, 0), &m.aTok, m.t2, "resolved")
	m.cb2 = m.callbackOf(m.t2)

	// T3 (B, K2): Tue 3 Nov 09:00, transferred to 二组 (no first contact
	// resolution), answered 10:00 (3600 s, no check ran: in time), resolved
	// 15:00 (09–12, 13–15 = 5h = 18000 s). Its callback stays pending.
	m.t3 = m.ticket(sh(nov, 3, 9, 0), "request", "", m.k2, m.b, m.groupA1)
	m.clock(sh(nov, 3, 9, 10))
	m.e.Must(http.StatusOK, "POST", "/v1/tickets/"+m.t3+"/assign", m.t.Token, map[string]any{"unit_id": m.groupB1, "assignee_id": m.b, "reason": "涉及投诉"})
	m.reply(sh(nov, 3, 10, 0), &m.bTok, m.t3)
	m.status(sh(nov, 3, 15, 0), &m.bTok, m.t3, "resolved")

	// T4 (B, K1): Wed 4 Nov 09:00, answered 09:10 (600 s), resolved 09:20;
	// reopened Thu 09:00, resolved again Thu 10:00 (Wed 8h + Thu 1h = 32400
	// s); reopened once, in time (the reopen's clock runs to Thu 18:00).
	// The callback of the first resolution, satisfied Thu 11:00, on time.
	m.t4 = m.ticket(sh(nov, 4, 9, 0), "request", "", m.k1, m.b, m.groupA1)
	m.reply(sh(nov, 4, 9, 10), &m.bTok, m.t4)
	m.status(sh(nov, 4, 9, 20), &m.bTok, m.t4, "resolved")
	m.cb4 = m.callbackOf(m.t4) // due Sat 7 Nov 09:20
	m.record(sh(nov, 4, 15, 0), m.cb6, "unsatisfied")
	m.status(sh(nov, 5, 9, 0), &m.t.Token, m.t4, "open")
	m.status(sh(nov, 5, 10, 0), &m.bTok, m.t4, "resolved")
	m.record(sh(nov, 5, 11, 0), m.cb4, "satisfied")
	m.checkSLA(sh(nov, 5, 15, 30), m.t6)
	m.status(sh(nov, 5, 16, 0), &m.aTok, m.t6, "resolved") // a new callback, due Sun 8 Nov, stays pending

	// T5 (C): Thu 5 Nov 09:00, answered 09:20 (1200 s), still open.
	m.t5 = m.ticket(sh(nov, 5, 9, 0), "inquiry", "", "", m.c, m.groupB1)
	m.reply(sh(nov, 5, 9, 20), &m.cTok, m.t5)
	m.record(sh(nov, 9, 10, 0), m.cb2, "neutral")

	// Complaints. T8 (valid, K1, 10 Nov): K1's latest resolved ticket is T4
	// (B, 5 Nov) → about B. T9 (communicative, K1): counts for no one.
	// T12 (valid, K3, 12 Nov): K3's latest is T6 (A, 5 Nov) → about A. T10
	// (valid, K4, 25 Nov): K4's latest, T11, was resolved 36 days before →
	// about no one.
	m.ticket(sh(nov, 10, 10, 0), "complaint", "valid", m.k1, m.c, m.groupB1)
	m.ticket(sh(nov, 10, 11, 0), "complaint", "communicative", m.k1, m.c, m.groupB1)
	m.ticket(sh(nov, 12, 10, 0), "complaint", "valid", m.k3, m.c, m.groupB1)
	m.ticket(sh(nov, 25, 10, 0), "complaint", "valid", m.k4, m.c, m.groupB1)

	// T7 (C): created 30 Nov, answered 1 Dec: outside the month.
	m.t7 = m.ticket(sh(nov, 30, 17, 30), "inquiry", "", "", m.c, m.groupB1)
	m.reply(sh(dec, 1, 9, 0), &m.cTok, m.t7)
}

// duty rosters A on 2, 3 and 4 November and on 1 December, and B on 2
// November, on a 09:00–17:30 shift: A signs in ten minutes early on the
// 2nd, ten minutes late on the 3rd and not at all on the 4th (December is
// outside the month); B signs in at the start to the minute, which is on
// time.
func (m *kpiMonth) duty() {
	shift := m.e.Must(http.StatusCreated, "POST", "/v1/duty/shifts", m.t.Token, map[string]any{
		"name": "白班", "start": "09:00", "end": "17:30"}).Str("id")
	type turn struct {
		tok   *string
		user  string
		date  string
		early time.Duration // how long before the start the sign-in comes (negative: late)
		signs bool          // false: never signs in
	}
	for _, tu := range []turn{
		{&m.aTok, m.a, "2026-11-02", 10 * time.Minute, true},
		{&m.aTok, m.a, "2026-11-03", -10 * time.Minute, true},
		{&m.aTok, m.a, "2026-11-04", 0, false},
		{&m.aTok, m.a, "2026-12-01", -10 * time.Minute, true},
		{&m.bTok, m.b, "2026-11-02", 0, true},
	} {
		e := m.e.Must(http.StatusCreated, "POST", "/v1/duty/roster", m.t.Token, map[string]any{
			"unit_id": m.groupA1, "user_id": tu.user, "shift_id": shift, "date": tu.date})
		if !tu.signs {
			continue
		}
		start, err := time.Parse(time.RFC3339, e.Str("start_at"))
		if err != nil {
			m.e.T.Fatal(err)
		}
		m.clock(start.Add(-tu.early))
		m.e.Must(http.StatusCreated, "POST", "/v1/duty/logs", *tu.tok, map[string]any{"roster_entry_id": e.Str("id")})
	}
}

func (m *kpiMonth) kpis(tok, query string) map[string]any {
	from, to := sh(time.November, 1, 0, 0).UTC().Format(time.RFC3339), sh(time.December, 1, 0, 0).UTC().Format(time.RFC3339)
	return m.e.Must(http.StatusOK, "GET", "/v1/kpis?from="+from+"&to="+to+query, tok, nil).JSON
}

func rowOf(t *testing.T, rep map[string]any, key string) map[string]any {
	t.Helper()
	for _, r := range rep["rows"].([]any) {
		if r.(map[string]any)["key"] == key {
			return r.(map[string]any)
		}
	}
	t.Fatalf("no row %s in %v", key, rep["rows"])
	return nil
}

// expect compares figures exactly; nil means the figure must be null.
func expect(t *testing.T, who string, row map[string]any, want map[string]any) {
	t.Helper()
	for k, w := range want {
		got, ok := row[k]
		if !ok {
			t.Errorf("%s: no %s", who, k)
			continue
		}
		switch w := w.(type) {
		case nil:
			if got != nil {
				t.Errorf("%s %s = %v, want null", who, k, got)
			}
		case int:
			if got != float64(w) {
				t.Errorf("%s %s = %v, want %d", who, k, got, w)
			}
		case float64:
			if g, _ := got.(float64); fmt.Sprintf("%.9f", g) != fmt.Sprintf("%.9f", w) || got == nil {
				t.Errorf("%s %s = %v, want %v", who, k, got, w)
			}
		}
	}
}

func TestKPIsOfAFixtureMonthMatchTheHandComputation(t *testing.T) {
	m := newKPIMonth(t)
	m.play()
	m.duty()
	m.clock(sh(time.December, 2, 9, 0))
	rep := m.kpis(m.t.Token, "")

	// A: handled T1, T2, T6; T6 breached and was reopened; resolutions
	// 7200, 10800, 136800 s; first responses in November T1 1800 (in time),
	// T2 5400 (breached); callbacks rated cb1 satisfied, cb2 neutral, cb6
	// unsatisfied; one complaint (T12); on time for 1 of 3 November shifts.
	expect(t, "A", rowOf(t, rep, m.a), map[string]any{
		"handled": 3, "resolved_in_time": 2, "first_contact": 2, "reopened": 1,
		"resolution_compliance": 2.0 / 3, "fcr_rate": 2.0 / 3, "reopen_rate": 1.0 / 3,
		"resolution_median_seconds": 10800.0, "resolution_avg_seconds": 154800.0 / 3,
		"responded": 2, "responded_in_time": 1, "first_response_compliance": 0.5,
		"first_response_median_seconds": 3600.0, "first_response_avg_seconds": 3600.0,
		"rated": 3, "satisfied": 1, "satisfaction_rate": 1.0 / 3,
		"complaints": 1, "complaint_rate": 1.0 / 3,
		"callbacks_due": 0, "callback_coverage": nil, "callback_on_time_rate": nil,
		"shifts": 3, "shifts_on_time": 1, "punctuality": 1.0 / 3,
	})
	// B: handled T3 (transferred) and T4 (reopened), both in time: 18000
	// and 32400 s; answered T3 3600, T4 600; cb4 satisfied (cb3 pending);
	// one complaint (T8); on time for its one shift, signed in at the start.
	expect(t, "B", rowOf(t, rep, m.b), map[string]any{
		"handled": 2, "resolved_in_time": 2, "first_contact": 0, "reopened": 1,
		"resolution_compliance": 1.0, "fcr_rate": 0.0, "reopen_rate": 0.5,
		"resolution_median_seconds": 25200.0, "resolution_avg_seconds": 25200.0,
		"responded": 2, "responded_in_time": 2, "first_response_median_seconds": 2100.0, "first_response_avg_seconds": 2100.0,
		"rated": 1, "satisfied": 1, "satisfaction_rate": 1.0, "complaints": 1, "complaint_rate": 0.5,
		"shifts": 1, "shifts_on_time": 1, "punctuality": 1.0,
	})
	// C: nothing resolved in November (T11 was October's); answered T5
	// (1200 s); T7's answer fell in December.
	expect(t, "C", rowOf(t, rep, m.c), map[string]any{
		"handled": 0, "resolution_compliance": nil, "fcr_rate": nil, "complaint_rate": nil, "resolution_median_seconds": nil,
		"responded": 1, "responded_in_time": 1, "first_response_median_seconds": 1200.0, "first_response_compliance": 1.0,
		"punctuality": nil,
	})
	// The callback agent: due in November cb1, cb2, cb3, cb4, cb6 and T6's
	// second callback (6); done cb1, cb2, cb4, cb6; on time all but cb2.
	expect(t, "caller", rowOf(t, rep, m.cb), map[string]any{
		"callbacks_due": 6, "callbacks_done": 4, "callbacks_on_time": 3,
		"callback_coverage": 4.0 / 6, "callback_on_time_rate": 0.75, "handled": 0,
	})
	// Everyone: resolutions 7200, 10800, 18000, 32400, 136800 (median 18000,
	// mean 41040); first responses 600, 1200, 1800, 3600, 5400 (median
	// 1800, mean 2520); two complaints attributed, T10 to nobody.
	expect(t, "total", rep["total"].(map[string]any), map[string]any{
		"handled": 5, "resolved_in_time": 4, "first_contact": 2, "reopened": 2,
		"resolution_median_seconds": 18000.0, "resolution_avg_seconds": 41040.0,
		"responded": 5, "responded_in_time": 4, "first_response_median_seconds": 1800.0, "first_response_avg_seconds": 2520.0,
		"callbacks_due": 6, "callbacks_done": 4, "callbacks_on_time": 3, "rated": 4, "satisfied": 2, "satisfaction_rate": 0.5,
		"complaints": 2, "complaint_rate": 0.4, "shifts": 4, "shifts_on_time": 2, "punctuality": 0.5,
	})

	// Groups add up their members over their tickets: 一组 is A and B
	// (first responses 600, 1800, 3600, 5400: median 2700), 二组 is C, and
	// the callback agent, posted in the center, stands in for a group there.
	groups := m.kpis(m.t.Token, "&group_by=group")
	expect(t, "一组", rowOf(t, groups, m.groupA1), map[string]any{
		"handled": 5, "first_contact": 2, "resolution_median_seconds": 18000.0,
		"responded": 4, "first_response_median_seconds": 2700.0, "first_response_avg_seconds": 2850.0,
		"complaints": 2, "rated": 4, "satisfied": 2, "shifts": 4, "punctuality": 0.5,
	})
	expect(t, "二组", rowOf(t, groups, m.groupB1), map[string]any{"handled": 0, "responded": 1, "first_response_median_seconds": 1200.0})
	expect(t, "center", rowOf(t, groups, m.center), map[string]any{"callbacks_due": 6, "callbacks_done": 4})
	if n := rowOf(t, groups, m.groupA1)["name"]; n != "一组" {
		t.Errorf("group name %v", n)
	}
	depts := m.kpis(m.t.Token, "&group_by=department")
	expect(t, "客服部", rowOf(t, depts, m.deptA), map[string]any{"handled": 5, "resolution_avg_seconds": 41040.0})
	expect(t, "投诉部", rowOf(t, depts, m.deptB), map[string]any{"responded": 1})

	// Filters: one person; a unit's subtree.
	one := m.kpis(m.t.Token, "&user_id="+m.b)
	if rows := one["rows"].([]any); len(rows) != 1 {
		t.Fatalf("user filter: %v", rows)
	}
	expect(t, "B alone", one["total"].(map[string]any), map[string]any{"handled": 2, "resolution_median_seconds": 25200.0})
	unit := m.kpis(m.t.Token, "&unit_id="+m.groupB1)
	expect(t, "二组 filter", unit["total"].(map[string]any), map[string]any{"handled": 0, "responded": 1, "complaints": 0})

	// An agent sees only their own row.
	mine := m.kpis(m.aTok, "")
	if rows := mine["rows"].([]any); len(rows) != 1 || rows[0].(map[string]any)["key"] != m.a {
		t.Fatalf("agent A sees %v", rows)
	}

	// The weekly trend of A: everything in the week of Mon 2 Nov.
	from, to := sh(time.November, 1, 0, 0).UTC().Format(time.RFC3339), sh(time.December, 1, 0, 0).UTC().Format(time.RFC3339)
	tr := m.e.Must(http.StatusOK, "GET", "/v1/kpis/trend?interval=week&user_id="+m.a+"&from="+from+"&to="+to, m.t.Token, nil).JSON
	buckets := tr["buckets"].([]any)
	if len(buckets) != 6 || buckets[0].(map[string]any)["key"] != "2026-11-01" || buckets[1].(map[string]any)["key"] != "2026-11-02" {
		t.Fatalf("buckets %v", buckets)
	}
	series := tr["series"].([]any)
	if len(series) != 1 {
		t.Fatalf("series %v", series)
	}
	pts := series[0].(map[string]any)["points"].([]any)
	expect(t, "A week 2 Nov", pts[1].(map[string]any), map[string]any{"handled": 3, "responded": 2, "resolution_median_seconds": 10800.0})
	expect(t, "A week 9 Nov", pts[2].(map[string]any), map[string]any{"handled": 0, "complaints": 1, "resolution_median_seconds": nil})

	// The daily trend by group: each resolution on its day (T1 2 Nov, T3 3
	// Nov, T2 4 Nov, T4 and T6's second on 5 Nov), in 一组 and in total.
	daily := m.e.Must(http.StatusOK, "GET", "/v1/kpis/trend?interval=day&group_by=group&from="+from+"&to="+to, m.t.Token, nil).JSON
	if n := len(daily["buckets"].([]any)); n != 30 {
		t.Fatalf("%d daily buckets", n)
	}
	total := daily["total"].([]any)
	wantDays := map[int]map[string]any{
		0: {"handled": 0, "resolution_median_seconds": nil},
		1: {"handled": 1, "resolution_median_seconds": 7200.0, "responded": 1, "first_response_median_seconds": 1800.0},
		2: {"handled": 1, "resolution_median_seconds": 18000.0, "responded": 2, "first_response_median_seconds": 4500.0},
		3: {"handled": 1, "resolution_median_seconds": 10800.0, "responded": 1},
		4: {"handled": 2, "resolution_median_seconds": 84600.0, "resolution_avg_seconds": 84600.0, "responded": 1, "first_response_median_seconds": 1200.0},
		9: {"complaints": 1, "handled": 0}, 11: {"complaints": 1}, 24: {"complaints": 0}, 29: {"handled": 0, "responded": 0},
	}
	for day, want := range wantDays {
		expect(t, fmt.Sprintf("total of %d Nov", day+1), total[day].(map[string]any), want)
	}
	for _, se := range daily["series"].([]any) {
		if se.(map[string]any)["key"] == m.groupA1 {
			pts := se.(map[string]any)["points"].([]any)
			expect(t, "一组 5 Nov", pts[4].(map[string]any), map[string]any{"handled": 2, "resolution_median_seconds": 84600.0, "reopened": 2})
		}
	}

	// Bad input changes nothing and says where.
	m.e.Must(http.StatusUnprocessableEntity, "GET", "/v1/kpis?from="+to+"&to="+from, m.t.Token, nil)
	m.e.Must(http.StatusUnprocessableEntity, "GET", "/v1/kpis?from="+from+"&to="+to+"&group_by=team", m.t.Token, nil)
	m.e.Must(http.StatusNotFound, "GET", "/v1/kpis?from="+from+"&to="+to+"&user_id=usr_nobody", m.t.Token, nil)
}

func TestBackfillGivesTicketsWithoutFactsTheSameFactsBack(t *testing.T) {
	m := newKPIMonth(t)
	m.play()
	ctx := tenancy.WithTenant(context.Background(), m.t.ID)
	db := m.e.App.Store.Client
	// all is every ticket's facts, written out (the row id and update time aside).
	all := func() map[string]string {
		ms, err := db.TicketMetric.Query().All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, x := range ms {
			out[x.TicketID] = fmt.Sprint(x.CustomerID, x.TicketCreatedAt.UTC(), x.ResponderID, x.FirstRespondedAt, deref(x.FirstResponseSeconds),
				x.FirstResponseBreached, x.ResolverID, x.ResolvedAt, deref(x.ResolutionSeconds), x.PendingSeconds, x.ResolutionBreached,
				x.ReopenCount, x.Transfers, x.ComplaintAboutID, x.ComplaintFiledAt)
		}
		return out
	}
	before := all()
	// T6 (reopened, breached), T2 (pending) and the valid complaint about A
	// lose their facts, as tickets from before the facts existed have none.
	ms, err := db.TicketMetric.Query().Where(ticketmetric.ComplaintAboutID(m.a)).All(ctx)
	if err != nil || len(ms) != 1 {
		t.Fatalf("complaints about A: %v %v", ms, err)
	}
	complaint := ms[0].TicketID
	gone := []string{m.t6, m.t2, complaint}
	n, err := db.TicketMetric.Delete().Where(ticketmetric.TicketIDIn(gone...)).Exec(ctx)
	if err != nil || n != 3 || complaint == "" {
		t.Fatalf("deleted %d (%v), complaint %q", n, err, complaint)
	}
	got, err := kpi.BackfillAll(context.Background(), db)
	if err != nil || got != 3 {
		t.Fatalf("backfilled %d: %v", got, err)
	}
	after := all()
	if len(after) != len(before) {
		t.Fatalf("%d facts, had %d", len(after), len(before))
	}
	for _, id := range gone {
		if after[id] != before[id] {
			t.Errorf("%s:\n got %+v\nwant %+v", id, after[id], before[id])
		}
	}
	// Again: nothing is missing, nothing is measured.
	if again, err := kpi.Backfill(ctx, db); err != nil || again != 0 {
		t.Fatalf("second run measured %d: %v", again, err)
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

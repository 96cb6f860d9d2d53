package api_test

import (
	"net/http"
	"testing"
	"time"
)

// qaDesk: the KPI month's people plus a quality inspector, on the
// tenant's default scorecard (seeded at signup).
type qaDesk struct {
	*kpiMonth
	qa, qaTok string
	card      map[string]any
}

func newQADesk(t *testing.T) *qaDesk {
	m := newKPIMonth(t)
	d := &qaDesk{kpiMonth: m}
	d.qa, d.qaTok = m.e.AddUser(m.t, "inspector", "quality_inspector")
	cards := m.e.Must(http.StatusOK, "GET", "/v1/scorecards", m.t.Token, nil).Items()
	if len(cards) != 1 || cards[0]["is_default"] != true {
		t.Fatalf("seeded scorecards %v", cards)
	}
	d.card = cards[0]
	return d
}

// resolved makes a ticket that agent (token tok) answers and resolves at when.
func (d *qaDesk) resolved(when time.Time, agent string, tok *string) string {
	id := d.ticket(when, "inquiry", "", d.k1, agent, d.groupA1)
	d.reply(when.Add(time.Minute), tok, id)
	d.status(when.Add(2*time.Minute), tok, id, "resolved")
	return id
}

// fullMarks gives every criterion of the default card its weight, less
// off points on accuracy.
func fullMarks(card map[string]any, off float64, failCritical bool) []map[string]any {
	var out []map[string]any
	for _, c := range card["criteria"].([]any) {
		cr := c.(map[string]any)
		m := map[string]any{"key": cr["key"], "points": cr["weight"]}
		if cr["key"] == "accuracy" {
			m["points"] = cr["weight"].(float64) - off
		}
		if cr["critical"] == true && failCritical {
			m["failed"] = true
		}
		out = append(out, m)
	}
	return out
}

func TestAnAppealGoesFromScoreToASupervisorsDecision(t *testing.T) {
	d := newQADesk(t)
	tk := d.resolved(sh(time.November, 2, 9, 0), d.a, &d.aTok)
	d.clock(sh(time.November, 3, 9, 0))
	d.qaTok = d.e.Login(d.t.Slug, "inspector@"+d.t.Slug+".test", "correct-horse-battery")

	// The inspector picks the ticket; A resolved it, so A is inspected.
	in := d.e.Must(http.StatusCreated, "POST", "/v1/inspections", d.qaTok, map[string]any{"ticket_id": tk})
	id := in.Str("id")
	if in.Str("agent_id") != d.a || in.Str("status") != "pending" || in.Str("source") != "manual" {
		t.Fatalf("picked %s", in.Raw)
	}
	d.e.Must(http.StatusConflict, "POST", "/v1/inspections", d.qaTok, map[string]any{"ticket_id": tk})

	// Bad marks change nothing; A cannot appeal before a score.
	d.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/inspections/"+id+"/score", d.qaTok, map[string]any{"marks": []map[string]any{{"key": "greeting", "points": 10}}})
	d.e.Must(http.StatusConflict, "POST", "/v1/inspections/"+id+"/appeal", d.aTok, map[string]any{"reason": "x"})

	// 100 weight points, 12 off accuracy: 88. A critical failure zeroes it.
	r := d.e.Must(http.StatusOK, "POST", "/v1/inspections/"+id+"/score", d.qaTok, map[string]any{"marks": fullMarks(d.card, 12, true), "comment": "用语违规"})
	if r.JSON["score"] != 0.0 || r.JSON["critical_failed"] != true {
		t.Fatalf("critical failure: %s", r.Raw)
	}
	r = d.e.Must(http.StatusOK, "POST", "/v1/inspections/"+id+"/score", d.qaTok, map[string]any{"marks": fullMarks(d.card, 12, false), "comment": "解答不够准确"})
	if r.JSON["score"] != 88.0 || r.JSON["final_score"] != 88.0 || r.Str("status") != "scored" {
		t.Fatalf("scored %s", r.Raw)
	}

	// A sees their own inspection, B does not; only A may appeal, once.
	if items := d.e.Must(http.StatusOK, "GET", "/v1/inspections?agent_id=me", d.aTok, nil).Items(); len(items) != 1 || items[0]["id"] != id {
		t.Fatalf("A's inspections %v", items)
	}
	d.e.Must(http.StatusNotFound, "GET", "/v1/inspections/"+id, d.bTok, nil)
	d.e.Must(http.StatusNotFound, "POST", "/v1/inspections/"+id+"/appeal", d.bTok, map[string]any{"reason": "x"})
	d.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/inspections/"+id+"/appeal", d.aTok, map[string]any{"reason": " "})
	r = d.e.Must(http.StatusCreated, "POST", "/v1/inspections/"+id+"/appeal", d.aTok, map[string]any{"reason": "客户问题已按知识库解答"})
	if r.Str("status") != "appealed" || r.JSON["appeal"].(map[string]any)["status"] != "pending" {
		t.Fatalf("appealed %s", r.Raw)
	}
	d.e.Must(http.StatusConflict, "POST", "/v1/inspections/"+id+"/appeal", d.aTok, map[string]any{"reason": "again"})
	d.e.Must(http.StatusConflict, "POST", "/v1/inspections/"+id+"/score", d.qaTok, map[string]any{"marks": fullMarks(d.card, 0, false)})

	// Only a supervisor on A's reporting line decides: not A, not a peer.
	supTok := d.e.Login(d.t.Slug, "sup@"+d.t.Slug+".test", "correct-horse-battery")
	d.e.Must(http.StatusForbidden, "POST", "/v1/inspections/"+id+"/decision", d.aTok, map[string]any{"outcome": "upheld", "reason": "x"})
	d.e.Must(http.StatusForbidden, "POST", "/v1/inspections/"+id+"/decision", d.bTok, map[string]any{"outcome": "upheld", "reason": "x"})
	d.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/inspections/"+id+"/decision", supTok, map[string]any{"outcome": "adjusted", "reason": "x"})
	r = d.e.Must(http.StatusOK, "POST", "/v1/inspections/"+id+"/decision", supTok, map[string]any{"outcome": "adjusted", "score": 95, "reason": "核实录音，解答正确"})
	ap := r.JSON["appeal"].(map[string]any)
	if r.Str("status") != "decided" || r.JSON["final_score"] != 95.0 || r.JSON["score"] != 88.0 ||
		ap["status"] != "adjusted" || ap["adjusted_score"] != 95.0 || ap["decided_by"] != d.s || ap["original_score"] != 88.0 {
		t.Fatalf("decided %s", r.Raw)
	}
	d.e.Must(http.StatusConflict, "POST", "/v1/inspections/"+id+"/decision", supTok, map[string]any{"outcome": "upheld", "reason": "again"})

	// The adjusted score is what A's month counts.
	d.clock(sh(time.December, 2, 9, 0))
	rows := d.e.Must(http.StatusOK, "POST", "/v1/score-sheets/generate", d.t.Token, map[string]any{"month": "2026-11", "unit_id": d.groupA1}).Items()
	for _, sh := range rows {
		if sh["agent_id"] == d.a && (sh["qa_average"] != 95.0 || sh["qa_count"] != 1.0) {
			t.Fatalf("A's sheet %v", sh)
		}
	}
}

func TestWeeklySamplingPicksPerAgentOnceAndMoreUnderTarget(t *testing.T) {
	d := newQADesk(t)
	// Week 2026-W45 (Mon 2 – Sun 8 Nov): A resolves 4 tickets, B 3.
	for i := range 4 {
		d.resolved(sh(time.November, 2, 9+i, 0), d.a, &d.aTok)
	}
	for i := range 3 {
		d.resolved(sh(time.November, 3, 9+i, 0), d.b, &d.bTok)
	}
	// A scored 70 in October: under the card's target of 80, so A gets
	// samples_per_week 2 + extra 2.
	old := d.resolved(sh(time.October, 20, 9, 0), d.a, &d.aTok)
	d.clock(sh(time.October, 21, 9, 0))
	d.qaTok = d.e.Login(d.t.Slug, "inspector@"+d.t.Slug+".test", "correct-horse-battery")
	pre := d.e.Must(http.StatusCreated, "POST", "/v1/inspections", d.qaTok, map[string]any{"ticket_id": old}).Str("id")
	d.e.Must(http.StatusOK, "POST", "/v1/inspections/"+pre+"/score", d.qaTok, map[string]any{"marks": fullMarks(d.card, 30, false)})
	d.e.Must(http.StatusOK, "PATCH", "/v1/scorecards/"+d.card["id"].(string), d.t.Token, map[string]any{"target_score": 80})

	// The sweeper finds W45 due once the week is over and the worker samples it.
	d.clock(sh(time.November, 9, 8, 0))
	d.qaTok = d.e.Login(d.t.Slug, "inspector@"+d.t.Slug+".test", "correct-horse-battery")
	d.e.StartWorkers()
	var items []map[string]any
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		items = d.e.Must(http.StatusOK, "GET", "/v1/inspections?period=2026-W45", d.t.Token, nil).Items()
		if len(items) > 0 || time.Now().After(deadline) {
			break
		}
	}
	per := map[string]int{}
	for _, it := range items {
		per[it["agent_id"].(string)]++
		if it["inspector_id"] != d.qa || it["source"] != "sample" || it["status"] != "pending" {
			t.Fatalf("sampled %v", it)
		}
	}
	if per[d.a] != 4 || per[d.b] != 2 || len(per) != 2 {
		t.Fatalf("sampled per agent %v (A %s, B %s)", per, d.a, d.b)
	}
	// Running the week again picks nothing.
	r := d.e.Must(http.StatusOK, "POST", "/v1/inspections/sample", d.qaTok, map[string]any{"week": "2026-W45"})
	if r.JSON["already"] != true || r.JSON["picked"] != 0.0 {
		t.Fatalf("second run %s", r.Raw)
	}
	d.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/inspections/sample", d.qaTok, map[string]any{"week": "2026-W54"})
	// The inspector's worklist holds them.
	if n := len(d.e.Must(http.StatusOK, "GET", "/v1/inspections?inspector_id=me&status=pending", d.qaTok, nil).Items()); n != 6 {
		t.Fatalf("worklist %d", n)
	}
}

func TestScorecardsValidateAndKeepScoredCriteria(t *testing.T) {
	d := newQADesk(t)
	bad := []map[string]any{
		{"name": "", "criteria": []map[string]any{{"key": "a", "label": "A", "weight": 10}}},
		{"name": "x", "criteria": []map[string]any{}},
		{"name": "x", "criteria": []map[string]any{{"key": "a", "label": "A", "weight": 10}, {"key": "a", "label": "B", "weight": 5}}},
		{"name": "x", "criteria": []map[string]any{{"key": "a", "label": "A", "weight": 0}}},
	}
	for _, b := range bad {
		d.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/scorecards", d.t.Token, b)
	}
	d.e.Must(http.StatusForbidden, "POST", "/v1/scorecards", d.aTok, map[string]any{"name": "x", "criteria": []map[string]any{{"key": "a", "label": "A", "weight": 10}}})
	card := d.e.Must(http.StatusCreated, "POST", "/v1/scorecards", d.t.Token, map[string]any{
		"name": "投诉专项", "criteria": []map[string]any{{"key": "empathy", "label": "共情", "weight": 50}, {"key": "fix", "label": "解决", "weight": 50}}}).Str("id")
	d.e.Must(http.StatusConflict, "POST", "/v1/scorecards", d.t.Token, map[string]any{"name": "投诉专项", "criteria": []map[string]any{{"key": "a", "label": "A", "weight": 1}}})
	// The default cannot be deleted; an unused card can.
	d.e.Must(http.StatusConflict, "DELETE", "/v1/scorecards/"+d.card["id"].(string), d.t.Token, nil)
	tk := d.resolved(sh(time.November, 2, 9, 0), d.a, &d.aTok)
	d.clock(sh(time.November, 3, 9, 0))
	d.qaTok = d.e.Login(d.t.Slug, "inspector@"+d.t.Slug+".test", "correct-horse-battery")
	in := d.e.Must(http.StatusCreated, "POST", "/v1/inspections", d.qaTok, map[string]any{"ticket_id": tk, "scorecard_id": card}).Str("id")
	r := d.e.Must(http.StatusOK, "POST", "/v1/inspections/"+in+"/score", d.qaTok, map[string]any{"marks": []map[string]any{{"key": "empathy", "points": 40}, {"key": "fix", "points": 50}}})
	if r.JSON["score"] != 90.0 {
		t.Fatalf("score %s", r.Raw)
	}
	d.e.Must(http.StatusConflict, "PATCH", "/v1/scorecards/"+card, d.t.Token, map[string]any{"criteria": []map[string]any{{"key": "x", "label": "X", "weight": 1}}})
	d.e.Must(http.StatusOK, "PATCH", "/v1/scorecards/"+card, d.t.Token, map[string]any{"name": "投诉专项 v1"})
	d.e.Must(http.StatusConflict, "DELETE", "/v1/scorecards/"+card, d.t.Token, nil)
}

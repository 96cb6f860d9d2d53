package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The month of the KPI fixture, weighed by a plan of resolution
// compliance 50 and satisfaction 50: A's compliance 2/3 and satisfaction
// 1/3 give a base of 50.
func TestASheetGoesFromDraftToLockedAndStaysLocked(t *testing.T) {
	m := newKPIMonth(t)
	m.play()
	m.clock(sh(time.December, 2, 9, 0))
	supTok := m.e.Login(m.t.Slug, "sup@"+m.t.Slug+".test", "correct-horse-battery")
	mgr, _ := m.person("mgr", m.mgrA)
	mgrTok := m.e.Login(m.t.Slug, "mgr@"+m.t.Slug+".test", "correct-horse-battery")

	m.e.Must(http.StatusForbidden, "PUT", "/v1/score-sheets/plan", supTok, map[string]any{"weights": map[string]any{"qa": 1}, "complaint_ceiling": 0.05})
	m.e.Must(http.StatusUnprocessableEntity, "PUT", "/v1/score-sheets/plan", mgrTok, map[string]any{"weights": map[string]any{"speed": 1}, "complaint_ceiling": 0.05})
	m.e.Must(http.StatusOK, "PUT", "/v1/score-sheets/plan", mgrTok, map[string]any{
		"weights": map[string]any{"resolution_compliance": 50, "satisfaction_rate": 50}, "complaint_ceiling": 0.05})

	// The supervisor makes the month's drafts for their group, not for
	// themself; an agent may not.
	m.e.Must(http.StatusForbidden, "POST", "/v1/score-sheets/generate", m.aTok, map[string]any{"month": "2026-11"})
	m.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/score-sheets/generate", supTok, map[string]any{"month": "2027-01"})
	rows := m.e.Must(http.StatusOK, "POST", "/v1/score-sheets/generate", supTok, map[string]any{"month": "2026-11"}).Items()
	var sheet map[string]any
	for _, r := range rows {
		if r["agent_id"] == m.s {
			t.Fatalf("the supervisor made their own sheet")
		}
		if r["agent_id"] == m.a {
			sheet = r
		}
	}
	if sheet == nil || sheet["status"] != "draft" || sheet["base_score"] != 50.0 || sheet["total"] != 50.0 {
		t.Fatalf("A's draft %v", sheet)
	}
	scores := sheet["scores"].(map[string]any)
	if scores["resolution_compliance"] != 66.67 || scores["satisfaction_rate"] != 33.33 || sheet["kpis"].(map[string]any)["handled"] != 3.0 {
		t.Fatalf("A's scores %v kpis %v", scores, sheet["kpis"])
	}
	id := sheet["id"].(string)
	path := "/v1/score-sheets/" + id

	// Items on the draft: +5 reward, −2 penalty, one removed again.
	m.e.Must(http.StatusUnprocessableEntity, "POST", path+"/items", supTok, map[string]any{"kind": "reward", "reason": "", "points": 5})
	m.e.Must(http.StatusUnprocessableEntity, "POST", path+"/items", supTok, map[string]any{"kind": "bonus", "reason": "x", "points": 5})
	m.e.Must(http.StatusCreated, "POST", path+"/items", supTok, map[string]any{"kind": "reward", "reason": "锦旗表扬", "points": 5})
	r := m.e.Must(http.StatusCreated, "POST", path+"/items", supTok, map[string]any{"kind": "penalty", "reason": "迟到", "points": 2})
	if r.JSON["items_total"] != 3.0 || r.JSON["total"] != 53.0 {
		t.Fatalf("after items %s", r.Raw)
	}
	extra := m.e.Must(http.StatusCreated, "POST", path+"/items", supTok, map[string]any{"kind": "penalty", "reason": "误记", "points": 10}).JSON["items"].([]any)
	m.e.Must(http.StatusNoContent, "DELETE", path+"/items/"+extra[2].(map[string]any)["id"].(string), supTok, nil)
	m.e.Must(http.StatusOK, "PATCH", path, supTok, map[string]any{"comment": "本月表现稳定"})

	// draft → submitted (not by A) → approved (by the manager) → locked.
	m.e.Must(http.StatusForbidden, "POST", path+"/submit", m.aTok, nil)
	m.e.Must(http.StatusConflict, "POST", path+"/approve", mgrTok, nil)
	m.e.Must(http.StatusOK, "POST", path+"/submit", supTok, nil)
	m.e.Must(http.StatusConflict, "POST", path+"/items", supTok, map[string]any{"kind": "reward", "reason": "x", "points": 1})
	m.e.Must(http.StatusForbidden, "POST", path+"/approve", supTok, nil)
	// Returned with a reason, it is a draft again and goes round once more.
	r = m.e.Must(http.StatusOK, "POST", path+"/return", mgrTok, map[string]any{"reason": "请补充扣分依据"})
	if r.Str("status") != "draft" || r.Str("returned_reason") != "请补充扣分依据" {
		t.Fatalf("returned %s", r.Raw)
	}
	m.e.Must(http.StatusOK, "POST", path+"/submit", supTok, nil)
	r = m.e.Must(http.StatusOK, "POST", path+"/approve", mgrTok, nil)
	if r.Str("status") != "approved" || r.Str("approved_by") != mgr || r.JSON["items"].([]any)[0].(map[string]any)["approver_id"] != mgr {
		t.Fatalf("approved %s", r.Raw)
	}
	m.e.Must(http.StatusConflict, "POST", path+"/adjustments", mgrTok, map[string]any{"reason": "x", "points": 1})
	r = m.e.Must(http.StatusOK, "POST", path+"/lock", mgrTok, nil)
	if r.Str("status") != "locked" || r.JSON["total"] != 53.0 {
		t.Fatalf("locked %s", r.Raw)
	}
	locked := r.Raw

	// Every edit of a locked sheet is refused; regenerating leaves it alone.
	m.e.Must(http.StatusConflict, "PATCH", path, supTok, map[string]any{"comment": "改"})
	m.e.Must(http.StatusConflict, "POST", path+"/items", supTok, map[string]any{"kind": "reward", "reason": "x", "points": 1})
	m.e.Must(http.StatusConflict, "DELETE", path+"/items/"+r.JSON["items"].([]any)[0].(map[string]any)["id"].(string), supTok, nil)
	for _, step := range []string{"submit", "approve", "lock"} {
		m.e.Must(http.StatusConflict, "POST", path+"/"+step, mgrTok, nil)
	}
	m.e.Must(http.StatusConflict, "POST", path+"/return", mgrTok, map[string]any{"reason": "x"})
	m.e.Must(http.StatusOK, "PUT", "/v1/score-sheets/plan", mgrTok, map[string]any{"weights": map[string]any{"qa": 100}, "complaint_ceiling": 0.05})
	m.e.Must(http.StatusOK, "POST", "/v1/score-sheets/generate", supTok, map[string]any{"month": "2026-11"})
	if got := m.e.Must(http.StatusOK, "GET", path, supTok, nil).Raw; string(got) != string(locked) {
		t.Fatalf("a locked sheet changed:\n%s\n%s", locked, got)
	}

	// A correction is an adjustment beside it: final moves, the sheet not.
	m.e.Must(http.StatusForbidden, "POST", path+"/adjustments", supTok, map[string]any{"reason": "x", "points": 1})
	m.e.Must(http.StatusUnprocessableEntity, "POST", path+"/adjustments", mgrTok, map[string]any{"reason": "x", "points": 0})
	r = m.e.Must(http.StatusCreated, "POST", path+"/adjustments", mgrTok, map[string]any{"reason": "投诉复核不成立", "points": 4})
	if r.JSON["total"] != 53.0 || r.JSON["adjustments"] != 4.0 || r.JSON["final"] != 57.0 || r.Str("status") != "locked" {
		t.Fatalf("adjusted %s", r.Raw)
	}

	// A sees their own sheet only; the export has it.
	if items := m.e.Must(http.StatusOK, "GET", "/v1/score-sheets?month=2026-11", m.aTok, nil).Items(); len(items) != 1 || items[0]["id"] != id {
		t.Fatalf("A lists %v", items)
	}
	res := m.e.Must(http.StatusOK, "GET", "/v1/score-sheets/export?month=2026-11", mgrTok, nil)
	csv := string(res.Raw)
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.Contains(csv, m.a+",agent-a,") || !strings.Contains(csv, "locked") || !strings.Contains(csv, ",57.00,") {
		t.Fatalf("export:\n%s", csv)
	}
	// The same as an Excel workbook: a zip whose sheet holds A's row, the
	// final score a number.
	res = m.e.Must(http.StatusOK, "GET", "/v1/score-sheets/export?month=2026-11&format=xlsx", mgrTok, nil)
	if res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		res.Header.Get("Content-Disposition") != `attachment; filename="score-sheets-2026-11.xlsx"` {
		t.Fatalf("xlsx headers %v", res.Header)
	}
	z, err := zip.NewReader(bytes.NewReader(res.Raw), int64(len(res.Raw)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(f)
	if !strings.Contains(string(body), "<t xml:space=\"preserve\">"+m.a+"</t>") || !strings.Contains(string(body), "<v>57</v>") {
		t.Fatalf("sheet:\n%s", body)
	}
	m.e.Must(http.StatusUnprocessableEntity, "GET", "/v1/score-sheets/export?month=2026-11&format=pdf", mgrTok, nil)
}

func TestQuarterlyReviewProposesOneLevelAndAManagerConfirms(t *testing.T) {
	m := newKPIMonth(t)
	m.clock(sh(time.October, 1, 9, 0))
	mgr, _ := m.person("mgr", m.mgrA)
	ladder := m.e.Must(http.StatusOK, "GET", "/v1/grades", m.t.Token, nil).JSON["levels"].([]any)
	if len(ladder) != 6 || ladder[0].(map[string]any)["name"] != "见习" || ladder[5].(map[string]any)["name"] != "高级" {
		t.Fatalf("default ladder %v", ladder)
	}
	level := func(i int) string { return ladder[i].(map[string]any)["id"].(string) }
	m.e.Must(http.StatusUnprocessableEntity, "PUT", "/v1/grades", m.t.Token, map[string]any{"levels": []map[string]any{
		{"name": "甲", "promote_at": 0, "keep_at": 0}, {"name": "乙", "promote_at": 0, "keep_at": 0}}})
	// B starts at 三级 (keep at 73).
	m.e.Must(http.StatusOK, "PUT", "/v1/grades/staff/"+m.b, m.t.Token, map[string]any{"level_id": level(2)})

	// Q4: A's sheets total 96 each (a reward on an empty month), B's 10.
	for _, month := range []string{"2026-10", "2026-11", "2026-12"} {
		mm, _ := time.Parse("2006-01", month)
		m.clock(sh(mm.Month(), 28, 9, 0).AddDate(mm.Year()-2026, 0, 0))
		supTok := m.e.Login(m.t.Slug, "sup@"+m.t.Slug+".test", "correct-horse-battery")
		mgrTok := m.e.Login(m.t.Slug, "mgr@"+m.t.Slug+".test", "correct-horse-battery")
		for _, r := range m.e.Must(http.StatusOK, "POST", "/v1/score-sheets/generate", supTok, map[string]any{"month": month, "unit_id": m.groupA1}).Items() {
			points := map[string]float64{m.a: 96, m.b: 10}[r["agent_id"].(string)]
			if points == 0 {
				continue
			}
			p := "/v1/score-sheets/" + r["id"].(string)
			m.e.Must(http.StatusCreated, "POST", p+"/items", supTok, map[string]any{"kind": "reward", "reason": "月度表现", "points": points})
			m.e.Must(http.StatusOK, "POST", p+"/submit", supTok, nil)
			m.e.Must(http.StatusOK, "POST", p+"/approve", mgrTok, nil)
		}
	}
	// Nothing is due on 10 January; ten days after the quarter's end the
	// sweeper finds its review due and the worker runs it.
	m.clock(sh(time.January, 10, 9, 0).AddDate(1, 0, 0))
	due, err := m.e.App.Grades.DueReviews(context.Background(), m.e.App.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range due {
		if d.TenantID == m.t.ID && d.Period == "2026-Q4" {
			t.Fatalf("review %s due on 10 January", d.Period)
		}
	}
	m.clock(sh(time.January, 11, 9, 0).AddDate(1, 0, 0))
	mgrTok := m.e.Login(m.t.Slug, "mgr@"+m.t.Slug+".test", "correct-horse-battery")
	m.e.Must(http.StatusForbidden, "POST", "/v1/grades/reviews", m.aTok, map[string]any{"quarter": "2026-Q4"})
	m.e.StartWorkers()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		n := len(m.e.Must(http.StatusOK, "GET", "/v1/grades/proposals?quarter=2026-Q4", mgrTok, nil).Items())
		if n > 0 || time.Now().After(deadline) {
			break
		}
	}
	// Running the quarter again by hand proposes nothing new.
	if r := m.e.Must(http.StatusOK, "POST", "/v1/grades/reviews", mgrTok, map[string]any{"quarter": "2026-Q4"}); r.JSON["proposed"] != 0.0 {
		t.Fatalf("second review %s", r.Raw)
	}
	props := m.e.Must(http.StatusOK, "GET", "/v1/grades/proposals?quarter=2026-Q4", mgrTok, nil).Items()
	if len(props) != 2 {
		t.Fatalf("proposals %v", props)
	}
	by := map[string]map[string]any{}
	for _, p := range props {
		by[p["user_id"].(string)] = p
	}
	// A (见习, average 96) moves one level up, to 四级, not to 高级; B (三级,
	// average 10) one down, to 四级.
	if p := by[m.a]; p["direction"] != "promote" || p["from_level_id"] != level(0) || p["to_level_id"] != level(1) || p["average"] != 96.0 {
		t.Fatalf("A's proposal %v", p)
	}
	if p := by[m.b]; p["direction"] != "demote" || p["from_level_id"] != level(2) || p["to_level_id"] != level(1) {
		t.Fatalf("B's proposal %v", p)
	}
	aID, bID := by[m.a]["id"].(string), by[m.b]["id"].(string)
	m.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/grades/proposals/"+bID+"/reject", mgrTok, map[string]any{})
	m.e.Must(http.StatusOK, "POST", "/v1/grades/proposals/"+bID+"/reject", mgrTok, map[string]any{"reason": "病假影响，暂不降级"})
	r := m.e.Must(http.StatusOK, "POST", "/v1/grades/proposals/"+aID+"/confirm", mgrTok, map[string]any{})
	if r.Str("status") != "confirmed" || r.Str("decided_by") != mgr {
		t.Fatalf("confirmed %s", r.Raw)
	}
	m.e.Must(http.StatusConflict, "POST", "/v1/grades/proposals/"+aID+"/confirm", mgrTok, map[string]any{})
	held := map[string]string{}
	for _, g := range m.e.Must(http.StatusOK, "GET", "/v1/grades/staff", mgrTok, nil).Items() {
		held[g["user_id"].(string)] = g["level_id"].(string)
	}
	if held[m.a] != level(1) || held[m.b] != level(2) {
		t.Fatalf("grades held %v", held)
	}
	// A ladder change keeps holders by rank; dropping a held level is refused.
	m.e.Must(http.StatusConflict, "PUT", "/v1/grades", mgrTok, map[string]any{"levels": []map[string]any{
		{"name": "初级", "promote_at": 0, "keep_at": 0}, {"name": "中级", "promote_at": 80, "keep_at": 75}}})
}

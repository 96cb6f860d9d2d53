package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	"kefu/app/apptest"
)

// orgFixture builds, in a generic tenant with its template chart removed:
//
//	center 客户服务中心 ── head (director)
//	├─ dept A 客服部 ── manager A (reports to head) ── group A1 (supervisor, agents ×3)
//	└─ dept B 投诉部 ── manager B ── group B1 (supervisor, agents ×2)
type orgFixture struct {
	e                       *apptest.Env
	t                       apptest.Tenant
	center, deptA, deptB    string
	groupA1, groupB1        string
	head, mgrA, mgrB        string
	supA1, agentA1, agentB1 string
	supB1                   string
}

func (f *orgFixture) unit(name, kind, parent string) string {
	body := map[string]any{"name": name, "kind": kind}
	if parent != "" {
		body["parent_id"] = parent
	}
	return f.e.Must(http.StatusCreated, "POST", "/v1/org-units", f.t.Token, body).Str("id")
}

func (f *orgFixture) position(unit, title, role string, headcount int, reportsTo string, head bool) string {
	body := map[string]any{"unit_id": unit, "title": title, "role": role, "headcount": headcount, "head": head}
	if reportsTo != "" {
		body["reports_to_id"] = reportsTo
	}
	return f.e.Must(http.StatusCreated, "POST", "/v1/positions", f.t.Token, body).Str("id")
}

func (f *orgFixture) assign(pos, user, kind string) apptest.Response {
	return f.e.Do("POST", "/v1/positions/"+pos+"/assignments", f.t.Token, map[string]any{"user_id": user, "kind": kind})
}

func newOrgFixture(t testing.TB) *orgFixture {
	e := apptest.New(t)
	f := &orgFixture{e: e, t: e.Signup("acme", "generic")}
	e.Must(http.StatusOK, "POST", "/v1/org-chart/import", f.t.Token, map[string]any{"units": []any{}, "positions": []any{}})
	f.center = f.unit("客户服务中心", "center", "")
	f.deptA = f.unit("客服部", "department", f.center)
	f.deptB = f.unit("投诉部", "department", f.center)
	f.groupA1 = f.unit("一组", "group", f.deptA)
	f.groupB1 = f.unit("二组", "group", f.deptB)
	f.head = f.position(f.center, "中心主任", "director", 1, "", true)
	f.mgrA = f.position(f.deptA, "客服部经理", "manager", 1, f.head, true)
	f.mgrB = f.position(f.deptB, "投诉部经理", "manager", 1, f.head, true)
	f.supA1 = f.position(f.groupA1, "班长", "supervisor", 1, f.mgrA, true)
	f.agentA1 = f.position(f.groupA1, "客服代表", "agent", 3, f.supA1, false)
	f.supB1 = f.position(f.groupB1, "班长", "supervisor", 1, f.mgrB, true)
	f.agentB1 = f.position(f.groupB1, "投诉专员", "agent", 2, f.supB1, false)
	return f
}

// person creates a user with no direct roles beyond viewer and puts them
// on pos, returning id and token.
func (f *orgFixture) person(local, pos string) (string, string) {
	id, tok := f.e.AddUser(f.t, local, "viewer")
	if r := f.assign(pos, id, "primary"); r.Status != http.StatusCreated {
		f.e.T.Fatalf("assign %s: %d %s", local, r.Status, r.Raw)
	}
	return id, tok
}

func findUnit(units []map[string]any, id string) map[string]any {
	for _, u := range units {
		if u["id"] == id {
			return u
		}
		if found := findUnit(asMaps(u["children"]), id); found != nil {
			return found
		}
	}
	return nil
}

func asMaps(v any) []map[string]any {
	raw, _ := v.([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, x := range raw {
		out = append(out, x.(map[string]any))
	}
	return out
}

func (f *orgFixture) counts(unit string) (headcount, filled, vacant int) {
	u := findUnit(f.e.Must(http.StatusOK, "GET", "/v1/org-chart", f.t.Token, nil).Items(), unit)
	if u == nil {
		f.e.T.Fatalf("unit %s not in chart", unit)
	}
	return int(u["headcount"].(float64)), int(u["filled"].(float64)), int(u["vacant"].(float64))
}

func TestChartNumbersFollowEveryChange(t *testing.T) {
	f := newOrgFixture(t)
	check := func(unit string, h, fl, v int) {
		t.Helper()
		if gh, gf, gv := f.counts(unit); gh != h || gf != fl || gv != v {
			t.Fatalf("unit counts = %d/%d/%d, want %d/%d/%d", gh, gf, gv, h, fl, v)
		}
	}
	check(f.center, 10, 0, 10)
	check(f.deptA, 5, 0, 5)
	a1, _ := f.person("a1", f.agentA1)
	f.person("a2", f.agentA1)
	check(f.groupA1, 4, 2, 2)
	check(f.center, 10, 2, 8)
	// Raising the quota adds vacancies; moving a group moves its numbers.
	f.e.Must(http.StatusOK, "PATCH", "/v1/positions/"+f.agentA1, f.t.Token, map[string]any{"headcount": 5})
	check(f.groupA1, 6, 2, 4)
	f.e.Must(http.StatusOK, "PATCH", "/v1/org-units/"+f.groupA1, f.t.Token, map[string]any{"parent_id": f.deptB})
	check(f.deptA, 1, 0, 1)
	check(f.deptB, 10, 2, 8)
	// Ending an assignment frees the seat and keeps history.
	asgs := f.e.Must(http.StatusOK, "GET", "/v1/positions/"+f.agentA1+"/assignments", f.t.Token, nil).Items()
	var asg string
	for _, a := range asgs {
		if a["user_id"] == a1 {
			asg = a["id"].(string)
		}
	}
	f.e.Must(http.StatusNoContent, "DELETE", "/v1/positions/"+f.agentA1+"/assignments/"+asg, f.t.Token, nil)
	check(f.groupA1, 6, 1, 5)
	all := f.e.Must(http.StatusOK, "GET", "/v1/positions/"+f.agentA1+"/assignments?include_ended=true", f.t.Token, nil).Items()
	if len(all) != 2 {
		t.Fatalf("history has %d assignments", len(all))
	}
	f.e.Must(http.StatusConflict, "DELETE", "/v1/positions/"+f.agentA1+"/assignments/"+asg, f.t.Token, nil)
	// The subtree query answers the same numbers.
	sub := f.e.Must(http.StatusOK, "GET", "/v1/org-chart?unit_id="+f.groupA1, f.t.Token, nil).Items()
	if len(sub) != 1 || sub[0]["filled"].(float64) != 1 {
		t.Fatalf("subtree: %v", sub)
	}
}

func TestBadMovesAreRefusedAndChangeNothing(t *testing.T) {
	f := newOrgFixture(t)
	before := f.e.Must(http.StatusOK, "GET", "/v1/org-chart/export", f.t.Token, nil).Raw
	r := f.e.Do("PATCH", "/v1/org-units/"+f.deptA, f.t.Token, map[string]any{"parent_id": f.groupA1})
	if r.Status != http.StatusUnprocessableEntity || !hasErrorAt(r, "body.parent_id") {
		t.Fatalf("unit under its descendant: %d %s", r.Status, r.Raw)
	}
	f.e.Must(http.StatusUnprocessableEntity, "PATCH", "/v1/org-units/"+f.deptA, f.t.Token, map[string]any{"parent_id": f.deptA})
	r = f.e.Do("PATCH", "/v1/positions/"+f.mgrA, f.t.Token, map[string]any{"reports_to_id": f.agentA1})
	if r.Status != http.StatusUnprocessableEntity || !hasErrorAt(r, "body.reports_to_id") {
		t.Fatalf("report to own subordinate: %d %s", r.Status, r.Raw)
	}
	f.e.Must(http.StatusUnprocessableEntity, "PATCH", "/v1/positions/"+f.mgrA, f.t.Token, map[string]any{"reports_to_id": f.mgrA})
	f.e.Must(http.StatusUnprocessableEntity, "PATCH", "/v1/positions/"+f.mgrA, f.t.Token, map[string]any{"role": "no_such_role"})
	f.e.Must(http.StatusUnprocessableEntity, "PATCH", "/v1/positions/"+f.mgrA, f.t.Token, map[string]any{"headcount": -1})
	f.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/org-units", f.t.Token, map[string]any{"name": "x", "kind": "squad"})
	f.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/org-units", f.t.Token, map[string]any{"name": "x", "kind": "team", "parent_id": "unt_missing"})
	// Deleting a unit with content needs a destination outside it.
	f.e.Must(http.StatusConflict, "DELETE", "/v1/org-units/"+f.deptA, f.t.Token, nil)
	f.e.Must(http.StatusUnprocessableEntity, "DELETE", "/v1/org-units/"+f.deptA+"?move_to="+f.groupA1, f.t.Token, nil)
	if after := f.e.Must(http.StatusOK, "GET", "/v1/org-chart/export", f.t.Token, nil).Raw; string(after) != string(before) {
		t.Fatal("a refused change altered the chart")
	}
	f.e.Must(http.StatusNoContent, "DELETE", "/v1/org-units/"+f.deptA+"?move_to="+f.deptB, f.t.Token, nil)
	if _, fl, _ := f.counts(f.deptB); fl != 0 {
		t.Fatal("unexpected holders")
	}
	if h, _, _ := f.counts(f.deptB); h != 4+5 {
		t.Fatalf("dept B after absorbing dept A: headcount %d", h)
	}
	// A position someone holds cannot be deleted; once free, its
	// subordinates report to its superior.
	boss, _ := f.person("boss", f.supA1)
	f.e.Must(http.StatusConflict, "DELETE", "/v1/positions/"+f.supA1, f.t.Token, nil)
	asg := f.e.Must(http.StatusOK, "GET", "/v1/positions/"+f.supA1+"/assignments", f.t.Token, nil).Items()[0]["id"].(string)
	f.e.Must(http.StatusNoContent, "DELETE", "/v1/positions/"+f.supA1+"/assignments/"+asg, f.t.Token, nil)
	f.e.Must(http.StatusNoContent, "DELETE", "/v1/positions/"+f.supA1, f.t.Token, nil)
	if p := f.e.Must(http.StatusOK, "GET", "/v1/positions/"+f.agentA1, f.t.Token, nil); p.Str("reports_to_id") != f.mgrA {
		t.Fatalf("orphaned subordinate reports to %q", p.Str("reports_to_id"))
	}
	_ = boss
}

func TestQuotaPrimaryAndConcurrentPosts(t *testing.T) {
	f := newOrgFixture(t)
	x, xTok := f.person("x", f.supB1)
	y, _ := f.e.AddUser(f.t, "y", "viewer")
	r := f.assign(f.supB1, y, "primary")
	if r.Status != http.StatusConflict {
		t.Fatalf("over quota: %d %s", r.Status, r.Raw)
	}
	r = f.e.Do("POST", "/v1/positions/"+f.supB1+"/assignments", f.t.Token, map[string]any{"user_id": y, "allow_over_quota": true})
	if r.Status != http.StatusCreated || r.JSON["over_quota"] != true {
		t.Fatalf("allowed over quota: %d %s", r.Status, r.Raw)
	}
	chart := findUnit(f.e.Must(http.StatusOK, "GET", "/v1/org-chart", f.t.Token, nil).Items(), f.groupB1)
	pos := asMaps(chart["positions"])[0]
	if pos["over_quota"] != true || pos["filled"].(float64) != 2 || pos["vacant"].(float64) != 0 {
		t.Fatalf("over-quota position in chart: %v", pos)
	}
	// One primary post; a second one is concurrent (兼任).
	f.e.Must(http.StatusConflict, "POST", "/v1/positions/"+f.mgrA+"/assignments", f.t.Token, map[string]any{"user_id": x, "kind": "primary"})
	f.e.Must(http.StatusConflict, "POST", "/v1/positions/"+f.supB1+"/assignments", f.t.Token, map[string]any{"user_id": x, "kind": "concurrent"})
	cc := f.e.Must(http.StatusCreated, "POST", "/v1/positions/"+f.mgrA+"/assignments", f.t.Token, map[string]any{"user_id": x, "kind": "concurrent"})
	// Roles are the union of the positions' roles.
	me := f.e.Must(http.StatusOK, "GET", "/v1/me", xTok, nil)
	if roles := toStrings(me.JSON["roles"]); !slices.Equal(roles, []string{"manager", "supervisor", "viewer"}) {
		t.Fatalf("roles from posts: %v", roles)
	}
	f.e.Must(http.StatusNoContent, "DELETE", "/v1/positions/"+f.mgrA+"/assignments/"+cc.Str("id"), f.t.Token, nil)
	me = f.e.Must(http.StatusOK, "GET", "/v1/me", xTok, nil)
	if slices.Contains(toStrings(me.JSON["roles"]), "manager") {
		t.Fatal("ended post still grants its role")
	}
	// A position's new role reaches its holders at once.
	f.e.Must(http.StatusOK, "PATCH", "/v1/positions/"+f.supB1, f.t.Token, map[string]any{"role": "manager"})
	me = f.e.Must(http.StatusOK, "GET", "/v1/me", xTok, nil)
	if !slices.Contains(toStrings(me.JSON["permissions"]), "sla:write") {
		t.Fatal("role change did not reach the holder")
	}
	// A role given by a position cannot be deleted.
	f.e.Must(http.StatusCreated, "POST", "/v1/roles", f.t.Token, map[string]any{"name": "lead", "parent": "supervisor"})
	f.e.Must(http.StatusOK, "PATCH", "/v1/positions/"+f.supA1, f.t.Token, map[string]any{"role": "lead"})
	f.e.Must(http.StatusConflict, "DELETE", "/v1/roles/lead", f.t.Token, nil)
}

// Two requests for the last seat: exactly one wins.
func TestConcurrentAssignmentsRespectTheQuota(t *testing.T) {
	f := newOrgFixture(t)
	var users []string
	for i := range 8 {
		id, _ := f.e.AddUser(f.t, fmt.Sprintf("c%d", i), "viewer")
		users = append(users, id)
	}
	var wg sync.WaitGroup
	codes := make([]int, len(users))
	for i, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = f.assign(f.mgrB, u, "primary").Status
		}()
	}
	wg.Wait()
	won := 0
	for _, c := range codes {
		switch c {
		case http.StatusCreated:
			won++
		case http.StatusConflict:
		default:
			t.Errorf("unexpected status %d", c)
		}
	}
	if won != 1 {
		t.Fatalf("%d assignments took a seat of headcount 1: %v", won, codes)
	}
}

func TestReportingLinesAndHeads(t *testing.T) {
	f := newOrgFixture(t)
	director, _ := f.person("boss1", f.head)
	agent, _ := f.person("agent", f.agentA1)
	// The group's supervisor post is vacant and the manager too: the line
	// skips both and reaches the director.
	chain := f.e.Must(http.StatusOK, "GET", "/v1/users/"+agent+"/supervisors", f.t.Token, nil).Items()
	if len(chain) != 1 || toStrings(chain[0]["user_ids"])[0] != director {
		t.Fatalf("chain with vacancies: %v", chain)
	}
	sup, _ := f.person("sup", f.supA1)
	mgr, _ := f.person("mgr", f.mgrA)
	chain = f.e.Must(http.StatusOK, "GET", "/v1/users/"+agent+"/supervisors", f.t.Token, nil).Items()
	var got []string
	for _, l := range chain {
		got = append(got, toStrings(l["user_ids"])...)
	}
	if !slices.Equal(got, []string{sup, mgr, director}) {
		t.Fatalf("chain = %v, want supervisor, manager, director", got)
	}
	// Head of the group is its supervisor; of dept B (vacant) the director above.
	if h := f.e.Must(http.StatusOK, "GET", "/v1/org-units/"+f.groupA1+"/head", f.t.Token, nil); toStrings(h.JSON["user_ids"])[0] != sup {
		t.Fatalf("group head: %s", h.Raw)
	}
	if h := f.e.Must(http.StatusOK, "GET", "/v1/org-units/"+f.deptB+"/head", f.t.Token, nil); toStrings(h.JSON["user_ids"])[0] != director {
		t.Fatalf("vacant dept head: %s", h.Raw)
	}
	members := f.e.Must(http.StatusOK, "GET", "/v1/org-units/"+f.deptA+"/members", f.t.Token, nil).Items()
	if len(members) != 3 {
		t.Fatalf("dept A members: %v", members)
	}
	if n := len(f.e.Must(http.StatusOK, "GET", "/v1/users/"+director+"/supervisors", f.t.Token, nil).Items()); n != 0 {
		t.Fatalf("the top has %d supervisors", n)
	}
}

// Scopes: an agent sees only themselves, a supervisor their group, a
// manager their department's subtree, a director everyone.
func TestListsFollowTheRoleScope(t *testing.T) {
	f := newOrgFixture(t)
	dir, dirTok := f.person("dir", f.head)
	mgrA, mgrTok := f.person("mgra", f.mgrA)
	supA, supTok := f.person("supa", f.supA1)
	agA, agTok := f.person("aga", f.agentA1)
	agA2, _ := f.person("aga2", f.agentA1)
	supB, _ := f.person("supb", f.supB1)
	agB, _ := f.person("agb", f.agentB1)
	// A sub-team inside group A1 is part of the supervisor's scope.
	team := f.unit("夜班", "team", f.groupA1)
	teamPos := f.position(team, "夜班客服", "agent", 1, f.supA1, false)
	agT, _ := f.person("agt", teamPos)
	list := func(tok string) []string {
		var ids []string
		for _, it := range f.e.Must(http.StatusOK, "GET", "/v1/users?limit=200", tok, nil).Items() {
			ids = append(ids, it["id"].(string))
		}
		slices.Sort(ids)
		return ids
	}
	want := func(ids ...string) []string { slices.Sort(ids); return ids }
	if got := list(agTok); !slices.Equal(got, want(agA)) {
		t.Errorf("agent sees %v", got)
	}
	if got := list(supTok); !slices.Equal(got, want(supA, agA, agA2, agT)) {
		t.Errorf("supervisor sees %v", got)
	}
	if got := list(mgrTok); !slices.Equal(got, want(mgrA, supA, agA, agA2, agT)) {
		t.Errorf("manager sees %v", got)
	}
	if got := list(dirTok); !slices.Contains(got, supB) || !slices.Contains(got, agB) || !slices.Contains(got, dir) {
		t.Errorf("director sees %v", got)
	}
	for tok, scope := range map[string]string{agTok: "own", supTok: "group", mgrTok: "department", dirTok: "all"} {
		if got := f.e.Must(http.StatusOK, "GET", "/v1/me", tok, nil).Str("scope"); got != scope {
			t.Errorf("scope %s, want %s", got, scope)
		}
	}
}

func TestImportExportRoundTripAndValidation(t *testing.T) {
	f := newOrgFixture(t)
	f.person("dir", f.head)
	f.person("ag1", f.agentA1)
	doc := f.e.Must(http.StatusOK, "GET", "/v1/org-chart/export", f.t.Token, nil).JSON
	before := f.e.Must(http.StatusOK, "GET", "/v1/org-chart", f.t.Token, nil).Items()

	// A broken document is refused whole, each problem located.
	bad := map[string]any{
		"units": []any{
			map[string]any{"key": "a", "name": "A", "kind": "center", "parent": "b"},
			map[string]any{"key": "b", "name": "B", "kind": "department", "parent": "a"},
			map[string]any{"key": "c", "name": "", "kind": "planet"},
		},
		"positions": []any{
			map[string]any{"key": "p1", "unit": "a", "title": "P1", "headcount": 1, "role": "wizard", "reports_to": "p2"},
			map[string]any{"key": "p2", "unit": "zzz", "title": "P2", "headcount": 1, "reports_to": "p1"},
		},
		"assignments": []any{
			map[string]any{"position": "p1", "user": "nobody@acme.test"},
		},
	}
	r := f.e.Do("POST", "/v1/org-chart/import", f.t.Token, bad)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad import: %d %s", r.Status, r.Raw)
	}
	for _, loc := range []string{"body.units[0].parent", "body.units[2].name", "body.units[2].kind", "body.positions[0].role",
		"body.positions[0].reports_to", "body.positions[1].unit", "body.assignments[0].user"} {
		if !hasErrorAt(r, loc) {
			t.Errorf("no error at %s", loc)
		}
	}
	if after := f.e.Must(http.StatusOK, "GET", "/v1/org-chart", f.t.Token, nil).Items(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatal("a refused import changed the chart")
	}

	// The export imports back to the same shape and numbers.
	res := f.e.Must(http.StatusOK, "POST", "/v1/org-chart/import", f.t.Token, doc)
	if res.JSON["units"].(float64) != 5 || res.JSON["positions"].(float64) != 7 || res.JSON["assignments"].(float64) != 2 {
		t.Fatalf("import counts: %s", res.Raw)
	}
	after := f.e.Must(http.StatusOK, "GET", "/v1/org-chart", f.t.Token, nil).Items()
	if len(after) != 1 || after[0]["headcount"] != before[0]["headcount"] || after[0]["filled"] != before[0]["filled"] {
		t.Fatalf("round trip changed the numbers: %v vs %v", after[0]["filled"], before[0]["filled"])
	}
	seeds := f.e.Must(http.StatusOK, "GET", "/v1/audit-log?action=import", f.t.Token, nil).Items()
	if len(seeds) != 2 { // the fixture's emptying import and this one
		t.Fatalf("import audit entries: %d", len(seeds))
	}
}

// The property template ships the handbook's center: 客服部 with 11 posts.
func TestPropertyTemplateOrgChart(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("sunshine", "property")
	roots := e.Must(http.StatusOK, "GET", "/v1/org-chart", tn.Token, nil).Items()
	if len(roots) != 1 || roots[0]["name"] != "客户服务中心" {
		t.Fatalf("roots: %v", roots)
	}
	names := map[string]map[string]any{}
	var walk func(u map[string]any)
	walk = func(u map[string]any) {
		names[u["name"].(string)] = u
		for _, c := range asMaps(u["children"]) {
			walk(c)
		}
	}
	walk(roots[0])
	for _, n := range []string{"客服部", "安管组", "保洁组", "绿化组", "维修组", "行政部"} {
		if names[n] == nil {
			t.Errorf("no %s", n)
		}
	}
	if cs := names["客服部"]; cs == nil || cs["headcount"].(float64) != 11 || cs["vacant"].(float64) != 11 {
		t.Fatalf("客服部: %v", cs["headcount"])
	}
}

func TestDeactivatingSomeoneFreesTheirSeats(t *testing.T) {
	f := newOrgFixture(t)
	id, _ := f.person("leaver", f.supA1)
	f.e.Must(http.StatusCreated, "POST", "/v1/positions/"+f.mgrB+"/assignments", f.t.Token, map[string]any{"user_id": id, "kind": "acting"})
	if _, fl, _ := f.counts(f.center); fl != 2 {
		t.Fatalf("filled %d before", fl)
	}
	f.e.Must(http.StatusOK, "POST", "/v1/users/"+id+"/deactivate", f.t.Token, nil)
	if _, fl, _ := f.counts(f.center); fl != 0 {
		t.Fatalf("filled %d after deactivation", fl)
	}
	u := f.e.Must(http.StatusOK, "GET", "/v1/users/"+id, f.t.Token, nil)
	if roles := toStrings(u.JSON["all_roles"]); !slices.Equal(roles, []string{"viewer"}) {
		t.Fatalf("position roles kept after leaving: %v", roles)
	}
}

// A custom role can widen its parent's scope: a quality lead who inherits
// agent but sees the whole department.
func TestCustomRoleScope(t *testing.T) {
	f := newOrgFixture(t)
	f.e.Must(http.StatusCreated, "POST", "/v1/roles", f.t.Token, map[string]any{"name": "dept_qa", "parent": "agent", "scope": "department"})
	f.e.Must(http.StatusUnprocessableEntity, "POST", "/v1/roles", f.t.Token, map[string]any{"name": "bad_scope", "parent": "agent", "scope": "galaxy"})
	qaPos := f.position(f.deptA, "质检", "dept_qa", 1, f.mgrA, false)
	qa, qaTok := f.person("qa", qaPos)
	ag, _ := f.person("ag", f.agentA1)
	f.person("other", f.agentB1)
	var got []string
	for _, it := range f.e.Must(http.StatusOK, "GET", "/v1/users", qaTok, nil).Items() {
		got = append(got, it["id"].(string))
	}
	slices.Sort(got)
	want := []string{qa, ag}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("dept_qa sees %v, want %v", got, want)
	}
	if r := f.e.Must(http.StatusOK, "GET", "/v1/roles/dept_qa", f.t.Token, nil); r.Str("scope") != "department" {
		t.Fatalf("role: %s", r.Raw)
	}
}

// /v1/me names the posts a person holds, primary first, so the console can
// open "my unit's queue"; an ended assignment drops out.
func TestMeListsThePostsHeld(t *testing.T) {
	f := newOrgFixture(t)
	id, tok := f.person("posts", f.agentA1)
	concurrent := f.assign(f.agentB1, id, "concurrent")
	if concurrent.Status != http.StatusCreated {
		t.Fatalf("assign concurrent: %d %s", concurrent.Status, concurrent.Raw)
	}
	posts := asMaps(f.e.Must(http.StatusOK, "GET", "/v1/me", tok, nil).JSON["posts"])
	if len(posts) != 2 || posts[0]["position_id"] != f.agentA1 || posts[0]["unit_id"] != f.groupA1 || posts[0]["kind"] != "primary" ||
		posts[1]["position_id"] != f.agentB1 || posts[1]["kind"] != "concurrent" || posts[0]["unit_name"] == "" {
		t.Fatalf("posts %v", posts)
	}
	f.e.Must(http.StatusNoContent, "DELETE", "/v1/positions/"+f.agentB1+"/assignments/"+concurrent.Str("id"), f.t.Token, nil)
	if posts := asMaps(f.e.Must(http.StatusOK, "GET", "/v1/me", tok, nil).JSON["posts"]); len(posts) != 1 {
		t.Fatalf("after ending the concurrent post: %v", posts)
	}
}

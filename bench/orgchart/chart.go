package main

import (
	"fmt"

	"kefu/desk/orgchart"
)

// The benchmark chart: one center with ten departments of ten groups each
// (111 units). Every unit has a head position; the center, each
// department and each group also have staff positions, chosen so the
// chart holds exactly 2,000 positions:
//
//	1 + 9 + 10 × (1 + 18 + 10 × (1 + 17)) = 2,000
const (
	departments         = 10
	groupsPerDepartment = 10
	centerStaff         = 9  // center positions beside the director's
	departmentStaff     = 18 // department positions beside the manager's
	groupStaff          = 17 // group positions beside the supervisor's

	chartUnits     = 1 + departments*(1+groupsPerDepartment)
	chartHeads     = chartUnits
	chartPositions = 1 + centerStaff + departments*(1+departmentStaff+groupsPerDepartment*(1+groupStaff))
)

// post is a kind of position: its titles, role and grade.
type post struct {
	title, titleEn, role, grade string
	headcount                   int // 0: varies, 1 to 3
}

var (
	centerHead = post{"中心主任", "Center Director", "director", "M4", 1}
	deptHead   = post{"部门经理", "Department Manager", "manager", "M3", 1}
	groupHead  = post{"班组主管", "Group Supervisor", "supervisor", "M2", 1}

	centerPosts = [centerStaff]post{
		{"中心副主任", "Deputy Center Director", "manager", "M3", 1},
		{"中心副主任", "Deputy Center Director", "manager", "M3", 1},
		{"质检专员", "Quality Inspector", "quality_inspector", "P2", 3},
		{"数据分析员", "Data Analyst", "analyst", "P2", 2},
		{"系统管理员", "System Administrator", "admin", "P2", 1},
		{"培训专员", "Training Specialist", "agent", "P2", 2},
		{"知识库编辑", "Knowledge Base Editor", "agent", "P1", 2},
		{"回访协调员", "Callback Coordinator", "callback_agent", "P1", 2},
		{"文控员", "Document Controller", "viewer", "P1", 1},
	}
	// Department and group staff cycle through these; headcount 0 means
	// 1 to 3, varying along the chart.
	departmentPosts = []post{
		{"部门副经理", "Deputy Department Manager", "supervisor", "M2", 1},
		{"质检员", "Quality Inspector", "quality_inspector", "P2", 0},
		{"排班专员", "Workforce Scheduler", "agent", "P1", 0},
		{"大客户经理", "Key Account Manager", "key_account_manager", "P3", 0},
		{"回访专员", "Callback Agent", "callback_agent", "P1", 0},
		{"投诉专员", "Complaint Specialist", "agent", "P2", 0},
	}
	groupPosts = []post{
		{"资深客服代表", "Senior Agent", "agent", "P3", 0},
		{"客服代表", "Agent", "agent", "P2", 0},
		{"客服代表", "Agent", "agent", "P2", 0},
		{"见习客服代表", "Trainee Agent", "agent", "P1", 0},
	}
	departmentNames = [departments][2]string{
		{"热线服务部", "Hotline Dept."}, {"投诉处理部", "Complaints Dept."}, {"账务服务部", "Billing Dept."},
		{"现场服务部", "Field Service Dept."}, {"大客户部", "Key Accounts Dept."}, {"在线服务部", "Online Channels Dept."},
		{"回访部", "Callback Dept."}, {"技术支持部", "Technical Support Dept."}, {"开户服务部", "Onboarding Dept."},
		{"质量管理部", "Quality Dept."},
	}
)

// chartStats are the numbers of a built chart, to report and to check the
// server's answer against.
type chartStats struct {
	Units           int `json:"units"`
	Departments     int `json:"departments"`
	Groups          int `json:"groups"`
	Positions       int `json:"positions"`
	Headcount       int `json:"headcount"`
	Assignments     int `json:"assignments"`
	FilledPositions int `json:"filled_positions"` // at least one holder
	VacantPositions int `json:"vacant_positions"` // no holder
	VacantSlots     int `json:"vacant_slots"`     // headcount minus holders
}

// buildChart returns the benchmark chart with director heading the center
// and staff (emails, one primary position each) spread over it: heads
// first, then evenly over the other positions so that every unit has
// both filled and vacant ones.
func buildChart(director string, staff []string) (*orgchart.Document, chartStats, error) {
	if len(staff) >= chartPositions {
		return nil, chartStats{}, fmt.Errorf("%d staff do not fit %d positions beside the director's", len(staff), chartPositions-1)
	}
	doc := &orgchart.Document{}
	var heads, others []string // position keys
	addUnit := func(key, name, nameEn, kind, parent string, sort int) {
		doc.Units = append(doc.Units, orgchart.DocUnit{Key: key, Name: name, NameEn: nameEn, Kind: kind, Parent: parent, Sort: sort})
	}
	addPosition := func(key, unit, reportsTo string, p post, head bool, headcount, sort int) {
		if p.headcount > 0 {
			headcount = p.headcount
		}
		doc.Positions = append(doc.Positions, orgchart.DocPosition{
			Key: key, Unit: unit, Title: p.title, TitleEn: p.titleEn, Role: p.role, Grade: p.grade, Code: code(key),
			Headcount: headcount, ReportsTo: reportsTo, Head: head, Sort: sort,
		})
		if head {
			heads = append(heads, key)
		} else {
			others = append(others, key)
		}
	}

	addUnit("center", "客户服务中心", "Customer Service Center", "center", "", 0)
	addPosition("center-head", "center", "", centerHead, true, 1, 0)
	for i, p := range centerPosts {
		addPosition(fmt.Sprintf("center-s%02d", i+1), "center", "center-head", p, false, 0, i+1)
	}
	for d := range departments {
		dk := fmt.Sprintf("d%02d", d+1)
		name := departmentNames[d]
		addUnit(dk, name[0], name[1], "department", "center", d+1)
		addPosition(dk+"-head", dk, "center-head", deptHead, true, 1, 0)
		for i := range departmentStaff {
			addPosition(fmt.Sprintf("%s-s%02d", dk, i+1), dk, dk+"-head", departmentPosts[i%len(departmentPosts)], false, 1+(i+d)%3, i+1)
		}
		for g := range groupsPerDepartment {
			gk := fmt.Sprintf("%s-g%02d", dk, g+1)
			addUnit(gk, fmt.Sprintf("%s%d组", name[0], g+1), fmt.Sprintf("%s Group %d", name[1], g+1), "group", dk, g+1)
			addPosition(gk+"-head", gk, dk+"-head", groupHead, true, 1, 0)
			for i := range groupStaff {
				addPosition(fmt.Sprintf("%s-s%02d", gk, i+1), gk, gk+"-head", groupPosts[i%len(groupPosts)], false, 1+(i+g+d)%3, i+1)
			}
		}
	}

	// The director heads the center; staff take the other heads, then an
	// even share of the rest (a Bresenham walk: position j is filled when
	// (j+1)·n/len crosses an integer), one primary position each.
	assign := func(pos, email string) {
		doc.Assignments = append(doc.Assignments, orgchart.DocAssignment{Position: pos, User: email, Kind: "primary"})
	}
	assign(heads[0], director)
	next := 0
	for _, key := range heads[1:] {
		if next == len(staff) {
			break
		}
		assign(key, staff[next])
		next++
	}
	rest := len(staff) - next
	for j, key := range others {
		if (j+1)*rest/len(others) > j*rest/len(others) {
			assign(key, staff[next])
			next++
		}
	}
	return doc, stats(doc), nil
}

// code is a position's code, e.g. "D03-G07-S12" for key "d03-g07-s12".
func code(key string) string {
	b := []byte(key)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func stats(doc *orgchart.Document) chartStats {
	s := chartStats{Units: len(doc.Units), Positions: len(doc.Positions), Assignments: len(doc.Assignments)}
	for _, u := range doc.Units {
		switch u.Kind {
		case "department":
			s.Departments++
		case "group":
			s.Groups++
		}
	}
	holders := map[string]int{}
	for _, a := range doc.Assignments {
		holders[a.Position]++
	}
	for _, p := range doc.Positions {
		s.Headcount += p.Headcount
		if holders[p.Key] > 0 {
			s.FilledPositions++
		} else {
			s.VacantPositions++
		}
		s.VacantSlots += max(p.Headcount-holders[p.Key], 0)
	}
	return s
}

package api

import (
	"time"

	"kefu/desk/orgchart"
	"kefu/ent"
)

// OrgUnitView is a unit of the org chart.
type OrgUnitView struct {
	ID        string    `json:"id" example:"unt_01jd0000000000000000000000"`
	Name      string    `json:"name" example:"客服部"`
	NameEn    string    `json:"name_en,omitempty" example:"Customer Service Dept."`
	Kind      string    `json:"kind" enum:"company,center,department,group,team"`
	ParentID  string    `json:"parent_id,omitempty"`
	Sort      int       `json:"sort"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func unitView(u *ent.OrgUnit) OrgUnitView {
	v := OrgUnitView{ID: u.ID, Name: u.Name, NameEn: u.NameEn, Kind: string(u.Kind), Sort: u.Sort, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
	if u.ParentID != nil {
		v.ParentID = *u.ParentID
	}
	return v
}

// PositionView is a post with its quota.
type PositionView struct {
	ID           string    `json:"id" example:"pos_01jd0000000000000000000000"`
	UnitID       string    `json:"unit_id"`
	Title        string    `json:"title" example:"技术服务副经理"`
	TitleEn      string    `json:"title_en,omitempty" example:"Deputy Manager, Technical Service"`
	Code         string    `json:"code,omitempty"`
	Grade        string    `json:"grade,omitempty"`
	Headcount    int       `json:"headcount" doc:"Quota (编制)"`
	ReportsToID  string    `json:"reports_to_id,omitempty" doc:"The superior position (直接上级)"`
	Role         string    `json:"role" doc:"Role its holders get"`
	Head         bool      `json:"head" doc:"Heads its unit"`
	Duties       string    `json:"duties,omitempty"`
	Requirements string    `json:"requirements,omitempty"`
	Sort         int       `json:"sort"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func positionView(p *ent.Position) PositionView {
	v := PositionView{ID: p.ID, UnitID: p.UnitID, Title: p.Title, TitleEn: p.TitleEn, Code: p.Code, Grade: p.Grade,
		Headcount: p.Headcount, Role: p.Role, Head: p.IsHead, Duties: p.Duties, Requirements: p.Requirements,
		Sort: p.Sort, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if p.ReportsToID != nil {
		v.ReportsToID = *p.ReportsToID
	}
	return v
}

// AssignmentView puts a person on a position.
type AssignmentView struct {
	ID         string     `json:"id" example:"asg_01jd0000000000000000000000"`
	PositionID string     `json:"position_id"`
	UserID     string     `json:"user_id"`
	UserName   string     `json:"user_name,omitempty"`
	Kind       string     `json:"kind" enum:"primary,concurrent,acting"`
	StartsOn   *time.Time `json:"starts_on,omitempty"`
	EndsOn     *time.Time `json:"ends_on,omitempty"`
	OverQuota  bool       `json:"over_quota" doc:"Assigned past the headcount"`
	EndedAt    *time.Time `json:"ended_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

func assignmentView(a *ent.Assignment) AssignmentView {
	v := AssignmentView{ID: a.ID, PositionID: a.PositionID, UserID: a.UserID, Kind: string(a.Kind),
		StartsOn: a.StartsOn, EndsOn: a.EndsOn, OverQuota: a.OverQuota, EndedAt: a.EndedAt, CreatedAt: a.CreatedAt}
	if a.Edges.User != nil {
		v.UserName = a.Edges.User.Name
	}
	return v
}

// HolderView is someone on a position in the chart.
type HolderView struct {
	AssignmentID string `json:"assignment_id"`
	UserID       string `json:"user_id"`
	Name         string `json:"name"`
	Kind         string `json:"kind" enum:"primary,concurrent,acting"`
	OverQuota    bool   `json:"over_quota"`
}

// ChartPositionView is a position in the chart with its numbers.
type ChartPositionView struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	TitleEn     string       `json:"title_en,omitempty"`
	Code        string       `json:"code,omitempty"`
	Grade       string       `json:"grade,omitempty"`
	Role        string       `json:"role"`
	Head        bool         `json:"head"`
	ReportsToID string       `json:"reports_to_id,omitempty"`
	Headcount   int          `json:"headcount"`
	Filled      int          `json:"filled"`
	Vacant      int          `json:"vacant"`
	OverQuota   bool         `json:"over_quota" doc:"More holders than headcount"`
	Holders     []HolderView `json:"holders"`
}

// ChartUnitView is a unit in the chart; headcount, filled and vacant
// cover its whole subtree.
type ChartUnitView struct {
	ID        string              `json:"id"`
	Name      string              `json:"name"`
	NameEn    string              `json:"name_en,omitempty"`
	Kind      string              `json:"kind" enum:"company,center,department,group,team"`
	Headcount int                 `json:"headcount"`
	Filled    int                 `json:"filled"`
	Vacant    int                 `json:"vacant"`
	Positions []ChartPositionView `json:"positions"`
	Children  []ChartUnitView     `json:"children"`
}

func chartView(n *orgchart.UnitNode) ChartUnitView {
	v := ChartUnitView{ID: n.ID, Name: n.Name, NameEn: n.NameEn, Kind: string(n.Kind),
		Headcount: n.Headcount, Filled: n.Filled, Vacant: n.Vacant,
		Positions: make([]ChartPositionView, len(n.Positions)), Children: make([]ChartUnitView, len(n.Children))}
	for i, p := range n.Positions {
		pv := ChartPositionView{ID: p.ID, Title: p.Title, TitleEn: p.TitleEn, Code: p.Code, Grade: p.Grade, Role: p.Role,
			Head: p.IsHead, Headcount: p.Headcount, Filled: p.Filled, Vacant: p.Vacant, OverQuota: p.OverQuota,
			Holders: make([]HolderView, len(p.Holders))}
		if p.ReportsToID != nil {
			pv.ReportsToID = *p.ReportsToID
		}
		for j, h := range p.Holders {
			pv.Holders[j] = HolderView{AssignmentID: h.AssignmentID, UserID: h.UserID, Name: h.Name, Kind: h.Kind, OverQuota: h.OverQuota}
		}
		v.Positions[i] = pv
	}
	for i, c := range n.Children {
		v.Children[i] = chartView(c)
	}
	return v
}

// LinkView is one step of a reporting line.
type LinkView struct {
	Position PositionView `json:"position"`
	UserIDs  []string     `json:"user_ids" doc:"Who holds that position"`
}

func linkView(l orgchart.Link) LinkView {
	return LinkView{Position: positionView(l.Position), UserIDs: l.UserIDs}
}

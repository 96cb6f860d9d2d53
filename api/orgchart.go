package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/orgchart"
	"kefu/paging"
	"kefu/tenants/authz"
)

type unitBody struct{ Body OrgUnitView }
type positionBody struct{ Body PositionView }
type assignmentBody struct{ Body AssignmentView }

type unitFields struct {
	Name     *string `json:"name,omitempty" minLength:"1" maxLength:"100" example:"客服部"`
	NameEn   *string `json:"name_en,omitempty" maxLength:"100" example:"Customer Service Dept."`
	Kind     *string `json:"kind,omitempty" enum:"company,center,department,group,team"`
	ParentID *string `json:"parent_id,omitempty" maxLength:"40" doc:"Parent unit; \"\" moves the unit to the top"`
	Sort     *int    `json:"sort,omitempty"`
}

func (f unitFields) spec() orgchart.UnitSpec {
	return orgchart.UnitSpec{Name: f.Name, NameEn: f.NameEn, Kind: f.Kind, ParentID: f.ParentID, Sort: f.Sort}
}

type createUnitInput struct {
	Body struct {
		Name     string  `json:"name" minLength:"1" maxLength:"100" example:"客服部"`
		NameEn   *string `json:"name_en,omitempty" maxLength:"100"`
		Kind     string  `json:"kind" enum:"company,center,department,group,team"`
		ParentID *string `json:"parent_id,omitempty" maxLength:"40"`
		Sort     *int    `json:"sort,omitempty"`
	}
}

type listUnitsInput struct {
	ListParams
	ParentID string `query:"parent_id" maxLength:"40" doc:"Children of this unit; \"root\" for top-level units"`
	Kind     string `query:"kind" enum:"company,center,department,group,team,"`
}

type idInput struct {
	ID string `path:"id" maxLength:"40"`
}

type updateUnitInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body unitFields
}

type deleteUnitInput struct {
	ID     string `path:"id" maxLength:"40"`
	MoveTo string `query:"move_to" maxLength:"40" doc:"Unit that receives the sub-units and positions"`
}

type positionFields struct {
	UnitID       *string `json:"unit_id,omitempty" maxLength:"40"`
	Title        *string `json:"title,omitempty" minLength:"1" maxLength:"100" example:"技术服务副经理"`
	TitleEn      *string `json:"title_en,omitempty" maxLength:"100"`
	Code         *string `json:"code,omitempty" maxLength:"40" example:"PM-CS-02"`
	Grade        *string `json:"grade,omitempty" maxLength:"20" example:"M2"`
	Headcount    *int    `json:"headcount,omitempty" minimum:"0" maximum:"10000" doc:"Quota (编制)"`
	ReportsToID  *string `json:"reports_to_id,omitempty" maxLength:"40" doc:"Superior position; \"\" clears it"`
	Role         *string `json:"role,omitempty" maxLength:"64" example:"supervisor" doc:"Role its holders get (default agent)"`
	Head         *bool   `json:"head,omitempty" doc:"Heads its unit (moves the flag from any other position)"`
	Duties       *string `json:"duties,omitempty" maxLength:"4000"`
	Requirements *string `json:"requirements,omitempty" maxLength:"4000"`
	Sort         *int    `json:"sort,omitempty"`
}

func (f positionFields) spec() orgchart.PositionSpec {
	return orgchart.PositionSpec{UnitID: f.UnitID, Title: f.Title, TitleEn: f.TitleEn, Code: f.Code, Grade: f.Grade,
		Headcount: f.Headcount, ReportsToID: f.ReportsToID, Role: f.Role, Head: f.Head, Duties: f.Duties,
		Requirements: f.Requirements, Sort: f.Sort}
}

type createPositionInput struct {
	Body struct {
		UnitID       string  `json:"unit_id" maxLength:"40"`
		Title        string  `json:"title" minLength:"1" maxLength:"100" example:"客服代表"`
		TitleEn      *string `json:"title_en,omitempty" maxLength:"100"`
		Code         *string `json:"code,omitempty" maxLength:"40" example:"PM-CS-02"`
		Grade        *string `json:"grade,omitempty" maxLength:"20" example:"M2"`
		Headcount    int     `json:"headcount" minimum:"0" maximum:"10000" doc:"Quota (编制)"`
		ReportsToID  *string `json:"reports_to_id,omitempty" maxLength:"40" doc:"Superior position (直接上级)"`
		Role         *string `json:"role,omitempty" maxLength:"64" example:"agent" doc:"Role its holders get (default agent)"`
		Head         *bool   `json:"head,omitempty" doc:"Heads its unit (moves the flag from any other position)"`
		Duties       *string `json:"duties,omitempty" maxLength:"4000"`
		Requirements *string `json:"requirements,omitempty" maxLength:"4000"`
		Sort         *int    `json:"sort,omitempty"`
	}
}

type listPositionsInput struct {
	ListParams
	UnitID string `query:"unit_id" maxLength:"40"`
}

type updatePositionInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body positionFields
}

type assignInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		UserID         string     `json:"user_id" maxLength:"40" example:"usr_01jd0000000000000000000000"`
		Kind           string     `json:"kind,omitempty" enum:"primary,concurrent,acting" default:"primary" example:"concurrent" doc:"concurrent = 兼任"`
		StartsOn       *time.Time `json:"starts_on,omitempty"`
		EndsOn         *time.Time `json:"ends_on,omitempty"`
		AllowOverQuota bool       `json:"allow_over_quota,omitempty" doc:"Assign past the headcount; the assignment is flagged"`
	}
}

type listAssignmentsInput struct {
	ID           string `path:"id" maxLength:"40"`
	IncludeEnded bool   `query:"include_ended"`
}

type unassignInput struct {
	ID           string `path:"id" maxLength:"40"`
	AssignmentID string `path:"assignment_id" maxLength:"40"`
}

type chartInput struct {
	UnitID string `query:"unit_id" maxLength:"40" doc:"Only this unit's subtree"`
}

type importInput struct {
	Body orgchart.Document
}

type importOutput struct {
	Body struct {
		Units       int `json:"units"`
		Positions   int `json:"positions"`
		Assignments int `json:"assignments"`
	}
}

type memberView struct {
	UserID      string   `json:"user_id"`
	Name        string   `json:"name"`
	PositionIDs []string `json:"position_ids"`
}

func (s *server) orgRoutes(api huma.API) {
	tags := []string{"Org chart"}
	handle(api, can(authz.OrgWrite), huma.Operation{
		OperationID: "create-org-unit", Method: http.MethodPost, Path: "/v1/org-units", Tags: tags,
		Summary: "Create an org unit", Description: "Adds a unit under parent_id (or at the top).", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createUnitInput) (*unitBody, error) {
		b := in.Body
		u, err := s.d.Org.CreateUnit(ctx, orgchart.UnitSpec{Name: &b.Name, NameEn: b.NameEn, Kind: &b.Kind, ParentID: b.ParentID, Sort: b.Sort})
		if err != nil {
			return nil, err
		}
		return &unitBody{Body: unitView(u)}, nil
	})

	handle(api, can(authz.OrgRead), huma.Operation{
		OperationID: "list-org-units", Method: http.MethodGet, Path: "/v1/org-units", Tags: tags, Summary: "List org units", Description: "Org units (company → center → department → group) in tree order; parent_id=root lists the top.",
	}, func(ctx context.Context, in *listUnitsInput) (*listOut[OrgUnitView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		f := orgchart.UnitFilter{Kind: in.Kind}
		if in.ParentID == "root" {
			root := ""
			f.ParentID = &root
		} else if in.ParentID != "" {
			f.ParentID = &in.ParentID
		}
		rows, next, err := s.d.Org.ListUnits(ctx, f, pg)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) OrgUnitView { return unitView(rows[i]) }, next), nil
	})

	handle(api, can(authz.OrgRead), huma.Operation{
		OperationID: "get-org-unit", Method: http.MethodGet, Path: "/v1/org-units/{id}", Tags: tags, Summary: "Get an org unit", Description: "The unit with its parent and kind.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*unitBody, error) {
		u, err := s.d.Org.GetUnit(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &unitBody{Body: unitView(u)}, nil
	})

	handle(api, can(authz.OrgWrite), huma.Operation{
		OperationID: "update-org-unit", Method: http.MethodPatch, Path: "/v1/org-units/{id}", Tags: tags,
		Summary:     "Rename or move an org unit",
		Description: "Only the fields sent change. Moving a unit under itself or one of its descendants answers 422.",
		Errors:      []int{http.StatusNotFound},
	}, func(ctx context.Context, in *updateUnitInput) (*unitBody, error) {
		u, err := s.d.Org.UpdateUnit(ctx, in.ID, in.Body.spec())
		if err != nil {
			return nil, err
		}
		return &unitBody{Body: unitView(u)}, nil
	})

	handle(api, can(authz.OrgWrite), huma.Operation{
		OperationID: "delete-org-unit", Method: http.MethodDelete, Path: "/v1/org-units/{id}", Tags: tags,
		Summary:       "Delete an org unit",
		Description:   "A unit with sub-units or positions answers 409 unless move_to names a unit to receive them.",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *deleteUnitInput) (*struct{}, error) {
		return nil, s.d.Org.DeleteUnit(ctx, in.ID, in.MoveTo)
	})

	handle(api, can(authz.OrgRead), huma.Operation{
		OperationID: "list-org-unit-members", Method: http.MethodGet, Path: "/v1/org-units/{id}/members", Tags: tags,
		Summary: "People in a unit and below it", Description: "Everyone holding a position in the unit or any unit below it, with the positions they hold.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*listOut[memberView], error) {
		ms, err := s.d.Org.Members(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return listOf(len(ms), func(i int) memberView {
			return memberView{UserID: ms[i].UserID, Name: ms[i].Name, PositionIDs: ms[i].Positions}
		}, ""), nil
	})

	handle(api, can(authz.OrgRead), huma.Operation{
		OperationID: "get-org-unit-head", Method: http.MethodGet, Path: "/v1/org-units/{id}/head", Tags: tags,
		Summary:     "Who heads a unit",
		Description: "The holders of the unit's head position; a vacant head passes to the head of the unit above. 404 when no one heads it.",
		Errors:      []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body LinkView }, error) {
		l, err := s.d.Org.Head(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		if l == nil {
			return nil, huma.Error404NotFound("no one heads this unit or any unit above it")
		}
		return &struct{ Body LinkView }{Body: linkView(*l)}, nil
	})

	handle(api, can(authz.OrgWrite), huma.Operation{
		OperationID: "create-position", Method: http.MethodPost, Path: "/v1/positions", Tags: tags,
		Summary: "Create a position", Description: "Adds a position to a unit with its headcount quota, reporting line (reports_to_id), role and duties.", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createPositionInput) (*positionBody, error) {
		b := in.Body
		p, err := s.d.Org.CreatePosition(ctx, orgchart.PositionSpec{UnitID: &b.UnitID, Title: &b.Title, TitleEn: b.TitleEn,
			Code: b.Code, Grade: b.Grade, Headcount: &b.Headcount, ReportsToID: b.ReportsToID, Role: b.Role, Head: b.Head,
			Duties: b.Duties, Requirements: b.Requirements, Sort: b.Sort})
		if err != nil {
			return nil, err
		}
		return &positionBody{Body: positionView(p)}, nil
	})

	handle(api, can(authz.OrgRead), huma.Operation{
		OperationID: "list-positions", Method: http.MethodGet, Path: "/v1/positions", Tags: tags, Summary: "List positions", Description: "Positions with their headcount quota, filled and vacant counts; unit_id narrows to one unit.",
	}, func(ctx context.Context, in *listPositionsInput) (*listOut[PositionView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		rows, next, err := s.d.Org.ListPositions(ctx, in.UnitID, pg)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) PositionView { return positionView(rows[i]) }, next), nil
	})

	handle(api, can(authz.OrgRead), huma.Operation{
		OperationID: "get-position", Method: http.MethodGet, Path: "/v1/positions/{id}", Tags: tags, Summary: "Get a position", Description: "The position with headcount, filled and vacant counts.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*positionBody, error) {
		p, err := s.d.Org.GetPosition(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &positionBody{Body: positionView(p)}, nil
	})

	handle(api, can(authz.OrgWrite), huma.Operation{
		OperationID: "update-position", Method: http.MethodPatch, Path: "/v1/positions/{id}", Tags: tags,
		Summary:     "Update a position",
		Description: "Only the fields sent change. Reporting to itself or a subordinate answers 422; a new role reaches the holders at once.",
		Errors:      []int{http.StatusNotFound},
	}, func(ctx context.Context, in *updatePositionInput) (*positionBody, error) {
		p, err := s.d.Org.UpdatePosition(ctx, in.ID, in.Body.spec())
		if err != nil {
			return nil, err
		}
		return &positionBody{Body: positionView(p)}, nil
	})

	handle(api, can(authz.OrgWrite), huma.Operation{
		OperationID: "delete-position", Method: http.MethodDelete, Path: "/v1/positions/{id}", Tags: tags,
		Summary:       "Delete a position",
		Description:   "Refused (409) while anyone holds it; its subordinates then report to its superior.",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *idInput) (*struct{}, error) {
		return nil, s.d.Org.DeletePosition(ctx, in.ID)
	})

	handle(api, can(authz.OrgWrite), huma.Operation{
		OperationID: "create-assignment", Method: http.MethodPost, Path: "/v1/positions/{id}/assignments", Tags: tags,
		Summary:       "Assign a person to a position",
		Description:   "Over the headcount answers 409 unless allow_over_quota is set (the assignment is then flagged). A person has one primary position; others are concurrent (兼任) or acting.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *assignInput) (*assignmentBody, error) {
		b := in.Body
		a, err := s.d.Org.Assign(ctx, in.ID, orgchart.AssignSpec{UserID: b.UserID, Kind: b.Kind, StartsOn: b.StartsOn, EndsOn: b.EndsOn, AllowOverQuota: b.AllowOverQuota})
		if err != nil {
			return nil, err
		}
		return &assignmentBody{Body: assignmentView(a)}, nil
	})

	handle(api, can(authz.OrgRead), huma.Operation{
		OperationID: "list-assignments", Method: http.MethodGet, Path: "/v1/positions/{id}/assignments", Tags: tags,
		Summary: "Who holds a position", Description: "The people holding the position (primary, concurrent 兼任 or acting); include_ended adds past holders.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *listAssignmentsInput) (*listOut[AssignmentView], error) {
		rows, err := s.d.Org.Assignments(ctx, in.ID, in.IncludeEnded)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) AssignmentView { return assignmentView(rows[i]) }, ""), nil
	})

	handle(api, can(authz.OrgWrite), huma.Operation{
		OperationID: "end-assignment", Method: http.MethodDelete, Path: "/v1/positions/{id}/assignments/{assignment_id}", Tags: tags,
		Summary:       "End an assignment",
		Description:   "The person leaves the position; the assignment stays as history and the position's role is withdrawn.",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *unassignInput) (*struct{}, error) {
		_, err := s.d.Org.Unassign(ctx, in.ID, in.AssignmentID)
		return nil, err
	})

	handle(api, can(authz.OrgRead), huma.Operation{
		OperationID: "get-org-chart", Method: http.MethodGet, Path: "/v1/org-chart", Tags: tags,
		Summary:     "The org chart",
		Description: "Units → positions with headcount, filled, vacant and holders; unit totals cover their subtree.",
		Errors:      []int{http.StatusNotFound},
	}, func(ctx context.Context, in *chartInput) (*listOut[ChartUnitView], error) {
		roots, err := s.d.Org.Chart(ctx, in.UnitID)
		if err != nil {
			return nil, err
		}
		return listOf(len(roots), func(i int) ChartUnitView { return chartView(roots[i]) }, ""), nil
	})

	handle(api, can(authz.OrgRead), huma.Operation{
		OperationID: "export-org-chart", Method: http.MethodGet, Path: "/v1/org-chart/export", Tags: tags,
		Summary: "Export the whole org chart as JSON", Description: "Units, positions and assignments as one JSON document that /v1/org-chart/import reads back.",
	}, func(ctx context.Context, _ *struct{}) (*struct{ Body *orgchart.Document }, error) {
		doc, err := s.d.Org.Export(ctx)
		if err != nil {
			return nil, err
		}
		return &struct{ Body *orgchart.Document }{Body: doc}, nil
	})

	handle(api, can(authz.OrgWrite), huma.Operation{
		OperationID: "import-org-chart", Method: http.MethodPost, Path: "/v1/org-chart/import", Tags: tags,
		Summary:      "Replace the org chart with an imported one",
		Description:  "All or nothing: the document is validated first (keys, references, cycles, roles, people by email, quotas) and every problem is reported with its location.",
		MaxBodyBytes: 16 << 20,
	}, func(ctx context.Context, in *importInput) (*importOutput, error) {
		res, err := s.d.Org.Import(ctx, &in.Body)
		if err != nil {
			return nil, err
		}
		out := &importOutput{}
		out.Body.Units, out.Body.Positions, out.Body.Assignments = res.Units, res.Positions, res.Assignments
		return out, nil
	})

	handle(api, can(authz.OrgRead), huma.Operation{
		OperationID: "list-user-supervisors", Method: http.MethodGet, Path: "/v1/users/{id}/supervisors", Tags: tags,
		Summary:     "A person's reporting line upward",
		Description: "From their primary position's superior to the top; vacant positions are skipped.",
		Errors:      []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*listOut[LinkView], error) {
		links, err := s.d.Org.Supervisors(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return listOf(len(links), func(i int) LinkView { return linkView(links[i]) }, ""), nil
	})
}

package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/scoresheet"
	"kefu/paging"
	"kefu/tenants/authz"
)

// SheetItemView is a reward, penalty or adjustment on a score sheet.
type SheetItemView struct {
	ID         string    `json:"id"`
	Kind       string    `json:"kind" enum:"reward,penalty,adjustment" doc:"A penalty subtracts its points; an adjustment (after locking) adds its signed points"`
	Reason     string    `json:"reason"`
	Points     float64   `json:"points"`
	CreatedBy  string    `json:"created_by"`
	ApproverID string    `json:"approver_id,omitempty" doc:"The manager who approved the sheet, or who added the adjustment"`
	CreatedAt  time.Time `json:"created_at"`
}

// ScoreSheetView is an agent's monthly reward/penalty score sheet (奖罚评分表).
type ScoreSheetView struct {
	ID             string             `json:"id" example:"sht_01jd0000000000000000000000"`
	AgentID        string             `json:"agent_id"`
	Month          string             `json:"month" example:"2026-11"`
	Status         string             `json:"status" enum:"draft,submitted,approved,locked"`
	KPIs           map[string]float64 `json:"kpis" doc:"The month's figures the sheet was computed from (rates 0–1, durations in business seconds)"`
	Scores         map[string]float64 `json:"scores" doc:"Each weighed metric on 0–100; metrics with nothing to measure are absent"`
	Weights        map[string]float64 `json:"weights"`
	QAAverage      *float64           `json:"qa_average,omitempty" doc:"Mean final inspection score of the month"`
	QACount        int                `json:"qa_count"`
	BaseScore      float64            `json:"base_score" doc:"Weighted mean of the scores"`
	ItemsTotal     float64            `json:"items_total" doc:"Rewards less penalties"`
	Total          float64            `json:"total" doc:"base_score + items_total, as locked"`
	Adjustments    float64            `json:"adjustments" doc:"Sum of the adjustments added after locking"`
	Final          float64            `json:"final" doc:"total + adjustments: the score that counts"`
	Comment        string             `json:"comment,omitempty"`
	SubmittedBy    string             `json:"submitted_by,omitempty"`
	SubmittedAt    *time.Time         `json:"submitted_at,omitempty"`
	ApprovedBy     string             `json:"approved_by,omitempty"`
	ApprovedAt     *time.Time         `json:"approved_at,omitempty"`
	LockedBy       string             `json:"locked_by,omitempty"`
	LockedAt       *time.Time         `json:"locked_at,omitempty"`
	ReturnedReason string             `json:"returned_reason,omitempty" doc:"Why it was last sent back to draft"`
	Items          []SheetItemView    `json:"items"`
	UpdatedAt      time.Time          `json:"updated_at"`
}

func sheetView(s scoresheet.Sheet) ScoreSheetView {
	v := ScoreSheetView{ID: s.ID, AgentID: s.AgentID, Month: s.Month, Status: string(s.Status), KPIs: s.Kpis, Scores: s.Scores,
		Weights: s.Weights, QAAverage: s.QaAverage, QACount: s.QaCount, BaseScore: s.BaseScore, ItemsTotal: s.ItemsTotal,
		Total: s.Total, Adjustments: s.Adjustments(), Final: s.Final(), Comment: s.Comment, SubmittedBy: s.SubmittedBy,
		SubmittedAt: s.SubmittedAt, ApprovedBy: s.ApprovedBy, ApprovedAt: s.ApprovedAt, LockedBy: s.LockedBy, LockedAt: s.LockedAt,
		ReturnedReason: s.ReturnedReason, Items: make([]SheetItemView, len(s.Items)), UpdatedAt: s.UpdatedAt}
	for _, m := range []*map[string]float64{&v.KPIs, &v.Scores, &v.Weights} {
		if *m == nil {
			*m = map[string]float64{}
		}
	}
	for i, it := range s.Items {
		v.Items[i] = SheetItemView{ID: it.ID, Kind: string(it.Kind), Reason: it.Reason, Points: it.Points,
			CreatedBy: it.CreatedBy, ApproverID: it.ApproverID, CreatedAt: it.CreatedAt}
	}
	return v
}

type sheetOut struct{ Body ScoreSheetView }

type listSheetsInput struct {
	ListParams
	Month   string `query:"month" pattern:"^[0-9]{4}-[0-9]{2}$" example:"2026-11"`
	Status  string `query:"status" enum:"draft,submitted,approved,locked,"`
	AgentID string `query:"agent_id" maxLength:"40" doc:"\"me\" for your own"`
	UnitID  string `query:"unit_id" maxLength:"40" doc:"Only people posted in this unit or below it"`
}

// PerformancePlanView is how the base score is weighed.
type PerformancePlanView struct {
	Weights          map[string]float64 `json:"weights" doc:"Weight per metric: qa and the KPI rates (desk/kpi definitions)"`
	ComplaintCeiling float64            `json:"complaint_ceiling" minimum:"0" maximum:"1" doc:"The complaint rate that scores 0 (none scores 100)"`
	Weighable        []string           `json:"weighable,omitempty" readOnly:"true" doc:"The keys weights may name"`
}

// The export's media types.
const (
	sheetsCSV  = "text/csv; charset=utf-8"
	sheetsXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

func (s *server) scoreSheetRoutes(api huma.API) {
	tags := []string{"Performance"}
	uid := func(ctx context.Context) string { return principalFrom(ctx).ActorID() }
	handle(api, can(authz.PerformanceRead), huma.Operation{
		OperationID: "list-score-sheets", Method: http.MethodGet, Path: "/v1/score-sheets", Tags: tags,
		Summary: "List score sheets", Description: "Within your data scope (an agent sees their own), newest first.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *listSheetsInput) (*listOut[ScoreSheetView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		agent := in.AgentID
		if agent == "me" {
			agent = uid(ctx)
		}
		rows, next, err := s.d.Sheets.List(ctx, uid(ctx), scoresheet.Filter{Month: in.Month, Status: in.Status, AgentID: agent, UnitID: in.UnitID}, pg)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) ScoreSheetView { return sheetView(rows[i]) }, paging.Cursor(next)), nil
	})
	handle(api, can(authz.PerformanceWrite), huma.Operation{
		OperationID: "generate-score-sheets", Method: http.MethodPost, Path: "/v1/score-sheets/generate", Tags: tags,
		Summary: "Make the month's sheets",
		Description: "Creates a draft for everyone in your scope (or the unit's subtree) but you, from the month's KPIs and QA average " +
			"weighed by the plan; drafts that exist are refreshed, sheets past draft are left alone.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *struct {
		Body struct {
			Month  string `json:"month" pattern:"^[0-9]{4}-[0-9]{2}$" example:"2026-11"`
			UnitID string `json:"unit_id,omitempty" maxLength:"40"`
		}
	}) (*listOut[ScoreSheetView], error) {
		rows, err := s.d.Sheets.Generate(ctx, uid(ctx), in.Body.Month, in.Body.UnitID)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) ScoreSheetView { return sheetView(rows[i]) }, ""), nil
	})
	handle(api, can(authz.PerformanceRead), huma.Operation{
		OperationID: "export-score-sheets", Method: http.MethodGet, Path: "/v1/score-sheets/export", Tags: tags,
		Summary: "The month's sheets as CSV or Excel",
		Description: "One row per agent. CSV is UTF-8 with a byte-order mark for spreadsheet programs; xlsx is an Excel " +
			"workbook with one sheet named for the month, scores as numbers rounded to cents.",
		Errors: []int{http.StatusNotFound},
		Responses: map[string]*huma.Response{"200": {Description: "The sheets, as an attachment", Content: map[string]*huma.MediaType{
			"text/csv": {Schema: &huma.Schema{Type: "string"}},
			sheetsXLSX: {Schema: &huma.Schema{Type: "string", Description: "An Excel workbook (a zip archive)"}},
		}}},
	}, func(ctx context.Context, in *struct {
		Month  string `query:"month" required:"true" pattern:"^[0-9]{4}-[0-9]{2}$" example:"2026-11"`
		UnitID string `query:"unit_id" maxLength:"40"`
		Format string `query:"format" enum:"csv,xlsx" default:"csv" doc:"csv, or xlsx for Excel"`
	}) (*struct {
		ContentType        string `header:"Content-Type"`
		ContentDisposition string `header:"Content-Disposition"`
		Body               []byte
	}, error) {
		b, err := s.d.Sheets.Export(ctx, uid(ctx), in.Month, in.UnitID, in.Format)
		if err != nil {
			return nil, err
		}
		typ := sheetsCSV
		if in.Format == scoresheet.XLSX {
			typ = sheetsXLSX
		}
		return &struct {
			ContentType        string `header:"Content-Type"`
			ContentDisposition string `header:"Content-Disposition"`
			Body               []byte
		}{ContentType: typ, ContentDisposition: `attachment; filename="score-sheets-` + in.Month + `.` + in.Format + `"`, Body: b}, nil
	})
	handle(api, can(authz.PerformanceRead), huma.Operation{
		OperationID: "get-performance-plan", Method: http.MethodGet, Path: "/v1/score-sheets/plan", Tags: tags,
		Summary: "How sheets are weighed", Description: "The tenant's weights, or the defaults.",
	}, func(ctx context.Context, _ *struct{}) (*struct{ Body PerformancePlanView }, error) {
		p, err := s.d.Sheets.Plan(ctx)
		if err != nil {
			return nil, err
		}
		return &struct{ Body PerformancePlanView }{Body: PerformancePlanView{Weights: p.Weights, ComplaintCeiling: p.ComplaintCeiling, Weighable: scoresheet.Weighable()}}, nil
	})
	handle(api, can(authz.PerformanceApprove), huma.Operation{
		OperationID: "set-performance-plan", Method: http.MethodPut, Path: "/v1/score-sheets/plan", Tags: tags,
		Summary: "Set how sheets are weighed", Description: "Drafts pick the new weights up when generated again; sheets past draft keep theirs.",
	}, func(ctx context.Context, in *struct{ Body PerformancePlanView }) (*struct{ Body PerformancePlanView }, error) {
		p, err := s.d.Sheets.SetPlan(ctx, scoresheet.Plan{Weights: in.Body.Weights, ComplaintCeiling: in.Body.ComplaintCeiling})
		if err != nil {
			return nil, err
		}
		return &struct{ Body PerformancePlanView }{Body: PerformancePlanView{Weights: p.Weights, ComplaintCeiling: p.ComplaintCeiling, Weighable: scoresheet.Weighable()}}, nil
	})
	handle(api, can(authz.PerformanceRead), huma.Operation{
		OperationID: "get-score-sheet", Method: http.MethodGet, Path: "/v1/score-sheets/{id}", Tags: tags,
		Summary: "Get a score sheet with its items", Description: "One agent's monthly reward/penalty sheet (奖罚评分表): KPI and QA components, manual items and its approval state.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*sheetOut, error) {
		sh, err := s.d.Sheets.Get(ctx, uid(ctx), in.ID)
		if err != nil {
			return nil, err
		}
		return &sheetOut{Body: sheetView(sh)}, nil
	})
	handle(api, can(authz.PerformanceWrite), huma.Operation{
		OperationID: "update-score-sheet", Method: http.MethodPatch, Path: "/v1/score-sheets/{id}", Tags: tags,
		Summary: "Change a draft's comment", Description: "Only a draft changes; a locked sheet answers 409.",
		Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			Comment string `json:"comment" maxLength:"4000"`
		}
	}) (*sheetOut, error) {
		sh, err := s.d.Sheets.SetComment(ctx, uid(ctx), in.ID, in.Body.Comment)
		if err != nil {
			return nil, err
		}
		return &sheetOut{Body: sheetView(sh)}, nil
	})
	handle(api, can(authz.PerformanceWrite), huma.Operation{
		OperationID: "add-score-sheet-item", Method: http.MethodPost, Path: "/v1/score-sheets/{id}/items", Tags: tags,
		Summary: "Add a reward or penalty", Description: "To a draft only (409 otherwise); points above 0, a penalty subtracts them.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			Kind   string  `json:"kind" enum:"reward,penalty"`
			Reason string  `json:"reason" maxLength:"1000"`
			Points float64 `json:"points" minimum:"0" maximum:"100"`
		}
	}) (*sheetOut, error) {
		sh, err := s.d.Sheets.AddItem(ctx, uid(ctx), in.ID, in.Body.Kind, in.Body.Reason, in.Body.Points)
		if err != nil {
			return nil, err
		}
		return &sheetOut{Body: sheetView(sh)}, nil
	})
	handle(api, can(authz.PerformanceWrite), huma.Operation{
		OperationID: "delete-score-sheet-item", Method: http.MethodDelete, Path: "/v1/score-sheets/{id}/items/{item_id}", Tags: tags,
		Summary: "Remove a reward or penalty", Description: "From a draft only (409 otherwise).",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID     string `path:"id" maxLength:"40"`
		ItemID string `path:"item_id" maxLength:"40"`
	}) (*struct{}, error) {
		_, err := s.d.Sheets.RemoveItem(ctx, uid(ctx), in.ID, in.ItemID)
		return nil, err
	})
	step := func(id, path, summary, desc string, perm authz.Permission, do func(ctx context.Context, viewerID, id string) (scoresheet.Sheet, error)) {
		handle(api, can(perm), huma.Operation{
			OperationID: id, Method: http.MethodPost, Path: "/v1/score-sheets/{id}/" + path, Tags: tags,
			Summary: summary, Description: desc, Errors: []int{http.StatusNotFound, http.StatusConflict},
		}, func(ctx context.Context, in *idInput) (*sheetOut, error) {
			sh, err := do(ctx, uid(ctx), in.ID)
			if err != nil {
				return nil, err
			}
			return &sheetOut{Body: sheetView(sh)}, nil
		})
	}
	step("submit-score-sheet", "submit", "Submit a draft", "The supervisor hands the draft to the manager (draft → submitted); not one's own sheet.",
		authz.PerformanceWrite, s.d.Sheets.Submit)
	step("approve-score-sheet", "approve", "Approve a sheet", "The manager approves it and its items (submitted → approved).",
		authz.PerformanceApprove, s.d.Sheets.Approve)
	step("lock-score-sheet", "lock", "Lock a sheet", "Approved → locked: the sheet never changes again; corrections are adjustments.",
		authz.PerformanceApprove, s.d.Sheets.Lock)
	handle(api, can(authz.PerformanceApprove), huma.Operation{
		OperationID: "return-score-sheet", Method: http.MethodPost, Path: "/v1/score-sheets/{id}/return", Tags: tags,
		Summary: "Send a sheet back to draft", Description: "A submitted or approved sheet goes back with a reason; a locked one cannot (409).",
		Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			Reason string `json:"reason" maxLength:"2000"`
		}
	}) (*sheetOut, error) {
		sh, err := s.d.Sheets.Return(ctx, uid(ctx), in.ID, in.Body.Reason)
		if err != nil {
			return nil, err
		}
		return &sheetOut{Body: sheetView(sh)}, nil
	})
	handle(api, can(authz.PerformanceApprove), huma.Operation{
		OperationID: "adjust-score-sheet", Method: http.MethodPost, Path: "/v1/score-sheets/{id}/adjustments", Tags: tags,
		Summary: "Correct a locked sheet", Description: "Adds an adjustment item (signed points) beside a locked sheet, which itself stays as it was; final includes it.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			Reason string  `json:"reason" maxLength:"1000"`
			Points float64 `json:"points" minimum:"-100" maximum:"100"`
		}
	}) (*sheetOut, error) {
		sh, err := s.d.Sheets.Adjust(ctx, uid(ctx), in.ID, in.Body.Reason, in.Body.Points)
		if err != nil {
			return nil, err
		}
		return &sheetOut{Body: sheetView(sh)}, nil
	})
}

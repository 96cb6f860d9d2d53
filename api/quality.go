package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/quality"
	"kefu/ent"
	"kefu/ent/types"
	"kefu/paging"
	"kefu/tenants/authz"
)

// CriterionView is one line of a scorecard.
type CriterionView struct {
	Key      string  `json:"key" pattern:"^[a-z][a-z0-9_]{0,39}$" example:"greeting"`
	Label    string  `json:"label" maxLength:"100" example:"开场问候"`
	LabelEn  string  `json:"label_en,omitempty" maxLength:"100" example:"Greeting"`
	Weight   float64 `json:"weight" minimum:"0" maximum:"100" doc:"Most points a conversation earns on it"`
	Critical bool    `json:"critical,omitempty" doc:"Pass/fail: failing it zeroes the whole score"`
}

// ScorecardView is a quality scorecard (质检评分表).
type ScorecardView struct {
	ID             string          `json:"id" example:"scd_01jd0000000000000000000000"`
	Name           string          `json:"name"`
	Description    string          `json:"description,omitempty"`
	Criteria       []CriterionView `json:"criteria"`
	IsDefault      bool            `json:"is_default" doc:"The scorecard the weekly sampling uses"`
	SamplesPerWeek int             `json:"samples_per_week" doc:"Tickets sampled per agent each week"`
	ExtraSamples   int             `json:"extra_samples" doc:"More for agents whose last four weeks average under target_score"`
	TargetScore    float64         `json:"target_score"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
}

func scorecardView(s *ent.Scorecard) ScorecardView {
	v := ScorecardView{ID: s.ID, Name: s.Name, Description: s.Description, IsDefault: s.IsDefault,
		SamplesPerWeek: s.SamplesPerWeek, ExtraSamples: s.ExtraSamples, TargetScore: s.TargetScore,
		CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, Criteria: make([]CriterionView, len(s.Criteria))}
	for i, c := range s.Criteria {
		v.Criteria[i] = CriterionView(c)
	}
	return v
}

// ScorecardFields are a scorecard's writable fields; on update only those
// sent change.
type ScorecardFields struct {
	Name           *string          `json:"name,omitempty" maxLength:"100"`
	Description    *string          `json:"description,omitempty" maxLength:"2000"`
	Criteria       *[]CriterionView `json:"criteria,omitempty" maxItems:"30"`
	IsDefault      *bool            `json:"is_default,omitempty"`
	SamplesPerWeek *int             `json:"samples_per_week,omitempty" minimum:"0" maximum:"50"`
	ExtraSamples   *int             `json:"extra_samples,omitempty" minimum:"0" maximum:"50"`
	TargetScore    *float64         `json:"target_score,omitempty" minimum:"0" maximum:"100"`
}

func (f ScorecardFields) spec() quality.Spec {
	s := quality.Spec{Name: f.Name, Description: f.Description, IsDefault: f.IsDefault,
		SamplesPerWeek: f.SamplesPerWeek, ExtraSamples: f.ExtraSamples, TargetScore: f.TargetScore}
	if f.Criteria != nil {
		cs := make([]types.Criterion, len(*f.Criteria))
		for i, c := range *f.Criteria {
			cs[i] = types.Criterion(c)
		}
		s.Criteria = &cs
	}
	return s
}

// MarkView is a mark on one criterion.
type MarkView struct {
	Key    string  `json:"key" maxLength:"40"`
	Points float64 `json:"points" minimum:"0" maximum:"100"`
	Failed bool    `json:"failed,omitempty" doc:"For a critical item: it was failed"`
	Note   string  `json:"note,omitempty" maxLength:"1000"`
}

// AppealView is an agent's appeal against a score.
type AppealView struct {
	ID             string     `json:"id"`
	Reason         string     `json:"reason"`
	OriginalScore  float64    `json:"original_score"`
	Status         string     `json:"status" enum:"pending,upheld,adjusted"`
	AdjustedScore  *float64   `json:"adjusted_score,omitempty"`
	DecidedBy      string     `json:"decided_by,omitempty"`
	DecisionReason string     `json:"decision_reason,omitempty"`
	DecidedAt      *time.Time `json:"decided_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
}

// InspectionView is one ticket picked for quality inspection (质检).
type InspectionView struct {
	ID             string      `json:"id" example:"ins_01jd0000000000000000000000"`
	ScorecardID    string      `json:"scorecard_id"`
	TicketID       string      `json:"ticket_id"`
	AgentID        string      `json:"agent_id" doc:"Who is inspected: whoever resolved the ticket"`
	InspectorID    string      `json:"inspector_id,omitempty"`
	Period         string      `json:"period" example:"2026-W47" doc:"The week sampled, or manual"`
	Source         string      `json:"source" enum:"sample,manual"`
	Status         string      `json:"status" enum:"pending,scored,appealed,decided"`
	Marks          []MarkView  `json:"marks"`
	Score          *float64    `json:"score,omitempty" doc:"0–100 as the inspector scored it"`
	CriticalFailed bool        `json:"critical_failed"`
	FinalScore     *float64    `json:"final_score,omitempty" doc:"What counts: the score, or what the appeal set"`
	Comment        string      `json:"comment,omitempty"`
	ScoredBy       string      `json:"scored_by,omitempty"`
	ScoredAt       *time.Time  `json:"scored_at,omitempty"`
	Appeal         *AppealView `json:"appeal,omitempty"`
	CreatedAt      time.Time   `json:"created_at"`
}

func inspectionView(in *ent.Inspection, ap *ent.InspectionAppeal) InspectionView {
	v := InspectionView{ID: in.ID, ScorecardID: in.ScorecardID, TicketID: in.TicketID, AgentID: in.AgentID,
		InspectorID: str(in.InspectorID), Period: in.Period, Source: string(in.Source), Status: string(in.Status),
		Marks: make([]MarkView, len(in.Marks)), Score: in.Score, CriticalFailed: in.CriticalFailed, FinalScore: in.FinalScore,
		Comment: in.Comment, ScoredBy: in.ScoredBy, ScoredAt: in.ScoredAt, CreatedAt: in.CreatedAt}
	for i, m := range in.Marks {
		v.Marks[i] = MarkView(m)
	}
	if ap != nil {
		v.Appeal = &AppealView{ID: ap.ID, Reason: ap.Reason, OriginalScore: ap.OriginalScore, Status: string(ap.Status),
			AdjustedScore: ap.AdjustedScore, DecidedBy: ap.DecidedBy, DecisionReason: ap.DecisionReason, DecidedAt: ap.DecidedAt, CreatedAt: ap.CreatedAt}
	}
	return v
}

type listInspectionsInput struct {
	ListParams
	Status      string `query:"status" enum:"pending,scored,appealed,decided,"`
	AgentID     string `query:"agent_id" maxLength:"40" doc:"\"me\" for your own"`
	InspectorID string `query:"inspector_id" maxLength:"40" doc:"\"me\" for your worklist"`
	Period      string `query:"period" maxLength:"16" example:"2026-W47"`
}

func (s *server) qualityRoutes(api huma.API) {
	tags := []string{"Quality"}
	me := func(ctx context.Context, id string) string {
		if id == "me" {
			return principalFrom(ctx).ActorID()
		}
		return id
	}
	handle(api, can(authz.QualityRead), huma.Operation{
		OperationID: "list-scorecards", Method: http.MethodGet, Path: "/v1/scorecards", Tags: tags,
		Summary: "List scorecards", Description: "The default scorecard first.",
	}, func(ctx context.Context, _ *struct{}) (*listOut[ScorecardView], error) {
		rows, err := s.d.Quality.Scorecards(ctx)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) ScorecardView { return scorecardView(rows[i]) }, ""), nil
	})
	handle(api, can(authz.QualityWrite), huma.Operation{
		OperationID: "create-scorecard", Method: http.MethodPost, Path: "/v1/scorecards", Tags: tags,
		Summary:       "Create a scorecard",
		Description:   "Criteria with weights (the score is the points' share of their total on 0–100) and critical items that zero the score. The first scorecard, or one sent with is_default, is the one the weekly sampling uses.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *struct{ Body ScorecardFields }) (*struct{ Body ScorecardView }, error) {
		sc, err := s.d.Quality.CreateScorecard(ctx, in.Body.spec())
		if err != nil {
			return nil, err
		}
		return &struct{ Body ScorecardView }{Body: scorecardView(sc)}, nil
	})
	handle(api, can(authz.QualityRead), huma.Operation{
		OperationID: "get-scorecard", Method: http.MethodGet, Path: "/v1/scorecards/{id}", Tags: tags,
		Summary: "Get a scorecard", Description: "One quality-inspection scorecard with its weighted criteria and critical items.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body ScorecardView }, error) {
		sc, err := s.d.Quality.Scorecard(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body ScorecardView }{Body: scorecardView(sc)}, nil
	})
	handle(api, can(authz.QualityWrite), huma.Operation{
		OperationID: "update-scorecard", Method: http.MethodPatch, Path: "/v1/scorecards/{id}", Tags: tags,
		Summary:     "Update a scorecard",
		Description: "Only the fields sent change. Criteria cannot change once an inspection was scored on them (409): create a new scorecard.",
		Errors:      []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body ScorecardFields
	}) (*struct{ Body ScorecardView }, error) {
		sc, err := s.d.Quality.UpdateScorecard(ctx, in.ID, in.Body.spec())
		if err != nil {
			return nil, err
		}
		return &struct{ Body ScorecardView }{Body: scorecardView(sc)}, nil
	})
	handle(api, can(authz.QualityWrite), huma.Operation{
		OperationID: "delete-scorecard", Method: http.MethodDelete, Path: "/v1/scorecards/{id}", Tags: tags,
		Summary: "Delete a scorecard", Description: "Refused (409) for the default scorecard and for one inspections use.",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *idInput) (*struct{}, error) {
		return nil, s.d.Quality.DeleteScorecard(ctx, in.ID)
	})

	handle(api, can(authz.QualityRead), huma.Operation{
		OperationID: "list-inspections", Method: http.MethodGet, Path: "/v1/inspections", Tags: tags,
		Summary: "List inspections", Description: "Newest first; within your data scope (an agent sees their own).",
	}, func(ctx context.Context, in *listInspectionsInput) (*listOut[InspectionView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		rows, next, err := s.d.Quality.Inspections(ctx, principalFrom(ctx).ActorID(), quality.Filter{
			Status: in.Status, AgentID: me(ctx, in.AgentID), InspectorID: me(ctx, in.InspectorID), Period: in.Period}, pg)
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		aps, err := s.d.Quality.Appeals(ctx, ids)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) InspectionView { return inspectionView(rows[i], aps[rows[i].ID]) }, paging.Cursor(next)), nil
	})
	handle(api, can(authz.QualityWrite), huma.Operation{
		OperationID: "create-inspection", Method: http.MethodPost, Path: "/v1/inspections", Tags: tags,
		Summary:       "Pick a ticket to inspect",
		Description:   "Besides the weekly sample, an inspector may pick a ticket by hand; the agent inspected is whoever resolved it (else its assignee). A ticket is inspected once (409).",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		Body struct {
			TicketID    string `json:"ticket_id" maxLength:"40"`
			ScorecardID string `json:"scorecard_id,omitempty" maxLength:"40" doc:"Default: the default scorecard"`
		}
	}) (*struct{ Body InspectionView }, error) {
		r, err := s.d.Quality.Pick(ctx, principalFrom(ctx).ActorID(), in.Body.TicketID, in.Body.ScorecardID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body InspectionView }{Body: inspectionView(r, nil)}, nil
	})
	handle(api, can(authz.QualityWrite), huma.Operation{
		OperationID: "sample-inspections", Method: http.MethodPost, Path: "/v1/inspections/sample", Tags: tags,
		Summary: "Run the weekly sampling now",
		Description: "What the weekly job does after a week ends: per agent, the default scorecard's samples_per_week of the tickets they resolved " +
			"that week (more when they are under target), assigned round-robin to quality inspectors. A week is sampled once; again answers already=true.",
	}, func(ctx context.Context, in *struct {
		Body struct {
			Week string `json:"week,omitempty" example:"2026-W47" doc:"ISO week in the tenant's zone; default the last completed one"`
		}
	}) (*struct {
		Body struct {
			Week    string `json:"week"`
			Picked  int    `json:"picked"`
			Already bool   `json:"already"`
		}
	}, error) {
		wk, err := s.d.Quality.LastWeek(ctx)
		if err != nil {
			return nil, err
		}
		if in.Body.Week != "" {
			zone, err := s.d.Quality.Zone(ctx)
			if err != nil {
				return nil, err
			}
			if wk, err = quality.ParseWeek(in.Body.Week, zone); err != nil {
				return nil, err
			}
		}
		r, err := s.d.Quality.SampleWeek(ctx, wk)
		if err != nil {
			return nil, err
		}
		out := &struct {
			Body struct {
				Week    string `json:"week"`
				Picked  int    `json:"picked"`
				Already bool   `json:"already"`
			}
		}{}
		out.Body.Week, out.Body.Picked, out.Body.Already = r.Week.Key, r.Picked, r.Already
		return out, nil
	})
	handle(api, can(authz.QualityRead), huma.Operation{
		OperationID: "get-inspection", Method: http.MethodGet, Path: "/v1/inspections/{id}", Tags: tags,
		Summary: "Get an inspection with its appeal", Description: "One sampled ticket's inspection: per-criterion marks, total score and the agent's appeal with its decision, if any.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body InspectionView }, error) {
		r, ap, err := s.d.Quality.Inspection(ctx, principalFrom(ctx).ActorID(), in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body InspectionView }{Body: inspectionView(r, ap)}, nil
	})
	handle(api, can(authz.QualityWrite), huma.Operation{
		OperationID: "score-inspection", Method: http.MethodPost, Path: "/v1/inspections/{id}/score", Tags: tags,
		Summary:     "Score an inspection",
		Description: "One mark per criterion of the scorecard; the score is computed. An inspection can be re-scored until it is appealed (409 after). Nobody scores their own ticket (403).",
		Errors:      []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			Marks   []MarkView `json:"marks" maxItems:"30"`
			Comment string     `json:"comment,omitempty" maxLength:"4000"`
		}
	}) (*struct{ Body InspectionView }, error) {
		if _, _, err := s.d.Quality.Inspection(ctx, principalFrom(ctx).ActorID(), in.ID); err != nil {
			return nil, err
		}
		marks := make([]types.Mark, len(in.Body.Marks))
		for i, m := range in.Body.Marks {
			marks[i] = types.Mark(m)
		}
		r, err := s.d.Quality.Grade(ctx, principalFrom(ctx).ActorID(), in.ID, marks, in.Body.Comment)
		if err != nil {
			return nil, err
		}
		return &struct{ Body InspectionView }{Body: inspectionView(r, nil)}, nil
	})
	handle(api, can(authz.QualityRead), huma.Operation{
		OperationID: "appeal-inspection", Method: http.MethodPost, Path: "/v1/inspections/{id}/appeal", Tags: tags,
		Summary:       "Appeal a score (申诉)",
		Description:   "The agent inspected contests the score, once, with a reason (409 the second time).",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			Reason string `json:"reason" maxLength:"4000"`
		}
	}) (*struct{ Body InspectionView }, error) {
		uid := principalFrom(ctx).ActorID()
		if _, _, err := s.d.Quality.Inspection(ctx, uid, in.ID); err != nil {
			return nil, err
		}
		if _, err := s.d.Quality.Appeal(ctx, uid, in.ID, in.Body.Reason); err != nil {
			return nil, err
		}
		r, ap, err := s.d.Quality.Inspection(ctx, uid, in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body InspectionView }{Body: inspectionView(r, ap)}, nil
	})
	handle(api, can(authz.PerformanceWrite), huma.Operation{
		OperationID: "decide-inspection-appeal", Method: http.MethodPost, Path: "/v1/inspections/{id}/decision", Tags: tags,
		Summary: "Decide an appeal",
		Description: "A supervisor on the agent's reporting line (org chart) who did not score it upholds the score or adjusts it, with a reason. " +
			"For an agent with no one above them, anyone with performance:approve decides.",
		Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			Outcome string   `json:"outcome" enum:"upheld,adjusted"`
			Score   *float64 `json:"score,omitempty" minimum:"0" maximum:"100" doc:"The new score, when adjusted"`
			Reason  string   `json:"reason" maxLength:"4000"`
		}
	}) (*struct{ Body InspectionView }, error) {
		uid := principalFrom(ctx).ActorID()
		if _, err := s.d.Quality.Decide(ctx, uid, in.ID, in.Body.Outcome, in.Body.Score, in.Body.Reason); err != nil {
			return nil, err
		}
		r, ap, err := s.d.Quality.Inspection(ctx, uid, in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body InspectionView }{Body: inspectionView(r, ap)}, nil
	})
}

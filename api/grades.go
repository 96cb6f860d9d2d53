package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/grades"
	"kefu/ent"
	"kefu/paging"
	"kefu/tenants/authz"
)

// GradeLevelView is one rung of the grade ladder.
type GradeLevelView struct {
	ID        string  `json:"id,omitempty" readOnly:"true" example:"grl_01jd0000000000000000000000"`
	Rank      int     `json:"rank" readOnly:"true" doc:"0 is the lowest"`
	Name      string  `json:"name" maxLength:"40" example:"四级"`
	NameEn    string  `json:"name_en,omitempty" maxLength:"40" example:"Grade 4"`
	PromoteAt float64 `json:"promote_at" minimum:"0" maximum:"200" doc:"Quarterly average that proposes moving up to this level"`
	KeepAt    float64 `json:"keep_at" minimum:"0" maximum:"200" doc:"Under this quarterly average, a holder is proposed one level down"`
}

func gradeLevelView(l *ent.GradeLevel) GradeLevelView {
	return GradeLevelView{ID: l.ID, Rank: l.Rank, Name: l.Name, NameEn: l.NameEn, PromoteAt: l.PromoteAt, KeepAt: l.KeepAt}
}

type ladderOut struct {
	Body struct {
		Levels []GradeLevelView `json:"levels" doc:"Lowest first"`
	}
}

// StaffGradeView is the level a person holds.
type StaffGradeView struct {
	UserID  string    `json:"user_id"`
	LevelID string    `json:"level_id"`
	Since   time.Time `json:"since"`
}

// GradeProposalView is the quarterly review's proposal for one person.
type GradeProposalView struct {
	ID          string             `json:"id" example:"grp_01jd0000000000000000000000"`
	UserID      string             `json:"user_id"`
	Quarter     string             `json:"quarter" example:"2026-Q4"`
	FromLevelID string             `json:"from_level_id"`
	ToLevelID   string             `json:"to_level_id"`
	Direction   string             `json:"direction" enum:"promote,demote"`
	Average     float64            `json:"average" doc:"Mean final score of the quarter's three sheets"`
	Scores      map[string]float64 `json:"scores" doc:"Final score per month"`
	Status      string             `json:"status" enum:"proposed,confirmed,rejected"`
	DecidedBy   string             `json:"decided_by,omitempty"`
	Reason      string             `json:"reason,omitempty"`
	DecidedAt   *time.Time         `json:"decided_at,omitempty"`
	CreatedAt   time.Time          `json:"created_at"`
}

func proposalView(p *ent.GradeProposal) GradeProposalView {
	return GradeProposalView{ID: p.ID, UserID: p.UserID, Quarter: p.Quarter, FromLevelID: p.FromLevelID, ToLevelID: p.ToLevelID,
		Direction: string(p.Direction), Average: p.Average, Scores: p.Scores, Status: string(p.Status), DecidedBy: p.DecidedBy,
		Reason: p.Reason, DecidedAt: p.DecidedAt, CreatedAt: p.CreatedAt}
}

func (s *server) gradeRoutes(api huma.API) {
	tags := []string{"Performance"}
	ladder := func(ls []*ent.GradeLevel) *ladderOut {
		out := &ladderOut{}
		out.Body.Levels = make([]GradeLevelView, len(ls))
		for i, l := range ls {
			out.Body.Levels[i] = gradeLevelView(l)
		}
		return out
	}
	handle(api, can(authz.PerformanceRead), huma.Operation{
		OperationID: "get-grade-ladder", Method: http.MethodGet, Path: "/v1/grades", Tags: tags,
		Summary: "The grade ladder (见习, 四级 … 一级, 高级)", Description: "The tenant's levels with their thresholds, lowest first.",
	}, func(ctx context.Context, _ *struct{}) (*ladderOut, error) {
		ls, err := s.d.Grades.Ladder(ctx)
		if err != nil {
			return nil, err
		}
		return ladder(ls), nil
	})
	handle(api, can(authz.PerformanceApprove), huma.Operation{
		OperationID: "set-grade-ladder", Method: http.MethodPut, Path: "/v1/grades", Tags: tags,
		Summary:     "Replace the grade ladder",
		Description: "Lowest first. Levels keep their ids by rank, so holders keep their level; dropping a level someone holds answers 409.",
		Errors:      []int{http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		Body struct {
			Levels []GradeLevelView `json:"levels" maxItems:"12"`
		}
	}) (*ladderOut, error) {
		ls := make([]grades.Level, len(in.Body.Levels))
		for i, l := range in.Body.Levels {
			ls[i] = grades.Level{Name: l.Name, NameEn: l.NameEn, PromoteAt: l.PromoteAt, KeepAt: l.KeepAt}
		}
		out, err := s.d.Grades.SetLadder(ctx, ls)
		if err != nil {
			return nil, err
		}
		return ladder(out), nil
	})
	handle(api, can(authz.PerformanceRead), huma.Operation{
		OperationID: "list-staff-grades", Method: http.MethodGet, Path: "/v1/grades/staff", Tags: tags,
		Summary: "Who holds which level", Description: "People not listed hold the lowest level.",
	}, func(ctx context.Context, _ *struct{}) (*listOut[StaffGradeView], error) {
		rows, err := s.d.Grades.Holdings(ctx)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) StaffGradeView {
			return StaffGradeView{UserID: rows[i].UserID, LevelID: rows[i].LevelID, Since: rows[i].Since}
		}, ""), nil
	})
	handle(api, can(authz.PerformanceApprove), huma.Operation{
		OperationID: "set-staff-grade", Method: http.MethodPut, Path: "/v1/grades/staff/{id}", Tags: tags,
		Summary: "Place a person on a level", Description: "By hand, e.g. a newcomer's starting grade; {id} is the user.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			LevelID string `json:"level_id" maxLength:"40"`
		}
	}) (*struct{ Body StaffGradeView }, error) {
		g, err := s.d.Grades.Place(ctx, in.ID, in.Body.LevelID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body StaffGradeView }{Body: StaffGradeView{UserID: g.UserID, LevelID: g.LevelID, Since: g.Since}}, nil
	})
	handle(api, can(authz.PerformanceRead), huma.Operation{
		OperationID: "list-grade-proposals", Method: http.MethodGet, Path: "/v1/grades/proposals", Tags: tags,
		Summary: "Proposed promotions and demotions", Description: "Newest first.",
	}, func(ctx context.Context, in *struct {
		ListParams
		Quarter string `query:"quarter" pattern:"^[0-9]{4}-Q[1-4]$" example:"2026-Q4"`
		Status  string `query:"status" enum:"proposed,confirmed,rejected,"`
		UserID  string `query:"user_id" maxLength:"40"`
	}) (*listOut[GradeProposalView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		rows, next, err := s.d.Grades.Proposals(ctx, grades.ProposalFilter{Quarter: in.Quarter, Status: in.Status, UserID: in.UserID}, pg)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) GradeProposalView { return proposalView(rows[i]) }, paging.Cursor(next)), nil
	})
	handle(api, can(authz.PerformanceApprove), huma.Operation{
		OperationID: "review-grades", Method: http.MethodPost, Path: "/v1/grades/reviews", Tags: tags,
		Summary: "Run a quarter's grade review now",
		Description: "What the quarterly job does: for everyone with approved or locked sheets for the quarter's three months, " +
			"a proposal to move one level up (average ≥ the next level's promote_at) or down (average < their level's keep_at). " +
			"Proposes once per person and quarter.",
	}, func(ctx context.Context, in *struct {
		Body struct {
			Quarter string `json:"quarter" pattern:"^[0-9]{4}-Q[1-4]$" example:"2026-Q4"`
		}
	}) (*struct {
		Body struct {
			Quarter  string `json:"quarter"`
			Proposed int    `json:"proposed"`
		}
	}, error) {
		zone, err := s.d.Grades.Zone(ctx)
		if err != nil {
			return nil, err
		}
		q, err := grades.ParseQuarter(in.Body.Quarter, zone)
		if err != nil {
			return nil, err
		}
		n, err := s.d.Grades.Review(ctx, q)
		if err != nil {
			return nil, err
		}
		out := &struct {
			Body struct {
				Quarter  string `json:"quarter"`
				Proposed int    `json:"proposed"`
			}
		}{}
		out.Body.Quarter, out.Body.Proposed = q.Key, n
		return out, nil
	})
	decide := func(id, path, summary string, confirm bool) {
		handle(api, can(authz.PerformanceApprove), huma.Operation{
			OperationID: id, Method: http.MethodPost, Path: "/v1/grades/proposals/{id}/" + path, Tags: tags,
			Summary: summary, Description: "A proposal is decided once (409 after); a confirmation moves the person to the proposed level.",
			Errors: []int{http.StatusNotFound, http.StatusConflict},
		}, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40"`
			Body struct {
				Reason string `json:"reason,omitempty" maxLength:"2000" doc:"Required to reject"`
			}
		}) (*struct{ Body GradeProposalView }, error) {
			p, err := s.d.Grades.Resolve(ctx, principalFrom(ctx).ActorID(), in.ID, confirm, in.Body.Reason)
			if err != nil {
				return nil, err
			}
			return &struct{ Body GradeProposalView }{Body: proposalView(p)}, nil
		})
	}
	decide("confirm-grade-proposal", "confirm", "Confirm a proposal", true)
	decide("reject-grade-proposal", "reject", "Reject a proposal", false)
}

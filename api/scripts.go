package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/callbacks"
	"kefu/ent"
	"kefu/ent/types"
	"kefu/tenants/authz"
	"kefu/tenants/billing"
)

// ScriptView is a callback script (回访用语).
type ScriptView struct {
	ID                 string                 `json:"id"`
	Name               string                 `json:"name" example:"标准回访"`
	Opening            string                 `json:"opening"`
	Questions          []types.ScriptQuestion `json:"questions"`
	ClosingSatisfied   string                 `json:"closing_satisfied"`
	ClosingUnsatisfied string                 `json:"closing_unsatisfied"`
	IsDefault          bool                   `json:"is_default" doc:"Shown with every callback"`
}

func scriptView(s *ent.CallbackScript) ScriptView {
	v := ScriptView{ID: s.ID, Name: s.Name, Opening: s.Opening, Questions: s.Questions,
		ClosingSatisfied: s.ClosingSatisfied, ClosingUnsatisfied: s.ClosingUnsatisfied, IsDefault: s.IsDefault}
	if v.Questions == nil {
		v.Questions = []types.ScriptQuestion{}
	}
	return v
}

type scriptFields struct {
	Name               *string                 `json:"name,omitempty" minLength:"1" maxLength:"100" example:"标准回访"`
	Opening            *string                 `json:"opening,omitempty" maxLength:"4000" example:"您好，我是客服中心的回访专员，想了解您对这次服务是否满意。"`
	Questions          *[]types.ScriptQuestion `json:"questions,omitempty" maxItems:"30"`
	ClosingSatisfied   *string                 `json:"closing_satisfied,omitempty" maxLength:"4000"`
	ClosingUnsatisfied *string                 `json:"closing_unsatisfied,omitempty" maxLength:"4000"`
	IsDefault          *bool                   `json:"is_default,omitempty"`
}

func (f scriptFields) spec() callbacks.ScriptSpec {
	return callbacks.ScriptSpec{Name: f.Name, Opening: f.Opening, Questions: f.Questions,
		ClosingSatisfied: f.ClosingSatisfied, ClosingUnsatisfied: f.ClosingUnsatisfied, IsDefault: f.IsDefault}
}

func (s *server) scriptRoutes(api huma.API) {
	tags := []string{"Callbacks"}
	handle(api, can(authz.CallbacksRead), huma.Operation{
		OperationID: "list-callback-scripts", Method: http.MethodGet, Path: "/v1/callback-scripts", Tags: tags,
		Summary: "Callback scripts (回访用语)", Description: "The wording (回访用语) callback agents read when they call a customer back; one is the default.",
	}, func(ctx context.Context, _ *struct{}) (*listOut[ScriptView], error) {
		rows, err := s.d.Callbacks.Scripts(ctx)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) ScriptView { return scriptView(rows[i]) }, ""), nil
	})
	handle(api, can(authz.SLAWrite).onPlan(billing.FeatureCallbacks), huma.Operation{
		OperationID: "create-callback-script", Method: http.MethodPost, Path: "/v1/callback-scripts", Tags: tags,
		Summary: "Create a callback script", Description: "Adds a script of greeting, questions and closing; a taken name answers 409.", DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *struct{ Body scriptFields }) (*struct{ Body ScriptView }, error) {
		sc, err := s.d.Callbacks.CreateScript(ctx, in.Body.spec())
		if err != nil {
			return nil, err
		}
		return &struct{ Body ScriptView }{Body: scriptView(sc)}, nil
	})
	handle(api, can(authz.SLAWrite).onPlan(billing.FeatureCallbacks), huma.Operation{
		OperationID: "update-callback-script", Method: http.MethodPatch, Path: "/v1/callback-scripts/{id}", Tags: tags,
		Summary: "Update a callback script", Description: "Only the fields sent change.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body scriptFields
	}) (*struct{ Body ScriptView }, error) {
		sc, err := s.d.Callbacks.UpdateScript(ctx, in.ID, in.Body.spec())
		if err != nil {
			return nil, err
		}
		return &struct{ Body ScriptView }{Body: scriptView(sc)}, nil
	})
}

package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"kefu/tenants/authz"
	"kefu/tenants/billing"
	"kefu/tenants/roles"
)

type roleBody struct {
	Body RoleView
}

type roleNameInput struct {
	Name string `path:"name" maxLength:"40" example:"agent"`
}

type createRoleInput struct {
	Body struct {
		Name        string   `json:"name" minLength:"2" maxLength:"40" pattern:"^[a-z][a-z0-9_]+$" example:"night_shift_lead"`
		Label       string   `json:"label,omitempty" maxLength:"100" example:"夜班组长"`
		LabelEn     string   `json:"label_en,omitempty" maxLength:"100" example:"Night shift lead"`
		Description string   `json:"description,omitempty" maxLength:"500"`
		Parent      string   `json:"parent" minLength:"2" maxLength:"40" example:"supervisor" doc:"Built-in or custom role to inherit"`
		Permissions []string `json:"permissions,omitempty" maxItems:"64" example:"[\"reports:read\"]" doc:"Permissions added to the parent's"`
		Scope       *string  `json:"scope,omitempty" enum:"own,group,department,all" doc:"Rows the role sees; omitted inherits the parent's"`
	}
}

type updateRoleInput struct {
	Name string `path:"name" maxLength:"40"`
	Body struct {
		Label       string   `json:"label,omitempty" maxLength:"100" example:"质检主管"`
		LabelEn     string   `json:"label_en,omitempty" maxLength:"100" example:"QA lead"`
		Description string   `json:"description,omitempty" maxLength:"500"`
		Parent      string   `json:"parent,omitempty" maxLength:"40" example:"quality_inspector"`
		Permissions []string `json:"permissions,omitempty" maxItems:"64" doc:"Replaces the added permissions"`
		Scope       *string  `json:"scope,omitempty" enum:"own,group,department,all," doc:"Rows the role sees; \"\" inherits the parent's"`
	}
}

func (s *server) roleRoutes(api huma.API) {
	handle(api, can(authz.RolesRead), huma.Operation{
		OperationID: "list-roles", Method: http.MethodGet, Path: "/v1/roles", Tags: []string{"Roles"},
		Summary:     "List roles",
		Description: "Built-in roles (director > manager > supervisor > agent > viewer, and side roles) then the tenant's custom roles.",
	}, func(ctx context.Context, _ *struct{}) (*listOut[RoleView], error) {
		rs, err := s.d.Roles.List(ctx)
		if err != nil {
			return nil, err
		}
		return listOf(len(rs), func(i int) RoleView { return roleView(rs[i]) }, ""), nil
	})

	handle(api, can(authz.RolesRead), huma.Operation{
		OperationID: "get-role", Method: http.MethodGet, Path: "/v1/roles/{name}", Tags: []string{"Roles"},
		Summary: "Get a role", Description: "A built-in or custom role with its parent and permissions.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *roleNameInput) (*roleBody, error) {
		r, err := s.d.Roles.Get(ctx, in.Name)
		if err != nil {
			return nil, err
		}
		return &roleBody{Body: roleView(*r)}, nil
	})

	handle(api, can(authz.RolesWrite).onPlan(billing.FeatureCustomRoles), huma.Operation{
		OperationID: "create-role", Method: http.MethodPost, Path: "/v1/roles", Tags: []string{"Roles"},
		Summary:       "Create a custom role",
		Description:   "A custom role inherits a built-in or custom role and may add permissions you hold yourself.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *createRoleInput) (*roleBody, error) {
		b := in.Body
		r, err := s.d.Roles.Create(ctx, principalFrom(ctx).ActorID(), roles.Spec{
			Name: b.Name, Label: b.Label, LabelEn: b.LabelEn, Description: b.Description, Parent: b.Parent, Permissions: b.Permissions, Scope: b.Scope,
		})
		if err != nil {
			return nil, err
		}
		return &roleBody{Body: roleView(*r)}, nil
	})

	handle(api, can(authz.RolesWrite).onPlan(billing.FeatureCustomRoles), huma.Operation{
		OperationID: "update-role", Method: http.MethodPatch, Path: "/v1/roles/{name}", Tags: []string{"Roles"},
		Summary: "Update a custom role", Description: "Changes a custom role; built-in roles cannot be changed (409). Takes effect at once in every process.", Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *updateRoleInput) (*roleBody, error) {
		b := in.Body
		r, err := s.d.Roles.Update(ctx, principalFrom(ctx).ActorID(), in.Name, roles.Spec{
			Label: b.Label, LabelEn: b.LabelEn, Description: b.Description, Parent: b.Parent, Permissions: b.Permissions, Scope: b.Scope,
		})
		if err != nil {
			return nil, err
		}
		return &roleBody{Body: roleView(*r)}, nil
	})

	handle(api, can(authz.RolesWrite), huma.Operation{
		OperationID: "delete-role", Method: http.MethodDelete, Path: "/v1/roles/{name}", Tags: []string{"Roles"},
		Summary:       "Delete a custom role",
		Description:   "Refused while anyone holds the role or another role inherits it.",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *roleNameInput) (*struct{}, error) {
		return nil, s.d.Roles.Delete(ctx, in.Name)
	})
}

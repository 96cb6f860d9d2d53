package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"kefu/paging"
	"kefu/tenants/accounts"
	"kefu/tenants/authz"
)

type userBody struct {
	Body UserView
}

type createUserInput struct {
	Body struct {
		Email    string   `json:"email" format:"email" maxLength:"254" example:"wang.li@example.com"`
		Name     string   `json:"name" minLength:"1" maxLength:"100" example:"王丽"`
		Phone    string   `json:"phone,omitempty" maxLength:"32" pattern:"^[0-9+() -]*$" example:"13800000000"`
		Password string   `json:"password,omitempty" minLength:"8" maxLength:"128" doc:"Omit to send an invitation link instead"`
		Roles    []string `json:"roles,omitempty" maxItems:"20" example:"[\"agent\"]" doc:"Defaults to agent"`
		Locale   string   `json:"locale,omitempty" enum:"zh-CN,en"`
	}
}

type listUsersInput struct {
	ListParams
	Status string `query:"status" enum:"active,invited,deactivated,"`
	Q      string `query:"q" maxLength:"100" doc:"Matches name or email"`
	Role   string `query:"role" maxLength:"64" doc:"Users holding this role directly"`
}

type userIDInput struct {
	ID string `path:"id" maxLength:"40" example:"usr_01jd0000000000000000000000"`
}

type updateUserInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		Name     *string   `json:"name,omitempty" minLength:"1" maxLength:"100" example:"王芳"`
		Phone    *string   `json:"phone,omitempty" maxLength:"32" pattern:"^[0-9+() -]*$" example:"13900000000"`
		Locale   *string   `json:"locale,omitempty" enum:"zh-CN,en" example:"zh-CN"`
		Roles    *[]string `json:"roles,omitempty" minItems:"1" maxItems:"20"`
		Password *string   `json:"password,omitempty" minLength:"8" maxLength:"128" doc:"Sets a new password and ends the user's sessions"`
	}
}

func (s *server) userRoutes(api huma.API) {
	handle(api, can(authz.UsersWrite), huma.Operation{
		OperationID: "create-user", Method: http.MethodPost, Path: "/v1/users", Tags: []string{"Users"},
		Summary:       "Create a staff member",
		Description:   "With a password the account is active at once; without one an invitation link is mailed. You can only grant roles whose permissions you hold.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *createUserInput) (*userBody, error) {
		b := in.Body
		u, err := s.d.Users.Create(ctx, principalFrom(ctx).ActorID(), accounts.NewUser{
			Email: b.Email, Name: b.Name, Phone: b.Phone, Password: b.Password, Roles: b.Roles, Locale: b.Locale,
		})
		if err != nil {
			return nil, err
		}
		return &userBody{Body: userView(u)}, nil
	})

	handle(api, can(authz.UsersRead), huma.Operation{
		OperationID: "list-users", Method: http.MethodGet, Path: "/v1/users", Tags: []string{"Users"},
		Summary:     "List staff",
		Description: "Scoped by the caller's roles: a director sees everyone, a manager their department's subtree, a supervisor their group, an agent themselves.",
	}, func(ctx context.Context, in *listUsersInput) (*listOut[UserView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		// Staff lists follow the caller's data scope from the org chart.
		vis, err := s.d.Org.VisibilityOf(ctx, principalFrom(ctx).ActorID())
		if err != nil {
			return nil, err
		}
		f := accounts.ListFilter{Status: in.Status, Query: in.Q, Role: in.Role}
		if !vis.All {
			f.OnlyIDs = vis.UserIDs
		}
		rows, next, err := s.d.Users.List(ctx, f, pg)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) UserView { return userView(rows[i]) }, next), nil
	})

	handle(api, can(authz.UsersRead), huma.Operation{
		OperationID: "get-user", Method: http.MethodGet, Path: "/v1/users/{id}", Tags: []string{"Users"},
		Summary: "Get a staff member", Description: "The staff member with their roles and status.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *userIDInput) (*userBody, error) {
		u, err := s.d.Users.Get(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &userBody{Body: userView(u)}, nil
	})

	handle(api, can(authz.UsersWrite), huma.Operation{
		OperationID: "update-user", Method: http.MethodPatch, Path: "/v1/users/{id}", Tags: []string{"Users"},
		Summary:     "Update a staff member",
		Description: "Only the fields sent change. Replacing roles is refused if it would leave no active director.",
		Errors:      []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *updateUserInput) (*userBody, error) {
		b := in.Body
		u, err := s.d.Users.Update(ctx, principalFrom(ctx).ActorID(), in.ID, accounts.Patch{
			Name: b.Name, Phone: b.Phone, Locale: b.Locale, Roles: b.Roles, Password: b.Password,
		})
		if err != nil {
			return nil, err
		}
		return &userBody{Body: userView(u)}, nil
	})

	handle(api, can(authz.UsersWrite), huma.Operation{
		OperationID: "deactivate-user", Method: http.MethodPost, Path: "/v1/users/{id}/deactivate", Tags: []string{"Users"},
		Summary:     "Deactivate a staff member",
		Description: "Blocks sign-in and ends their sessions; history stays. You cannot deactivate yourself or the last director.",
		Errors:      []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *userIDInput) (*userBody, error) {
		u, err := s.d.Users.Deactivate(ctx, principalFrom(ctx).ActorID(), in.ID)
		if err != nil {
			return nil, err
		}
		return &userBody{Body: userView(u)}, nil
	})

	handle(api, can(authz.UsersWrite), huma.Operation{
		OperationID: "reactivate-user", Method: http.MethodPost, Path: "/v1/users/{id}/reactivate", Tags: []string{"Users"},
		Summary: "Reactivate a staff member", Description: "Lets a deactivated staff member sign in again; an active one answers 409.", Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *userIDInput) (*userBody, error) {
		u, err := s.d.Users.Reactivate(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &userBody{Body: userView(u)}, nil
	})
}

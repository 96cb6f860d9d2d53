package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"kefu/paging"
)

type operatorLoginInput struct {
	Body struct {
		Email    string `json:"email" minLength:"3" maxLength:"254" example:"operator@kefu.local"`
		Password string `json:"password" minLength:"1" maxLength:"128"`
	}
}

type operatorTenantsInput struct {
	ListParams
	Status string `query:"status" enum:"trialing,active,past_due,suspended,canceled,"`
}

type suspendInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		Reason string `json:"reason" minLength:"1" maxLength:"500" example:"Abuse report #42"`
	}
}

type tenantIDInput struct {
	ID string `path:"id" maxLength:"40"`
}

func (s *server) operatorRoutes(api huma.API) {
	handle(api, public(), huma.Operation{
		OperationID: "operator-login", Method: http.MethodPost, Path: "/v1/operator/auth/login", Tags: []string{"Operator"},
		Summary: "Sign in as the platform operator", Description: "Signs in the platform operator (not a tenant's user) and returns a session token for the /v1/operator endpoints.", Errors: []int{http.StatusUnauthorized},
	}, func(ctx context.Context, in *operatorLoginInput) (*tokenOutput, error) {
		l, err := s.d.Accounts.OperatorLogin(ctx, in.Body.Email, in.Body.Password)
		if err != nil {
			return nil, err
		}
		out := &tokenOutput{}
		out.Body.Token, out.Body.ExpiresAt = l.Token, l.ExpiresAt
		return out, nil
	})

	handle(api, operatorOnly(), huma.Operation{
		OperationID: "operator-list-tenants", Method: http.MethodGet, Path: "/v1/operator/tenants", Tags: []string{"Operator"},
		Summary: "List every tenant", Description: "Every organization on the platform, filterable by status.",
	}, func(ctx context.Context, in *operatorTenantsInput) (*listOut[TenantView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		rows, next, err := s.d.Lifecycle.ListTenants(ctx, in.Status, pg)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) TenantView { return tenantView(rows[i]) }, next), nil
	})

	handle(api, operatorOnly(), huma.Operation{
		OperationID: "operator-suspend-tenant", Method: http.MethodPost, Path: "/v1/operator/tenants/{id}/suspend", Tags: []string{"Operator"},
		Summary:     "Suspend a tenant",
		Description: "Blocks every sign-in and request of the tenant; its data stay untouched.",
		Errors:      []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *suspendInput) (*tenantBody, error) {
		t, err := s.d.Lifecycle.Suspend(ctx, in.ID, in.Body.Reason)
		if err != nil {
			return nil, err
		}
		return &tenantBody{Body: tenantView(t)}, nil
	})

	handle(api, operatorOnly(), huma.Operation{
		OperationID: "operator-resume-tenant", Method: http.MethodPost, Path: "/v1/operator/tenants/{id}/resume", Tags: []string{"Operator"},
		Summary: "Lift a tenant's suspension", Description: "Makes a suspended organization usable again; one that is not suspended answers 409.", Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *tenantIDInput) (*tenantBody, error) {
		t, err := s.d.Lifecycle.Resume(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &tenantBody{Body: tenantView(t)}, nil
	})
}

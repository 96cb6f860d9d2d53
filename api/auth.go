package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/tenants/lifecycle"
	"kefu/tenants/tenancy"
)

type signupInput struct {
	Body struct {
		Organization  string `json:"organization" minLength:"1" maxLength:"200" example:"示范物业客户服务中心" doc:"Organization name"`
		Slug          string `json:"slug" minLength:"3" maxLength:"63" example:"demo-property" doc:"Organization address, used at login"`
		Industry      string `json:"industry" enum:"property,insurance,hospital,bank,ecommerce,generic" doc:"Seeds that industry's template"`
		AdminEmail    string `json:"admin_email" format:"email" maxLength:"254" example:"director@example.com"`
		AdminPassword string `json:"admin_password" minLength:"8" maxLength:"128"`
		AdminName     string `json:"admin_name,omitempty" maxLength:"100" example:"张主任"`
		Plan          string `json:"plan,omitempty" enum:"free,team,business,enterprise" doc:"Ignored while billing is off: every tenant gets the unlimited local plan"`
		Locale        string `json:"locale,omitempty" enum:"zh-CN,en" default:"zh-CN"`
		Timezone      string `json:"timezone,omitempty" default:"Asia/Shanghai" example:"Asia/Shanghai"`
	}
}

type signupOutput struct {
	Body struct {
		Tenant      TenantView `json:"tenant"`
		Token       string     `json:"token" doc:"Session token of the new director"`
		ExpiresAt   time.Time  `json:"expires_at"`
		CheckoutURL string     `json:"checkout_url,omitempty" doc:"Where to pay, when a paid plan was chosen"`
	}
}

type loginInput struct {
	Body struct {
		Tenant   string `json:"tenant" minLength:"1" maxLength:"63" example:"demo-property" doc:"Organization address (slug)"`
		Email    string `json:"email" minLength:"3" maxLength:"254" example:"director@property.demo"`
		Password string `json:"password" minLength:"1" maxLength:"128"`
	}
}

type tokenOutput struct {
	Body struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expires_at"`
	}
}

type acceptInviteInput struct {
	Body struct {
		Token    string `json:"token" minLength:"10" maxLength:"200" doc:"From the invitation link"`
		Password string `json:"password" minLength:"8" maxLength:"128" example:"correct-horse-battery"`
	}
}

type meOutput struct {
	Body struct {
		User        *UserView   `json:"user,omitempty" doc:"The signed-in person; absent when an API key calls"`
		APIKey      *APIKeyView `json:"api_key,omitempty" doc:"The calling API key, when a key calls"`
		Tenant      TenantView  `json:"tenant"`
		Roles       []string    `json:"roles" doc:"Roles held, directly or through positions"`
		Effective   []string    `json:"effective_roles" doc:"Held and inherited roles"`
		Permissions []string    `json:"permissions"`
		ReadOnly    bool        `json:"read_only" doc:"Writes are refused until the subscription is paid"`
		Scope       string      `json:"scope" enum:"own,group,department,all" doc:"Which rows scoped lists show you"`
		Posts       []PostView  `json:"posts" doc:"Positions you hold now, primary first (your units' queues)"`
	}
}

// PostView is a position the signed-in person holds.
type PostView struct {
	PositionID string `json:"position_id"`
	Title      string `json:"title"`
	UnitID     string `json:"unit_id"`
	UnitName   string `json:"unit_name"`
	Kind       string `json:"kind" enum:"primary,concurrent,acting"`
}

func (s *server) authRoutes(api huma.API) {
	handle(api, public(), huma.Operation{
		OperationID: "signup", Method: http.MethodPost, Path: "/v1/signup", Tags: []string{"Auth"},
		Summary:       "Sign up an organization",
		Description:   "Creates a tenant seeded from the industry template, its first user as director, and signs that user in.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *signupInput) (*signupOutput, error) {
		b := in.Body
		res, err := s.d.Lifecycle.Signup(ctx, lifecycle.SignupInput{
			Organization: b.Organization, Slug: b.Slug, Industry: b.Industry, AdminEmail: b.AdminEmail,
			AdminName: b.AdminName, AdminPassword: b.AdminPassword, Plan: b.Plan, Locale: b.Locale, Timezone: b.Timezone,
		})
		if err != nil {
			return nil, err
		}
		out := &signupOutput{}
		out.Body.Tenant = tenantView(res.Tenant)
		out.Body.Token, out.Body.ExpiresAt = res.Login.Token, res.Login.ExpiresAt
		if s.d.Billing != nil {
			// A paid plan is paid through Checkout, as the new director.
			tctx := tenancy.WithViewer(ctx, tenancy.Viewer{TenantID: res.Tenant.ID, ActorType: tenancy.ActorUser, ActorID: res.Login.UserID})
			out.Body.CheckoutURL = s.d.Billing.SignupCheckout(tctx, res.Tenant)
		}
		return out, nil
	})

	handle(api, public(), huma.Operation{
		OperationID: "login", Method: http.MethodPost, Path: "/v1/auth/login", Tags: []string{"Auth"},
		Summary:     "Sign in",
		Description: "Returns a console session token. Wrong organization, email or password all answer 401 alike.",
		Errors:      []int{http.StatusUnauthorized, http.StatusForbidden},
	}, func(ctx context.Context, in *loginInput) (*tokenOutput, error) {
		l, err := s.d.Accounts.Login(ctx, in.Body.Tenant, in.Body.Email, in.Body.Password)
		if err != nil {
			return nil, err
		}
		out := &tokenOutput{}
		out.Body.Token, out.Body.ExpiresAt = l.Token, l.ExpiresAt
		return out, nil
	})

	handle(api, signedIn().evenReadOnly(), huma.Operation{
		OperationID: "logout", Method: http.MethodPost, Path: "/v1/auth/logout", Tags: []string{"Auth"},
		Summary: "Sign out", Description: "Ends the current session.", DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, _ *struct{}) (*struct{}, error) {
		return nil, s.d.Accounts.Logout(ctx, principalFrom(ctx).SessionID)
	})

	handle(api, public(), huma.Operation{
		OperationID: "accept-invite", Method: http.MethodPost, Path: "/v1/auth/accept-invite", Tags: []string{"Auth"},
		Summary:     "Accept an invitation",
		Description: "Sets the invited user's password and signs them in.",
		Errors:      []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *acceptInviteInput) (*tokenOutput, error) {
		l, err := s.d.Users.AcceptInvite(ctx, s.d.Accounts, in.Body.Token, in.Body.Password)
		if err != nil {
			return nil, err
		}
		out := &tokenOutput{}
		out.Body.Token, out.Body.ExpiresAt = l.Token, l.ExpiresAt
		return out, nil
	})

	handle(api, signedIn(), huma.Operation{
		OperationID: "get-me", Method: http.MethodGet, Path: "/v1/me", Tags: []string{"Auth"},
		Summary:     "Who am I",
		Description: "The current user (or, for an API key, the key), their tenant, roles and effective permissions.",
	}, func(ctx context.Context, _ *struct{}) (*meOutput, error) {
		p := principalFrom(ctx)
		out := &meOutput{}
		if p.KeyID != "" {
			k, err := s.d.APIKeys.Get(ctx, p.KeyID)
			if err != nil {
				return nil, err
			}
			v := s.apiKeyView(k)
			out.Body.APIKey = &v
			out.Body.Roles = []string{k.RoleID}
		} else {
			u, err := s.d.Users.Get(ctx, p.UserID)
			if err != nil {
				return nil, err
			}
			v := userView(u)
			out.Body.User = &v
			out.Body.Roles = u.AllRoles
		}
		t, err := s.d.Lifecycle.Current(ctx)
		if err != nil {
			return nil, err
		}
		out.Body.Tenant = tenantView(t)
		out.Body.Effective = s.d.Authz.EffectiveRoles(p.TenantID, p.ActorID())
		out.Body.Permissions = permStrings(s.d.Authz.Permissions(p.TenantID, p.ActorID()))
		out.Body.ReadOnly = p.ReadOnly
		vis, err := s.d.Org.VisibilityOf(ctx, p.ActorID())
		if err != nil {
			return nil, err
		}
		out.Body.Scope = string(vis.Scope)
		posts, err := s.d.Org.PostsOf(ctx, p.ActorID())
		if err != nil {
			return nil, err
		}
		out.Body.Posts = make([]PostView, len(posts))
		for i, x := range posts {
			out.Body.Posts[i] = PostView(x)
		}
		return out, nil
	})
}

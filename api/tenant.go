package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"kefu/paging"
	"kefu/tenants/auditlog"
	"kefu/tenants/authz"
	"kefu/tenants/lifecycle"
)

type tenantBody struct {
	Body TenantView
}

type updateTenantInput struct {
	Body struct {
		Name     *string `json:"name,omitempty" minLength:"1" maxLength:"200"`
		Timezone *string `json:"timezone,omitempty" maxLength:"64" example:"Asia/Shanghai"`
		Locale   *string `json:"locale,omitempty" enum:"zh-CN,en"`
	}
}

func (s *server) tenantRoutes(api huma.API) {
	handle(api, can(authz.TenantRead), huma.Operation{
		OperationID: "get-tenant", Method: http.MethodGet, Path: "/v1/tenant", Tags: []string{"Tenant"},
		Summary: "Get your organization", Description: "Your organization: name, slug, industry, plan, status, time zone and locale.",
	}, func(ctx context.Context, _ *struct{}) (*tenantBody, error) {
		t, err := s.d.Lifecycle.Current(ctx)
		if err != nil {
			return nil, err
		}
		return &tenantBody{Body: tenantView(t)}, nil
	})

	handle(api, can(authz.TenantWrite), huma.Operation{
		OperationID: "update-tenant", Method: http.MethodPatch, Path: "/v1/tenant", Tags: []string{"Tenant"},
		Summary: "Update your organization's settings", Description: "Only the fields sent change. The locale is the language of names Kefu gives things (e.g. new callers).",
	}, func(ctx context.Context, in *updateTenantInput) (*tenantBody, error) {
		t, err := s.d.Lifecycle.UpdateSettings(ctx, lifecycle.SettingsPatch{Name: in.Body.Name, Timezone: in.Body.Timezone, Locale: in.Body.Locale})
		if err != nil {
			return nil, err
		}
		return &tenantBody{Body: tenantView(t)}, nil
	})
}

type auditListInput struct {
	ListParams
	ActorID    string `query:"actor_id" maxLength:"40"`
	TargetType string `query:"target_type" maxLength:"64" example:"User"`
	TargetID   string `query:"target_id" maxLength:"40"`
	Action     string `query:"action" enum:"create,update,delete,seed,import,read,"`
}

func (s *server) auditRoutes(api huma.API) {
	handle(api, can(authz.AuditRead), huma.Operation{
		OperationID: "list-audit-log", Method: http.MethodGet, Path: "/v1/audit-log", Tags: []string{"Tenant"},
		Summary:     "Read the audit log",
		Description: "Every change in your organization, newest first: who, what, when and from where. Secrets are never recorded.",
	}, func(ctx context.Context, in *auditListInput) (*listOut[AuditEntryView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		rows, next, err := auditlog.List(ctx, s.d.DB, auditlog.Filter{
			ActorID: in.ActorID, TargetType: in.TargetType, TargetID: in.TargetID, Action: in.Action,
		}, pg)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) AuditEntryView { return auditView(rows[i]) }, next), nil
	})
}

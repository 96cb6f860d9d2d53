package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"kefu/fault"
	"kefu/tenants/accounts"
	"kefu/tenants/apikeys"
	"kefu/tenants/billing"
	"kefu/tenants/tenancy"
)

type principalKey struct{}

// principalFrom returns who is calling; handlers behind signedIn() or can()
// always have one.
func principalFrom(ctx context.Context) *accounts.Principal {
	p, _ := ctx.Value(principalKey{}).(*accounts.Principal)
	return p
}

// guard authenticates the bearer token and enforces the route's access
// rule before any handler runs.
func (s *server) guard(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		op := ctx.Operation()
		if meta := metaFrom(ctx.Context()); meta != nil {
			meta.route = op.Path
		}
		a, _ := op.Metadata[metaAccess].(access)
		if a.kind == "public" {
			next(ctx)
			return
		}
		token, ok := strings.CutPrefix(ctx.Header("Authorization"), "Bearer ")
		if !ok || token == "" {
			writeProblem(api, ctx, fault.ErrUnauthenticated)
			return
		}
		p, err := s.authenticate(ctx.Context(), strings.TrimSpace(token))
		if err != nil {
			writeProblem(api, ctx, err)
			return
		}
		if meta := metaFrom(ctx.Context()); meta != nil {
			meta.tenantID, meta.actorID = p.TenantID, p.ActorID()
			if p.OperatorID != "" {
				meta.actorID = p.OperatorID
			}
		}
		if !s.throttleCaller(api, ctx, p) {
			return
		}
		switch {
		case a.kind == "operator" && p.OperatorID == "":
			writeProblem(api, ctx, fault.Forbiddenf("only the platform operator may do this"))
			return
		case a.kind != "operator" && p.OperatorID != "":
			writeProblem(api, ctx, fault.Forbiddenf("operator sessions cannot act inside a tenant"))
			return
		case a.perm != "" && !s.d.Authz.Can(p.TenantID, p.ActorID(), a.perm):
			writeProblem(api, ctx, fault.Forbiddenf("your role does not grant %s", a.perm))
			return
		case a.feature != "" && !s.planHas(ctx.Context(), p.TenantID, a.feature):
			writeProblem(api, ctx, missingFeature(a.feature))
			return
		case p.KeyID != "" && !s.planHas(ctx.Context(), p.TenantID, billing.FeatureAPIAccess):
			writeProblem(api, ctx, missingFeature(billing.FeatureAPIAccess))
			return
		case p.ReadOnly && ctx.Method() != http.MethodGet && !a.readOnlyOK:
			writeProblem(api, ctx, fault.PaymentRequiredf("this organization is read-only until its subscription is paid (or a plan is chosen again)"))
			return
		}
		c := context.WithValue(ctx.Context(), principalKey{}, p)
		switch {
		case p.OperatorID != "":
			c = tenancy.WithViewer(c, tenancy.Viewer{ActorType: tenancy.ActorOperator, ActorID: p.OperatorID})
		case p.KeyID != "":
			c = tenancy.WithViewer(c, tenancy.Viewer{TenantID: p.TenantID, ActorType: tenancy.ActorAPIKey, ActorID: p.KeyID})
		default:
			c = tenancy.WithViewer(c, tenancy.Viewer{TenantID: p.TenantID, ActorType: tenancy.ActorUser, ActorID: p.UserID})
		}
		next(huma.WithContext(ctx, c))
	}
}

// planHas reports whether the tenant's plan includes feature f; operator
// calls name no tenant, and a server built without billing sells everything.
func (s *server) planHas(ctx context.Context, tenantID, f string) bool {
	return s.d.Billing == nil || tenantID == "" || s.d.Billing.Includes(ctx, tenantID, f)
}

// missingFeature is the 402 for a plan without feature f.
func missingFeature(f string) error {
	return fault.PaymentRequiredf("your plan does not include %s: choose a plan that does under Billing", featureNames[f])
}

// featureNames say what a plan feature is in a 402's detail.
var featureNames = map[string]string{
	billing.FeatureAPIAccess:   "API access (API keys)",
	billing.FeatureWebhooks:    "webhooks",
	billing.FeatureCallbacks:   "callbacks (回访)",
	billing.FeatureCustomRoles: "custom roles",
}

// authenticate resolves a bearer token: an API key (kf_live_…/kf_test_…)
// or a console session.
func (s *server) authenticate(ctx context.Context, token string) (*accounts.Principal, error) {
	if !apikeys.LooksLikeKey(token) {
		return s.d.Accounts.Authenticate(ctx, token)
	}
	c, err := s.d.APIKeys.Authenticate(ctx, token, tenancy.RequestFrom(ctx).IP)
	if err != nil {
		return nil, err
	}
	return &accounts.Principal{KeyID: c.KeyID, TenantID: c.TenantID, ReadOnly: c.ReadOnly, Locale: c.Locale}, nil
}

package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"kefu/tenants/authz"
)

// access is what a route requires; every route declares it beside itself.
type access struct {
	kind string // public, user, operator
	perm authz.Permission
	// readOnlyOK lets a write through while the tenant is read-only.
	readOnlyOK bool
	// feature is the plan feature the route needs (billing.Feature*).
	feature string
}

const metaAccess = "kefu.access"

func public() access                  { return access{kind: "public"} }
func signedIn() access                { return access{kind: "user"} }
func can(p authz.Permission) access   { return access{kind: "user", perm: p} }
func operatorOnly() access            { return access{kind: "operator"} }
func (a access) evenReadOnly() access { a.readOnlyOK = true; return a }

// onPlan requires the tenant's plan to include feature f.
func (a access) onPlan(f string) access { a.feature = f; return a }

// handle registers a typed operation with its access rule, documents its
// error responses, and routes domain errors through problem().
func handle[I, O any](api huma.API, a access, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata[metaAccess] = a
	if a.perm != "" {
		op.Description += "\n\nRequires permission `" + string(a.perm) + "`."
	}
	if a.feature != "" {
		op.Description += "\n\nRequires a plan with the feature `" + a.feature + "` (402 otherwise)."
		op.Errors = append(op.Errors, http.StatusPaymentRequired)
	}
	if a.kind == "public" {
		op.Security = []map[string][]string{{}} // anonymous: overrides the document's bearer default
	} else {
		op.Security = []map[string][]string{{"bearer": {}}}
		op.Errors = append(op.Errors, http.StatusUnauthorized)
		if a.perm != "" || a.kind == "operator" {
			op.Errors = append(op.Errors, http.StatusForbidden)
		}
	}
	if op.Method != http.MethodGet || op.RequestBody != nil {
		op.Errors = append(op.Errors, http.StatusUnprocessableEntity)
	}
	huma.Register(api, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			return nil, problem(ctx, err)
		}
		return out, nil
	})
}

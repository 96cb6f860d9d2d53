// Package tenancy carries who is acting, and for which tenant, through a
// context. The ent privacy layer reads it on every query, so a tenant id
// never comes from a request body.
package tenancy

import "context"

// Actor kinds, as recorded in the audit log.
const (
	ActorUser     = "user"
	ActorAPIKey   = "api_key"
	ActorOperator = "operator"
	ActorSystem   = "system"
)

// Viewer is the acting principal.
type Viewer struct {
	TenantID  string
	ActorType string
	ActorID   string
	// system marks the explicit bypass used by workers, signup and the
	// platform operator; only System() sets it.
	system bool
}

// IsSystem reports whether the viewer bypasses tenant filtering.
func (v Viewer) IsSystem() bool { return v.system }

type viewerKey struct{}

// WithViewer returns a context acting as v inside v.TenantID.
func WithViewer(ctx context.Context, v Viewer) context.Context {
	v.system = false
	return context.WithValue(ctx, viewerKey{}, v)
}

// WithTenant acts as the system inside one tenant: queries are still
// filtered to that tenant. Workers use it after reading a task's payload.
func WithTenant(ctx context.Context, tenantID string) context.Context {
	return context.WithValue(ctx, viewerKey{}, Viewer{TenantID: tenantID, ActorType: ActorSystem})
}

// System is the one explicit bypass of tenant filtering. Grep for
// tenancy.System to audit every use.
func System(ctx context.Context) context.Context {
	v, _ := FromContext(ctx)
	v.system = true
	if v.ActorType == "" {
		v.ActorType = ActorSystem
	}
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the viewer, if any.
func FromContext(ctx context.Context) (Viewer, bool) {
	v, ok := ctx.Value(viewerKey{}).(Viewer)
	return v, ok
}

// TenantID returns the tenant the context acts in, or "".
func TenantID(ctx context.Context) string {
	v, _ := FromContext(ctx)
	return v.TenantID
}

// Request describes where a call came from, for the audit log.
type Request struct {
	ID string
	IP string
}

type requestKey struct{}

// WithRequest attaches request metadata.
func WithRequest(ctx context.Context, r Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom returns the request metadata, if any.
func RequestFrom(ctx context.Context) Request {
	r, _ := ctx.Value(requestKey{}).(Request)
	return r
}

type quietKey struct{}

// Quiet marks bulk writes (template seeding) whose individual rows are not
// audited; the caller records one summary entry instead.
func Quiet(ctx context.Context) context.Context {
	return context.WithValue(ctx, quietKey{}, true)
}

// IsQuiet reports whether per-row auditing is off.
func IsQuiet(ctx context.Context) bool {
	q, _ := ctx.Value(quietKey{}).(bool)
	return q
}

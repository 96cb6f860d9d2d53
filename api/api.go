// Package api is Kefu's HTTP transport: huma operations, one file per
// resource, each route declaring its access rule beside it. Handlers
// decode, call the domain and encode; errors go through problem().
package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"kefu/desk/calendars"
	"kefu/desk/callbacks"
	"kefu/desk/customers"
	"kefu/desk/duty"
	"kefu/desk/grades"
	"kefu/desk/handover"
	"kefu/desk/kpi"
	"kefu/desk/orgchart"
	"kefu/desk/policies"
	"kefu/desk/quality"
	"kefu/desk/scoresheet"
	"kefu/desk/tickets"
	"kefu/ent"
	"kefu/tenants/accounts"
	"kefu/tenants/apikeys"
	"kefu/tenants/authz"
	"kefu/tenants/billing"
	"kefu/tenants/idempotency"
	"kefu/tenants/lifecycle"
	"kefu/tenants/ratelimit"
	"kefu/tenants/roles"
	"kefu/tenants/webhooks"
)

// Version is the API document's version.
const Version = "1.0.0"

// Deps are the services the API calls.
type Deps struct {
	DB        *ent.Client
	Authz     *authz.Authorizer
	Accounts  *accounts.Service
	APIKeys   *apikeys.Service
	Users     *accounts.Users
	Roles     *roles.Service
	Lifecycle *lifecycle.Service
	Org       *orgchart.Service
	Customers *customers.Service
	Tickets   *tickets.Service
	Calendars *calendars.Service
	Policies  *policies.Service
	Callbacks *callbacks.Service
	Duty      *duty.Service
	Handovers *handover.Service
	KPI       *kpi.Service
	Quality   *quality.Service
	Sheets    *scoresheet.Service
	Grades    *grades.Service
	Webhooks  *webhooks.Service
	Billing   *billing.Service
	BaseURL   string // public address, for links handed to customers
	// Ready reports whether the database and Redis answer.
	Ready    func(context.Context) map[string]error
	Metrics  *prometheus.Registry
	Log      *slog.Logger
	Frontend http.Handler // the console; nil serves nothing at /
	// Idempotency stores Idempotency-Key answers; nil ignores the header.
	Idempotency *idempotency.Service
	// TrustedProxies are the load balancers whose X-Forwarded-For names
	// the client (see clientIP); none: the peer is the client.
	TrustedProxies []netip.Prefix
	// Limiter rate-limits callers; nil limits nothing.
	Limiter *ratelimit.Limiter
}

type server struct {
	d      Deps
	api    huma.API
	limits *throttling // nil: no rate limits
}

// Config is the OpenAPI document's frame, shared by New and Spec.
func Config() huma.Config {
	cfg := huma.DefaultConfig("Kefu API", Version)
	cfg.CreateHooks = nil // no $schema links in bodies
	cfg.DocsPath = ""     // /docs is ours, rendered offline
	cfg.Formats = refuseNUL(cfg.Formats)
	cfg.Info.Description = "The public API of Kefu (客服), a multi-tenant customer service center platform. " +
		"Authenticate with `Authorization: Bearer <token>` (a console session token from login, or an API key). " +
		"Errors are RFC 9457 problem documents; lists are cursor-paginated. " +
		"Writes accept an `Idempotency-Key` header (any unique string up to 255 characters, kept 24 h): a retry with the same key " +
		"and body gets the first answer again with `Idempotent-Replayed: true`. Requests are rate-limited per API key (or user) " +
		"and per tenant; responses carry `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds), and a 429 carries `Retry-After`."
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "Session token (kfs_…) or API key (kf_live_…/kf_test_…)."},
	}
	cfg.Servers = []*huma.Server{{URL: "/", Description: "This Kefu server"}}
	cfg.Security = []map[string][]string{{"bearer": {}}}
	cfg.Info.License = &huma.License{Name: "Proprietary"}
	cfg.Info.Contact = &huma.Contact{Name: "Kefu", URL: "http://localhost:8080/docs"}
	return cfg
}

// New builds the HTTP handler.
func New(d Deps) http.Handler {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Metrics == nil {
		d.Metrics = prometheus.NewRegistry()
	}
	mux := http.NewServeMux()
	api := humago.New(mux, Config())
	s := &server{d: d, api: api}
	if d.Limiter != nil {
		s.limits = newThrottling(d.Limiter, d.Metrics, d.Log)
	}
	api.UseMiddleware(refuseBadURL(api), s.throttleSignIn(api), s.guard(api), s.idempotent(api))
	s.routes(api)
	documentRetriesAndLimits(api.OpenAPI())

	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	mux.HandleFunc("GET /readyz", s.ready)
	mux.Handle("GET /metrics", promhttp.HandlerFor(d.Metrics, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /docs", s.docs)
	mux.HandleFunc("GET /s/{token}", s.surveyPage)
	mux.HandleFunc("POST /s/{token}", s.surveyPage)
	if d.Frontend != nil {
		mux.Handle("/", d.Frontend)
	}
	return observe(mux, newHTTPMetrics(d.Metrics), d.Log, d.TrustedProxies)
}

// routes registers every resource; the OpenAPI document is built from
// exactly these registrations.
func (s *server) routes(api huma.API) {
	s.authRoutes(api)
	s.userRoutes(api)
	s.roleRoutes(api)
	s.tenantRoutes(api)
	s.auditRoutes(api)
	s.operatorRoutes(api)
	s.orgRoutes(api)
	s.customerRoutes(api)
	s.ticketRoutes(api)
	s.settingsRoutes(api)
	s.notificationRoutes(api)
	s.callbackRoutes(api)
	s.reportRoutes(api)
	s.ticketReportRoutes(api)
	s.surveyRoutes(api)
	s.scriptRoutes(api)
	s.dutyRoutes(api)
	s.handoverRoutes(api)
	s.kpiRoutes(api)
	s.qualityRoutes(api)
	s.scoreSheetRoutes(api)
	s.gradeRoutes(api)
	s.apiKeyRoutes(api)
	s.webhookRoutes(api)
	s.billingRoutes(api)
}

// Spec returns the OpenAPI document without any services behind it.
func Spec() *huma.OpenAPI {
	mux := http.NewServeMux()
	api := humago.New(mux, Config())
	s := &server{api: api}
	s.routes(api)
	documentRetriesAndLimits(api.OpenAPI())
	return api.OpenAPI()
}

func (s *server) ready(w http.ResponseWriter, r *http.Request) {
	checks := map[string]error{}
	if s.d.Ready != nil {
		checks = s.d.Ready(r.Context())
	}
	w.Header().Set("Content-Type", "application/json")
	status := http.StatusOK
	body := `{"status":"ready"`
	for name, err := range checks {
		v := "ok"
		if err != nil {
			v = "down"
			status = http.StatusServiceUnavailable
			s.d.Log.Warn("readiness check failed", "check", name, "err", err)
		}
		body += `,"` + name + `":"` + v + `"`
	}
	if status != http.StatusOK {
		body = `{"status":"not ready"` + body[len(`{"status":"ready"`):]
		w.Header().Set("Retry-After", retryAfterSeconds)
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body + "}"))
}

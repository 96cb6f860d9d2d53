package api

import (
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/prometheus/client_golang/prometheus"

	"kefu/tenants/accounts"
	"kefu/tenants/ratelimit"
	"kefu/tenants/tenancy"
)

// signInOps check credentials or create accounts without a token: they are
// limited per client IP to slow password guessing.
var signInOps = map[string]bool{"login": true, "signup": true, "accept-invite": true, "operator-login": true}

// throttling is the rate limiter as the API uses it.
type throttling struct {
	lim *ratelimit.Limiter
	// failures counts requests let through because Redis did not answer.
	failures prometheus.Counter
	log      *slog.Logger
}

func newThrottling(lim *ratelimit.Limiter, reg prometheus.Registerer, log *slog.Logger) *throttling {
	t := &throttling{lim: lim, log: log, failures: prometheus.NewCounter(prometheus.CounterOpts{
		Name: "kefu_rate_limit_unavailable_total",
		Help: "Requests let through unlimited because the rate limiter's Redis did not answer.",
	})}
	reg.MustRegister(t.failures)
	return t
}

// take draws from buckets and sets the RateLimit-* headers; false when
// it answered 429 and the request must not run.
//
// If Redis fails the request goes through unlimited (fail open): the rate
// limit protects capacity, and refusing every request while Redis is down
// would turn a degraded limiter into a full outage. The warning and the
// kefu_rate_limit_unavailable_total metric make the gap visible.
func (t *throttling) take(api huma.API, ctx huma.Context, buckets ...ratelimit.Bucket) bool {
	if t == nil || t.lim == nil {
		return true
	}
	d, err := t.lim.Take(ctx.Context(), buckets...)
	if err != nil {
		t.failures.Inc()
		t.log.Warn("rate limiter unavailable; request not limited", "err", err, "request_id", requestID(ctx.Context()))
		return true
	}
	if d.Limit == 0 {
		return true
	}
	ctx.SetHeader("RateLimit-Limit", strconv.Itoa(d.Limit))
	ctx.SetHeader("RateLimit-Remaining", strconv.Itoa(d.Remaining))
	ctx.SetHeader("RateLimit-Reset", strconv.Itoa(seconds(d.Reset, 0)))
	if d.Allowed {
		return true
	}
	retry := seconds(d.RetryAfter, 1)
	ctx.SetHeader("Retry-After", strconv.Itoa(retry))
	writeProblem(api, ctx, huma.NewError(http.StatusTooManyRequests,
		fmt.Sprintf("rate limit exceeded; retry in %d s", retry)))
	return false
}

// seconds rounds d up to whole seconds, at least floor.
func seconds(d time.Duration, floor int) int {
	return max(floor, int(math.Ceil(d.Seconds())))
}

// throttleCaller limits an authenticated request: a bucket for the API
// key, console user or operator, and one shared by the tenant.
func (s *server) throttleCaller(api huma.API, ctx huma.Context, p *accounts.Principal) bool {
	if s.limits == nil {
		return true
	}
	l := s.limits.lim.For(ctx.Context(), p.TenantID)
	var own string
	switch {
	case p.OperatorID != "":
		own = "op:" + p.OperatorID
	case p.KeyID != "":
		own = "key:" + p.KeyID
	default:
		own = "user:" + p.UserID
	}
	buckets := []ratelimit.Bucket{{Name: own, Rate: l.Key}}
	if p.TenantID != "" {
		buckets = append(buckets, ratelimit.Bucket{Name: "tenant:" + p.TenantID, Rate: l.Tenant})
	}
	return s.limits.take(api, ctx, buckets...)
}

// throttleSignIn limits the sign-in and sign-up operations per client IP;
// every other request passes untouched.
func (s *server) throttleSignIn(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		if s.limits == nil || !signInOps[ctx.Operation().OperationID] {
			next(ctx)
			return
		}
		ip := tenancy.RequestFrom(ctx.Context()).IP
		if ip == "" {
			ip = ctx.RemoteAddr()
		}
		if !s.limits.take(api, ctx, ratelimit.Bucket{Name: "ip:" + ip, Rate: s.limits.lim.Login}) {
			return
		}
		next(ctx)
	}
}

// documentRateLimits adds the 429 answer, with Retry-After, to every
// operation that is rate limited.
func documentRateLimits(oapi *huma.OpenAPI) {
	for _, item := range oapi.Paths {
		for _, op := range []*huma.Operation{item.Get, item.Post, item.Put, item.Patch, item.Delete} {
			if op == nil || (isPublic(op) && !signInOps[op.OperationID]) {
				continue
			}
			addErrorResponse(op, http.StatusTooManyRequests, "Too Many Requests: the API key, user, tenant or client IP is over its rate limit; "+
				"retry after `Retry-After` seconds. Every limited response carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.")
			op.Responses["429"].Headers = map[string]*huma.Param{
				"Retry-After": {Description: "Seconds to wait before retrying.", Schema: &huma.Schema{Type: "integer", Minimum: ptr(1.0)}},
			}
		}
	}
}

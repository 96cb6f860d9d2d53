package webhooks

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"kefu/ent"
	"kefu/tenants/authz"
)

// Queue schedules one delivery attempt (an asynq task in workers/ with a
// deterministic id); the sweeper re-schedules anything Redis lost.
type Queue interface {
	ScheduleWebhookDelivery(ctx context.Context, tenantID, deliveryID string, at time.Time) error
}

// RetryPolicy spaces automatic attempts: First after the first failure,
// doubling up to Max, each with up to Jitter extra, until Window after the
// delivery was created; then the delivery is failed.
type RetryPolicy struct {
	First, Max, Window time.Duration
	Jitter             float64
}

// DefaultRetry is 10 s, 20 s, 40 s … capped at 1 h, for 24 h.
var DefaultRetry = RetryPolicy{First: 10 * time.Second, Max: time.Hour, Window: 24 * time.Hour, Jitter: 0.1}

// DisablePolicy turns an endpoint off after a sustained failure: no success
// for After and at least Failures failed attempts in a row (both, so a
// receiver that gets one event a day is not disabled on its third miss).
type DisablePolicy struct {
	After    time.Duration
	Failures int
}

// DefaultDisable is three days and 20 attempts.
var DefaultDisable = DisablePolicy{After: 72 * time.Hour, Failures: 20}

// Timeout bounds one POST to a receiver.
const Timeout = 10 * time.Second

// lease is how long a claimed attempt keeps others off the delivery: past
// it (a worker died mid-POST), the sweeper hands it out again.
const lease = Timeout + 50*time.Second

// Service manages endpoints and sends their deliveries.
type Service struct {
	db    *ent.Client
	az    *authz.Authorizer
	queue Queue
	now   func() time.Time
	// Retry and Disable are the policies; tests shorten them before the
	// workers start.
	Retry   RetryPolicy
	Disable DisablePolicy
	// Entitled reports whether the tenant's plan includes webhooks (nil:
	// every tenant); deliveries of a tenant that lost them are not sent.
	Entitled func(ctx context.Context, tenantID string) bool
	// guard holds the SSRF switch and the client built for it, swapped
	// together.
	guard atomic.Pointer[guarded]
	kick  chan struct{}
}

// guarded is the SSRF setting and the HTTP client that enforces it.
type guarded struct {
	allowPrivate bool
	client       *http.Client
}

// New returns the webhook service. allowPrivate lets receivers be on
// loopback and private networks (KEFU_WEBHOOK_ALLOW_PRIVATE); off, the SSRF
// guard refuses them.
func New(db *ent.Client, az *authz.Authorizer, q Queue, allowPrivate bool, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{db: db, az: az, queue: q, now: now, Retry: DefaultRetry, Disable: DefaultDisable, kick: make(chan struct{}, 1)}
	s.SetAllowPrivate(allowPrivate)
	return s
}

// newClient is the HTTP client deliveries use: no proxy from the
// environment (it would dial for us, past the guard), no redirects
// followed, and, unless allowPrivate, a dialer that refuses blocked
// addresses after DNS resolution.
func newClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = dialControl
	}
	return &http.Client{
		Timeout: Timeout,
		Transport: &http.Transport{
			Proxy: nil, DialContext: d.DialContext, ForceAttemptHTTP2: true,
			MaxIdleConns: 100, MaxIdleConnsPerHost: 4, IdleConnTimeout: 90 * time.Second,
			TLSHandshakeTimeout: 5 * time.Second, ResponseHeaderTimeout: Timeout,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// SetAllowPrivate switches the SSRF guard (tests flip it on a running App).
func (s *Service) SetAllowPrivate(allow bool) {
	s.guard.Store(&guarded{allowPrivate: allow, client: newClient(allow)})
}

// AllowPrivate reports whether receivers may be on private networks.
func (s *Service) AllowPrivate() bool { return s.guard.Load().allowPrivate }

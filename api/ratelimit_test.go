package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kefu/app"
	"kefu/app/apptest"
	"kefu/tenants/ratelimit"
)

// limited sets small limits and a frozen clock; the returned func moves it.
func limited(e *apptest.Env, l ratelimit.Limits) (advance func(time.Duration)) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	e.App.Now = func() time.Time { return now }
	e.App.Limiter.Limits = ratelimit.Fixed(l)
	return func(d time.Duration) { now = now.Add(d) }
}

func header(t *testing.T, r apptest.Response, name string) int {
	t.Helper()
	v, err := strconv.Atoi(r.Header.Get(name))
	if err != nil {
		t.Fatalf("%s = %q: %v", name, r.Header.Get(name), err)
	}
	return v
}

func TestRateLimitHeadersCountDown(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("rl-headers", "generic")
	_, viewer := e.AddUser(tn, "viewer", "viewer")
	limited(e, ratelimit.Limits{Key: ratelimit.Rate{PerSecond: 1, Burst: 5}, Tenant: ratelimit.Rate{PerSecond: 100, Burst: 100}})
	for want := 4; want >= 0; want-- {
		r := e.Must(http.StatusOK, "GET", "/v1/me", tn.Token, nil)
		if header(t, r, "RateLimit-Limit") != 5 || header(t, r, "RateLimit-Remaining") != want || header(t, r, "RateLimit-Reset") < 1 {
			t.Fatalf("headers %v, want 5/%d", r.Header, want)
		}
	}
	// Refusals come before authorization too: a forbidden request still counts.
	r := e.Must(http.StatusForbidden, "GET", "/v1/audit-log", viewer, nil)
	if r.Header.Get("RateLimit-Remaining") != "4" {
		t.Fatalf("forbidden answer headers: %v", r.Header)
	}
}

func TestRateLimit429WithRetryAfterThenRefills(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("rl-429", "generic")
	advance := limited(e, ratelimit.Limits{Key: ratelimit.Rate{PerSecond: 0.5, Burst: 2}})
	e.Must(http.StatusCreated, "POST", "/v1/customers", tn.Token, map[string]any{"name": "一号"})
	e.Must(http.StatusOK, "GET", "/v1/customers", tn.Token, nil)
	r := e.Must(http.StatusTooManyRequests, "POST", "/v1/customers", tn.Token, map[string]any{"name": "二号"})
	if header(t, r, "Retry-After") != 2 || r.Header.Get("RateLimit-Remaining") != "0" ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") || r.JSON["status"] != float64(429) {
		t.Fatalf("429: %v %s", r.Header, r.Raw)
	}
	advance(time.Second) // half a token: still refused, retry in 1 s
	r = e.Must(http.StatusTooManyRequests, "GET", "/v1/customers", tn.Token, nil)
	if header(t, r, "Retry-After") != 1 {
		t.Fatalf("Retry-After after 1 s: %q", r.Header.Get("Retry-After"))
	}
	advance(time.Second)
	list := e.Must(http.StatusOK, "GET", "/v1/customers", tn.Token, nil).Items()
	for _, c := range list {
		if c["name"] == "二号" {
			t.Fatal("the refused request created a customer")
		}
	}
}

func TestRateLimitOwnBucketsApartTenantBucketShared(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("rl-shared", "generic")
	other := e.Signup("rl-other", "generic")
	_, colleague := e.AddUser(tn, "agent", "director")
	k := e.Must(http.StatusCreated, "POST", "/v1/api-keys", tn.Token, map[string]any{"name": "HIS", "role": "director"}).Str("key")
	k2 := e.Must(http.StatusCreated, "POST", "/v1/api-keys", tn.Token, map[string]any{"name": "IVR", "role": "director"}).Str("key")
	limited(e, ratelimit.Limits{Key: ratelimit.Rate{PerSecond: 1, Burst: 2}, Tenant: ratelimit.Rate{PerSecond: 1, Burst: 7}})

	// Each key and each user has its own two tokens.
	for _, tok := range []string{k, k2, tn.Token} {
		e.Must(http.StatusOK, "GET", "/v1/me", tok, nil)
		e.Must(http.StatusOK, "GET", "/v1/me", tok, nil)
		r := e.Must(http.StatusTooManyRequests, "GET", "/v1/me", tok, nil)
		if r.Header.Get("RateLimit-Limit") != "2" {
			t.Fatalf("own bucket exhausted, headers name limit %q", r.Header.Get("RateLimit-Limit"))
		}
	}
	// Six of the tenant's seven are spent: the colleague gets one, then the
	// tenant bucket is the tightest and empty.
	r := e.Must(http.StatusOK, "GET", "/v1/me", colleague, nil)
	if r.Header.Get("RateLimit-Limit") != "7" || r.Header.Get("RateLimit-Remaining") != "0" {
		t.Fatalf("colleague's headers %v, want the tenant bucket 7/0", r.Header)
	}
	e.Must(http.StatusTooManyRequests, "GET", "/v1/me", colleague, nil)
	// Another tenant is untouched.
	if r := e.Must(http.StatusOK, "GET", "/v1/me", other.Token, nil); r.Header.Get("RateLimit-Remaining") != "1" {
		t.Fatalf("other tenant: %v", r.Header)
	}
}

func TestRateLimitLoginPerClientIP(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("rl-login", "generic")
	limited(e, ratelimit.Limits{})
	e.App.Limiter.Login = ratelimit.Rate{PerSecond: 10.0 / 60, Burst: 3}
	body := map[string]any{"tenant": tn.Slug, "email": "director@rl-login.test", "password": "wrong"}
	for range 2 {
		e.Must(http.StatusUnauthorized, "POST", "/v1/auth/login", "", body)
	}
	body["password"] = apptest.Password
	e.Must(http.StatusOK, "POST", "/v1/auth/login", "", body)
	r := e.Must(http.StatusTooManyRequests, "POST", "/v1/auth/login", "", body)
	if header(t, r, "Retry-After") != 6 {
		t.Fatalf("Retry-After %q, want 6 (one token at 10/min)", r.Header.Get("Retry-After"))
	}
	e.Must(http.StatusTooManyRequests, "POST", "/v1/signup", "", map[string]any{
		"organization": "X", "slug": "rl-login-2", "industry": "generic", "admin_email": "a@x.test", "admin_password": apptest.Password})
	// Unlimited tenant buckets add no headers to authenticated calls.
	if r := e.Must(http.StatusOK, "GET", "/v1/me", tn.Token, nil); r.Header.Get("RateLimit-Limit") != "" {
		t.Fatalf("unlimited call carries %q", r.Header.Get("RateLimit-Limit"))
	}
}

func TestRateLimitFailsOpenWhenRedisErrs(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("rl-open", "generic")
	limited(e, ratelimit.Limits{Key: ratelimit.Rate{PerSecond: 1, Burst: 1}})
	// A bucket key of the wrong type makes the script fail like a broken Redis.
	if err := e.App.Redis.Set(context.Background(), "kefu:rl:user:"+tn.DirectorID, "x", 0).Err(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if r := e.Must(http.StatusOK, "GET", "/v1/me", tn.Token, nil); r.Header.Get("RateLimit-Limit") != "" {
			t.Fatalf("fail-open answer carries limits: %v", r.Header)
		}
	}
	m := e.Must(http.StatusOK, "GET", "/metrics", "", nil)
	if !strings.Contains(string(m.Raw), "kefu_rate_limit_unavailable_total 3") {
		t.Fatal("the failures are not counted in kefu_rate_limit_unavailable_total")
	}
}

// BenchmarkRateLimitOverhead compares an authenticated GET /v1/me with the
// limiter off and on (limits too high to refuse), alternating request by
// request so load on the machine hits both alike; it reports the median
// of each and their ratio. The difference is the limiter's one Redis round
// trip.
func BenchmarkRateLimitOverhead(b *testing.B) {
	e := apptest.New(b)
	tn := e.Signup("rl-bench", "generic")
	high := ratelimit.Rate{PerSecond: 1e9, Burst: 1 << 30}
	modes := []ratelimit.LimitsFunc{ratelimit.Fixed(ratelimit.Limits{}), ratelimit.Fixed(ratelimit.Limits{Key: high, Tenant: high})}
	var took [2][]time.Duration
	i := 0
	for b.Loop() {
		m := i % 2
		i++
		e.App.Limiter.Limits = modes[m]
		start := time.Now()
		e.Must(http.StatusOK, "GET", "/v1/me", tn.Token, nil)
		took[m] = append(took[m], time.Since(start))
	}
	median := func(d []time.Duration) float64 {
		if len(d) == 0 {
			return 0
		}
		slices.Sort(d)
		return float64(d[len(d)/2].Nanoseconds())
	}
	off, on := median(took[0]), median(took[1])
	b.ReportMetric(off, "off-ns/req")
	b.ReportMetric(on, "on-ns/req")
	if off > 0 {
		b.ReportMetric(on/off, "on/off")
	}
}

// Behind a load balancer every request comes from its address: with the
// balancer trusted, the sign-in limit and the recorded IP are per client;
// without, a forged X-Forwarded-For changes nothing.
func TestClientIPBehindATrustedLoadBalancer(t *testing.T) {
	login := func(e *apptest.Env, slug, from string) int {
		t.Helper()
		body := `{"tenant":"` + slug + `","email":"director@` + slug + `.test","password":"wrong"}`
		return send(t, e, "POST", "/v1/auth/login", "", body, map[string]string{"X-Forwarded-For": from}).Status
	}
	for _, trusted := range []bool{true, false} {
		t.Run(fmt.Sprintf("trusted=%v", trusted), func(t *testing.T) {
			e := apptest.New(t, func(c *app.Config) {
				if trusted {
					c.TrustedProxies = "127.0.0.1, ::1"
				}
			})
			tn := e.Signup("rl-lb", "generic")
			limited(e, ratelimit.Limits{})
			e.App.Limiter.Login = ratelimit.Rate{PerSecond: 10.0 / 60, Burst: 2}
			for range 2 {
				if got := login(e, tn.Slug, "203.0.113.7"); got != http.StatusUnauthorized {
					t.Fatalf("first client: %d, want 401", got)
				}
			}
			if got := login(e, tn.Slug, "203.0.113.7"); got != http.StatusTooManyRequests {
				t.Fatalf("first client's third try: %d, want 429", got)
			}
			want := http.StatusUnauthorized // another client has a budget of its own
			if !trusted {
				want = http.StatusTooManyRequests // the header is the caller's word only
			}
			if got := login(e, tn.Slug, "203.0.113.8"); got != want {
				t.Fatalf("second client: %d, want %d", got, want)
			}

			// An API key records where it was last used from.
			id, key := newKey(e, tn.Token, map[string]any{"name": "crm", "role": "agent"})
			if r := send(t, e, "GET", "/v1/tickets", key, "", map[string]string{"X-Forwarded-For": "198.51.100.4"}); r.Status != http.StatusOK {
				t.Fatalf("list with key: %d %s", r.Status, r.Raw)
			}
			wantIP := "198.51.100.4"
			if !trusted {
				wantIP = "127.0.0.1"
			}
			if got := e.Must(http.StatusOK, "GET", "/v1/api-keys/"+id, tn.Token, nil).Str("last_used_ip"); got != wantIP {
				t.Fatalf("last_used_ip %q, want %q", got, wantIP)
			}
		})
	}
}

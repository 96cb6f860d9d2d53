package app

import (
	"context"
	"time"

	"kefu/ent/store"
	"kefu/tenants/authz"
	"kefu/tenants/billing"
	"kefu/tenants/ratelimit"
	"kefu/workers"
)

// newBilling builds the billing service from the configuration: off
// without a Stripe key, plans from KEFU_BILLING_CONFIG or the embedded file.
func newBilling(cfg Config, st *store.Store, az *authz.Authorizer, q *workers.Queue, now func() time.Time) (*billing.Service, error) {
	plans, err := billing.LoadConfig(cfg.BillingConfig)
	if err != nil {
		return nil, err
	}
	return billing.New(st.Client, az, q, billing.Options{
		StripeSecretKey: cfg.StripeSecretKey, StripeWebhookSecret: cfg.StripeWebhookSecret, StripeAPIURL: cfg.StripeAPIURL,
		BaseURL: cfg.BaseURL, DataDir: cfg.DataDir, Config: plans,
	}, now)
}

// planLimits makes the API rate limits follow each tenant's plan; a plan
// that sets none keeps the server's limits. The burst is ten seconds' worth,
// so a console page's burst of requests passes.
func planLimits(b *billing.Service, def ratelimit.Limits) ratelimit.LimitsFunc {
	perMinute := func(n int, fallback ratelimit.Rate) ratelimit.Rate {
		if n <= 0 {
			return fallback
		}
		return ratelimit.Rate{PerSecond: float64(n) / 60, Burst: max(n/6, 10)}
	}
	return func(ctx context.Context, tenantID string) ratelimit.Limits {
		p, ok := b.TenantPlan(ctx, tenantID)
		if !ok {
			return def
		}
		return ratelimit.Limits{Key: perMinute(p.RateLimits.KeyPerMinute, def.Key), Tenant: perMinute(p.RateLimits.TenantPerMinute, def.Tenant)}
	}
}

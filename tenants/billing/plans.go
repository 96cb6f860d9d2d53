package billing

import "slices"

// Features a plan may include.
const (
	FeatureCallbacks   = "callbacks"
	FeatureAPIAccess   = "api_access"
	FeatureWebhooks    = "webhooks"
	FeatureCustomRoles = "custom_roles"
)

// Features lists every feature a plan may name.
var Features = []string{FeatureCallbacks, FeatureAPIAccess, FeatureWebhooks, FeatureCustomRoles}

// LocalPlan is the plan of every tenant while billing is off (and of the
// demo tenants): no limits, every feature.
const LocalPlan = "local"

// Plan is what a subscription buys. Zero seats or tickets mean unlimited.
type Plan struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	NameZh          string     `json:"name_zh"`
	Seats           int        `json:"seats"`
	TicketsPerMonth int        `json:"tickets_per_month"`
	Features        []string   `json:"features"`
	RateLimits      RateLimits `json:"rate_limits"`
	StripePriceID   string     `json:"stripe_price_id,omitempty"`
	Price           Price      `json:"price"`
}

// RateLimits are a plan's API request budgets (0: the server default).
type RateLimits struct {
	KeyPerMinute    int `json:"key_per_minute"`
	TenantPerMinute int `json:"tenant_per_minute"`
}

// Price is what the plan costs, for display; Stripe's price is what is charged.
type Price struct {
	Amount   int64  `json:"amount"` // minor units (fen, cents)
	Currency string `json:"currency"`
	Interval string `json:"interval"`
}

// Paid reports whether the plan is bought through Stripe.
func (p Plan) Paid() bool { return p.StripePriceID != "" }

// Has reports whether the plan includes feature f.
func (p Plan) Has(f string) bool { return slices.Contains(p.Features, f) }

// local is the unlimited plan of a server without billing.
var local = Plan{ID: LocalPlan, Name: "Local", NameZh: "本地版", Features: Features}

// Plan returns the plan with id; the local plan is always known.
func (c *Config) Plan(id string) (Plan, bool) {
	if id == LocalPlan {
		return local, true
	}
	i := slices.IndexFunc(c.Plans, func(p Plan) bool { return p.ID == id })
	if i < 0 {
		return Plan{}, false
	}
	return c.Plans[i], true
}

// PlanByPrice returns the plan a Stripe price buys.
func (c *Config) PlanByPrice(priceID string) (Plan, bool) {
	i := slices.IndexFunc(c.Plans, func(p Plan) bool { return p.StripePriceID != "" && p.StripePriceID == priceID })
	if i < 0 {
		return Plan{}, false
	}
	return c.Plans[i], true
}

// DefaultPlan is the plan of a signup that names none: the first free one.
func (c *Config) DefaultPlan() Plan {
	for _, p := range c.Plans {
		if !p.Paid() {
			return p
		}
	}
	return c.Plans[0]
}

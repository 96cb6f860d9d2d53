// Package app wires Kefu together from its configuration: the database,
// Redis, the domain services, the HTTP handler and the workers. cmd/kefu
// and the end-to-end tests build the same App.
package app

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"kefu/api"
	"kefu/ent/store"
	"kefu/tenants/ratelimit"
)

// Config is every setting, read from KEFU_* environment variables, with
// flags of the same name (lower case, dashes) taking precedence.
type Config struct {
	Addr             string // KEFU_ADDR
	DataDir          string // KEFU_DATA_DIR
	DatabaseURL      string // KEFU_DATABASE_URL; empty: SQLite file in DataDir
	RedisURL         string // KEFU_REDIS_URL; empty: in-process Redis
	BaseURL          string // KEFU_BASE_URL: public address, for links in emails
	OperatorEmail    string // KEFU_OPERATOR_EMAIL: platform operator to ensure at start
	OperatorPassword string // KEFU_OPERATOR_PASSWORD
	LogLevel         string // KEFU_LOG_LEVEL: debug, info, warn, error
	LogFormat        string // KEFU_LOG_FORMAT: json or text
	Workers          bool   // KEFU_WORKERS: serve also runs the workers
	Concurrency      int    // KEFU_WORKER_CONCURRENCY
	Demo             bool   // KEFU_DEMO: seed the demo tenants at start
	ConsoleDir       string // KEFU_CONSOLE_DIR: serve the console from this build folder instead of the embedded one
	SweepInterval    time.Duration
	// AuthzChannel is the Redis pub/sub channel for role changes; pub/sub
	// ignores the DB index, so tests sharing a Redis need their own.
	AuthzChannel string

	StripeSecretKey     string // KEFU_STRIPE_SECRET_KEY (billing; off when empty)
	StripeWebhookSecret string // KEFU_STRIPE_WEBHOOK_SECRET
	StripeAPIURL        string // KEFU_STRIPE_API_URL
	BillingConfig       string // KEFU_BILLING_CONFIG: plans and periods (JSON); empty: the embedded defaults
	WebhookAllowPrivate bool   // KEFU_WEBHOOK_ALLOW_PRIVATE
	// APIKeyPepper is the HMAC key API keys are stored under (secret);
	// empty: generated once in DataDir with the embedded default.
	APIKeyPepper string // KEFU_API_KEY_PEPPER

	// Rate limits in ratelimit.ParseRate's format ("50/s,burst=100");
	// empty or "off" limits nothing (Load fills in the defaults).
	RateLimitKey    string // KEFU_RATE_LIMIT_KEY: per API key, and per console user
	RateLimitTenant string // KEFU_RATE_LIMIT_TENANT: shared by a tenant's keys and users
	RateLimitLogin  string // KEFU_RATE_LIMIT_LOGIN: per client IP on login and signup
	// TrustedProxies lists the load balancers (addresses or CIDR ranges)
	// whose X-Forwarded-For names the client; empty: none.
	TrustedProxies string // KEFU_TRUSTED_PROXIES
}

// Load reads the environment, then flags from args.
func Load(fs *flag.FlagSet, args []string) (Config, error) {
	var c Config
	envErrs = nil
	fs.StringVar(&c.Addr, "addr", env("KEFU_ADDR", "127.0.0.1:8080"), "listen address")
	fs.StringVar(&c.DataDir, "data-dir", env("KEFU_DATA_DIR", "./data"), "directory of the embedded database")
	fs.StringVar(&c.DatabaseURL, "database-url", env("KEFU_DATABASE_URL", ""), "postgres://… for PostgreSQL; empty for SQLite in the data dir")
	fs.StringVar(&c.RedisURL, "redis-url", env("KEFU_REDIS_URL", ""), "redis://… or redis-sentinel://…; empty for in-process Redis")
	fs.StringVar(&c.BaseURL, "base-url", env("KEFU_BASE_URL", ""), "public URL (default http://<addr>)")
	fs.StringVar(&c.OperatorEmail, "operator-email", env("KEFU_OPERATOR_EMAIL", ""), "platform operator account to ensure at start")
	fs.StringVar(&c.OperatorPassword, "operator-password", env("KEFU_OPERATOR_PASSWORD", ""), "its password")
	fs.StringVar(&c.LogLevel, "log-level", env("KEFU_LOG_LEVEL", "info"), "debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", env("KEFU_LOG_FORMAT", "json"), "json or text")
	fs.BoolVar(&c.Workers, "workers", envBool("KEFU_WORKERS", true), "serve also runs the background workers")
	fs.IntVar(&c.Concurrency, "worker-concurrency", envInt("KEFU_WORKER_CONCURRENCY", 10), "tasks processed at once per worker process")
	fs.BoolVar(&c.Demo, "demo", envBool("KEFU_DEMO", false), "seed the demo tenants at start")
	fs.StringVar(&c.ConsoleDir, "console-dir", env("KEFU_CONSOLE_DIR", ""), "serve the console from this Vite build folder (development); empty: the embedded build")
	fs.DurationVar(&c.SweepInterval, "sweep-interval", time.Minute, "how often the sweeper reconciles Redis with the database")
	fs.StringVar(&c.AuthzChannel, "authz-channel", env("KEFU_AUTHZ_CHANNEL", "kefu:authz"), "Redis channel announcing role changes")
	fs.StringVar(&c.StripeSecretKey, "stripe-secret-key", env("KEFU_STRIPE_SECRET_KEY", ""), "Stripe secret key; billing is off without it")
	fs.StringVar(&c.StripeWebhookSecret, "stripe-webhook-secret", env("KEFU_STRIPE_WEBHOOK_SECRET", ""), "Stripe webhook signing secret")
	fs.StringVar(&c.StripeAPIURL, "stripe-api-url", env("KEFU_STRIPE_API_URL", ""), "Stripe API base URL (stripe-mock in tests)")
	fs.StringVar(&c.BillingConfig, "billing-config", env("KEFU_BILLING_CONFIG", ""), "JSON file of plans, trial, grace and retention periods; empty: the embedded defaults")
	fs.BoolVar(&c.WebhookAllowPrivate, "webhook-allow-private", envBool("KEFU_WEBHOOK_ALLOW_PRIVATE", false), "let outbound webhooks reach private and loopback addresses")
	fs.StringVar(&c.APIKeyPepper, "api-key-pepper", env("KEFU_API_KEY_PEPPER", ""), "secret HMAC key for stored API keys, the same in every process (required with PostgreSQL)")
	fs.StringVar(&c.RateLimitKey, "rate-limit-key", env("KEFU_RATE_LIMIT_KEY", "50/s,burst=100"), "rate limit per API key and per console user (COUNT/s|min|h[,burst=N], or off)")
	fs.StringVar(&c.RateLimitTenant, "rate-limit-tenant", env("KEFU_RATE_LIMIT_TENANT", "200/s,burst=400"), "rate limit per tenant, shared by its keys and users")
	fs.StringVar(&c.RateLimitLogin, "rate-limit-login", env("KEFU_RATE_LIMIT_LOGIN", "10/min,burst=20"), "rate limit per client IP on login and signup")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("KEFU_TRUSTED_PROXIES", ""), "load balancers in front of the API (comma-separated addresses or CIDR ranges) whose X-Forwarded-For names the client")
	if err := errors.Join(envErrs...); err != nil {
		return c, err
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if _, _, err := c.RateLimits(); err != nil {
		return c, err
	}
	if _, err := c.Proxies(); err != nil {
		return c, err
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite:" + filepath.Join(c.DataDir, "kefu.db")
	}
	if c.Concurrency < 1 {
		return c, fmt.Errorf("worker-concurrency must be at least 1")
	}
	return c, nil
}

// RateLimits parses the rate-limit settings.
func (c Config) RateLimits() (ratelimit.Limits, ratelimit.Rate, error) {
	var l ratelimit.Limits
	var login ratelimit.Rate
	var errs [3]error
	l.Key, errs[0] = ratelimit.ParseRate(c.RateLimitKey)
	l.Tenant, errs[1] = ratelimit.ParseRate(c.RateLimitTenant)
	login, errs[2] = ratelimit.ParseRate(c.RateLimitLogin)
	for i, name := range []string{"KEFU_RATE_LIMIT_KEY", "KEFU_RATE_LIMIT_TENANT", "KEFU_RATE_LIMIT_LOGIN"} {
		if errs[i] != nil {
			errs[i] = fmt.Errorf("%s: %w", name, errs[i])
		}
	}
	return l, login, errors.Join(errs[:]...)
}

// Proxies parses TrustedProxies.
func (c Config) Proxies() ([]netip.Prefix, error) {
	p, err := api.ParseProxies(c.TrustedProxies)
	if err != nil {
		return nil, fmt.Errorf("KEFU_TRUSTED_PROXIES: %w", err)
	}
	return p, nil
}

// Embedded reports whether the database is the embedded SQLite default.
func (c Config) Embedded() bool { return !store.IsPostgres(c.DatabaseURL) }

// Redacted is the configuration safe to log: passwords and keys masked.
func (c Config) Redacted() map[string]any {
	return map[string]any{
		"addr": c.Addr, "data_dir": c.DataDir, "database_url": store.Redact(c.DatabaseURL),
		"redis_url": store.Redact(c.RedisURL), "base_url": c.BaseURL, "workers": c.Workers,
		"worker_concurrency": c.Concurrency, "demo": c.Demo, "operator_email_set": c.OperatorEmail != "",
		"billing": c.StripeSecretKey != "", "webhook_allow_private": c.WebhookAllowPrivate, "api_key_pepper_set": c.APIKeyPepper != "",
		"rate_limit_key": c.RateLimitKey, "rate_limit_tenant": c.RateLimitTenant, "rate_limit_login": c.RateLimitLogin,
		"trusted_proxies": c.TrustedProxies,
	}
}

func env(k, def string) string {
	if v, ok := os.LookupEnv(k); ok {
		return v
	}
	return def
}

// envErrs collects environment values that do not parse, so a typo is a
// clear error at start rather than a silent default.
var envErrs []error

func envBool(k string, def bool) bool {
	if v, ok := os.LookupEnv(k); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			envErrs = append(envErrs, fmt.Errorf("%s=%q: want true or false", k, v))
			return def
		}
		return b
	}
	return def
}

func envInt(k string, def int) int {
	if v, ok := os.LookupEnv(k); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			envErrs = append(envErrs, fmt.Errorf("%s=%q: want a whole number", k, v))
			return def
		}
		return n
	}
	return def
}

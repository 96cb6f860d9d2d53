package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"
	_ "time/tzdata" // calendars name IANA zones; don't depend on the host's zoneinfo

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"kefu/api"
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
	"kefu/ent/migrations"
	"kefu/ent/store"
	"kefu/tenants/accounts"
	"kefu/tenants/apikeys"
	"kefu/tenants/authz"
	"kefu/tenants/billing"
	"kefu/tenants/idempotency"
	"kefu/tenants/lifecycle"
	"kefu/tenants/outbox"
	"kefu/tenants/ratelimit"
	"kefu/tenants/roles"
	"kefu/tenants/webhooks"
	"kefu/workers"
)

// App is a wired Kefu process.
type App struct {
	Cfg       Config
	Store     *store.Store
	Redis     redis.UniversalClient
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
	Outbox    *outbox.Service
	Webhooks  *webhooks.Service
	Billing   *billing.Service
	Queue     *workers.Queue
	Metrics   *prometheus.Registry

	// Idempotency remembers Idempotency-Key answers (tests shorten its Wait).
	Idempotency *idempotency.Service
	// Limiter rate-limits the API; its Limits may be swapped for
	// plan-dependent ones (or by tests).
	Limiter *ratelimit.Limiter
	// Entitled reports whether a tenant's plan includes a feature
	// (billing.Feature*); read at each use, so tests may swap it.
	Entitled func(ctx context.Context, tenantID, feature string) bool
	// proxies are Cfg.TrustedProxies, parsed.
	proxies []netip.Prefix

	// Now is the clock every service uses.
	Now func() time.Time

	embedded *workers.Embedded
	watcher  *authz.RedisWatcher
	closers  []func()
}

// Build opens the database and Redis and wires the services. With the
// embedded database it applies migrations; on PostgreSQL it refuses to
// start while migrations are pending (run `kefu migrate`).
func Build(ctx context.Context, cfg Config) (*App, error) {
	a := &App{Cfg: cfg, Now: time.Now, Metrics: prometheus.NewRegistry()}
	a.Metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	ok := false
	defer func() {
		if !ok {
			a.Close()
		}
	}()

	st, err := store.Open(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	a.Store = st
	a.closers = append(a.closers, func() { st.Close() })
	if cfg.Embedded() {
		applied, err := migrations.Apply(ctx, st.DB, st.Dialect)
		if err != nil {
			return nil, err
		}
		if len(applied) > 0 {
			slog.Info("migrations applied", "versions", applied)
		}
	} else {
		pending, err := migrations.Pending(ctx, st.DB, st.Dialect)
		if err != nil {
			return nil, fmt.Errorf("check migrations: %w", err)
		}
		if len(pending) > 0 {
			return nil, fmt.Errorf("database has %d pending migrations (%v): run `kefu migrate` first", len(pending), pending)
		}
	}

	redisURL := cfg.RedisURL
	if redisURL == "" {
		emb, err := workers.StartEmbedded()
		if err != nil {
			return nil, err
		}
		a.embedded = emb
		a.closers = append(a.closers, emb.Close)
		redisURL = emb.URL()
	}
	rdb, err := workers.Connect(redisURL)
	if err != nil {
		return nil, err
	}
	a.Redis = rdb
	a.closers = append(a.closers, func() { rdb.Close() })
	if err := rdb.Ping(ctx).Err(); err != nil {
		return nil, fmt.Errorf("redis: %w", err)
	}
	a.Metrics.MustRegister(workers.NewQueueCollector(rdb))

	a.Authz, err = authz.New(st.Client)
	if err != nil {
		return nil, err
	}
	a.watcher, err = authz.NewRedisWatcher(ctx, rdb, cfg.AuthzChannel)
	if err != nil {
		return nil, err
	}
	a.closers = append(a.closers, a.watcher.Close)
	if err := a.Authz.SetWatcher(a.watcher); err != nil {
		return nil, err
	}

	now := func() time.Time { return a.Now() }
	a.Queue = workers.NewQueue(rdb)
	a.Accounts = accounts.New(st.Client, now)
	pepper, err := cfg.apiKeyPepper()
	if err != nil {
		return nil, err
	}
	a.APIKeys = apikeys.New(st.Client, a.Authz, pepper, now)
	a.Users = accounts.NewUsers(st.Client, a.Authz, a.Queue, cfg.BaseURL, now)
	a.Roles = roles.New(st.Client, a.Authz)
	a.Lifecycle = lifecycle.New(st.Client, a.Authz, a.Accounts, a.Queue, now)
	a.Outbox = outbox.New(st.Client, outbox.LogMailer{}, now)
	a.Org = orgchart.New(st.Client, a.Authz, now)
	a.Customers = customers.New(st.Client, a.Authz, a.Org, now)
	a.Tickets = tickets.New(st.Client, a.Authz, a.Org, a.Customers, a.Queue, now)
	// The workers' sweeper arms checks within its lookahead, so a write
	// sets a timer only for a check due sooner (same config everywhere).
	a.Tickets.ArmWithin((&workers.Sweeper{Interval: cfg.SweepInterval}).Lookahead())
	a.Calendars = calendars.New(st.Client)
	a.Policies = policies.New(st.Client)
	a.Callbacks = callbacks.New(st.Client, a.Authz, a.Tickets, now)
	a.Duty = duty.New(st.Client, a.Authz, a.Org, a.Queue, now)
	a.Handovers = handover.New(st.Client, a.Duty)
	a.Tickets.RouteWith(duty.NewRouter(st.Client))
	a.Callbacks.UseRoster(a.Duty)
	kpi.Track(st.Client)
	a.KPI = kpi.New(st.Client, st.Dialect, a.Org, now)
	a.Quality = quality.New(st.Client, st.Dialect, a.Authz, a.Org, now)
	a.Sheets = scoresheet.New(st.Client, a.Authz, a.Org, a.KPI, now)
	a.Grades = grades.New(st.Client, a.Sheets, now)
	a.Webhooks = webhooks.New(st.Client, a.Authz, a.Queue, cfg.WebhookAllowPrivate, now)
	if a.Billing, err = newBilling(cfg, st, a.Authz, a.Queue, now); err != nil {
		return nil, err
	}
	a.Lifecycle.SetStartingPlan(a.Billing.StartingPlan)
	a.Users.CheckSeatsWith(a.Billing.CheckSeat)
	a.Tickets.LimitMonthly(tickets.Allowance{Limit: a.Billing.TicketAllowance, Used: a.Billing.AllowanceUsed})
	a.Entitled = a.Billing.Includes
	a.Webhooks.Entitled = func(ctx context.Context, tenantID string) bool {
		return a.Entitled(ctx, tenantID, billing.FeatureWebhooks)
	}
	// Resolving a ticket books its callback (回访) only where the plan sells them.
	a.Tickets.OnResolved(func(ctx context.Context, tx *ent.Client, t *ent.Ticket, resolverID string, now time.Time) error {
		if !a.Entitled(ctx, t.TenantID, billing.FeatureCallbacks) {
			return nil
		}
		return a.Callbacks.Schedule(ctx, tx, t, resolverID, now)
	})
	a.Idempotency = idempotency.New(st.Client, now)
	limits, login, err := cfg.RateLimits()
	if err != nil {
		return nil, err
	}
	a.Limiter = ratelimit.New(rdb, now, ratelimit.Fixed(limits), login)
	if a.proxies, err = cfg.Proxies(); err != nil {
		return nil, err
	}
	if a.Billing.Enabled() {
		a.Limiter.Limits = planLimits(a.Billing, limits)
	}

	if cfg.OperatorEmail != "" {
		if err := a.Accounts.EnsureOperator(ctx, cfg.OperatorEmail, "Platform operator", cfg.OperatorPassword); err != nil {
			return nil, fmt.Errorf("operator account from config: %w", err)
		}
	}
	ok = true
	return a, nil
}

// Handler is the HTTP API (and, later, the console).
func (a *App) Handler(frontend http.Handler) http.Handler {
	return api.New(api.Deps{
		DB: a.Store.Client, Authz: a.Authz, Accounts: a.Accounts, APIKeys: a.APIKeys, Users: a.Users, Roles: a.Roles,
		Lifecycle: a.Lifecycle, Org: a.Org, Customers: a.Customers, Tickets: a.Tickets,
		Calendars: a.Calendars, Policies: a.Policies, Callbacks: a.Callbacks, KPI: a.KPI, Quality: a.Quality, Sheets: a.Sheets, Grades: a.Grades, Duty: a.Duty, Handovers: a.Handovers, BaseURL: a.Cfg.BaseURL, Metrics: a.Metrics, Log: slog.Default(), Frontend: frontend,
		Idempotency: a.Idempotency, Limiter: a.Limiter, Webhooks: a.Webhooks, Billing: a.Billing, TrustedProxies: a.proxies,
		Ready: func(ctx context.Context) map[string]error {
			ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			return map[string]error{"database": a.Store.Ping(ctx), "redis": a.Redis.Ping(ctx).Err()}
		},
	})
}

// StartWorkers runs the asynq server and the sweeper until ctx ends; the
// returned function waits for running tasks and stops them.
func (a *App) StartWorkers(ctx context.Context) (stop func(), err error) {
	srv := workers.NewServer(a.Redis, workers.Deps{Outbox: a.Outbox, Tickets: a.Tickets, Callbacks: a.Callbacks, Webhooks: a.Webhooks, Billing: a.Billing, Duty: a.Duty, Quality: a.Quality, Grades: a.Grades, Now: func() time.Time { return a.Now() }}, a.Cfg.Concurrency)
	if err := srv.Start(); err != nil {
		return nil, fmt.Errorf("start workers: %w", err)
	}
	sctx, cancel := context.WithCancel(ctx)
	sw := &workers.Sweeper{Queue: a.Queue, Tickets: a.Tickets, Callbacks: a.Callbacks, Outbox: a.Outbox, Accounts: a.Accounts, Idempotency: a.Idempotency, Webhooks: a.Webhooks, Billing: a.Billing, Duty: a.Duty, Quality: a.Quality, Grades: a.Grades, Interval: a.Cfg.SweepInterval, Grace: 10 * time.Second, Now: func() time.Time { return a.Now() }}
	done := make(chan struct{})
	go func() { defer close(done); sw.Run(sctx) }()
	// The webhook relay polls the outbox: events commit with the change
	// that caused them, in any process, and no one needs to tell it.
	relayed := make(chan struct{})
	go func() { defer close(relayed); a.Webhooks.RunRelay(sctx, time.Second) }()
	return func() {
		cancel()
		<-done
		<-relayed
		srv.Shutdown()
	}, nil
}

// Close releases everything Build opened, in reverse order.
func (a *App) Close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
	a.closers = nil
}

// Package billing sells Kefu by subscription: plans and their limits
// (seats, a monthly ticket allowance, features), Stripe Checkout and the
// customer portal, Stripe's webhooks, and the tenant lifecycle they drive —
// trialing → active → past_due → suspended (read-only) → canceled → purged.
// Without a Stripe key billing is off and every tenant is on the unlimited
// local plan.
package billing

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"kefu/ent"
	"kefu/fault"
	"kefu/tenants/authz"
)

// Queue runs billing's background work (an asynq task each, in workers/):
// tasks are named after the event or tenant, so enqueueing twice is harmless.
type Queue interface {
	ProcessStripeEvent(ctx context.Context, tenantID, eventID string) error
	PurgeTenant(ctx context.Context, tenantID string) error
}

// Options configure the service from the process configuration.
type Options struct {
	StripeSecretKey     string // empty: billing is off
	StripeWebhookSecret string
	StripeAPIURL        string // stripe-mock in tests; empty: Stripe itself
	BaseURL             string // the console, for Checkout's and the portal's return links
	DataDir             string // exports go to <DataDir>/exports unless the config names a folder
	Config              *Config
}

// Service is the billing domain.
type Service struct {
	db            *ent.Client
	az            *authz.Authorizer
	queue         Queue
	cfg           *Config
	stripe        *gateway // nil while billing is off
	webhookSecret string
	baseURL       string
	exportDir     string
	now           func() time.Time
	plans         planCache
}

// ErrOff answers billing operations on a server without a Stripe key.
var ErrOff = fmt.Errorf("%w: billing is not enabled on this server", fault.ErrConflict)

// New returns the billing service; opts.Config nil means the embedded plans.
func New(db *ent.Client, az *authz.Authorizer, queue Queue, opts Options, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	cfg := opts.Config
	if cfg == nil {
		var err error
		if cfg, err = LoadConfig(""); err != nil {
			return nil, err
		}
	}
	s := &Service{db: db, az: az, queue: queue, cfg: cfg, webhookSecret: opts.StripeWebhookSecret,
		baseURL: opts.BaseURL, exportDir: cfg.ExportDir, now: now}
	if s.exportDir == "" {
		s.exportDir = filepath.Join(opts.DataDir, "exports")
	}
	if opts.StripeSecretKey != "" {
		if opts.StripeWebhookSecret == "" {
			return nil, errors.New("billing: a Stripe secret key needs the webhook signing secret too (KEFU_STRIPE_WEBHOOK_SECRET)")
		}
		s.stripe = newGateway(opts.StripeSecretKey, opts.StripeAPIURL)
	}
	return s, nil
}

// Enabled reports whether billing is on (a Stripe key is configured).
func (s *Service) Enabled() bool { return s.stripe != nil }

// Config is the plan catalogue and lifecycle periods in force.
func (s *Service) Config() *Config { return s.cfg }

// PlanOf returns the plan in force for a tenant whose plan column says id:
// local while billing is off; an id no longer in the catalogue falls back
// to the default plan (never to unlimited).
func (s *Service) PlanOf(id string) Plan {
	if !s.Enabled() {
		return local
	}
	if p, ok := s.cfg.Plan(id); ok {
		return p
	}
	return s.cfg.DefaultPlan()
}

// Plans lists the plans offered.
func (s *Service) Plans() []Plan { return s.cfg.Plans }

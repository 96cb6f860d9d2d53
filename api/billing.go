package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/tenants/authz"
	"kefu/tenants/billing"
)

// PlanView is a plan as offered; 0 seats or tickets mean unlimited.
type PlanView struct {
	ID              string         `json:"id" example:"team"`
	Name            string         `json:"name" example:"Team"`
	NameZh          string         `json:"name_zh" example:"团队版"`
	Seats           int            `json:"seats" doc:"Active and invited staff; 0 is unlimited"`
	TicketsPerMonth int            `json:"tickets_per_month" doc:"Tickets created per calendar month; 0 is unlimited"`
	Features        []string       `json:"features" example:"[\"callbacks\",\"api_access\",\"webhooks\"]"`
	RateLimits      RateLimitsView `json:"rate_limits"`
	Price           PriceView      `json:"price"`
	Paid            bool           `json:"paid" doc:"Bought through Stripe Checkout"`
}

// RateLimitsView is a plan's API request budget (0: the server default).
type RateLimitsView struct {
	KeyPerMinute    int `json:"key_per_minute"`
	TenantPerMinute int `json:"tenant_per_minute"`
}

// PriceView is what a plan costs, in minor units.
type PriceView struct {
	Amount   int64  `json:"amount" example:"49900" doc:"Minor units (fen, cents)"`
	Currency string `json:"currency" example:"cny"`
	Interval string `json:"interval" example:"month"`
}

func planView(p billing.Plan) PlanView {
	f := p.Features
	if f == nil {
		f = []string{}
	}
	return PlanView{ID: p.ID, Name: p.Name, NameZh: p.NameZh, Seats: p.Seats, TicketsPerMonth: p.TicketsPerMonth, Features: f,
		RateLimits: RateLimitsView{KeyPerMinute: p.RateLimits.KeyPerMinute, TenantPerMinute: p.RateLimits.TenantPerMinute},
		Price:      PriceView{Amount: p.Price.Amount, Currency: p.Price.Currency, Interval: p.Price.Interval}, Paid: p.Paid()}
}

type plansOutput struct {
	Body struct {
		Enabled   bool       `json:"enabled" doc:"Billing is on (a Stripe key is configured); off, every tenant is on the unlimited local plan"`
		TrialDays int        `json:"trial_days" doc:"Free trial of a paid plan chosen at signup"`
		Items     []PlanView `json:"items"`
	}
}

// UsageView is one limit and its use; limit 0 is unlimited.
type UsageView struct {
	Used    int  `json:"used"`
	Limit   int  `json:"limit"`
	Warning bool `json:"warning" doc:"At or past warn_at_percent of the limit"`
}

// BillingView is the organization's subscription and usage.
type BillingView struct {
	Enabled          bool       `json:"enabled"`
	Plan             PlanView   `json:"plan"`
	Status           string     `json:"status" enum:"trialing,active,past_due,suspended,canceled"`
	SuspendedBy      string     `json:"suspended_by,omitempty" enum:"operator,billing"`
	TrialEndsAt      *time.Time `json:"trial_ends_at,omitempty"`
	CurrentPeriodEnd *time.Time `json:"current_period_end,omitempty"`
	PastDueSince     *time.Time `json:"past_due_since,omitempty"`
	GraceEndsAt      *time.Time `json:"grace_ends_at,omitempty" doc:"Past due: when the organization becomes read-only"`
	CanceledAt       *time.Time `json:"canceled_at,omitempty"`
	PurgeAt          *time.Time `json:"purge_at,omitempty" doc:"Canceled: when the data are exported and deleted"`
	HasSubscription  bool       `json:"has_subscription"`
	CanManage        bool       `json:"can_manage" doc:"A Stripe customer exists: the portal can be opened"`
	Month            string     `json:"month" example:"2026-11" doc:"The allowance month, in the organization's time zone"`
	Seats            UsageView  `json:"seats"`
	Tickets          UsageView  `json:"tickets"`
	Warning          bool       `json:"warning" doc:"Some usage is at or past warn_at_percent"`
	WarnAtPercent    int        `json:"warn_at_percent" example:"80"`
}

type billingOutput struct {
	Body BillingView
}

type checkoutInput struct {
	Body struct {
		Plan string `json:"plan" minLength:"1" maxLength:"40" example:"business" doc:"A plan id from GET /v1/plans"`
	}
}

type checkoutOutput struct {
	Body struct {
		Action      string `json:"action" enum:"checkout,updated,scheduled,changed" doc:"checkout: pay at checkout_url; updated: the subscription's price changed (applied when Stripe confirms); scheduled: moves to the free plan when the paid period ends; changed: done"`
		CheckoutURL string `json:"checkout_url,omitempty" doc:"Stripe Checkout, for action checkout"`
	}
}

type portalOutput struct {
	Body struct {
		URL string `json:"url" doc:"Stripe customer portal: payment method, invoices, cancellation"`
	}
}

type stripeWebhookInput struct {
	Signature string `header:"Stripe-Signature" doc:"Stripe's signature of the body"`
	RawBody   []byte `contentType:"application/json"`
}

type stripeWebhookOutput struct {
	Body struct {
		Received bool `json:"received"`
	}
}

func (s *server) billingRoutes(api huma.API) {
	handle(api, public(), huma.Operation{
		OperationID: "list-plans", Method: http.MethodGet, Path: "/v1/plans", Tags: []string{"Billing"},
		Summary:     "List the plans",
		Description: "The plans on offer with their seats, monthly ticket allowance, features and price, and whether billing is on.",
		Errors:      []int{http.StatusNotAcceptable}, // an Accept it cannot answer
	}, func(ctx context.Context, _ *struct{}) (*plansOutput, error) {
		out := &plansOutput{}
		out.Body.Enabled = s.d.Billing.Enabled()
		out.Body.TrialDays = s.d.Billing.Config().TrialDays
		for _, p := range s.d.Billing.Plans() {
			out.Body.Items = append(out.Body.Items, planView(p))
		}
		return out, nil
	})

	handle(api, can(authz.BillingRead), huma.Operation{
		OperationID: "get-billing", Method: http.MethodGet, Path: "/v1/billing", Tags: []string{"Billing"},
		Summary:     "Get your subscription and usage",
		Description: "Plan, status, trial and period ends, and usage against the plan's limits (seats, tickets this month) with a warning flag at warn_at_percent.",
	}, func(ctx context.Context, _ *struct{}) (*billingOutput, error) {
		sum, err := s.d.Billing.Summary(ctx)
		if err != nil {
			return nil, err
		}
		return &billingOutput{Body: billingView(sum, s.d.Billing.Config().WarnAtPercent)}, nil
	})

	handle(api, can(authz.BillingWrite).evenReadOnly(), huma.Operation{
		OperationID: "start-checkout", Method: http.MethodPost, Path: "/v1/billing/checkout", Tags: []string{"Billing"},
		Summary: "Change plan",
		Description: "Without a live subscription: a Stripe Checkout session for the plan (answer `checkout_url`). With one: the subscription moves to " +
			"the plan's price (the webhook applies it), or to a free plan at the end of the paid period. Works while the organization is read-only. " +
			"409 while billing is off.",
		Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *checkoutInput) (*checkoutOutput, error) {
		res, err := s.d.Billing.Checkout(ctx, in.Body.Plan)
		if err != nil {
			return nil, err
		}
		out := &checkoutOutput{}
		out.Body.Action, out.Body.CheckoutURL = res.Action, res.URL
		return out, nil
	})

	handle(api, can(authz.BillingWrite).evenReadOnly(), huma.Operation{
		OperationID: "open-billing-portal", Method: http.MethodPost, Path: "/v1/billing/portal", Tags: []string{"Billing"},
		Summary:     "Open the customer portal",
		Description: "A Stripe customer portal link to update the payment method, see invoices or cancel. 409 while billing is off or before any checkout.",
		Errors:      []int{http.StatusConflict},
	}, func(ctx context.Context, _ *struct{}) (*portalOutput, error) {
		url, err := s.d.Billing.Portal(ctx)
		if err != nil {
			return nil, err
		}
		out := &portalOutput{}
		out.Body.URL = url
		return out, nil
	})

	handle(api, public(), huma.Operation{
		OperationID: "stripe-webhook", Method: http.MethodPost, Path: "/v1/billing/stripe-webhook", Tags: []string{"Billing"},
		Summary: "Receive a Stripe webhook",
		Description: "For Stripe only. The body is verified with the signing secret (`Stripe-Signature`, 5 minutes tolerance, API version " +
			"2023-10-16); a bad or stale signature answers 400 and stores nothing. A verified event is stored once by its id and processed in the " +
			"background, so replays and out-of-order delivery are harmless.",
		Errors: []int{http.StatusBadRequest, http.StatusConflict},
		// The signature covers the exact bytes: nothing may parse them first.
		SkipValidateBody: true,
	}, func(ctx context.Context, in *stripeWebhookInput) (*stripeWebhookOutput, error) {
		if err := s.d.Billing.Receive(ctx, in.RawBody, in.Signature); err != nil {
			if errors.Is(err, billing.ErrBadWebhook) {
				return nil, huma.Error400BadRequest(err.Error())
			}
			return nil, err
		}
		out := &stripeWebhookOutput{}
		out.Body.Received = true
		return out, nil
	})
	documentStripeEvent(api.OpenAPI().Paths["/v1/billing/stripe-webhook"].Post)
}

// documentStripeEvent describes the webhook body as the Stripe event it is
// (the raw-body field would document an opaque string).
func documentStripeEvent(op *huma.Operation) {
	op.RequestBody.Content["application/json"].Schema = &huma.Schema{
		Type: "object", Description: "A Stripe event (API version 2023-10-16), exactly as Stripe sent it.",
		Examples: []any{map[string]any{
			"id": "evt_1PqR7sKefu", "object": "event", "api_version": "2023-10-16", "created": 1767225600, "type": "invoice.paid",
			"data": map[string]any{"object": map[string]any{"id": "in_1PqR7s", "object": "invoice", "customer": "cus_Q1w2e3", "subscription": "sub_1PqR7s"}},
		}},
	}
}

func billingView(sum *billing.Summary, warnAt int) BillingView {
	return BillingView{
		Enabled: sum.Enabled, Plan: planView(sum.Plan), Status: string(sum.Status), SuspendedBy: sum.SuspendedBy,
		TrialEndsAt: sum.TrialEndsAt, CurrentPeriodEnd: sum.CurrentPeriodEnd, PastDueSince: sum.PastDueSince,
		GraceEndsAt: sum.GraceEndsAt, CanceledAt: sum.CanceledAt, PurgeAt: sum.PurgeAt,
		HasSubscription: sum.HasSubscription, CanManage: sum.HasCustomer, Month: sum.Month,
		Seats:         UsageView{Used: sum.Seats.Used, Limit: sum.Seats.Limit, Warning: sum.Seats.Warning},
		Tickets:       UsageView{Used: sum.Tickets.Used, Limit: sum.Tickets.Limit, Warning: sum.Tickets.Warning},
		Warning:       sum.Warning,
		WarnAtPercent: warnAt,
	}
}

// paymentProblem is a 402 answer with where to pay: the console's billing
// page (plans, checkout and the customer portal).
type paymentProblem struct {
	*huma.ErrorModel
	PayURL string `json:"pay_url" doc:"Where a billing administrator pays or upgrades"`
}

// payURL is the console page behind every 402.
const payURL = "/settings/billing"

func paymentRequired(detail string) huma.StatusError {
	return &paymentProblem{ErrorModel: &huma.ErrorModel{Status: http.StatusPaymentRequired, Title: http.StatusText(http.StatusPaymentRequired),
		Detail: detail}, PayURL: payURL}
}

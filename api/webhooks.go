package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/ent"
	"kefu/paging"
	"kefu/tenants/authz"
	"kefu/tenants/billing"
	"kefu/tenants/webhooks"
)

// WebhookEndpointView is a receiver as listed: never its secret.
type WebhookEndpointView struct {
	ID                  string     `json:"id" example:"whe_01jd0000000000000000000000"`
	URL                 string     `json:"url" example:"https://his.example.com/kefu/webhooks"`
	Description         string     `json:"description,omitempty" example:"HIS 工单同步"`
	Events              []string   `json:"events" example:"[\"ticket.created\",\"ticket.resolved\"]" doc:"Subscribed event types; [\"*\"] is every type"`
	Enabled             bool       `json:"enabled"`
	DisabledAt          *time.Time `json:"disabled_at,omitempty"`
	DisabledReason      string     `json:"disabled_reason,omitempty" example:"no successful delivery since 2026-03-01T08:00:00Z (20 failed attempts in a row)" doc:"Why it is off: a user turned it off, or Kefu did after sustained failure"`
	FailingSince        *time.Time `json:"failing_since,omitempty" doc:"Start of the current run of failed attempts; absent after any success"`
	ConsecutiveFailures int        `json:"consecutive_failures" doc:"Failed automatic attempts since the last success"`
	CreatedBy           string     `json:"created_by,omitempty" example:"usr_01jd0000000000000000000000"`
	CreatedAt           time.Time  `json:"created_at"`
	UpdatedAt           time.Time  `json:"updated_at"`
}

// CreatedWebhookEndpointView is a new endpoint with its signing secret:
// shown this once only.
type CreatedWebhookEndpointView struct {
	WebhookEndpointView
	Secret string `json:"secret" example:"whsec_mfrggzdfmztwq2lknnwg23tpobyxe43uov3ho6dzpiyq" doc:"Signs every delivery (Kefu-Signature). Store it now: it is not shown again"`
}

func webhookEndpointView(e *ent.WebhookEndpoint) WebhookEndpointView {
	return WebhookEndpointView{
		ID: e.ID, URL: e.URL, Description: e.Description, Events: e.Events, Enabled: e.Enabled,
		DisabledAt: e.DisabledAt, DisabledReason: e.DisabledReason, FailingSince: e.FailingSince,
		ConsecutiveFailures: e.ConsecutiveFailures, CreatedBy: e.CreatedBy, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt,
	}
}

// WebhookEventTypeView is one entry of the event catalogue.
type WebhookEventTypeView struct {
	Type        string `json:"type" example:"ticket.created"`
	Group       string `json:"group" enum:"ticket,callback,sla,tenant" doc:"What the event is about"`
	Description string `json:"description" example:"A ticket was created (any channel). data: ticket, event."`
}

// WebhookDeliveryView is one event bound for one endpoint.
type WebhookDeliveryView struct {
	ID             string     `json:"id" example:"whd_01jd0000000000000000000000" doc:"Sent as Kefu-Delivery-Id"`
	EndpointID     string     `json:"endpoint_id" example:"whe_01jd0000000000000000000000"`
	EventID        string     `json:"event_id" example:"whv_01jd0000000000000000000000" doc:"Sent as Kefu-Event-Id and as the payload's id"`
	EventType      string     `json:"event_type" example:"ticket.created"`
	Status         string     `json:"status" enum:"pending,succeeded,failed" doc:"pending: retrying; succeeded: a 2xx came back; failed: 24 h of retries ran out, or the endpoint was disabled"`
	Attempts       int        `json:"attempts" doc:"POSTs made, automatic and manual"`
	NextAttemptAt  *time.Time `json:"next_attempt_at,omitempty" doc:"When the next automatic attempt is due (pending only)"`
	LastStatusCode int        `json:"last_status_code,omitempty" example:"200" doc:"HTTP status of the last attempt; absent (0) when no answer came"`
	LastLatencyMS  int        `json:"last_latency_ms,omitempty" example:"84"`
	LastError      string     `json:"last_error,omitempty" example:"HTTP 503"`
	DeliveredAt    *time.Time `json:"delivered_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func webhookDeliveryView(d *ent.WebhookDelivery) WebhookDeliveryView {
	return WebhookDeliveryView{
		ID: d.ID, EndpointID: d.EndpointID, EventID: d.EventID, EventType: d.EventType, Status: string(d.Status),
		Attempts: d.Attempts, NextAttemptAt: d.NextAttemptAt, LastStatusCode: d.LastStatusCode, LastLatencyMS: d.LastLatencyMs,
		LastError: d.LastError, DeliveredAt: d.DeliveredAt, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
	}
}

// WebhookAttemptView is one POST of a delivery.
type WebhookAttemptView struct {
	ID         string    `json:"id" example:"wha_01jd0000000000000000000000"`
	At         time.Time `json:"at"`
	StatusCode int       `json:"status_code" example:"503" doc:"0 when no HTTP answer came (refused, timed out)"`
	LatencyMS  int       `json:"latency_ms" example:"84"`
	Error      string    `json:"error,omitempty" example:"HTTP 503"`
	Response   string    `json:"response,omitempty" doc:"The first 1000 bytes of the receiver's answer"`
	Manual     bool      `json:"manual" doc:"A redelivery or test a person asked for"`
}

func webhookAttemptView(a *ent.WebhookAttempt) WebhookAttemptView {
	return WebhookAttemptView{ID: a.ID, At: a.At, StatusCode: a.StatusCode, LatencyMS: a.LatencyMs,
		Error: a.Error, Response: a.Response, Manual: a.Manual}
}

// WebhookDeliveryDetailView is a delivery with its attempt log.
type WebhookDeliveryDetailView struct {
	WebhookDeliveryView
	AttemptLog []WebhookAttemptView `json:"attempt_log" doc:"Every attempt, oldest first"`
}

// WebhookSendView is the outcome of a manual send (redelivery or test).
type WebhookSendView struct {
	Delivery WebhookDeliveryView `json:"delivery"`
	Attempt  WebhookAttemptView  `json:"attempt"`
}

func sendView(d *ent.WebhookDelivery, a *ent.WebhookAttempt) *struct{ Body WebhookSendView } {
	return &struct{ Body WebhookSendView }{Body: WebhookSendView{Delivery: webhookDeliveryView(d), Attempt: webhookAttemptView(a)}}
}

type webhookIDInput struct {
	ID string `path:"id" maxLength:"40" example:"whe_01jd0000000000000000000000"`
}

type webhookDeliveryIDInput struct {
	ID         string `path:"id" maxLength:"40" example:"whe_01jd0000000000000000000000"`
	DeliveryID string `path:"delivery_id" maxLength:"40" example:"whd_01jd0000000000000000000000"`
}

type createWebhookInput struct {
	Body struct {
		URL         string   `json:"url" minLength:"1" maxLength:"2048" example:"https://his.example.com/kefu/webhooks" doc:"http(s) URL of the receiver; private, loopback and link-local addresses are refused unless the operator allows them"`
		Events      []string `json:"events" minItems:"1" maxItems:"20" example:"[\"ticket.created\",\"ticket.resolved\"]" doc:"Event types to receive (see GET /v1/webhook-event-types), or [\"*\"] for all, including types added later"`
		Description string   `json:"description,omitempty" maxLength:"300" example:"HIS 工单同步"`
		Secret      string   `json:"secret,omitempty" minLength:"16" maxLength:"200" doc:"Signing secret; omit to have one generated (whsec_…)"`
	}
}

type updateWebhookInput struct {
	ID   string `path:"id" maxLength:"40" example:"whe_01jd0000000000000000000000"`
	Body struct {
		URL         *string   `json:"url,omitempty" minLength:"1" maxLength:"2048" example:"https://his.example.com/kefu/webhooks"`
		Events      *[]string `json:"events,omitempty" minItems:"1" maxItems:"20" example:"[\"*\"]" doc:"Replaces the subscribed types"`
		Description *string   `json:"description,omitempty" maxLength:"300"`
		Enabled     *bool     `json:"enabled,omitempty" doc:"false stops deliveries; true turns a disabled endpoint back on and clears its failure record"`
	}
}

type listDeliveriesInput struct {
	ID     string `path:"id" maxLength:"40" example:"whe_01jd0000000000000000000000"`
	Status string `query:"status" enum:"pending,succeeded,failed" doc:"Only deliveries in this state"`
	ListParams
}

func (s *server) webhookRoutes(api huma.API) {
	tags := []string{"Webhooks"}

	handle(api, signedIn(), huma.Operation{
		OperationID: "list-webhook-event-types", Method: http.MethodGet, Path: "/v1/webhook-event-types", Tags: tags,
		Summary: "Webhook event types",
		Description: "The catalogue of events an endpoint can subscribe to. Every delivery's body is " +
			"`{id, type, created_at, tenant_id, data}`; ticket events carry `data.ticket` (ids, number, status, priority — " +
			"no subject or customer details; fetch the ticket by id) and `data.event` (the timeline entry that caused it, " +
			"as in GET /v1/tickets/{id}/events).",
	}, func(ctx context.Context, _ *struct{}) (*listOut[WebhookEventTypeView], error) {
		return listOf(len(webhooks.Catalogue), func(i int) WebhookEventTypeView {
			e := webhooks.Catalogue[i]
			return WebhookEventTypeView{Type: e.Type, Group: e.Group, Description: e.Description}
		}, ""), nil
	})

	handle(api, can(authz.WebhooksWrite).onPlan(billing.FeatureWebhooks), huma.Operation{
		OperationID: "create-webhook", Method: http.MethodPost, Path: "/v1/webhooks", Tags: tags,
		Summary: "Create a webhook endpoint",
		Description: "Registers a receiver. Kefu POSTs each subscribed event as JSON with the headers " +
			"`Kefu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\" keyed with the secret>`, " +
			"`Kefu-Event-Id`, `Kefu-Event-Type`, `Kefu-Delivery-Id` and `User-Agent: Kefu-Webhooks/1`. " +
			"Answer 2xx within 10 s; anything else (redirects are not followed) is retried with exponential backoff " +
			"(10 s, 20 s, 40 s … at most 1 h apart) for 24 h. An endpoint failing for 3 days and 20 attempts in a row is " +
			"disabled and the organization's webhook managers are notified. The answer carries the signing secret this once.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *createWebhookInput) (*struct{ Body CreatedWebhookEndpointView }, error) {
		b := in.Body
		spec := webhooks.Spec{URL: &b.URL, Events: &b.Events}
		if b.Description != "" {
			spec.Description = &b.Description
		}
		if b.Secret != "" {
			spec.Secret = &b.Secret
		}
		ep, err := s.d.Webhooks.Create(ctx, principalFrom(ctx).ActorID(), spec)
		if err != nil {
			return nil, err
		}
		return &struct{ Body CreatedWebhookEndpointView }{Body: CreatedWebhookEndpointView{WebhookEndpointView: webhookEndpointView(ep), Secret: ep.Secret}}, nil
	})

	handle(api, can(authz.WebhooksRead), huma.Operation{
		OperationID: "list-webhooks", Method: http.MethodGet, Path: "/v1/webhooks", Tags: tags,
		Summary: "List webhook endpoints", Description: "Oldest first, disabled ones included with the reason. Secrets are never shown.",
	}, func(ctx context.Context, in *ListParams) (*listOut[WebhookEndpointView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		rows, next, err := s.d.Webhooks.List(ctx, pg)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) WebhookEndpointView { return webhookEndpointView(rows[i]) }, next), nil
	})

	handle(api, can(authz.WebhooksRead), huma.Operation{
		OperationID: "get-webhook", Method: http.MethodGet, Path: "/v1/webhooks/{id}", Tags: tags,
		Summary: "Get a webhook endpoint", Description: "Its URL, subscriptions, state and failure record; never its secret.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *webhookIDInput) (*struct{ Body WebhookEndpointView }, error) {
		ep, err := s.d.Webhooks.Get(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body WebhookEndpointView }{Body: webhookEndpointView(ep)}, nil
	})

	handle(api, can(authz.WebhooksWrite).onPlan(billing.FeatureWebhooks), huma.Operation{
		OperationID: "update-webhook", Method: http.MethodPatch, Path: "/v1/webhooks/{id}", Tags: tags,
		Summary: "Update a webhook endpoint",
		Description: "Changes the URL, subscriptions, description or enabled state; only the fields sent change. " +
			"The secret cannot be changed (create a new endpoint to rotate it). Re-enabling clears the failure record.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *updateWebhookInput) (*struct{ Body WebhookEndpointView }, error) {
		b := in.Body
		ep, err := s.d.Webhooks.Update(ctx, in.ID, webhooks.Spec{URL: b.URL, Events: b.Events, Description: b.Description, Enabled: b.Enabled})
		if err != nil {
			return nil, err
		}
		return &struct{ Body WebhookEndpointView }{Body: webhookEndpointView(ep)}, nil
	})

	handle(api, can(authz.WebhooksWrite), huma.Operation{
		OperationID: "delete-webhook", Method: http.MethodDelete, Path: "/v1/webhooks/{id}", Tags: tags,
		Summary: "Delete a webhook endpoint", Description: "Stops deliveries at once and removes the endpoint's delivery log.",
		Errors: []int{http.StatusNotFound}, DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *webhookIDInput) (*struct{}, error) {
		return nil, s.d.Webhooks.Delete(ctx, in.ID)
	})

	handle(api, can(authz.WebhooksRead), huma.Operation{
		OperationID: "list-webhook-deliveries", Method: http.MethodGet, Path: "/v1/webhooks/{id}/deliveries", Tags: tags,
		Summary: "List an endpoint's deliveries", Description: "The delivery log, newest first: each event sent to this endpoint with its status, attempts, last response code and latency.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *listDeliveriesInput) (*listOut[WebhookDeliveryView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		rows, next, err := s.d.Webhooks.Deliveries(ctx, in.ID, in.Status, pg)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) WebhookDeliveryView { return webhookDeliveryView(rows[i]) }, next), nil
	})

	handle(api, can(authz.WebhooksRead), huma.Operation{
		OperationID: "get-webhook-delivery", Method: http.MethodGet, Path: "/v1/webhooks/{id}/deliveries/{delivery_id}", Tags: tags,
		Summary: "Get a delivery with its attempts", Description: "Every attempt with its time, response code (0: no answer), latency, error and the start of the response.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *webhookDeliveryIDInput) (*struct{ Body WebhookDeliveryDetailView }, error) {
		d, atts, err := s.d.Webhooks.Delivery(ctx, in.ID, in.DeliveryID)
		if err != nil {
			return nil, err
		}
		out := WebhookDeliveryDetailView{WebhookDeliveryView: webhookDeliveryView(d), AttemptLog: make([]WebhookAttemptView, len(atts))}
		for i, a := range atts {
			out.AttemptLog[i] = webhookAttemptView(a)
		}
		return &struct{ Body WebhookDeliveryDetailView }{Body: out}, nil
	})

	handle(api, can(authz.WebhooksWrite).onPlan(billing.FeatureWebhooks), huma.Operation{
		OperationID: "redeliver-webhook-delivery", Method: http.MethodPost, Path: "/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", Tags: tags,
		Summary: "Send a delivery again now",
		Description: "A manual attempt, whatever the delivery's status (the endpoint may even be disabled): the same event id " +
			"and body, signed afresh. Success marks the delivery succeeded; failure leaves any automatic retries as they were. " +
			"The answer is the attempt's outcome (the request waits for the receiver, at most 10 s).",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *webhookDeliveryIDInput) (*struct{ Body WebhookSendView }, error) {
		d, a, err := s.d.Webhooks.Redeliver(ctx, in.ID, in.DeliveryID)
		if err != nil {
			return nil, err
		}
		return sendView(d, a), nil
	})

	handle(api, can(authz.WebhooksWrite).onPlan(billing.FeatureWebhooks), huma.Operation{
		OperationID: "test-webhook", Method: http.MethodPost, Path: "/v1/webhooks/{id}/test", Tags: tags,
		Summary: "Send a test event",
		Description: "Sends a `ping` event (`data: {endpoint_id, message}`) now, signed like any other, and logs it in the " +
			"delivery log. Not retried. The answer is the attempt's outcome.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *webhookIDInput) (*struct{ Body WebhookSendView }, error) {
		d, a, err := s.d.Webhooks.Test(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return sendView(d, a), nil
	})
}

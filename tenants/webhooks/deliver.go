package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"kefu/ent"
	"kefu/ent/store"
	"kefu/ent/webhookdelivery"
	"kefu/ent/webhookendpoint"
	"kefu/tenants/tenancy"
)

// UserAgent identifies Kefu's deliveries.
const UserAgent = "Kefu-Webhooks/1"

// Payload is the JSON body of every delivery.
type Payload struct {
	ID        string         `json:"id" example:"whv_01jdq3v4c8r9s0t1u2v3w4x5y6" doc:"Event id; the same on every attempt, so receivers can drop duplicates"`
	Type      string         `json:"type" example:"ticket.created"`
	CreatedAt time.Time      `json:"created_at" doc:"When the change happened"`
	TenantID  string         `json:"tenant_id"`
	Data      map[string]any `json:"data"`
}

func body(ev *ent.WebhookEvent) ([]byte, error) {
	return json.Marshal(Payload{ID: ev.ID, Type: ev.Type, CreatedAt: ev.OccurredAt.UTC(), TenantID: ev.TenantID, Data: ev.Data})
}

// outcome is what one POST gave.
type outcome struct {
	at       time.Time
	code     int
	latency  time.Duration
	err      string
	response string
}

func (o outcome) ok() bool { return o.err == "" && o.code >= 200 && o.code < 300 }

// post sends one signed attempt. The signature's timestamp is the wall
// clock: receivers compare it with theirs.
func (s *Service) post(ctx context.Context, ep *ent.WebhookEndpoint, ev *ent.WebhookEvent, deliveryID string) outcome {
	out := outcome{at: s.now().UTC()}
	b, err := body(ev)
	if err != nil {
		out.err = "encode payload: " + err.Error()
		return out
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(b))
	if err != nil {
		out.err = "bad URL"
		return out
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set(SignatureHeader, Sign(ep.Secret, time.Now(), b))
	req.Header.Set("Kefu-Event-Id", ev.ID)
	req.Header.Set("Kefu-Event-Type", ev.Type)
	req.Header.Set("Kefu-Delivery-Id", deliveryID)
	start := time.Now()
	res, err := s.guard.Load().client.Do(req)
	out.latency = time.Since(start)
	if err != nil {
		out.err = clip(transportError(err), 500)
		return out
	}
	defer res.Body.Close()
	out.code = res.StatusCode
	excerpt, _ := io.ReadAll(io.LimitReader(res.Body, 1000))
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
	out.response = clip(string(excerpt), 1000)
	if !out.ok() {
		out.err = "HTTP " + strconv.Itoa(res.StatusCode)
		if res.StatusCode >= 300 && res.StatusCode < 400 {
			out.err += " (redirects are not followed)"
		}
	}
	return out
}

// transportError drops the URL from a client error: it may carry a token
// in its query string.
func transportError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out after " + Timeout.String()
	}
	return err.Error()
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// backoff is the wait after the n-th failed attempt (n from 1).
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.First
	for i := 1; i < n && d < p.Max; i++ {
		d *= 2
	}
	d = min(d, p.Max)
	if p.Jitter > 0 {
		d += time.Duration(rand.Float64() * p.Jitter * float64(d))
	}
	return d
}

// Deliver makes the automatic attempt of a delivery that is due: the
// worker calls it when the delivery's task fires. An attempt is claimed
// first (next_attempt_at moves past a lease), so two tasks for the same
// delivery never both send.
func (s *Service) Deliver(ctx context.Context, id string) error {
	now := s.now().UTC()
	d, err := s.db.WebhookDelivery.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil // the endpoint was deleted
	}
	if err != nil {
		return fmt.Errorf("load webhook delivery %s: %w", id, err)
	}
	if d.Status != webhookdelivery.StatusPending || d.NextAttemptAt == nil || d.NextAttemptAt.After(now) {
		return nil // done, or not due: the task for its next time will come
	}
	n, err := s.db.WebhookDelivery.Update().
		Where(webhookdelivery.ID(id), webhookdelivery.StatusEQ(webhookdelivery.StatusPending), webhookdelivery.NextAttemptAtLTE(now)).
		SetNextAttemptAt(now.Add(lease)).Save(tenancy.Quiet(ctx))
	if err != nil {
		return fmt.Errorf("claim webhook delivery %s: %w", id, err)
	}
	if n == 0 {
		return nil // another worker took it
	}
	ep, err := s.db.WebhookEndpoint.Get(ctx, d.EndpointID)
	if err != nil && !ent.IsNotFound(err) {
		return fmt.Errorf("load webhook endpoint %s: %w", d.EndpointID, err)
	}
	// A delivery nobody may receive any more ends here, with the reason.
	unsendable := ""
	switch {
	case ep == nil || !ep.Enabled:
		unsendable = "endpoint disabled"
	case s.Entitled != nil && !s.Entitled(ctx, d.TenantID):
		unsendable = "the plan does not include webhooks"
	}
	if unsendable != "" {
		return s.db.WebhookDelivery.UpdateOneID(id).SetStatus(webhookdelivery.StatusFailed).ClearNextAttemptAt().
			SetLastError(unsendable).SetUpdatedAt(now).Exec(tenancy.Quiet(ctx))
	}
	ev, err := s.db.WebhookEvent.Get(ctx, d.EventID)
	if err != nil {
		return fmt.Errorf("load webhook event %s: %w", d.EventID, err)
	}
	o := s.post(ctx, ep, ev, d.ID)
	d, _, err = s.record(ctx, d, ep, o, false)
	if err != nil {
		return err
	}
	if d.Status == webhookdelivery.StatusPending && d.NextAttemptAt != nil {
		if err := s.queue.ScheduleWebhookDelivery(ctx, d.TenantID, d.ID, *d.NextAttemptAt); err != nil {
			// The sweeper finds it by next_attempt_at.
			slog.WarnContext(ctx, "schedule webhook retry", "delivery_id", d.ID, "err", err)
		}
	}
	return nil
}

// record writes an attempt and its consequences in one transaction: the
// delivery's state and next time, the endpoint's failure run, and, when
// that run has lasted too long, the endpoint's auto-disable.
func (s *Service) record(ctx context.Context, d *ent.WebhookDelivery, ep *ent.WebhookEndpoint, o outcome, manual bool) (*ent.WebhookDelivery, *ent.WebhookAttempt, error) {
	var (
		att      *ent.WebhookAttempt
		out      *ent.WebhookDelivery
		disabled bool
	)
	q := tenancy.Quiet(ctx)
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		att, err = tx.WebhookAttempt.Create().SetDeliveryID(d.ID).SetAt(o.at).SetStatusCode(o.code).
			SetLatencyMs(int(o.latency.Milliseconds())).SetError(o.err).SetResponse(o.response).SetManual(manual).Save(q)
		if err != nil {
			return fmt.Errorf("record webhook attempt: %w", err)
		}
		u := tx.WebhookDelivery.UpdateOneID(d.ID).AddAttempts(1).SetLastStatusCode(o.code).
			SetLastLatencyMs(int(o.latency.Milliseconds())).SetLastError(o.err).SetUpdatedAt(o.at)
		switch {
		case o.ok():
			u.SetStatus(webhookdelivery.StatusSucceeded).SetDeliveredAt(o.at).ClearNextAttemptAt()
		case manual:
			// A person's retry leaves the status and any automatic schedule
			// as they were; only an unscheduled one (a test ping) fails.
			if d.Status == webhookdelivery.StatusPending && d.NextAttemptAt == nil {
				u.SetStatus(webhookdelivery.StatusFailed)
			}
		case o.at.Sub(d.CreatedAt) >= s.Retry.Window:
			u.SetStatus(webhookdelivery.StatusFailed).ClearNextAttemptAt()
		default:
			u.SetNextAttemptAt(o.at.Add(s.Retry.backoff(d.Attempts + 1)))
		}
		if out, err = u.Save(q); err != nil {
			return fmt.Errorf("update webhook delivery %s: %w", d.ID, err)
		}
		switch {
		case o.ok():
			if ep.ConsecutiveFailures > 0 || ep.FailingSince != nil {
				err = tx.WebhookEndpoint.UpdateOneID(ep.ID).SetConsecutiveFailures(0).ClearFailingSince().Exec(q)
			}
		case !manual:
			disabled, err = s.countFailure(ctx, tx, ep.ID, o.at)
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if disabled {
		slog.WarnContext(ctx, "webhook endpoint disabled after sustained failure", "endpoint_id", ep.ID, "tenant_id", ep.TenantID)
	}
	return out, att, nil
}

// countFailure extends the endpoint's failure run and disables it when the
// run is long enough in both time and attempts; it reports a disable.
func (s *Service) countFailure(ctx context.Context, tx *ent.Client, id string, at time.Time) (bool, error) {
	q := tenancy.Quiet(ctx)
	if err := tx.WebhookEndpoint.Update().Where(webhookendpoint.ID(id), webhookendpoint.FailingSinceIsNil()).
		SetFailingSince(at).Exec(q); err != nil {
		return false, fmt.Errorf("mark webhook endpoint %s failing: %w", id, err)
	}
	ep, err := tx.WebhookEndpoint.UpdateOneID(id).AddConsecutiveFailures(1).Save(q)
	if err != nil {
		return false, fmt.Errorf("count webhook failure of %s: %w", id, err)
	}
	if !ep.Enabled || ep.FailingSince == nil || at.Sub(*ep.FailingSince) < s.Disable.After || ep.ConsecutiveFailures < s.Disable.Failures {
		return false, nil
	}
	reason := fmt.Sprintf("no successful delivery since %s (%d failed attempts in a row)",
		ep.FailingSince.UTC().Format(time.RFC3339), ep.ConsecutiveFailures)
	// Audited (not quiet): turning an integration off is a change people
	// will look for.
	n, err := tx.WebhookEndpoint.Update().Where(webhookendpoint.ID(id), webhookendpoint.Enabled(true)).
		SetEnabled(false).SetDisabledAt(at).SetDisabledReason(reason).SetUpdatedAt(at).Save(ctx)
	if err != nil || n == 0 {
		return false, err
	}
	return true, s.notifyDisabled(ctx, tx, ep, reason, at)
}

// Package outbox holds messages (welcome, invitation…) that are written in
// the same transaction as the change that caused them and delivered later
// by a job, so a crash between commit and send loses nothing.
package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"kefu/ent"
	"kefu/ent/outboxmessage"
	"kefu/tenants/tenancy"
)

// MaxAttempts bounds delivery retries before a message is marked failed.
const MaxAttempts = 10

// Kicker schedules delivery of a queued message (an asynq job in workers/).
type Kicker interface {
	KickOutbox(ctx context.Context, tenantID, messageID string) error
}

// Mailer sends one message.
type Mailer interface {
	Send(ctx context.Context, m *ent.OutboxMessage) error
}

// LogMailer is the embedded default: it records that a message was sent,
// by id only (recipients are personal data and stay out of logs).
type LogMailer struct{}

// Send logs the delivery.
func (LogMailer) Send(_ context.Context, m *ent.OutboxMessage) error {
	slog.Info("outbox message delivered", "message_id", m.ID, "tenant_id", m.TenantID, "kind", m.Kind)
	return nil
}

// Message is what a caller queues.
type Message struct {
	Kind      string
	DedupeKey string // one effect per key and tenant
	To        string
	Subject   string
	Body      string
}

// Queue writes m through c (normally the caller's transaction). Queuing the
// same DedupeKey twice returns the first message.
func Queue(ctx context.Context, c *ent.Client, m Message) (*ent.OutboxMessage, error) {
	existing, err := c.OutboxMessage.Query().Where(outboxmessage.DedupeKey(m.DedupeKey)).Only(ctx)
	if err == nil {
		return existing, nil
	}
	if !ent.IsNotFound(err) {
		return nil, fmt.Errorf("queue %s: %w", m.Kind, err)
	}
	msg, err := c.OutboxMessage.Create().
		SetKind(m.Kind).SetDedupeKey(m.DedupeKey).SetRecipient(m.To).
		SetSubject(m.Subject).SetBody(m.Body).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w", m.Kind, err)
	}
	return msg, nil
}

// Service delivers queued messages.
type Service struct {
	db     *ent.Client
	mailer Mailer
	now    func() time.Time
}

// New returns the delivery service.
func New(db *ent.Client, mailer Mailer, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, mailer: mailer, now: now}
}

// Deliver sends one pending message; a message already sent or failed is
// left alone, so running a job twice sends once.
func (s *Service) Deliver(ctx context.Context, id string) error {
	m, err := s.db.OutboxMessage.Get(ctx, id)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil // deleted with its tenant; nothing to do
		}
		return fmt.Errorf("deliver %s: %w", id, err)
	}
	if m.Status != outboxmessage.StatusPending {
		return nil
	}
	sendErr := s.mailer.Send(ctx, m)
	upd := s.db.OutboxMessage.UpdateOneID(id).
		Where(outboxmessage.StatusEQ(outboxmessage.StatusPending)).
		AddAttempts(1)
	switch {
	case sendErr == nil:
		upd.SetStatus(outboxmessage.StatusSent).SetSentAt(s.now().UTC())
	case m.Attempts+1 >= MaxAttempts:
		upd.SetStatus(outboxmessage.StatusFailed).SetLastError(truncate(sendErr.Error(), 500))
	default:
		upd.SetLastError(truncate(sendErr.Error(), 500))
	}
	if err := upd.Exec(ctx); err != nil && !ent.IsNotFound(err) {
		// NotFound: a concurrent run recorded it first.
		return fmt.Errorf("deliver %s: record outcome: %w", id, err)
	}
	if sendErr != nil {
		return fmt.Errorf("deliver %s: %w", id, sendErr)
	}
	return nil
}

// Ref names a message across tenants.
type Ref struct{ TenantID, ID string }

// Pending lists messages still pending after grace, across all tenants,
// for the reconciliation sweeper.
func (s *Service) Pending(ctx context.Context, grace time.Duration, limit int) ([]Ref, error) {
	rows, err := s.db.OutboxMessage.Query().
		Where(outboxmessage.StatusEQ(outboxmessage.StatusPending), outboxmessage.CreatedAtLT(s.now().Add(-grace))).
		Order(outboxmessage.ByCreatedAt()).Limit(limit).
		Select(outboxmessage.FieldID, outboxmessage.FieldTenantID).All(tenancy.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("list pending outbox: %w", err)
	}
	out := make([]Ref, len(rows))
	for i, r := range rows {
		out[i] = Ref{TenantID: r.TenantID, ID: r.ID}
	}
	return out, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

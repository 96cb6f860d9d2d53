package callbacks

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"kefu/desk/tickets"
	"kefu/ent"
	"kefu/ent/callback"
	"kefu/ent/store"
	"kefu/fault"
	"kefu/ids"
	"kefu/tenants/tenancy"
)

// SurveyTTL is how long a survey link stays valid.
const SurveyTTL = 7 * 24 * time.Hour

// SurveyLink issues a link for the customer to rate the service (CSAT 1–5)
// on their phone. The token is shown once; only its hash is kept.
func (s *Service) SurveyLink(ctx context.Context, id string) (token string, expires time.Time, err error) {
	cb, err := s.db.Callback.Get(ctx, id)
	if err != nil {
		if ent.IsNotFound(err) {
			return "", time.Time{}, fault.NotFoundf("callback %s", id)
		}
		return "", time.Time{}, err
	}
	if cb.SurveyedAt != nil {
		return "", time.Time{}, fault.Conflictf("the customer answered the survey already")
	}
	token = "kfq_" + ids.Token(24)
	expires = s.now().Add(SurveyTTL).UTC()
	if err := s.db.Callback.UpdateOne(cb).SetSurveyTokenHash(hashSurvey(token)).SetSurveyExpiresAt(expires).Exec(ctx); err != nil {
		return "", time.Time{}, fmt.Errorf("survey link for %s: %w", id, err)
	}
	return token, expires, nil
}

func hashSurvey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Survey is what the public survey page shows.
type Survey struct {
	Organization string
	Ticket       string // the ticket's number
	Subject      string
	ExpiresAt    time.Time
	Answered     bool
	CSAT         int
}

// surveyByToken finds the callback a token belongs to, across tenants; an
// unknown or expired token is not found.
func (s *Service) surveyByToken(ctx context.Context, token string) (*ent.Callback, error) {
	if !strings.HasPrefix(token, "kfq_") {
		return nil, fault.NotFoundf("survey")
	}
	cb, err := s.db.Callback.Query().Where(callback.SurveyTokenHash(hashSurvey(token))).Only(tenancy.System(ctx))
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("survey (the link may be wrong)")
		}
		return nil, err
	}
	if cb.SurveyExpiresAt == nil || s.now().After(*cb.SurveyExpiresAt) {
		return nil, fault.NotFoundf("survey (the link has expired)")
	}
	return cb, nil
}

// PublicSurvey describes the survey behind a token.
func (s *Service) PublicSurvey(ctx context.Context, token string) (*Survey, error) {
	cb, err := s.surveyByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	tctx := tenancy.WithTenant(ctx, cb.TenantID)
	t, err := s.db.Ticket.Get(tctx, cb.TicketID)
	if err != nil {
		return nil, err
	}
	org, err := s.db.Tenant.Get(tctx, cb.TenantID)
	if err != nil {
		return nil, err
	}
	out := &Survey{Organization: org.Name, Ticket: t.Number, Subject: t.Subject, ExpiresAt: *cb.SurveyExpiresAt, Answered: cb.SurveyedAt != nil}
	if cb.Csat != nil {
		out.CSAT = *cb.Csat
	}
	return out, nil
}

// AnswerSurvey records the customer's score once and puts it on the
// ticket's timeline.
func (s *Service) AnswerSurvey(ctx context.Context, token string, csat int, comment string) error {
	if csat < 1 || csat > 5 {
		return fault.Field("body.csat", "must be 1 to 5", csat)
	}
	cb, err := s.surveyByToken(ctx, token)
	if err != nil {
		return err
	}
	tctx := tenancy.WithViewer(ctx, tenancy.Viewer{TenantID: cb.TenantID, ActorType: tenancy.ActorSystem, ActorID: "customer"})
	now := s.now().UTC()
	return store.WithTx(tctx, s.db, func(tx *ent.Client) error {
		n, err := tx.Callback.Update().Where(callback.ID(cb.ID), callback.SurveyedAtIsNil()).
			SetCsat(csat).SetSurveyComment(comment).SetSurveyedAt(now).Save(tctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return fault.Conflictf("this survey was answered already, thank you")
		}
		return tickets.Record(tctx, tx, cb.TicketID, tickets.EventCallbackRecorded, "", now, map[string]any{"callback_id": cb.ID, "channel": "survey", "csat": csat})
	})
}

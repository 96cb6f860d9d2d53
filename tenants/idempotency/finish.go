package idempotency

import (
	"context"
	"fmt"

	"kefu/ent/idempotencyrecord"
	"kefu/tenants/tenancy"
)

// Complete stores the answer of the claim's request; retries replay it
// until the key expires.
func (s *Service) Complete(ctx context.Context, claim string, resp Response) error {
	headers := resp.Headers
	if headers == nil {
		headers = map[string]string{}
	}
	body := resp.Body
	if body == nil {
		body = []byte{}
	}
	_, err := s.db.IdempotencyRecord.Update().
		Where(idempotencyrecord.ID(claim), idempotencyrecord.StateEQ(idempotencyrecord.StateInProgress)).
		SetState(idempotencyrecord.StateDone).
		SetResponseStatus(resp.Status).SetResponseHeaders(headers).SetResponseBody(body).
		Save(tenancy.Quiet(ctx))
	if err != nil {
		return fmt.Errorf("store idempotent response: %w", err)
	}
	return nil
}

// Release gives the key up without an answer (the request failed on our
// side), so a retry runs the request again.
func (s *Service) Release(ctx context.Context, claim string) error {
	_, err := s.db.IdempotencyRecord.Delete().
		Where(idempotencyrecord.ID(claim), idempotencyrecord.StateEQ(idempotencyrecord.StateInProgress)).
		Exec(tenancy.Quiet(ctx))
	if err != nil {
		return fmt.Errorf("release idempotency key: %w", err)
	}
	return nil
}

// PurgeExpired deletes the records of every tenant whose day is over and
// returns how many; the sweeper calls it.
func (s *Service) PurgeExpired(ctx context.Context) (int, error) {
	n, err := s.db.IdempotencyRecord.Delete().
		Where(idempotencyrecord.ExpiresAtLTE(s.clock())).
		Exec(tenancy.Quiet(tenancy.System(ctx)))
	if err != nil {
		return 0, fmt.Errorf("purge idempotency records: %w", err)
	}
	return n, nil
}

// Package idempotency remembers writes sent with an Idempotency-Key so a
// retry gets the first answer again instead of doing the work twice. A key
// belongs to one caller (API key or user) in one tenant and lives 24 h.
//
// The first request claims the key (a committed in_progress row), runs,
// and stores its answer; a retry with the same request replays it; the same
// key with another request is refused; a claim left by a process that died
// can be taken over once its lock lapses.
package idempotency

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"kefu/ent"
	"kefu/ent/idempotencyrecord"
	"kefu/tenants/tenancy"
)

const (
	// TTL is how long a key is remembered.
	TTL = 24 * time.Hour
	// Lock is how long a claim is held before another request may take it
	// over: longer than any request should run, short enough that a crash
	// does not block retries for long.
	Lock = 30 * time.Second
	// MaxKeyLen is the longest key accepted.
	MaxKeyLen = 255
)

// ErrKeyReused: the key was first used with another method, path or body,
// which is a client bug rather than a retry.
var ErrKeyReused = errors.New("idempotency key reused with a different request")

// Request identifies a write. Hash covers what must match for a replay
// (see Hash).
type Request struct {
	Principal string
	Key       string
	Method    string
	Path      string
	Hash      string
}

// Response is a stored answer.
type Response struct {
	Status  int
	Headers map[string]string
	Body    []byte
}

// Result is what Begin found: exactly one of Claim, Stored or Busy is set.
type Result struct {
	// Claim is set when this request now holds the key: run it, then call
	// Complete or Release with this id.
	Claim string
	// Stored is the first request's answer, to be replayed.
	Stored *Response
	// Busy: another request holds the key and is still running.
	Busy bool
}

// Service stores idempotency records.
type Service struct {
	db  *ent.Client
	now func() time.Time
	// Wait is how long Await waits for a running duplicate; 0 means
	// DefaultWait. Tests shorten it.
	Wait time.Duration
}

// New returns the service; now is the application clock.
func New(db *ent.Client, now func() time.Time) *Service {
	return &Service{db: db, now: now}
}

// ValidKey reports whether k is 1–255 printable ASCII characters.
func ValidKey(k string) bool {
	if k == "" || len(k) > MaxKeyLen {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// Hash fingerprints a request: the full request URI (path and query) and
// the body, so any difference is caught as a reused key.
func Hash(method, requestURI string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(method + " " + requestURI + "\n"))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// clock returns now in UTC: SQLite compares stored times as text, so every
// time written and compared must be in one zone.
func (s *Service) clock() time.Time { return s.now().UTC() }

// Begin claims r.Key for r's caller in the context's tenant, or reports
// the stored answer or a running claim. ErrKeyReused when the key belongs
// to a different request.
func (s *Service) Begin(ctx context.Context, r Request) (Result, error) {
	if tenancy.TenantID(ctx) == "" {
		return Result{}, fmt.Errorf("idempotency: no tenant in context")
	}
	if !ValidKey(r.Key) {
		return Result{}, fmt.Errorf("idempotency: invalid key")
	}
	if len(r.Path) > 500 {
		r.Path = r.Path[:500] // the hash still covers the whole URI
	}
	ctx = tenancy.Quiet(ctx) // bookkeeping, not a change anyone audits
	// Each pass either settles or removes an obstacle (an expired record,
	// a lapsed lock someone else took); a few passes always suffice.
	for range 5 {
		now := s.clock()
		rec, err := s.db.IdempotencyRecord.Create().
			SetPrincipal(r.Principal).SetKey(r.Key).SetMethod(r.Method).SetPath(r.Path).
			SetRequestHash(r.Hash).SetLockedUntil(now.Add(Lock)).
			SetCreatedAt(now).SetExpiresAt(now.Add(TTL)).
			Save(ctx)
		if err == nil {
			return Result{Claim: rec.ID}, nil
		}
		if !ent.IsConstraintError(err) {
			return Result{}, fmt.Errorf("claim idempotency key: %w", err)
		}
		rec, err = s.db.IdempotencyRecord.Query().
			Where(idempotencyrecord.Principal(r.Principal), idempotencyrecord.Key(r.Key)).
			Only(ctx)
		if ent.IsNotFound(err) {
			continue // released or purged in between
		}
		if err != nil {
			return Result{}, fmt.Errorf("read idempotency key: %w", err)
		}
		switch {
		case !rec.ExpiresAt.After(now):
			// A day-old key is forgotten: remove it and claim afresh.
			if _, err := s.db.IdempotencyRecord.Delete().
				Where(idempotencyrecord.ID(rec.ID), idempotencyrecord.ExpiresAtLTE(now)).
				Exec(ctx); err != nil {
				return Result{}, fmt.Errorf("drop expired idempotency key: %w", err)
			}
			continue
		case rec.Method != r.Method || rec.Path != r.Path || rec.RequestHash != r.Hash:
			return Result{}, ErrKeyReused
		case rec.State == idempotencyrecord.StateDone:
			return Result{Stored: &Response{Status: rec.ResponseStatus, Headers: rec.ResponseHeaders, Body: rec.ResponseBody}}, nil
		case rec.LockedUntil.After(now):
			return Result{Busy: true}, nil
		}
		// The claimant died: take the claim over, unless another retry
		// just did (the lock condition then no longer holds).
		n, err := s.db.IdempotencyRecord.Update().
			Where(idempotencyrecord.ID(rec.ID), idempotencyrecord.StateEQ(idempotencyrecord.StateInProgress),
				idempotencyrecord.LockedUntilLTE(now)).
			SetLockedUntil(now.Add(Lock)).
			Save(ctx)
		if err != nil {
			return Result{}, fmt.Errorf("take over idempotency key: %w", err)
		}
		if n == 1 {
			return Result{Claim: rec.ID}, nil
		}
	}
	return Result{Busy: true}, nil
}

// DefaultWait is how long Await lets a duplicate wait for the first request.
const DefaultWait = 10 * time.Second

// Await is Begin that, while another request holds the key, polls until
// that request answers (then replays it), gives the key up (then claims
// it), or the wait passes (then reports Busy). It waits in real time: the
// point is not to hold a client's connection for long.
func (s *Service) Await(ctx context.Context, r Request) (Result, error) {
	wait := s.Wait
	if wait <= 0 {
		wait = DefaultWait
	}
	deadline := time.Now().Add(wait)
	delay := 20 * time.Millisecond
	for {
		res, err := s.Begin(ctx, r)
		if err != nil || !res.Busy {
			return res, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return res, nil
		}
		t := time.NewTimer(min(delay, left))
		select {
		case <-ctx.Done():
			t.Stop()
			return Result{}, ctx.Err()
		case <-t.C:
		}
		delay = min(delay*2, 250*time.Millisecond)
	}
}

// Package apikeys issues, lists, revokes and checks the API keys that
// integrators call Kefu with. A key acts with one role of the tenant's,
// through the same casbin policy as staff (subject "key:<id>"); its
// plaintext is returned once, at creation, and never stored.
package apikeys

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/apikey"
	"kefu/ent/role"
	"kefu/ent/store"
	enttenant "kefu/ent/tenant"
	"kefu/fault"
	"kefu/paging"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// touchEvery is how stale last_used_at may get: a busy integration writes
// once a minute per key, not once per request.
const touchEvery = time.Minute

// Service manages a tenant's API keys.
type Service struct {
	db     *ent.Client
	az     *authz.Authorizer
	pepper []byte
	now    func() time.Time
}

// New returns the service. pepper is the server-wide HMAC key every
// process shares; now is injectable for tests.
func New(db *ent.Client, az *authz.Authorizer, pepper []byte, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, az: az, pepper: pepper, now: now}
}

// NewKey is a key to create.
type NewKey struct {
	Name      string
	Role      string
	Mode      string // live (default) or test
	ExpiresAt *time.Time
}

// Created is a new key with its plaintext, which exists only here.
type Created struct {
	*ent.APIKey
	Plaintext string
}

// Create issues a key for actorID's tenant. The actor may only give the key
// a role whose every permission they hold themselves.
func (s *Service) Create(ctx context.Context, actorID string, in NewKey) (*Created, error) {
	tid := tenancy.TenantID(ctx)
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return nil, fault.Field("body.name", "is required", in.Name)
	}
	if in.Mode == "" {
		in.Mode = string(apikey.ModeLive)
	}
	if apikey.ModeValidator(apikey.Mode(in.Mode)) != nil {
		return nil, fault.Field("body.mode", "must be live or test", in.Mode)
	}
	now := s.now()
	if in.ExpiresAt != nil && !in.ExpiresAt.After(now) {
		return nil, fault.Field("body.expires_at", "must be in the future", in.ExpiresAt)
	}
	if err := s.checkRole(ctx, actorID, in.Role); err != nil {
		return nil, err
	}
	key := newKey(in.Mode)
	var row *ent.APIKey
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		c := tx.APIKey.Create().SetName(name).SetMode(apikey.Mode(in.Mode)).
			SetSecretHash(hashKey(s.pepper, key)).SetHint(hint(key)).SetRoleID(in.Role).
			SetCreatedBy(actorID).SetCreatedAt(now.UTC()).SetUpdatedAt(now.UTC())
		if in.ExpiresAt != nil {
			c.SetExpiresAt(in.ExpiresAt.UTC())
		}
		var err error
		if row, err = c.Save(ctx); err != nil {
			return err
		}
		return authz.SetKeyRole(ctx, tx, tid, row.ID, in.Role)
	})
	if err != nil {
		return nil, fmt.Errorf("create api key: %w", err)
	}
	if err := s.az.Changed(ctx); err != nil {
		return nil, err
	}
	return &Created{APIKey: row, Plaintext: key}, nil
}

// checkRole verifies the role exists in the tenant and grants nothing the
// actor lacks: a key is never a way to more rights than its creator's.
func (s *Service) checkRole(ctx context.Context, actorID, name string) error {
	if name == "" {
		return fault.Field("body.role", "is required", name)
	}
	if _, ok := authz.LookupBuiltIn(name); !ok {
		exists, err := s.db.Role.Query().Where(role.Name(name)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("check role %s: %w", name, err)
		}
		if !exists {
			return fault.Field("body.role", "no such role", name)
		}
	}
	tid := tenancy.TenantID(ctx)
	mine := s.az.Permissions(tid, actorID)
	for _, p := range s.az.RolePermissions(tid, name) {
		if !slices.Contains(mine, p) {
			return fault.Forbiddenf("role %s grants %s, which you do not hold", name, p)
		}
	}
	return nil
}

// List returns a page of the tenant's keys, newest first, revoked ones
// included (they show when and that they were revoked).
func (s *Service) List(ctx context.Context, pg paging.Page) ([]*ent.APIKey, string, error) {
	q := s.db.APIKey.Query()
	if pg.After != "" {
		q = q.Where(apikey.IDLT(pg.After))
	}
	rows, err := q.Order(apikey.ByID(entsql.OrderDesc())).Limit(pg.Limit + 1).All(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("list api keys: %w", err)
	}
	rows, next := paging.Trim(rows, pg.Limit, func(k *ent.APIKey) string { return k.ID })
	return rows, next, nil
}

// Get returns one key of the viewer's tenant.
func (s *Service) Get(ctx context.Context, id string) (*ent.APIKey, error) {
	k, err := s.db.APIKey.Get(ctx, id)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("api key %s", id)
		}
		return nil, fmt.Errorf("get api key %s: %w", id, err)
	}
	return k, nil
}

// Revoke ends a key at once: the next request with it is refused, since
// every request reads the key's row. Revoking twice changes nothing.
func (s *Service) Revoke(ctx context.Context, id string) (*ent.APIKey, error) {
	tid := tenancy.TenantID(ctx)
	var out *ent.APIKey
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		k, err := tx.APIKey.Get(ctx, id)
		if err != nil {
			return err
		}
		if k.RevokedAt != nil {
			out = k
			return nil
		}
		if out, err = tx.APIKey.UpdateOne(k).SetRevokedAt(s.now().UTC()).Save(ctx); err != nil {
			return err
		}
		return authz.SetKeyRole(ctx, tx, tid, id, "")
	})
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("api key %s", id)
		}
		return nil, fmt.Errorf("revoke api key %s: %w", id, err)
	}
	if err := s.az.Changed(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// Caller is an authenticated key with what the request needs of its tenant.
type Caller struct {
	KeyID    string
	TenantID string
	// ReadOnly is set while the tenant's subscription lapsed.
	ReadOnly bool
	Locale   string
}

// Errors of Authenticate; all are ErrUnauthenticated.
var (
	ErrUnknown = fmt.Errorf("%w: unknown API key", fault.ErrUnauthenticated)
	ErrRevoked = fmt.Errorf("%w: this API key was revoked", fault.ErrUnauthenticated)
	ErrExpired = fmt.Errorf("%w: this API key has expired", fault.ErrUnauthenticated)
)

// keyRow is a key with what Authenticate needs of its tenant.
type keyRow struct {
	ID            string         `sql:"id"`
	TenantID      string         `sql:"tenant_id"`
	ExpiresAt     sql.NullTime   `sql:"expires_at"`
	LastUsedAt    sql.NullTime   `sql:"last_used_at"`
	RevokedAt     sql.NullTime   `sql:"revoked_at"`
	TenantLocale  sql.NullString `sql:"tenant_locale"`
	TenantSuspend sql.NullString `sql:"tenant_suspended_by"`
}

// lookup reads the key with hash h joined to its tenant: every request
// with a key pays this, so it is one round trip.
func (s *Service) lookup(ctx context.Context, h string) (*keyRow, error) {
	var rows []keyRow
	err := s.db.APIKey.Query().Where(apikey.SecretHash(h)).Modify(func(q *entsql.Selector) {
		t := entsql.Table(enttenant.Table).As("t")
		q.Join(t).On(q.C(apikey.FieldTenantID), t.C(enttenant.FieldID))
		q.Select(q.C(apikey.FieldID), q.C(apikey.FieldTenantID), q.C(apikey.FieldExpiresAt), q.C(apikey.FieldLastUsedAt),
			q.C(apikey.FieldRevokedAt), entsql.As(t.C(enttenant.FieldLocale), "tenant_locale"),
			entsql.As(t.C(enttenant.FieldSuspendedBy), "tenant_suspended_by"))
	}).Scan(tenancy.System(ctx), &rows)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

// Authenticate resolves a key presented from ip. A malformed key or a bad
// checksum is refused without touching the database. Nothing is cached, so
// a revocation takes effect on the next request.
func (s *Service) Authenticate(ctx context.Context, key, ip string) (*Caller, error) {
	if !Valid(key) {
		return nil, ErrUnknown
	}
	if len(s.pepper) == 0 {
		return nil, errors.New("authenticate api key: no pepper configured")
	}
	k, err := s.lookup(ctx, hashKey(s.pepper, key))
	if err != nil {
		return nil, fmt.Errorf("authenticate api key: %w", err)
	}
	if k == nil {
		return nil, ErrUnknown
	}
	now := s.now()
	switch {
	case k.RevokedAt.Valid:
		return nil, ErrRevoked
	case k.ExpiresAt.Valid && !now.Before(k.ExpiresAt.Time):
		return nil, ErrExpired
	}
	c := &Caller{KeyID: k.ID, TenantID: k.TenantID, Locale: k.TenantLocale.String}
	switch enttenant.SuspendedBy(k.TenantSuspend.String) {
	case enttenant.SuspendedByOperator:
		return nil, fmt.Errorf("%w: the platform operator suspended this organization", fault.ErrSuspended)
	case "":
	default:
		c.ReadOnly = true
	}
	if !k.LastUsedAt.Valid || now.Sub(k.LastUsedAt.Time) >= touchEvery {
		s.touch(ctx, k.ID, ip, now)
	}
	return c, nil
}

// touch records the key's last use. The condition makes concurrent
// requests of one key write once per minute between them; it is not
// audited (it is bookkeeping, not a change anyone made).
func (s *Service) touch(ctx context.Context, id, ip string, now time.Time) {
	cutoff := now.Add(-touchEvery)
	if len(ip) > 64 {
		ip = ip[:64]
	}
	_, _ = s.db.APIKey.Update().
		Where(apikey.ID(id), apikey.Or(apikey.LastUsedAtIsNil(), apikey.LastUsedAtLTE(cutoff))).
		SetLastUsedAt(now.UTC()).SetLastUsedIP(ip).
		Save(tenancy.Quiet(tenancy.System(ctx)))
}

// Status is active, expired or revoked, as of now.
func (s *Service) Status(k *ent.APIKey) string {
	switch {
	case k.RevokedAt != nil:
		return "revoked"
	case k.ExpiresAt != nil && !s.now().Before(*k.ExpiresAt):
		return "expired"
	}
	return "active"
}

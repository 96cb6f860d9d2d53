// Package accounts manages staff accounts, operator accounts and console
// sessions: passwords (argon2id), login and logout, invitations.
package accounts

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/operator"
	"kefu/ent/session"
	"kefu/ent/store"
	enttenant "kefu/ent/tenant"
	"kefu/ent/user"
	"kefu/fault"
	"kefu/tenants/tenancy"
)

// SessionTTL is how long a console login lasts.
const SessionTTL = 12 * time.Hour

// Service is the accounts domain.
type Service struct {
	db       *ent.Client
	now      func() time.Time
	sessions *sessionCache
}

// New returns the accounts service; now is injectable for tests.
func New(db *ent.Client, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{db: db, now: now, sessions: newSessionCache()}
	s.sessions.watch(db)
	return s
}

// Login is a successful sign-in.
type Login struct {
	Token     string
	ExpiresAt time.Time
	UserID    string
	TenantID  string
}

// ErrBadCredentials is returned for any wrong tenant, email or password,
// without saying which.
var ErrBadCredentials = fmt.Errorf("%w: wrong organization, email or password", fault.ErrUnauthenticated)

// Login signs a staff member in to the tenant with slug tenantSlug.
func (s *Service) Login(ctx context.Context, tenantSlug, email, password string) (*Login, error) {
	sys := tenancy.System(ctx)
	t, err := s.db.Tenant.Query().Where(enttenant.Slug(strings.ToLower(tenantSlug))).Only(sys)
	if err != nil {
		if ent.IsNotFound(err) {
			_, _ = CheckPassword(dummyHash, password)
			return nil, ErrBadCredentials
		}
		return nil, fmt.Errorf("login: find tenant: %w", err)
	}
	u, err := s.db.User.Query().Where(user.TenantID(t.ID), user.Email(normalizeEmail(email))).Only(sys)
	if err != nil {
		if ent.IsNotFound(err) {
			_, _ = CheckPassword(dummyHash, password)
			return nil, ErrBadCredentials
		}
		return nil, fmt.Errorf("login: find user: %w", err)
	}
	hash := u.PasswordHash
	if hash == "" {
		hash = dummyHash
	}
	ok, err := CheckPassword(hash, password)
	if err != nil {
		return nil, fmt.Errorf("login %s: %w", u.ID, err)
	}
	if !ok || u.PasswordHash == "" || u.Status != user.StatusActive {
		return nil, ErrBadCredentials
	}
	if t.SuspendedBy != nil && *t.SuspendedBy == enttenant.SuspendedByOperator {
		return nil, fmt.Errorf("login: %w: the platform operator suspended this organization", fault.ErrSuspended)
	}
	tctx := tenancy.WithViewer(ctx, tenancy.Viewer{TenantID: t.ID, ActorType: tenancy.ActorUser, ActorID: u.ID})
	var login *Login
	err = store.WithTx(tctx, s.db, func(tx *ent.Client) error {
		var err error
		if login, err = s.StartSession(tctx, tx, t.ID, u.ID); err != nil {
			return err
		}
		return tx.User.UpdateOneID(u.ID).SetLastLoginAt(s.now().UTC()).Exec(tctx)
	})
	if err != nil {
		return nil, fmt.Errorf("login %s: %w", u.ID, err)
	}
	return login, nil
}

// StartSession opens a session for a user without a password check (right
// after signup or accepting an invitation).
func (s *Service) StartSession(ctx context.Context, c *ent.Client, tenantID, userID string) (*Login, error) {
	l, err := s.openSession(ctx, c.Session.Create().SetTenantID(tenantID).SetUserID(userID))
	if err != nil {
		return nil, fmt.Errorf("start session for %s: %w", userID, err)
	}
	l.UserID, l.TenantID = userID, tenantID
	return l, nil
}

// openSession stores a new session built by create (whose owner is set)
// and returns its token, which is never stored.
func (s *Service) openSession(ctx context.Context, create *ent.SessionCreate) (*Login, error) {
	token, hashed := newSecret(sessionPrefix)
	now := s.now().UTC()
	exp := now.Add(SessionTTL)
	if err := create.SetTokenHash(hashed).SetCreatedAt(now).SetLastSeenAt(now).SetExpiresAt(exp).Exec(tenancy.System(ctx)); err != nil {
		return nil, err
	}
	return &Login{Token: token, ExpiresAt: exp}, nil
}

// Principal is who a valid session token or API key belongs to.
type Principal struct {
	SessionID  string
	TenantID   string
	UserID     string
	OperatorID string
	// KeyID is set, and UserID empty, when an API key authenticated.
	KeyID string
	// ReadOnly is set while the tenant's subscription lapsed: reads work,
	// writes are refused.
	ReadOnly bool
	Locale   string
}

// ActorID is who acts inside the tenant: the user, or the API key.
func (p *Principal) ActorID() string {
	if p.KeyID != "" {
		return p.KeyID
	}
	return p.UserID
}

// sessionRow is a session with what Authenticate needs of its user and
// tenant, read in one statement.
type sessionRow struct {
	ID            string         `sql:"id"`
	TenantID      sql.NullString `sql:"tenant_id"`
	UserID        sql.NullString `sql:"user_id"`
	OperatorID    sql.NullString `sql:"operator_id"`
	ExpiresAt     sql.NullTime   `sql:"expires_at"`
	LastSeenAt    sql.NullTime   `sql:"last_seen_at"`
	UserStatus    sql.NullString `sql:"user_status"`
	UserLocale    sql.NullString `sql:"user_locale"`
	TenantLocale  sql.NullString `sql:"tenant_locale"`
	TenantSuspend sql.NullString `sql:"tenant_suspended_by"`
}

// lookupSession reads the session with token hash h joined to its user and
// their tenant: every request pays this, so it is one round trip.
func (s *Service) lookupSession(ctx context.Context, h string) (*sessionRow, error) {
	var rows []sessionRow
	err := s.db.Session.Query().Where(session.TokenHash(h)).Modify(func(q *entsql.Selector) {
		u, t := entsql.Table(user.Table).As("u"), entsql.Table(enttenant.Table).As("t")
		q.LeftJoin(u).On(q.C(session.FieldUserID), u.C(user.FieldID)).
			LeftJoin(t).On(u.C(user.FieldTenantID), t.C(enttenant.FieldID))
		q.Select(q.C(session.FieldID), q.C(session.FieldTenantID), q.C(session.FieldUserID), q.C(session.FieldOperatorID),
			q.C(session.FieldExpiresAt), q.C(session.FieldLastSeenAt),
			entsql.As(u.C(user.FieldStatus), "user_status"), entsql.As(u.C(user.FieldLocale), "user_locale"),
			entsql.As(t.C(enttenant.FieldLocale), "tenant_locale"), entsql.As(t.C(enttenant.FieldSuspendedBy), "tenant_suspended_by"))
	}).Scan(tenancy.System(ctx), &rows)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

// Authenticate resolves a session token. Every failure is ErrUnauthenticated,
// except an operator-suspended tenant (ErrSuspended).
func (s *Service) Authenticate(ctx context.Context, token string) (*Principal, error) {
	if !strings.HasPrefix(token, sessionPrefix) {
		return nil, fault.ErrUnauthenticated
	}
	h := hashToken(token)
	ses, epoch := s.sessions.get(h)
	read := ses == nil
	if read {
		began := time.Now()
		var err error
		if ses, err = s.lookupSession(ctx, h); err != nil {
			return nil, fmt.Errorf("authenticate: %w", err)
		}
		if ses == nil {
			return nil, fault.ErrUnauthenticated
		}
		s.sessions.put(h, ses, epoch, began)
	}
	now := s.now()
	if !now.Before(ses.ExpiresAt.Time) {
		return nil, fault.ErrUnauthenticated
	}
	if read && now.Sub(ses.LastSeenAt.Time) > time.Minute {
		// Throttled so a busy console does not write on every request.
		_ = s.db.Session.UpdateOneID(ses.ID).SetLastSeenAt(now.UTC()).Exec(tenancy.System(ctx))
	}
	if ses.OperatorID.String != "" {
		return &Principal{SessionID: ses.ID, OperatorID: ses.OperatorID.String}, nil
	}
	// A session whose user is gone joins no user row.
	if !ses.UserStatus.Valid || ses.UserStatus.String != string(user.StatusActive) {
		return nil, fault.ErrUnauthenticated
	}
	p := &Principal{SessionID: ses.ID, TenantID: ses.TenantID.String, UserID: ses.UserID.String, Locale: ses.TenantLocale.String}
	if ses.UserLocale.Valid {
		p.Locale = ses.UserLocale.String
	}
	switch enttenant.SuspendedBy(ses.TenantSuspend.String) {
	case enttenant.SuspendedByOperator:
		return nil, fmt.Errorf("%w: the platform operator suspended this organization", fault.ErrSuspended)
	case "":
	default:
		p.ReadOnly = true
	}
	return p, nil
}

// Logout ends the session.
func (s *Service) Logout(ctx context.Context, sessionID string) error {
	err := s.db.Session.DeleteOneID(sessionID).Exec(tenancy.System(ctx))
	if err != nil && !ent.IsNotFound(err) {
		return fmt.Errorf("logout %s: %w", sessionID, err)
	}
	return nil
}

// endSessions ends every session of a user (deactivation, password change).
func endSessions(ctx context.Context, c *ent.Client, userID string) error {
	if _, err := c.Session.Delete().Where(session.UserID(userID)).Exec(tenancy.System(ctx)); err != nil {
		return fmt.Errorf("end sessions of %s: %w", userID, err)
	}
	return nil
}

// PurgeExpired deletes expired sessions and returns how many.
func (s *Service) PurgeExpired(ctx context.Context) (int, error) {
	return s.db.Session.Delete().Where(session.ExpiresAtLT(s.now())).Exec(tenancy.System(ctx))
}

// OperatorLogin signs a platform operator in.
func (s *Service) OperatorLogin(ctx context.Context, email, password string) (*Login, error) {
	sys := tenancy.System(ctx)
	op, err := s.db.Operator.Query().Where(operator.Email(normalizeEmail(email))).Only(sys)
	if err != nil {
		if ent.IsNotFound(err) {
			_, _ = CheckPassword(dummyHash, password)
			return nil, fmt.Errorf("%w: wrong email or password", fault.ErrUnauthenticated)
		}
		return nil, fmt.Errorf("operator login: %w", err)
	}
	ok, err := CheckPassword(op.PasswordHash, password)
	if err != nil || !ok {
		return nil, fmt.Errorf("%w: wrong email or password", fault.ErrUnauthenticated)
	}
	l, err := s.openSession(sys, s.db.Session.Create().SetOperatorID(op.ID))
	if err != nil {
		return nil, fmt.Errorf("operator login: %w", err)
	}
	return l, nil
}

// EnsureOperator creates or updates the operator account (from config or
// `kefu demo`).
func (s *Service) EnsureOperator(ctx context.Context, email, name, password string) error {
	if msg := ValidatePassword(password); msg != "" {
		return fault.Field("operator_password", msg, nil)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	sys := tenancy.System(ctx)
	email = normalizeEmail(email)
	n, err := s.db.Operator.Update().Where(operator.Email(email)).SetPasswordHash(hash).SetName(name).Save(sys)
	if err != nil {
		return fmt.Errorf("ensure operator: %w", err)
	}
	if n > 0 {
		return nil
	}
	return s.db.Operator.Create().SetEmail(email).SetName(name).SetPasswordHash(hash).Exec(sys)
}

func normalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

package accounts

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"kefu/ent"
	"kefu/ent/assignment"
	"kefu/ent/position"
	"kefu/ent/role"
	"kefu/ent/store"
	"kefu/ent/user"
	"kefu/fault"
	"kefu/paging"
	"kefu/tenants/authz"
	"kefu/tenants/outbox"
	"kefu/tenants/tenancy"
)

// InviteTTL is how long an invitation link stays valid.
const InviteTTL = 7 * 24 * time.Hour

// Users manages a tenant's staff.
type Users struct {
	db      *ent.Client
	az      *authz.Authorizer
	kick    outbox.Kicker
	baseURL string
	now     func() time.Time
	seats   SeatCheck
}

// NewUsers returns the staff service; baseURL builds invitation links.
func NewUsers(db *ent.Client, az *authz.Authorizer, kick outbox.Kicker, baseURL string, now func() time.Time) *Users {
	if now == nil {
		now = time.Now
	}
	return &Users{db: db, az: az, kick: kick, baseURL: strings.TrimRight(baseURL, "/"), now: now}
}

// NewUser is a staff member to create. Without a password an invitation
// link is mailed and the account stays invited until it is accepted.
type NewUser struct {
	Email    string
	Name     string
	Phone    string
	Password string
	Roles    []string
	Locale   string
}

// Staff is a user with every role they hold: the direct ones (User.Roles)
// and those their positions in the org chart give.
type Staff struct {
	*ent.User
	AllRoles []string
	// InviteURL is set only by Create for an invited user: the mailed link.
	InviteURL string
}

// Create adds a staff member; actorID may only grant roles within their own rights.
func (s *Users) Create(ctx context.Context, actorID string, in NewUser) (*Staff, error) {
	tid := tenancy.TenantID(ctx)
	email := normalizeEmail(in.Email)
	if _, err := mail.ParseAddress(email); err != nil || strings.ContainsAny(email, " <>") {
		return nil, fault.Field("body.email", "is not a valid email address", in.Email)
	}
	if in.Password != "" {
		if msg := ValidatePassword(in.Password); msg != "" {
			return nil, fault.Field("body.password", msg, nil)
		}
	}
	if len(in.Roles) == 0 {
		in.Roles = []string{authz.Agent}
	}
	if err := s.checkRoles(ctx, actorID, in.Roles, "body.roles"); err != nil {
		return nil, err
	}
	var created *ent.User
	var msgID, inviteURL string
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		taken, err := tx.User.Query().Where(user.Email(email)).Exist(ctx)
		if err != nil {
			return err
		}
		if taken {
			return fault.Conflictf("a user with email %s already exists", email)
		}
		if err := s.takeSeat(ctx, tx); err != nil {
			return err
		}
		c := tx.User.Create().SetEmail(email).SetName(strings.TrimSpace(in.Name)).SetPhone(in.Phone).SetRoles(dedupe(in.Roles))
		if in.Locale != "" {
			c.SetLocale(user.Locale(in.Locale))
		}
		var invite string
		if in.Password != "" {
			hash, err := HashPassword(in.Password)
			if err != nil {
				return err
			}
			c.SetPasswordHash(hash).SetStatus(user.StatusActive)
		} else {
			var hash string
			invite, hash = newSecret("kfi_")
			c.SetStatus(user.StatusInvited).SetInviteTokenHash(hash).SetInviteExpiresAt(s.now().Add(InviteTTL).UTC())
		}
		if created, err = c.Save(ctx); err != nil {
			return err
		}
		if err := authz.Sync(ctx, tx, tid, created.ID); err != nil {
			return err
		}
		if invite != "" {
			inviteURL = inviteLink(s.baseURL, invite)
			msg, err := outbox.Queue(ctx, tx, inviteMessage(created, invite, s.baseURL))
			if err != nil {
				return err
			}
			msgID = msg.ID
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	if err := s.az.Changed(ctx); err != nil {
		return nil, err
	}
	if msgID != "" && s.kick != nil {
		// The sweeper re-enqueues anything this misses.
		_ = s.kick.KickOutbox(ctx, tid, msgID)
	}
	return &Staff{User: created, AllRoles: s.az.Roles(tid, created.ID), InviteURL: inviteURL}, nil
}

// inviteLink opens the console's accept-invitation page.
func inviteLink(baseURL, token string) string { return baseURL + "/invite/" + token }

func inviteMessage(u *ent.User, token, baseURL string) outbox.Message {
	link := inviteLink(baseURL, token)
	return outbox.Message{
		Kind:      "invite",
		DedupeKey: "invite:" + u.ID + ":" + hashToken(token)[:16],
		To:        u.Email,
		Subject:   "邀请您加入客服中心 / You are invited to Kefu",
		Body:      fmt.Sprintf("%s，您好：\n请打开以下链接设置密码并登录（7 天内有效）：\n%s\n\nHello %s,\nopen this link within 7 days to set your password:\n%s\n", u.Name, link, u.Name, link),
	}
}

// checkRoles verifies every role exists in the tenant and grants nothing
// the actor does not hold: no one can hand out more than they have.
func (s *Users) checkRoles(ctx context.Context, actorID string, roles []string, loc string) error {
	tid := tenancy.TenantID(ctx)
	mine := s.az.Permissions(tid, actorID)
	for i, r := range roles {
		if _, ok := authz.LookupBuiltIn(r); !ok {
			exists, err := s.db.Role.Query().Where(role.Name(r)).Exist(ctx)
			if err != nil {
				return fmt.Errorf("check role %s: %w", r, err)
			}
			if !exists {
				return fault.Field(fmt.Sprintf("%s[%d]", loc, i), "no such role", r)
			}
		}
		for _, p := range s.az.RolePermissions(tid, r) {
			if !slices.Contains(mine, p) {
				return fault.Forbiddenf("role %s grants %s, which you do not hold", r, p)
			}
		}
	}
	return nil
}

// ListFilter narrows a user list.
type ListFilter struct {
	Status string
	Query  string // matches name or email
	Role   string
	// OnlyIDs limits the list to these users (the caller's data scope);
	// nil means no limit.
	OnlyIDs []string
}

// List returns a page of staff ordered by id.
func (s *Users) List(ctx context.Context, f ListFilter, pg paging.Page) ([]*Staff, string, error) {
	q := s.db.User.Query()
	if f.Status != "" {
		q = q.Where(user.StatusEQ(user.Status(f.Status)))
	}
	if f.Query != "" {
		q = q.Where(user.Or(user.NameContainsFold(f.Query), user.EmailContainsFold(f.Query)))
	}
	tid := tenancy.TenantID(ctx)
	if f.Role != "" {
		q = q.Where(user.IDIn(s.az.Holders(tid, f.Role)...))
	}
	if f.OnlyIDs != nil {
		q = q.Where(user.IDIn(f.OnlyIDs...))
	}
	if pg.After != "" {
		q = q.Where(user.IDGT(pg.After))
	}
	rows, err := q.Order(user.ByID()).Limit(pg.Limit + 1).All(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("list users: %w", err)
	}
	rows, next := paging.Trim(rows, pg.Limit, func(u *ent.User) string { return u.ID })
	out := make([]*Staff, len(rows))
	for i, u := range rows {
		out[i] = &Staff{User: u, AllRoles: s.az.Roles(tid, u.ID)}
	}
	return out, next, nil
}

// Get returns one staff member of the viewer's tenant.
func (s *Users) Get(ctx context.Context, id string) (*Staff, error) {
	u, err := s.db.User.Get(ctx, id)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("user %s", id)
		}
		return nil, fmt.Errorf("get user %s: %w", id, err)
	}
	return &Staff{User: u, AllRoles: s.az.Roles(tenancy.TenantID(ctx), u.ID)}, nil
}

// Patch holds the fields to change; nil leaves a field as it is.
type Patch struct {
	Name     *string
	Phone    *string
	Locale   *string
	Roles    *[]string
	Password *string
}

// Update changes a staff member.
func (s *Users) Update(ctx context.Context, actorID, id string, p Patch) (*Staff, error) {
	tid := tenancy.TenantID(ctx)
	if p.Roles != nil {
		if len(*p.Roles) == 0 {
			return nil, fault.Field("body.roles", "a user needs at least one role", *p.Roles)
		}
		if err := s.checkRoles(ctx, actorID, *p.Roles, "body.roles"); err != nil {
			return nil, err
		}
	}
	if p.Password != nil {
		if msg := ValidatePassword(*p.Password); msg != "" {
			return nil, fault.Field("body.password", msg, nil)
		}
	}
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		u, err := tx.User.Get(ctx, id)
		if err != nil {
			return err
		}
		if p.Roles != nil && id == actorID {
			if err := s.keepLastDirector(ctx, tx, id, *p.Roles); err != nil {
				return err
			}
		}
		upd := tx.User.UpdateOne(u)
		if p.Roles != nil {
			upd.SetRoles(dedupe(*p.Roles))
		}
		if p.Name != nil {
			upd.SetName(strings.TrimSpace(*p.Name))
		}
		if p.Phone != nil {
			upd.SetPhone(*p.Phone)
		}
		if p.Locale != nil {
			upd.SetLocale(user.Locale(*p.Locale))
		}
		if p.Password != nil {
			hash, err := HashPassword(*p.Password)
			if err != nil {
				return err
			}
			upd.SetPasswordHash(hash)
			if err := endSessions(ctx, tx, id); err != nil {
				return err
			}
		}
		if err := upd.Exec(ctx); err != nil {
			return err
		}
		if p.Roles != nil {
			return authz.Sync(ctx, tx, tid, id)
		}
		return nil
	})
	if err != nil {
		return nil, s.wrap("update", id, err)
	}
	if p.Roles != nil {
		if err := s.az.Changed(ctx); err != nil {
			return nil, err
		}
	}
	return s.Get(ctx, id)
}

func dedupe(roles []string) []string {
	out := slices.Clone(roles)
	slices.Sort(out)
	return slices.Compact(out)
}

// keepLastDirector refuses a change that would leave the tenant with no
// active director able to administer it. newRoles are the user's direct
// roles after the change (nil when they lose access altogether).
func (s *Users) keepLastDirector(ctx context.Context, tx *ent.Client, id string, newRoles []string) error {
	if slices.Contains(newRoles, authz.Director) {
		return nil
	}
	if newRoles != nil {
		// A director's position keeps them director whatever their direct roles.
		viaPost, err := tx.Assignment.Query().Where(assignment.UserID(id), assignment.EndedAtIsNil(),
			assignment.HasPositionWith(position.Role(authz.Director))).Exist(ctx)
		if err != nil {
			return err
		}
		if viaPost {
			return nil
		}
	}
	tid := tenancy.TenantID(ctx)
	for _, other := range s.az.Holders(tid, authz.Director) {
		if other == id {
			continue
		}
		ok, err := tx.User.Query().Where(user.ID(other), user.StatusEQ(user.StatusActive)).Exist(ctx)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
	}
	if !slices.Contains(s.az.Roles(tid, id), authz.Director) {
		return nil
	}
	return fault.Conflictf("this is the last active director; appoint another before stepping down")
}

// Deactivate blocks a user's sign-in and ends their sessions.
func (s *Users) Deactivate(ctx context.Context, actorID, id string) (*Staff, error) {
	if id == actorID {
		return nil, fault.Conflictf("you cannot deactivate yourself")
	}
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if _, err := tx.User.Get(ctx, id); err != nil {
			return err
		}
		if err := s.keepLastDirector(ctx, tx, id, nil); err != nil {
			return err
		}
		if err := tx.User.UpdateOneID(id).SetStatus(user.StatusDeactivated).ClearInviteTokenHash().Exec(ctx); err != nil {
			return err
		}
		// Someone who left frees their seats in the org chart.
		if err := tx.Assignment.Update().Where(assignment.UserID(id), assignment.EndedAtIsNil()).
			SetEndedAt(s.now().UTC()).Exec(ctx); err != nil {
			return err
		}
		if err := authz.Sync(ctx, tx, tenancy.TenantID(ctx), id); err != nil {
			return err
		}
		return endSessions(ctx, tx, id)
	})
	if err != nil {
		return nil, s.wrap("deactivate", id, err)
	}
	if err := s.az.Changed(ctx); err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// Reactivate lets a deactivated user sign in again (or be re-invited).
func (s *Users) Reactivate(ctx context.Context, id string) (*Staff, error) {
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		u, err := tx.User.Get(ctx, id)
		if err != nil {
			return err
		}
		if u.Status != user.StatusDeactivated {
			return fault.Conflictf("user is %s, not deactivated", u.Status)
		}
		if err := s.takeSeat(ctx, tx); err != nil {
			return err
		}
		status := user.StatusActive
		if u.PasswordHash == "" {
			status = user.StatusInvited
		}
		return tx.User.UpdateOneID(id).SetStatus(status).Exec(ctx)
	})
	if err != nil {
		return nil, s.wrap("reactivate", id, err)
	}
	return s.Get(ctx, id)
}

func (s *Users) wrap(op, id string, err error) error {
	if ent.IsNotFound(err) {
		return fault.NotFoundf("user %s", id)
	}
	return fmt.Errorf("%s user %s: %w", op, id, err)
}

// AcceptInvite sets the password of an invited user and signs them in.
func (s *Users) AcceptInvite(ctx context.Context, sessions *Service, token, password string) (*Login, error) {
	if msg := ValidatePassword(password); msg != "" {
		return nil, fault.Field("body.password", msg, nil)
	}
	sys := tenancy.System(ctx)
	u, err := s.db.User.Query().Where(user.InviteTokenHash(hashToken(token))).Only(sys)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("invitation (it may have been used already)")
		}
		return nil, fmt.Errorf("accept invite: %w", err)
	}
	if u.Status != user.StatusInvited || u.InviteExpiresAt == nil || s.now().After(*u.InviteExpiresAt) {
		return nil, fault.Conflictf("this invitation has expired; ask your administrator for a new one")
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	tctx := tenancy.WithViewer(ctx, tenancy.Viewer{TenantID: u.TenantID, ActorType: tenancy.ActorUser, ActorID: u.ID})
	var login *Login
	err = store.WithTx(tctx, s.db, func(tx *ent.Client) error {
		n, err := tx.User.Update().Where(user.ID(u.ID), user.StatusEQ(user.StatusInvited)).
			SetPasswordHash(hash).SetStatus(user.StatusActive).ClearInviteTokenHash().ClearInviteExpiresAt().Save(tctx)
		if err != nil {
			return err
		}
		if n != 1 {
			return fault.Conflictf("this invitation was used already")
		}
		login, err = sessions.StartSession(tctx, tx, u.TenantID, u.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("accept invite: %w", err)
	}
	return login, nil
}

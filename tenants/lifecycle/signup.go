// Package lifecycle creates tenants (self-service signup) and moves them
// through their life: settings, suspension and resumption by the platform
// operator.
package lifecycle

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"kefu/ent"
	"kefu/ent/store"
	enttenant "kefu/ent/tenant"
	"kefu/fault"
	"kefu/tenants/accounts"
	"kefu/tenants/authz"
	"kefu/tenants/outbox"
	"kefu/tenants/templates"
	"kefu/tenants/tenancy"
)

// Service runs tenant lifecycle operations.
type Service struct {
	db       *ent.Client
	az       *authz.Authorizer
	sessions *accounts.Service
	kick     outbox.Kicker
	now      func() time.Time
	// startingPlan picks a new tenant's plan and status (billing, plan.go).
	startingPlan StartingPlan
}

// New returns the lifecycle service.
func New(db *ent.Client, az *authz.Authorizer, sessions *accounts.Service, kick outbox.Kicker, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, az: az, sessions: sessions, kick: kick, now: now}
}

// SignupInput is a new organization.
type SignupInput struct {
	Organization  string
	Slug          string
	Industry      string
	AdminEmail    string
	AdminName     string
	AdminPassword string
	Plan          string
	Locale        string
	Timezone      string
}

// Signup is a created tenant with its first director signed in.
type Signup struct {
	Tenant *ent.Tenant
	Login  *accounts.Login
}

var slugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$`)

// reservedSlugs would collide with the product's own names and paths.
var reservedSlugs = []string{"www", "api", "app", "admin", "docs", "kefu", "operator", "platform", "status", "help", "support", "mail", "static", "assets"}

// Signup creates the tenant, its first director (with the director role),
// the industry template's data and a welcome message, all in one
// transaction, then signs the director in.
func (s *Service) Signup(ctx context.Context, in SignupInput) (*Signup, error) {
	in.Slug = strings.ToLower(strings.TrimSpace(in.Slug))
	if err := validateSignup(&in); err != nil {
		return nil, err
	}
	tpl, err := templates.Load(in.Industry)
	if err != nil {
		return nil, fault.Field("body.industry", err.Error(), in.Industry)
	}
	start, err := s.start(in.Plan)
	if err != nil {
		return nil, err
	}
	hash, err := accounts.HashPassword(in.AdminPassword)
	if err != nil {
		return nil, err
	}
	sys := tenancy.System(ctx)
	var out Signup
	var welcomeID string
	err = store.WithTx(sys, s.db, func(tx *ent.Client) error {
		taken, err := tx.Tenant.Query().Where(enttenant.Slug(in.Slug)).Exist(sys)
		if err != nil {
			return err
		}
		if taken {
			return fault.Conflictf("the address %q is taken", in.Slug)
		}
		t, err := tx.Tenant.Create().
			SetSlug(in.Slug).SetName(strings.TrimSpace(in.Organization)).
			SetIndustry(enttenant.Industry(in.Industry)).
			SetLocale(enttenant.Locale(in.Locale)).SetTimezone(in.Timezone).
			SetPlan(start.Plan).SetStatus(enttenant.Status(start.Status)).SetNillableTrialEndsAt(start.TrialEndsAt).
			Save(sys)
		if err != nil {
			return err
		}
		// From here on act inside the new tenant, as its director.
		tctx := tenancy.WithViewer(ctx, tenancy.Viewer{TenantID: t.ID, ActorType: tenancy.ActorSystem})
		admin, err := tx.User.Create().
			SetEmail(strings.ToLower(strings.TrimSpace(in.AdminEmail))).
			SetName(in.AdminName).SetPasswordHash(hash).SetRoles([]string{authz.Director}).
			Save(tctx)
		if err != nil {
			return err
		}
		if err := authz.Sync(tctx, tx, t.ID, admin.ID); err != nil {
			return err
		}
		if err := tpl.Apply(tctx, tx, t.ID, in.Locale); err != nil {
			return err
		}
		if err := tx.AuditEntry.Create().SetActorType(tenancy.ActorSystem).SetAction("seed").
			SetTargetType("Tenant").SetTargetID(t.ID).
			SetChanges(map[string]any{"template": in.Industry, "roles": len(tpl.Roles), "calendars": len(tpl.Calendars)}).
			SetIP(tenancy.RequestFrom(ctx).IP).SetRequestID(tenancy.RequestFrom(ctx).ID).
			SetAt(s.now().UTC()).Exec(tctx); err != nil {
			return err
		}
		msg, err := outbox.Queue(tctx, tx, welcomeMessage(t, admin, in.Locale))
		if err != nil {
			return err
		}
		welcomeID = msg.ID
		login, err := s.sessions.StartSession(tctx, tx, t.ID, admin.ID)
		if err != nil {
			return err
		}
		out = Signup{Tenant: t, Login: login}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("signup %s: %w", in.Slug, err)
	}
	if err := s.az.Changed(ctx); err != nil {
		return nil, err
	}
	if s.kick != nil {
		// Best effort: the sweeper delivers whatever this misses.
		_ = s.kick.KickOutbox(ctx, out.Tenant.ID, welcomeID)
	}
	return &out, nil
}

func validateSignup(in *SignupInput) error {
	var errs fault.Invalid
	add := func(loc, msg string, v any) {
		errs.Fields = append(errs.Fields, fault.FieldError{Location: loc, Message: msg, Value: v})
	}
	if strings.TrimSpace(in.Organization) == "" {
		add("body.organization", "is required", in.Organization)
	}
	if !slugPattern.MatchString(in.Slug) {
		add("body.slug", "must be 3–63 lower-case letters, digits or hyphens, not starting or ending with a hyphen", in.Slug)
	} else if slices.Contains(reservedSlugs, in.Slug) {
		add("body.slug", "is reserved", in.Slug)
	}
	if !slices.Contains(templates.Industries, in.Industry) {
		add("body.industry", "must be one of "+strings.Join(templates.Industries, ", "), in.Industry)
	}
	if !strings.Contains(in.AdminEmail, "@") || strings.ContainsAny(in.AdminEmail, " <>") {
		add("body.admin_email", "is not a valid email address", in.AdminEmail)
	}
	if msg := accounts.ValidatePassword(in.AdminPassword); msg != "" {
		add("body.admin_password", msg, nil)
	}
	if in.Locale == "" {
		in.Locale = "zh-CN"
	}
	if in.Locale != "zh-CN" && in.Locale != "en" {
		add("body.locale", "must be zh-CN or en", in.Locale)
	}
	if in.Timezone == "" {
		in.Timezone = "Asia/Shanghai"
	}
	if _, err := time.LoadLocation(in.Timezone); err != nil {
		add("body.timezone", "is not a known IANA time zone", in.Timezone)
	}
	if in.AdminName == "" {
		in.AdminName, _, _ = strings.Cut(in.AdminEmail, "@")
	}
	if len(errs.Fields) > 0 {
		return &errs
	}
	return nil
}

func welcomeMessage(t *ent.Tenant, admin *ent.User, locale string) outbox.Message {
	m := outbox.Message{Kind: "welcome", DedupeKey: "welcome:" + t.ID, To: admin.Email}
	if locale == "en" {
		m.Subject = "Welcome to Kefu, " + t.Name
		m.Body = fmt.Sprintf("Hello %s,\n\n%s is ready. Sign in with the organization address %q and your email.\nStart by building your org chart, then invite your team.\n", admin.Name, t.Name, t.Slug)
		return m
	}
	m.Subject = "欢迎使用客服中心平台：" + t.Name
	m.Body = fmt.Sprintf("%s，您好：\n\n%s 已开通。登录时请填写机构代码 %q 和您的邮箱。\n建议先建立组织架构，再邀请同事加入。\n", admin.Name, t.Name, t.Slug)
	return m
}

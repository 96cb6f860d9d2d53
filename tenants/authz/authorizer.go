package authz

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/persist"
	"github.com/casbin/casbin/v2/util"

	"kefu/ent"
	"kefu/ent/casbinrule"
	"kefu/genmap"
	"kefu/tenants/tenancy"
)

// Authorizer answers "may this subject do that in this tenant". It holds one
// SyncedEnforcer, loaded at start and reloaded when roles change, never per
// request.
type Authorizer struct {
	e       *casbin.SyncedEnforcer
	adapter *adapter
	// watcher is told after a local change so other processes reload too.
	watcher persist.Watcher
	// known remembers Enforce's answers until the policy reloads: every
	// request asks at least once, and the policy changes only when roles do.
	known genmap.Map[bool]
	// reloading serializes reloads: casbin reads the policy under a read
	// lock and swaps it in afterwards, so two at once could swap an older
	// read in last and lose the newer change.
	reloading sync.Mutex
}

// maxDecisions bounds the remembered answers.
const maxDecisions = 100_000

// New loads the whole policy from db.
func New(db *ent.Client) (*Authorizer, error) {
	m, err := newModel()
	if err != nil {
		return nil, fmt.Errorf("authz model: %w", err)
	}
	ad := &adapter{db: db}
	e, err := casbin.NewSyncedEnforcer(m, ad)
	if err != nil {
		return nil, fmt.Errorf("authz enforcer: %w", err)
	}
	e.EnableAutoSave(false)
	e.AddNamedDomainMatchingFunc("g", "keyMatch", util.KeyMatch)
	if err := e.LoadPolicy(); err != nil {
		return nil, fmt.Errorf("authz load policy: %w", err)
	}
	return &Authorizer{e: e, adapter: ad, known: genmap.Map[bool]{Max: maxDecisions}}, nil
}

// SetWatcher connects the process to its peers: their changes reload us,
// ours are announced to them.
func (a *Authorizer) SetWatcher(w persist.Watcher) error {
	a.watcher = w
	if err := a.e.SetWatcher(w); err != nil {
		return err
	}
	// casbin's callback would reload the enforcer behind the decisions.
	return w.SetUpdateCallback(func(string) {
		if err := a.Reload(); err != nil {
			slog.Error("authz reload after a peer's change failed", "err", err)
		}
	})
}

// Reload re-reads the policy from the database.
func (a *Authorizer) Reload() error {
	a.reloading.Lock()
	defer a.reloading.Unlock()
	a.known.Forget()
	// Also after: an answer computed while the old policy was still loaded
	// carries the generation in between and is not stored.
	defer a.known.Forget()
	if err := a.e.LoadPolicy(); err != nil {
		return fmt.Errorf("authz reload: %w", err)
	}
	return nil
}

// Changed is called after a transaction that wrote policy rules committed:
// it reloads this process and tells the others.
func (a *Authorizer) Changed(ctx context.Context) error {
	if err := a.Reload(); err != nil {
		return err
	}
	if a.watcher != nil {
		if err := a.watcher.Update(); err != nil {
			return fmt.Errorf("authz notify peers: %w", err)
		}
	}
	return nil
}

// Can reports whether the user may use permission p in tenant.
func (a *Authorizer) Can(tenantID, userID string, p Permission) bool {
	return a.can(tenantID, userSubject(userID), p)
}

// KeyCan is Can for an API key.
func (a *Authorizer) KeyCan(tenantID, keyID string, p Permission) bool {
	return a.can(tenantID, SubjectForKey(keyID), p)
}

func (a *Authorizer) can(tenantID, subject string, p Permission) bool {
	if tenantID == "" || tenantID == SharedDomain {
		return false
	}
	key := tenantID + "\x00" + subject + "\x00" + string(p)
	ok, found, gen := a.known.Get(key)
	if found {
		return ok
	}
	ok, err := a.e.Enforce(subject, tenantID, p.Resource(), p.Action())
	if err != nil {
		return false
	}
	a.known.Put(key, ok, gen)
	return ok
}

// Roles returns the roles assigned directly to the user in tenant.
func (a *Authorizer) Roles(tenantID, userID string) []string {
	out := stripRoles(a.e.GetRolesForUserInDomain(userSubject(userID), tenantID))
	slices.Sort(out)
	return out
}

// EffectiveRoles returns the user's roles and every role they inherit.
func (a *Authorizer) EffectiveRoles(tenantID, userID string) []string {
	roles, err := a.e.GetImplicitRolesForUser(userSubject(userID), tenantID)
	if err != nil {
		return nil
	}
	out := stripRoles(roles)
	slices.Sort(out)
	return slices.Compact(out)
}

// Permissions lists every permission the user has in tenant.
func (a *Authorizer) Permissions(tenantID, userID string) []Permission {
	var out []Permission
	for _, p := range Catalog {
		if a.Can(tenantID, userID, p) {
			out = append(out, p)
		}
	}
	return out
}

// RolePermissions lists the permissions a role grants in tenant, inherited ones included.
func (a *Authorizer) RolePermissions(tenantID, role string) []Permission {
	var out []Permission
	for _, p := range Catalog {
		if a.can(tenantID, roleSubject(role), p) {
			out = append(out, p)
		}
	}
	return out
}

// Holders counts users holding role directly in tenant.
func (a *Authorizer) Holders(tenantID, role string) []string {
	users := a.e.GetUsersForRoleInDomain(roleSubject(role), tenantID)
	var out []string
	for _, u := range users {
		if id, ok := strings.CutPrefix(u, "user:"); ok {
			out = append(out, id)
		}
	}
	return out
}

func stripRoles(in []string) []string {
	out := make([]string, 0, len(in))
	for _, r := range in {
		if name, ok := strings.CutPrefix(r, "role:"); ok {
			out = append(out, name)
		}
	}
	return out
}

// SetUserRoles replaces the user's direct roles in tenant. It writes through
// c, so inside a transaction it commits with the caller's change; call
// Changed after commit.
func SetUserRoles(ctx context.Context, c *ent.Client, tenantID, userID string, roles []string) error {
	ctx = tenancy.System(ctx)
	sub := userSubject(userID)
	if _, err := c.CasbinRule.Delete().Where(
		casbinrule.Ptype("g"), casbinrule.V0(sub), casbinrule.V2(tenantID),
	).Exec(ctx); err != nil {
		return fmt.Errorf("clear roles of %s: %w", userID, err)
	}
	slices.Sort(roles)
	for _, r := range slices.Compact(roles) {
		if err := c.CasbinRule.Create().SetPtype("g").SetV0(sub).SetV1(roleSubject(r)).SetV2(tenantID).Exec(ctx); err != nil {
			return fmt.Errorf("grant %s to %s: %w", r, userID, err)
		}
	}
	return nil
}

// SetKeyRole gives an API key exactly one role.
func SetKeyRole(ctx context.Context, c *ent.Client, tenantID, keyID, role string) error {
	ctx = tenancy.System(ctx)
	sub := SubjectForKey(keyID)
	if _, err := c.CasbinRule.Delete().Where(casbinrule.Ptype("g"), casbinrule.V0(sub), casbinrule.V2(tenantID)).Exec(ctx); err != nil {
		return fmt.Errorf("clear role of key %s: %w", keyID, err)
	}
	if role == "" {
		return nil
	}
	return c.CasbinRule.Create().SetPtype("g").SetV0(sub).SetV1(roleSubject(role)).SetV2(tenantID).Exec(ctx)
}

// DefineRole writes a custom role: it inherits parent and adds perms.
func DefineRole(ctx context.Context, c *ent.Client, tenantID, name, parent string, perms []Permission) error {
	ctx = tenancy.System(ctx)
	sub := roleSubject(name)
	if err := dropRoleRules(ctx, c, tenantID, sub, false); err != nil {
		return err
	}
	if err := c.CasbinRule.Create().SetPtype("g").SetV0(sub).SetV1(roleSubject(parent)).SetV2(tenantID).Exec(ctx); err != nil {
		return fmt.Errorf("define role %s: %w", name, err)
	}
	for _, p := range perms {
		if err := c.CasbinRule.Create().SetPtype("p").SetV0(sub).SetV1(tenantID).SetV2(p.Resource()).SetV3(p.Action()).Exec(ctx); err != nil {
			return fmt.Errorf("define role %s: %w", name, err)
		}
	}
	return nil
}

// DropRole removes a custom role, its permissions and every grant of it.
func DropRole(ctx context.Context, c *ent.Client, tenantID, name string) error {
	return dropRoleRules(tenancy.System(ctx), c, tenantID, roleSubject(name), true)
}

func dropRoleRules(ctx context.Context, c *ent.Client, tenantID, sub string, grants bool) error {
	if _, err := c.CasbinRule.Delete().Where(casbinrule.Ptype("g"), casbinrule.V0(sub), casbinrule.V2(tenantID)).Exec(ctx); err != nil {
		return fmt.Errorf("drop role %s: %w", sub, err)
	}
	if _, err := c.CasbinRule.Delete().Where(casbinrule.Ptype("p"), casbinrule.V0(sub), casbinrule.V1(tenantID)).Exec(ctx); err != nil {
		return fmt.Errorf("drop role %s: %w", sub, err)
	}
	if grants {
		if _, err := c.CasbinRule.Delete().Where(casbinrule.Ptype("g"), casbinrule.V1(sub), casbinrule.V2(tenantID)).Exec(ctx); err != nil {
			return fmt.Errorf("drop grants of %s: %w", sub, err)
		}
	}
	return nil
}

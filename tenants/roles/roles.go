// Package roles manages a tenant's roles: the built-in ones from authz and
// custom roles that inherit one of them and may add permissions.
package roles

import (
	"context"
	"fmt"
	"regexp"
	"slices"

	"kefu/ent"
	"kefu/ent/apikey"
	"kefu/ent/position"
	"kefu/ent/role"
	"kefu/ent/store"
	"kefu/fault"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// Role is a role as the API shows it.
type Role struct {
	Name        string
	Label       string
	LabelEn     string
	Description string
	Parent      string
	BuiltIn     bool
	// Adds are the permissions the role adds to its parent; Permissions
	// are all it grants, inherited ones included.
	Adds        []authz.Permission
	Permissions []authz.Permission
	Holders     int
	// Scope is the role's own data scope; "" inherits the parent's.
	Scope authz.Scope
}

// Service manages roles.
type Service struct {
	db *ent.Client
	az *authz.Authorizer
}

// New returns the roles service.
func New(db *ent.Client, az *authz.Authorizer) *Service { return &Service{db: db, az: az} }

var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// List returns the built-in roles, then the tenant's custom roles.
func (s *Service) List(ctx context.Context) ([]Role, error) {
	tid := tenancy.TenantID(ctx)
	out := make([]Role, 0, len(authz.BuiltIns))
	for _, b := range authz.BuiltIns {
		out = append(out, s.builtIn(tid, b))
	}
	custom, err := s.db.Role.Query().Order(role.ByName()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list roles: %w", err)
	}
	for _, r := range custom {
		out = append(out, s.custom(tid, r))
	}
	return out, nil
}

func (s *Service) builtIn(tid string, b authz.BuiltIn) Role {
	return Role{
		Name: b.Name, Label: b.LabelZh, LabelEn: b.LabelEn, Parent: b.Parent, BuiltIn: true, Scope: b.Scope,
		Adds: b.Adds, Permissions: s.az.RolePermissions(tid, b.Name), Holders: len(s.az.Holders(tid, b.Name)),
	}
}

func (s *Service) custom(tid string, r *ent.Role) Role {
	adds := make([]authz.Permission, len(r.Permissions))
	for i, p := range r.Permissions {
		adds[i] = authz.Permission(p)
	}
	var scope authz.Scope
	if r.Scope != nil {
		scope = authz.Scope(*r.Scope)
	}
	return Role{
		Name: r.Name, Label: r.Label, LabelEn: r.LabelEn, Description: r.Description, Parent: r.Parent, Scope: scope,
		Adds: adds, Permissions: s.az.RolePermissions(tid, r.Name), Holders: len(s.az.Holders(tid, r.Name)),
	}
}

// Get returns one role by name.
func (s *Service) Get(ctx context.Context, name string) (*Role, error) {
	tid := tenancy.TenantID(ctx)
	if b, ok := authz.LookupBuiltIn(name); ok {
		r := s.builtIn(tid, b)
		return &r, nil
	}
	r, err := s.db.Role.Query().Where(role.Name(name)).Only(ctx)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("role %s", name)
		}
		return nil, fmt.Errorf("get role %s: %w", name, err)
	}
	out := s.custom(tid, r)
	return &out, nil
}

// Spec describes a custom role to create or change.
type Spec struct {
	Name        string
	Label       string
	LabelEn     string
	Description string
	Parent      string
	Permissions []string
	Scope       *string // own, group, department, all; nil keeps (or inherits)
}

// Create adds a custom role. The actor cannot create a role granting a
// permission they lack.
func (s *Service) Create(ctx context.Context, actorID string, in Spec) (*Role, error) {
	if !namePattern.MatchString(in.Name) {
		return nil, fault.Field("body.name", "must be 2–40 lower-case letters, digits or _ and start with a letter", in.Name)
	}
	if _, ok := authz.LookupBuiltIn(in.Name); ok {
		return nil, fault.Conflictf("%s is a built-in role", in.Name)
	}
	perms, err := s.validate(ctx, actorID, in)
	if err != nil {
		return nil, err
	}
	tid := tenancy.TenantID(ctx)
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		exists, err := tx.Role.Query().Where(role.Name(in.Name)).Exist(ctx)
		if err != nil {
			return err
		}
		if exists {
			return fault.Conflictf("role %s already exists", in.Name)
		}
		c := tx.Role.Create().SetName(in.Name).SetLabel(in.Label).SetLabelEn(in.LabelEn).
			SetDescription(in.Description).SetParent(in.Parent).SetPermissions(in.Permissions)
		if in.Scope != nil && *in.Scope != "" {
			c.SetScope(role.Scope(*in.Scope))
		}
		if err := c.Exec(ctx); err != nil {
			return err
		}
		return authz.DefineRole(ctx, tx, tid, in.Name, in.Parent, perms)
	})
	if err != nil {
		return nil, fmt.Errorf("create role %s: %w", in.Name, err)
	}
	if err := s.az.Changed(ctx); err != nil {
		return nil, err
	}
	return s.Get(ctx, in.Name)
}

// Update changes a custom role's label, description, parent or permissions.
func (s *Service) Update(ctx context.Context, actorID, name string, in Spec) (*Role, error) {
	if _, ok := authz.LookupBuiltIn(name); ok {
		return nil, fault.Conflictf("built-in role %s cannot be changed; create a custom role that inherits it", name)
	}
	cur, err := s.db.Role.Query().Where(role.Name(name)).Only(ctx)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("role %s", name)
		}
		return nil, fmt.Errorf("update role %s: %w", name, err)
	}
	in.Name = name
	if in.Parent == "" {
		in.Parent = cur.Parent
	}
	if in.Permissions == nil {
		in.Permissions = cur.Permissions
	}
	perms, err := s.validate(ctx, actorID, in)
	if err != nil {
		return nil, err
	}
	tid := tenancy.TenantID(ctx)
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		upd := tx.Role.UpdateOne(cur).SetParent(in.Parent).SetPermissions(in.Permissions)
		if in.Label != "" {
			upd.SetLabel(in.Label)
		}
		if in.LabelEn != "" {
			upd.SetLabelEn(in.LabelEn)
		}
		if in.Description != "" {
			upd.SetDescription(in.Description)
		}
		if in.Scope != nil {
			if *in.Scope == "" {
				upd.ClearScope()
			} else {
				upd.SetScope(role.Scope(*in.Scope))
			}
		}
		if err := upd.Exec(ctx); err != nil {
			return err
		}
		return authz.DefineRole(ctx, tx, tid, name, in.Parent, perms)
	})
	if err != nil {
		return nil, fmt.Errorf("update role %s: %w", name, err)
	}
	if err := s.az.Changed(ctx); err != nil {
		return nil, err
	}
	return s.Get(ctx, name)
}

// Delete removes a custom role nobody holds and no role inherits.
func (s *Service) Delete(ctx context.Context, name string) error {
	if _, ok := authz.LookupBuiltIn(name); ok {
		return fault.Conflictf("built-in role %s cannot be deleted", name)
	}
	tid := tenancy.TenantID(ctx)
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cur, err := tx.Role.Query().Where(role.Name(name)).Only(ctx)
		if err != nil {
			if ent.IsNotFound(err) {
				return fault.NotFoundf("role %s", name)
			}
			return err
		}
		if n := len(s.az.Holders(tid, name)); n > 0 {
			return fault.Conflictf("role %s is held by %d users; reassign them first", name, n)
		}
		keys, err := tx.APIKey.Query().Where(apikey.RoleID(name), apikey.RevokedAtIsNil()).Count(ctx)
		if err != nil {
			return err
		}
		if keys > 0 {
			return fault.Conflictf("role %s is given to %d API keys; revoke them first", name, keys)
		}
		posts, err := tx.Position.Query().Where(position.Role(name)).Count(ctx)
		if err != nil {
			return err
		}
		if posts > 0 {
			return fault.Conflictf("%d positions in the org chart give role %s; change them first", posts, name)
		}
		children, err := tx.Role.Query().Where(role.Parent(name)).Count(ctx)
		if err != nil {
			return err
		}
		if children > 0 {
			return fault.Conflictf("%d roles inherit %s; change their parent first", children, name)
		}
		if err := tx.Role.DeleteOne(cur).Exec(ctx); err != nil {
			return err
		}
		return authz.DropRole(ctx, tx, tid, name)
	})
	if err != nil {
		return fmt.Errorf("delete role %s: %w", name, err)
	}
	return s.az.Changed(ctx)
}

// validate checks the parent exists (without a cycle) and the permissions
// are known and held by the actor.
func (s *Service) validate(ctx context.Context, actorID string, in Spec) ([]authz.Permission, error) {
	tid := tenancy.TenantID(ctx)
	if in.Parent == "" {
		return nil, fault.Field("body.parent", "is required: the role to inherit", nil)
	}
	if in.Scope != nil && *in.Scope != "" && role.ScopeValidator(role.Scope(*in.Scope)) != nil {
		return nil, fault.Field("body.scope", "must be own, group, department or all", *in.Scope)
	}
	if err := s.checkParent(ctx, in.Name, in.Parent); err != nil {
		return nil, err
	}
	mine := s.az.Permissions(tid, actorID)
	perms := make([]authz.Permission, 0, len(in.Permissions))
	for i, p := range in.Permissions {
		perm := authz.Permission(p)
		if !authz.Known(perm) {
			return nil, fault.Field(fmt.Sprintf("body.permissions[%d]", i), "unknown permission", p)
		}
		if !slices.Contains(mine, perm) {
			return nil, fault.Forbiddenf("you cannot grant %s, which you do not hold", p)
		}
		perms = append(perms, perm)
	}
	for _, p := range s.az.RolePermissions(tid, in.Parent) {
		if !slices.Contains(mine, p) {
			return nil, fault.Forbiddenf("parent role %s grants %s, which you do not hold", in.Parent, p)
		}
	}
	return perms, nil
}

func (s *Service) checkParent(ctx context.Context, name, parent string) error {
	seen := map[string]bool{name: true}
	for cur := parent; cur != ""; {
		if seen[cur] {
			return fault.Field("body.parent", "would make the role inherit itself", parent)
		}
		seen[cur] = true
		if _, ok := authz.LookupBuiltIn(cur); ok {
			return nil
		}
		r, err := s.db.Role.Query().Where(role.Name(cur)).Only(ctx)
		if err != nil {
			if ent.IsNotFound(err) {
				return fault.Field("body.parent", "no such role", parent)
			}
			return err
		}
		cur = r.Parent
	}
	return nil
}

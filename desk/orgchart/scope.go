package orgchart

import (
	"context"
	"fmt"

	"kefu/ent"
	"kefu/ent/role"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// Visibility is which rows a user sees in scoped lists: everything, or
// the people and units of their own scope.
type Visibility struct {
	Scope   authz.Scope
	All     bool
	UnitIDs []string
	UserIDs []string // people holding posts in UnitIDs, and the user
}

// Sees reports whether the user may see rows owned by userID.
func (v *Visibility) Sees(userID string) bool {
	if v.All {
		return true
	}
	for _, id := range v.UserIDs {
		if id == userID {
			return true
		}
	}
	return false
}

// VisibilityOf works out the user's scope from their widest role (director:
// all; manager: their department's subtree; supervisor: their group;
// agent: their own rows) and the units their positions sit in.
func (s *Service) VisibilityOf(ctx context.Context, userID string) (*Visibility, error) {
	tid := tenancy.TenantID(ctx)
	scope := authz.ScopeOwn
	for _, r := range s.az.Roles(tid, userID) {
		sc, err := scopeOfRole(ctx, s.db, r)
		if err != nil {
			return nil, err
		}
		if sc.Wider(scope) {
			scope = sc
		}
	}
	v := &Visibility{Scope: scope, UserIDs: []string{userID}}
	if scope == authz.ScopeAll {
		v.All = true
		return v, nil
	}
	if scope == authz.ScopeOwn {
		return v, nil
	}
	snap, err := load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, a := range snap.held[userID] {
		p := snap.positions[a.PositionID]
		if p == nil {
			continue
		}
		anchor := p.UnitID
		switch scope {
		case authz.ScopeDepartment:
			if d := snap.ancestorOfKind(p.UnitID, "department", "center", "company"); d != "" {
				anchor = d
			}
		case authz.ScopeGroup:
			if g := snap.ancestorOfKind(p.UnitID, "group", "department", "center", "company"); g != "" {
				anchor = g
			}
		}
		for _, u := range snap.subtree(anchor) {
			if !seen[u] {
				seen[u] = true
				v.UnitIDs = append(v.UnitIDs, u)
			}
		}
	}
	for _, m := range snap.members(v.UnitIDs) {
		if m.UserID != userID {
			v.UserIDs = append(v.UserIDs, m.UserID)
		}
	}
	return v, nil
}

// scopeOfRole resolves a role's scope: built-ins carry theirs; a custom
// role has its own or inherits its parent's.
func scopeOfRole(ctx context.Context, c *ent.Client, name string) (authz.Scope, error) {
	for hops := 0; hops < 64; hops++ {
		if b, ok := authz.LookupBuiltIn(name); ok {
			return b.Scope, nil
		}
		r, err := c.Role.Query().Where(role.Name(name)).Only(ctx)
		if err != nil {
			if ent.IsNotFound(err) {
				return authz.ScopeOwn, nil
			}
			return "", fmt.Errorf("scope of role %s: %w", name, err)
		}
		if r.Scope != nil {
			return authz.Scope(*r.Scope), nil
		}
		name = r.Parent
	}
	return authz.ScopeOwn, nil
}

package schema_test

import (
	"slices"
	"testing"

	"entgo.io/ent/entc/load"
)

// platform lists the entities that deliberately belong to no tenant, each
// guarded by its own policy. Anything else must use TenantMixin.
var platform = []string{"Tenant", "Operator", "Session", "CasbinRule", "StripeEvent"}

// TestEveryTenantOwnedEntityUsesTheMixin walks all schemas in this package.
func TestEveryTenantOwnedEntityUsesTheMixin(t *testing.T) {
	spec, err := (&load.Config{Path: "."}).Load()
	if err != nil {
		t.Fatalf("load schemas: %v", err)
	}
	if len(spec.Schemas) < len(platform)+3 {
		t.Fatalf("only %d schemas loaded", len(spec.Schemas))
	}
	for _, s := range spec.Schemas {
		if slices.Contains(platform, s.Name) {
			if len(s.Policy) == 0 {
				t.Errorf("platform entity %s has no privacy policy", s.Name)
			}
			continue
		}
		var tenantField *load.Field
		for _, f := range s.Fields {
			if f.Name == "tenant_id" {
				tenantField = f
			}
		}
		switch {
		case tenantField == nil:
			t.Errorf("%s: no tenant_id; use TenantMixin or add it to the platform list with a reason", s.Name)
		case tenantField.Position == nil || !tenantField.Position.MixedIn:
			t.Errorf("%s: tenant_id declared by hand, not by TenantMixin", s.Name)
		case !tenantField.Immutable:
			t.Errorf("%s: tenant_id must be immutable", s.Name)
		}
		if !slices.ContainsFunc(s.Policy, func(p *load.Position) bool { return p.MixedIn }) {
			t.Errorf("%s: lacks the tenant privacy policy from TenantMixin", s.Name)
		}
		if !slices.ContainsFunc(s.Hooks, func(p *load.Position) bool { return p.MixedIn }) {
			t.Errorf("%s: lacks the tenant-stamping hook from TenantMixin", s.Name)
		}
		checkTenantIndexes(t, s)
	}
}

// checkTenantIndexes wants exactly one way to find a tenant's rows: an index
// leading with tenant_id (tenant-scoped queries and the tenant foreign key
// need one), and no bare tenant_id index beside a composite that already
// leads with it, which would only cost every insert an index write.
func checkTenantIndexes(t *testing.T, s *load.Schema) {
	t.Helper()
	var leading, bare int
	for _, ix := range s.Indexes {
		if len(ix.Fields) > 0 && ix.Fields[0] == "tenant_id" {
			leading++
			if len(ix.Fields) == 1 {
				bare++
			}
		}
	}
	switch {
	case leading == 0:
		t.Errorf("%s: no index leads with tenant_id", s.Name)
	case bare > 0 && leading > bare:
		t.Errorf("%s: a bare tenant_id index beside a composite leading with tenant_id", s.Name)
	case bare > 1:
		t.Errorf("%s: %d bare tenant_id indexes", s.Name, bare)
	}
}

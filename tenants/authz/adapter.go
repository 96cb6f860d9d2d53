package authz

import (
	"context"
	"errors"
	"fmt"

	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"

	"kefu/ent"
	"kefu/ent/casbinrule"
	"kefu/tenants/tenancy"
)

// adapter loads the built-in policy from code and tenants' rules from the
// casbin_rules table. It is read-only to casbin: Kefu writes rules inside
// its own transactions (see Grant), then reloads and notifies peers.
type adapter struct {
	db *ent.Client
}

var errReadOnly = errors.New("authz: policy is written through authz functions, not casbin auto-save")

func (a *adapter) LoadPolicy(m model.Model) error {
	return a.load(m, nil)
}

// load reads the built-ins and the rules of the given domains (all when nil).
func (a *adapter) load(m model.Model, domains []string) error {
	p, g := builtInRules()
	for _, r := range p {
		if err := persist.LoadPolicyArray(append([]string{"p"}, r...), m); err != nil {
			return err
		}
	}
	for _, r := range g {
		if err := persist.LoadPolicyArray(append([]string{"g"}, r...), m); err != nil {
			return err
		}
	}
	q := a.db.CasbinRule.Query()
	if domains != nil {
		q = q.Where(casbinrule.V1In(domains...))
	}
	ctx := tenancy.System(context.Background())
	rows, err := q.All(ctx)
	if err != nil {
		return fmt.Errorf("load casbin rules: %w", err)
	}
	for _, r := range rows {
		line := trimEmpty([]string{r.Ptype, r.V0, r.V1, r.V2, r.V3, r.V4, r.V5})
		if err := persist.LoadPolicyArray(line, m); err != nil {
			return fmt.Errorf("load casbin rule %d: %w", r.ID, err)
		}
	}
	return nil
}

func trimEmpty(s []string) []string {
	for len(s) > 0 && s[len(s)-1] == "" {
		s = s[:len(s)-1]
	}
	return s
}

func (a *adapter) SavePolicy(model.Model) error                              { return errReadOnly }
func (a *adapter) AddPolicy(string, string, []string) error                  { return errReadOnly }
func (a *adapter) RemovePolicy(string, string, []string) error               { return errReadOnly }
func (a *adapter) RemoveFilteredPolicy(string, string, int, ...string) error { return errReadOnly }

// Package demo seeds the demo tenants a newcomer logs in to.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"kefu/desk/orgchart"
	"kefu/ent"
	"kefu/fault"
	"kefu/tenants/accounts"
	"kefu/tenants/authz"
	"kefu/tenants/lifecycle"
	"kefu/tenants/tenancy"
)

// Password is every demo account's password; demo data are for trying
// Kefu out, never for production.
const Password = "kefu-demo-2026"

// OperatorEmail is the demo platform operator.
const OperatorEmail = "operator@kefu.local"

// Tenant describes one demo organization.
type Tenant struct {
	Slug, Name, Industry, Domain string
}

// Tenants are the demo organizations.
var Tenants = []Tenant{
	{Slug: "demo-property", Name: "示范物业客户服务中心", Industry: "property", Domain: "property.demo"},
	{Slug: "demo-insurance", Name: "示范保险客户服务中心", Industry: "insurance", Domain: "insurance.demo"},
	{Slug: "demo-hospital", Name: "示范医院患者服务中心", Industry: "hospital", Domain: "hospital.demo"},
}

// staff are created in each demo tenant besides the director.
var staff = []struct{ local, name, role string }{
	{"manager", "李经理", authz.Manager},
	{"supervisor", "王主管", authz.Supervisor},
	{"agent", "赵客服", authz.Agent},
	{"agent2", "钱客服", authz.Agent},
	{"callback", "孙回访", authz.CallbackAgent},
	{"qa", "周质检", authz.QualityInspector},
}

// placeStaff puts each demo person on the first position of the template's
// chart whose role matches theirs, so the chart shows holders and vacancies.
func placeStaff(ctx context.Context, org *orgchart.Service, people map[string]string) error {
	doc, err := org.Export(ctx)
	if err != nil {
		return err
	}
	roleOf := map[string]string{"director": authz.Director}
	for _, s := range staff {
		roleOf[s.local] = s.role
	}
	taken := map[string]int{}
	for _, local := range append([]string{"director"}, staffOrder()...) {
		for _, p := range doc.Positions {
			if p.Role != roleOf[local] || taken[p.Key] >= p.Headcount {
				continue
			}
			if _, err := org.Assign(ctx, p.Key, orgchart.AssignSpec{UserID: people[local], Kind: "primary"}); err != nil {
				return err
			}
			taken[p.Key]++
			break
		}
	}
	return nil
}

func staffOrder() []string {
	out := make([]string, len(staff))
	for i, s := range staff {
		out[i] = s.local
	}
	return out
}

// Login is a demo account to print.
type Login struct {
	Tenant, Email, Role string
}

// Seed creates the demo tenants that do not exist yet, each with two weeks
// of history before now(), and the operator; it is safe to run on every
// start. db, az and now are what the history runs the desk services with.
func Seed(ctx context.Context, lc *lifecycle.Service, users *accounts.Users, acc *accounts.Service, org *orgchart.Service,
	db *ent.Client, az *authz.Authorizer, now func() time.Time) ([]Login, error) {
	var out []Login
	for _, t := range Tenants {
		director := "director@" + t.Domain
		res, err := lc.Signup(ctx, lifecycle.SignupInput{
			Organization: t.Name, Slug: t.Slug, Industry: t.Industry,
			AdminEmail: director, AdminName: "张主任", AdminPassword: Password,
			// Demo tenants stay on the unlimited local plan even with billing on.
			Plan: "local",
		})
		switch {
		case errors.Is(err, fault.ErrConflict):
			// already seeded
		case err != nil:
			return nil, fmt.Errorf("seed demo tenant %s: %w", t.Slug, err)
		default:
			tctx := tenancy.WithViewer(ctx, tenancy.Viewer{TenantID: res.Tenant.ID, ActorType: tenancy.ActorSystem})
			people := map[string]string{"director": res.Login.UserID}
			for _, s := range staff {
				u, err := users.Create(tctx, res.Login.UserID, accounts.NewUser{
					Email: s.local + "@" + t.Domain, Name: s.name, Password: Password, Roles: []string{s.role},
				})
				if err != nil {
					return nil, fmt.Errorf("seed demo staff %s: %w", s.local, err)
				}
				people[s.local] = u.ID
			}
			if err := placeStaff(tctx, org, people); err != nil {
				return nil, fmt.Errorf("seed demo org chart of %s: %w", t.Slug, err)
			}
			if err := seedHistory(tctx, desk{db: db, az: az, org: org, now: now}, res.Tenant, t.Industry, people); err != nil {
				return nil, fmt.Errorf("seed demo history of %s: %w", t.Slug, err)
			}
			if err := seedRoster(tctx, db, az, org, people, now); err != nil {
				return nil, fmt.Errorf("seed demo duty roster of %s: %w", t.Slug, err)
			}
		}
		out = append(out, Login{Tenant: t.Slug, Email: director, Role: authz.Director})
	}
	if err := acc.EnsureOperator(ctx, OperatorEmail, "Kefu operator", Password); err != nil {
		return nil, err
	}
	return out, nil
}

// Package templates seeds a new tenant with its industry's starting data:
// custom roles and business calendars now, org charts and SLA policies as
// those features arrive. The data are embedded JSON files, one per industry.
package templates

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"slices"

	"kefu/desk/orgchart"
	"kefu/ent"
	"kefu/ent/types"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

//go:embed data/*.json
var data embed.FS

// Industries lists the templates, in the order the console offers them.
var Industries = []string{"property", "insurance", "hospital", "bank", "ecommerce", "generic"}

// Template is one industry's starting data.
type Template struct {
	Name      string     `json:"name"`
	NameEn    string     `json:"name_en"`
	Roles     []Role     `json:"roles"`
	Calendars []Calendar `json:"calendars"`
	// Org is the industry's starting org chart, from the handbooks.
	Org *orgchart.Document `json:"org"`
}

// Role is a custom role the industry starts with.
type Role struct {
	Name        string   `json:"name"`
	Label       string   `json:"label"`
	LabelEn     string   `json:"label_en"`
	Parent      string   `json:"parent"`
	Description string   `json:"description"`
	Permissions []string `json:"permissions"`
}

// Calendar is a business calendar the industry starts with.
type Calendar struct {
	Name          string       `json:"name"`
	NameEn        string       `json:"name_en"`
	Timezone      string       `json:"timezone"`
	AlwaysOpen    bool         `json:"always_open"`
	Default       bool         `json:"default"`
	Hours         []types.Span `json:"hours"`
	ChinaHolidays bool         `json:"china_holidays"`
}

// Holidays is a published year of statutory holidays and make-up workdays.
type Holidays struct {
	Year     int             `json:"year"`
	Source   string          `json:"source"`
	Holidays []types.Holiday `json:"holidays"`
	Workdays []types.Workday `json:"workdays"`
}

// Load reads one industry's template.
func Load(industry string) (*Template, error) {
	if !slices.Contains(Industries, industry) {
		return nil, fmt.Errorf("unknown industry %q", industry)
	}
	var t Template
	if err := readJSON("data/"+industry+".json", &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// ChinaHolidays returns the shipped mainland China holiday schedule.
func ChinaHolidays() (*Holidays, error) {
	var h Holidays
	if err := readJSON("data/cn-holidays-2026.json", &h); err != nil {
		return nil, err
	}
	return &h, nil
}

func readJSON(name string, v any) error {
	b, err := data.ReadFile(name)
	if err != nil {
		return fmt.Errorf("read template %s: %w", name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("parse template %s: %w", name, err)
	}
	return nil
}

// Apply seeds t into the tenant through c (the signup transaction). Rows
// are written quietly; the caller audits the seeding as one entry.
func (t *Template) Apply(ctx context.Context, c *ent.Client, tenantID, locale string) error {
	ctx = tenancy.Quiet(tenancy.WithTenant(ctx, tenantID))
	for _, r := range t.Roles {
		perms := make([]authz.Permission, 0, len(r.Permissions))
		for _, p := range r.Permissions {
			if !authz.Known(authz.Permission(p)) {
				return fmt.Errorf("template role %s: unknown permission %q", r.Name, p)
			}
			perms = append(perms, authz.Permission(p))
		}
		if err := c.Role.Create().
			SetName(r.Name).SetLabel(r.Label).SetLabelEn(r.LabelEn).
			SetParent(r.Parent).SetDescription(r.Description).SetPermissions(r.Permissions).
			Exec(ctx); err != nil {
			return fmt.Errorf("seed role %s: %w", r.Name, err)
		}
		if err := authz.DefineRole(ctx, c, tenantID, r.Name, r.Parent, perms); err != nil {
			return err
		}
	}
	if t.Org != nil {
		if err := orgchart.Seed(ctx, c, t.Org); err != nil {
			return err
		}
	}
	var cn *Holidays
	for _, cal := range t.Calendars {
		name := cal.Name
		if locale == "en" && cal.NameEn != "" {
			name = cal.NameEn
		}
		create := c.Calendar.Create().
			SetName(name).SetTimezone(cal.Timezone).SetAlwaysOpen(cal.AlwaysOpen).
			SetIsDefault(cal.Default).SetHours(cal.Hours)
		if cal.ChinaHolidays {
			if cn == nil {
				var err error
				if cn, err = ChinaHolidays(); err != nil {
					return err
				}
			}
			create.SetHolidays(cn.Holidays).SetWorkdays(cn.Workdays)
		}
		if err := create.Exec(ctx); err != nil {
			return fmt.Errorf("seed calendar %s: %w", name, err)
		}
	}
	return nil
}

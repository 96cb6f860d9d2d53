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
	"time"

	"kefu/desk/callbacks"
	"kefu/desk/grades"
	"kefu/desk/orgchart"
	"kefu/desk/quality"
	"kefu/ent"
	"kefu/ent/shifttemplate"
	"kefu/ent/types"
	"kefu/isodur"
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
	Org        *orgchart.Document `json:"org"`
	Categories []Category         `json:"categories"`
	Policies   []Policy           `json:"sla_policies"`
	// Shifts are the duty shifts (班次) rosters start from.
	Shifts []Shift `json:"shifts"`
}

// Shift is a duty shift template: local HH:MM times, an end at or before
// the start ending the next day; kind normal or holiday_reinforced.
type Shift struct {
	Name      string   `json:"name"`
	NameEn    string   `json:"name_en"`
	Start     string   `json:"start"`
	End       string   `json:"end"`
	Kind      string   `json:"kind"`
	Checklist []string `json:"checklist"`
}

// Category is a ticket category; Parent is another category's Key.
type Category struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	Parent string `json:"parent"`
}

// Policy is an SLA policy; Calendar names one of the template's calendars
// (by its Chinese name) and durations are ISO 8601.
type Policy struct {
	Name          string         `json:"name"`
	NameEn        string         `json:"name_en"`
	Calendar      string         `json:"calendar"`
	Match         types.SLAMatch `json:"match"`
	FirstResponse string         `json:"first_response"`
	Resolution    string         `json:"resolution"`
	WarnAtPercent int            `json:"warn_at_percent"`
	Escalation    []struct {
		After string `json:"after"`
		To    string `json:"to"`
	} `json:"escalation"`
	Callback struct {
		Within       string             `json:"within"`
		BusinessTime bool               `json:"business_time"`
		Coverage     map[string]float64 `json:"coverage"`
	} `json:"callback"`
	Rank int `json:"rank"`
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
	calendarIDs := map[string]string{} // by Chinese name, as policies name them
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
		row, err := create.Save(ctx)
		if err != nil {
			return fmt.Errorf("seed calendar %s: %w", name, err)
		}
		calendarIDs[cal.Name] = row.ID
	}
	if err := t.seedCategories(ctx, c); err != nil {
		return err
	}
	sc := callbacks.DefaultScriptFor(locale)
	if err := c.CallbackScript.Create().SetName(*sc.Name).SetOpening(*sc.Opening).SetQuestions(*sc.Questions).
		SetClosingSatisfied(*sc.ClosingSatisfied).SetClosingUnsatisfied(*sc.ClosingUnsatisfied).SetIsDefault(true).Exec(ctx); err != nil {
		return fmt.Errorf("seed callback script: %w", err)
	}
	if err := quality.Seed(ctx, c, locale); err != nil {
		return fmt.Errorf("seed scorecard: %w", err)
	}
	if err := grades.Seed(ctx, c); err != nil {
		return err
	}
	if err := t.seedShifts(ctx, c, locale); err != nil {
		return err
	}
	return t.seedPolicies(ctx, c, calendarIDs, locale)
}

func (t *Template) seedShifts(ctx context.Context, c *ent.Client, locale string) error {
	for i, s := range t.Shifts {
		name := s.Name
		if locale == "en" && s.NameEn != "" {
			name = s.NameEn
		}
		if err := c.ShiftTemplate.Create().SetName(name).SetNameEn(s.NameEn).SetStartTime(s.Start).SetEndTime(s.End).
			SetKind(shifttemplate.Kind(s.Kind)).SetChecklist(s.Checklist).SetSort(i).Exec(ctx); err != nil {
			return fmt.Errorf("seed shift %s: %w", s.Name, err)
		}
	}
	return nil
}

func (t *Template) seedCategories(ctx context.Context, c *ent.Client) error {
	ids := map[string]string{}
	// Parents come before children in the file; a second pass would hide a
	// broken file, so a missing parent is an error.
	for _, cat := range t.Categories {
		create := c.Category.Create().SetName(cat.Name).SetNameEn(cat.NameEn)
		if cat.Parent != "" {
			pid, ok := ids[cat.Parent]
			if !ok {
				return fmt.Errorf("template category %s: parent %s must come first", cat.Key, cat.Parent)
			}
			create.SetParentID(pid)
		}
		row, err := create.Save(ctx)
		if err != nil {
			return fmt.Errorf("seed category %s: %w", cat.Key, err)
		}
		ids[cat.Key] = row.ID
	}
	return nil
}

func (t *Template) seedPolicies(ctx context.Context, c *ent.Client, calendarIDs map[string]string, locale string) error {
	for _, p := range t.Policies {
		calID, ok := calendarIDs[p.Calendar]
		if !ok {
			return fmt.Errorf("template policy %s: no calendar named %s", p.Name, p.Calendar)
		}
		fr, err := isodur.Parse(p.FirstResponse)
		if err != nil {
			return fmt.Errorf("template policy %s: %w", p.Name, err)
		}
		res, err := isodur.Parse(p.Resolution)
		if err != nil {
			return fmt.Errorf("template policy %s: %w", p.Name, err)
		}
		steps := make([]types.EscalationStep, len(p.Escalation))
		for i, st := range p.Escalation {
			var after time.Duration
			if st.After != "PT0S" {
				if after, err = isodur.Parse(st.After); err != nil {
					return fmt.Errorf("template policy %s: %w", p.Name, err)
				}
			}
			steps[i] = types.EscalationStep{AfterSeconds: int64(after.Seconds()), To: st.To}
		}
		cb := types.CallbackPolicy{BusinessTime: p.Callback.BusinessTime, Coverage: p.Callback.Coverage}
		if p.Callback.Within != "" {
			within, err := isodur.Parse(p.Callback.Within)
			if err != nil {
				return fmt.Errorf("template policy %s: %w", p.Name, err)
			}
			cb.WithinSeconds = int64(within.Seconds())
		}
		name := p.Name
		if locale == "en" && p.NameEn != "" {
			name = p.NameEn
		}
		warn := p.WarnAtPercent
		if warn == 0 {
			warn = 80
		}
		if err := c.SLAPolicy.Create().SetName(name).SetCalendarID(calID).SetMatch(p.Match).
			SetFirstResponseSeconds(int64(fr.Seconds())).SetResolutionSeconds(int64(res.Seconds())).
			SetWarnAtPercent(warn).SetEscalation(steps).SetCallback(cb).SetRank(p.Rank).Exec(ctx); err != nil {
			return fmt.Errorf("seed sla policy %s: %w", p.Name, err)
		}
	}
	return nil
}

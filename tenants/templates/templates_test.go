package templates

import (
	"testing"

	"kefu/tenants/authz"
)

func TestEveryTemplateLoadsAndIsValid(t *testing.T) {
	for _, ind := range Industries {
		tpl, err := Load(ind)
		if err != nil {
			t.Fatalf("%s: %v", ind, err)
		}
		defaults := 0
		for _, c := range tpl.Calendars {
			if c.Default {
				defaults++
			}
			if !c.AlwaysOpen && len(c.Hours) == 0 {
				t.Errorf("%s calendar %s has no hours", ind, c.Name)
			}
		}
		if defaults != 1 {
			t.Errorf("%s has %d default calendars", ind, defaults)
		}
		names := map[string]bool{}
		for _, r := range tpl.Roles {
			_, builtIn := authz.LookupBuiltIn(r.Parent)
			if !builtIn && !names[r.Parent] {
				t.Errorf("%s role %s inherits unknown %s", ind, r.Name, r.Parent)
			}
			for _, p := range r.Permissions {
				if !authz.Known(authz.Permission(p)) {
					t.Errorf("%s role %s: unknown permission %s", ind, r.Name, p)
				}
			}
			names[r.Name] = true
		}
	}
	if _, err := Load("mining"); err == nil {
		t.Fatal("unknown industry loaded")
	}
}

// The shipped China 2026 schedule matches the State Council notice.
func TestChinaHolidays2026(t *testing.T) {
	h, err := ChinaHolidays()
	if err != nil {
		t.Fatal(err)
	}
	off := map[string]bool{}
	for _, d := range h.Holidays {
		off[d.Date] = true
	}
	for _, d := range []string{"2026-01-01", "2026-02-15", "2026-02-23", "2026-04-06", "2026-05-05", "2026-06-19", "2026-09-27", "2026-10-07"} {
		if !off[d] {
			t.Errorf("%s should be a holiday", d)
		}
	}
	if len(h.Holidays) != 3+9+3+5+3+3+7 {
		t.Errorf("%d holiday dates", len(h.Holidays))
	}
	work := map[string]bool{}
	for _, d := range h.Workdays {
		work[d.Date] = true
	}
	for _, d := range []string{"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"} {
		if !work[d] {
			t.Errorf("%s should be a make-up workday", d)
		}
	}
	if len(h.Workdays) != 6 {
		t.Errorf("%d make-up days", len(h.Workdays))
	}
}

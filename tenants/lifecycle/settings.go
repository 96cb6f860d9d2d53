package lifecycle

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kefu/ent"
	enttenant "kefu/ent/tenant"
	"kefu/fault"
	"kefu/tenants/tenancy"
)

// Current returns the viewer's own tenant.
func (s *Service) Current(ctx context.Context) (*ent.Tenant, error) {
	tid := tenancy.TenantID(ctx)
	t, err := s.db.Tenant.Get(ctx, tid)
	if err != nil {
		return nil, notFound(tid, err)
	}
	return t, nil
}

// SettingsPatch changes a tenant's own settings; nil leaves a field alone.
type SettingsPatch struct {
	Name     *string
	Timezone *string
	Locale   *string
}

// UpdateSettings changes the viewer's tenant.
func (s *Service) UpdateSettings(ctx context.Context, p SettingsPatch) (*ent.Tenant, error) {
	tid := tenancy.TenantID(ctx)
	upd := s.db.Tenant.UpdateOneID(tid)
	if p.Name != nil {
		if strings.TrimSpace(*p.Name) == "" {
			return nil, fault.Field("body.name", "must not be empty", *p.Name)
		}
		upd.SetName(strings.TrimSpace(*p.Name))
	}
	if p.Timezone != nil {
		if _, err := time.LoadLocation(*p.Timezone); err != nil || *p.Timezone == "" {
			return nil, fault.Field("body.timezone", "is not a known IANA time zone", *p.Timezone)
		}
		upd.SetTimezone(*p.Timezone)
	}
	if p.Locale != nil {
		if err := enttenant.LocaleValidator(enttenant.Locale(*p.Locale)); err != nil {
			return nil, fault.Field("body.locale", "must be zh-CN or en", *p.Locale)
		}
		upd.SetLocale(enttenant.Locale(*p.Locale))
	}
	t, err := upd.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("update tenant settings: %w", notFound(tid, err))
	}
	return t, nil
}

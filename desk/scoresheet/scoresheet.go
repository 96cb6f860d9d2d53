// Package scoresheet is the monthly reward/penalty score sheet (奖罚评分表):
// per agent, the month's KPIs and QA average weighed into a base score,
// plus manual reward and penalty items. A sheet goes draft → submitted (by
// a supervisor) → approved (by a manager) → locked before payday; a locked
// sheet never changes again, and corrections are adjustment items beside it.
package scoresheet

import (
	"time"

	"kefu/desk/kpi"
	"kefu/desk/orgchart"
	"kefu/ent"
	"kefu/fault"
	"kefu/tenants/authz"
)

// Service runs score sheets.
type Service struct {
	db  *ent.Client
	az  *authz.Authorizer
	org *orgchart.Service
	kpi *kpi.Service
	now func() time.Time
}

// New returns the score sheet service.
func New(db *ent.Client, az *authz.Authorizer, org *orgchart.Service, k *kpi.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, az: az, org: org, kpi: k, now: now}
}

// Month is a calendar month in a time zone: [Start, End).
type Month struct {
	Key        string // 2026-11
	Start, End time.Time
}

// ParseMonth reads "2026-11" in zone.
func ParseMonth(key string, zone *time.Location) (Month, error) {
	t, err := time.ParseInLocation("2006-01", key, zone)
	if err != nil || t.Format("2006-01") != key {
		return Month{}, fault.Field("body.month", "must be a month like 2026-11", key)
	}
	return Month{Key: key, Start: t, End: t.AddDate(0, 1, 0)}, nil
}

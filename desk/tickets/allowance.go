package tickets

import (
	"context"
	"time"
)

// Allowance caps how many tickets a tenant may create per calendar month
// (its plan's allowance; billing/ provides it). The month's count is kept
// on the ticket counter and taken in the same UPDATE as the ticket number,
// so concurrent creates can never exceed it.
type Allowance struct {
	// Limit is the monthly allowance of a plan; 0 is unlimited.
	Limit func(plan string) int
	// Used is told the month's count after a limited create commits (for
	// the warning near the limit).
	Used func(ctx context.Context, tenantID string, month, used, limit int)
}

// LimitMonthly installs the allowance (wired in app/).
func (s *Service) LimitMonthly(a Allowance) { s.allowance = a }

func (a Allowance) limit(plan string) int {
	if a.Limit == nil {
		return 0
	}
	return a.Limit(plan)
}

func (a Allowance) used(ctx context.Context, tenantID string, month, used, limit int) {
	if a.Used != nil && limit > 0 {
		a.Used(ctx, tenantID, month, used, limit)
	}
}

// MonthIn is the allowance month (YYYYMM) of now in the tenant's zone.
func MonthIn(zone string, now time.Time) int {
	if loc, err := location(zone); err == nil {
		now = now.In(loc)
	}
	return now.Year()*100 + int(now.Month())
}

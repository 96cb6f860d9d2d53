package billing

import (
	"context"
	"fmt"
	"time"

	"kefu/ent"
	enttenant "kefu/ent/tenant"
	"kefu/ent/ticketcounter"
	"kefu/ent/user"
	"kefu/tenants/tenancy"
)

// Usage is one limit and how much of it is used; Limit 0 is unlimited.
type Usage struct {
	Used    int
	Limit   int
	Warning bool // at or past the warning percentage
}

// Summary is a tenant's billing page: plan, standing, dates and usage.
type Summary struct {
	Enabled          bool
	Plan             Plan
	Status           enttenant.Status
	SuspendedBy      string
	TrialEndsAt      *time.Time
	CurrentPeriodEnd *time.Time
	PastDueSince     *time.Time
	GraceEndsAt      *time.Time // past_due: when writes stop
	CanceledAt       *time.Time
	PurgeAt          *time.Time // canceled: when the data are exported and deleted
	HasSubscription  bool
	HasCustomer      bool
	Month            string // the allowance month, YYYY-MM in the tenant's zone
	Seats            Usage
	Tickets          Usage
	Warning          bool // any usage at or past the warning percentage
}

// Summary describes the viewer's tenant.
func (s *Service) Summary(ctx context.Context) (*Summary, error) {
	tid := tenancy.TenantID(ctx)
	t, err := s.db.Tenant.Get(ctx, tid)
	if err != nil {
		return nil, fmt.Errorf("billing summary: tenant %s: %w", tid, err)
	}
	p := s.PlanOf(t.Plan)
	out := &Summary{Enabled: s.Enabled(), Plan: p, Status: t.Status, TrialEndsAt: t.TrialEndsAt,
		CurrentPeriodEnd: t.CurrentPeriodEnd, PastDueSince: t.PastDueSince, CanceledAt: t.CanceledAt,
		HasSubscription: t.StripeSubscriptionID != nil, HasCustomer: t.StripeCustomerID != nil}
	if t.SuspendedBy != nil {
		out.SuspendedBy = string(*t.SuspendedBy)
	}
	if t.PastDueSince != nil {
		g := t.PastDueSince.Add(s.cfg.Grace())
		out.GraceEndsAt = &g
	}
	if t.CanceledAt != nil {
		r := t.CanceledAt.Add(s.cfg.RetentionPeriod())
		out.PurgeAt = &r
	}
	seats, err := s.db.User.Query().Where(user.StatusIn(seatStatuses...)).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("billing summary: seats: %w", err)
	}
	year, month := monthOf(t.Timezone, s.now())
	out.Month = fmt.Sprintf("%04d-%02d", year, month%100)
	tickets, err := monthCount(ctx, s.db, year, month)
	if err != nil {
		return nil, err
	}
	out.Seats = s.usage(seats, p.Seats)
	out.Tickets = s.usage(tickets, p.TicketsPerMonth)
	out.Warning = out.Seats.Warning || out.Tickets.Warning
	return out, nil
}

func (s *Service) usage(used, limit int) Usage {
	return Usage{Used: used, Limit: limit, Warning: limit > 0 && used >= s.warnAt(limit)}
}

// monthOf is the tenant-local year and month (YYYYMM) of now, as the
// ticket counter keeps them.
func monthOf(zone string, now time.Time) (int, int) {
	if loc, err := time.LoadLocation(zone); err == nil {
		now = now.In(loc)
	}
	return now.Year(), now.Year()*100 + int(now.Month())
}

// monthCount reads this month's ticket count from the year's counter.
func monthCount(ctx context.Context, db *ent.Client, year, month int) (int, error) {
	c, err := db.TicketCounter.Query().Where(ticketcounter.Year(year)).Only(ctx)
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("billing summary: ticket count: %w", err)
	}
	if c.Month != month {
		return 0, nil
	}
	return c.MonthCount, nil
}

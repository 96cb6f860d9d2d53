package workers

import (
	"context"
	"log/slog"
	"time"

	"kefu/desk/callbacks"
	"kefu/desk/duty"
	"kefu/desk/grades"
	"kefu/desk/quality"
	"kefu/desk/tickets"
	"kefu/tenants/accounts"
	"kefu/tenants/billing"
	"kefu/tenants/idempotency"
	"kefu/tenants/outbox"
	"kefu/tenants/webhooks"
)

// Sweeper reconciles Redis with the database: on start and every interval
// it re-enqueues due work that Redis lost (a flush, a failover without
// persistence, the embedded Redis after a restart) and purges expired
// sessions.
type Sweeper struct {
	Queue     *Queue
	Tickets   *tickets.Service
	Callbacks *callbacks.Service
	Outbox    *outbox.Service
	Accounts  *accounts.Service
	Webhooks  *webhooks.Service
	Billing   *billing.Service
	Duty      *duty.Service
	Quality   *quality.Service
	Grades    *grades.Service
	Interval  time.Duration
	// Grace leaves fresh work to the normal enqueue path.
	Grace time.Duration
	// Now is the application clock (tests move it); defaults to time.Now.
	Now func() time.Time
	// Idempotency's expired keys are purged on every sweep.
	Idempotency *idempotency.Service
	// Page is how many due SLA checks one query reads (default 5000).
	Page int
}

// Lookahead is how far ahead of now a sweep arms timers: past the next
// sweep, with a minute to spare.
func (s *Sweeper) Lookahead() time.Duration { return s.interval() + time.Minute }

func (s *Sweeper) interval() time.Duration {
	if s.Interval <= 0 {
		return time.Minute
	}
	return s.Interval
}

// Run sweeps until ctx ends.
func (s *Sweeper) Run(ctx context.Context) {
	t := time.NewTicker(s.interval())
	defer t.Stop()
	for {
		if n, err := s.Once(ctx); err != nil && ctx.Err() == nil {
			slog.Error("sweep", "err", err)
		} else if n > 0 {
			slog.Info("sweep re-enqueued work", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Once runs one sweep and returns how many tasks it (re-)enqueued.
func (s *Sweeper) Once(ctx context.Context) (int, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	// One page per sweep: a backlog larger than that drains over the next
	// sweeps, oldest first.
	n := 0
	if s.Outbox != nil {
		refs, err := s.Outbox.Pending(ctx, s.Grace, 1000)
		if err != nil {
			return 0, err
		}
		for _, r := range refs {
			if err := s.Queue.KickOutbox(ctx, r.TenantID, r.ID); err != nil {
				return n, err
			}
			n++
		}
	}
	if s.Tickets != nil {
		// Every check due before the next sweep is armed now (creates leave
		// later ones to the sweeper, see tickets.ArmWithin), page by page,
		// so thousands due in one minute are all on time.
		var after tickets.Due
		size := s.Page
		if size <= 0 {
			size = 5000
		}
		for page := 0; page < 40; page++ {
			due, err := s.Tickets.DueChecks(ctx, now().Add(s.Lookahead()), after, size)
			if err != nil {
				return n, err
			}
			for _, d := range due {
				if err := s.Queue.ScheduleSLACheck(ctx, d.TenantID, d.ID, d.At); err != nil {
					return n, err
				}
				n++
			}
			if len(due) < size {
				break
			}
			after = due[len(due)-1]
		}
	}
	if s.Callbacks != nil {
		due, err := s.Callbacks.DueBefore(ctx, now().Add(s.Lookahead()), 5000)
		if err != nil {
			return n, err
		}
		for _, d := range due {
			if err := s.Queue.ScheduleCallbackDue(ctx, d.TenantID, d.ID, d.At); err != nil {
				return n, err
			}
			n++
		}
	}
	if s.Webhooks != nil {
		due, err := s.Webhooks.DueBefore(ctx, now().Add(s.Lookahead()), 5000)
		if err != nil {
			return n, err
		}
		for _, d := range due {
			if err := s.Queue.ScheduleWebhookDelivery(ctx, d.TenantID, d.ID, d.At); err != nil {
				return n, err
			}
			n++
		}
	}
	if s.Duty != nil {
		m, err := sweepDuty(ctx, s.Queue, s.Duty, now().Add(s.Lookahead()))
		n += m
		if err != nil {
			return n, err
		}
	}
	if s.Quality != nil || s.Grades != nil {
		m, err := sweepPerformance(ctx, s.Queue, s.Quality, s.Grades, now())
		n += m
		if err != nil {
			return n, err
		}
	}
	if s.Billing != nil {
		// Pending Stripe events, lapsed grace periods, purges past retention.
		m, err := s.Billing.Sweep(ctx, s.Grace)
		n += m
		if err != nil {
			return n, err
		}
	}
	if s.Accounts != nil {
		if _, err := s.Accounts.PurgeExpired(ctx); err != nil {
			return n, err
		}
	}
	if s.Idempotency != nil {
		if _, err := s.Idempotency.PurgeExpired(ctx); err != nil {
			return n, err
		}
	}
	return n, nil
}

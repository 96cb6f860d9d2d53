package tickets

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kefu/desk/sla"
	"kefu/ent"
	"kefu/ent/ticket"
	"kefu/tenants/tenancy"
)

func matches(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }

// CalendarOf loads a stored calendar as business-time arithmetic.
func CalendarOf(ctx context.Context, c *ent.Client, id string) (*sla.Calendar, error) {
	row, err := c.Calendar.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("calendar %s: %w", id, err)
	}
	return calendarFrom(row)
}

// calendarFrom turns a calendar row into business-time arithmetic.
func calendarFrom(row *ent.Calendar) (*sla.Calendar, error) {
	if row.AlwaysOpen {
		return sla.AlwaysOpen(), nil
	}
	cal, err := sla.New(row.Timezone, row.Hours, row.Holidays, row.Workdays)
	if err != nil {
		return nil, fmt.Errorf("calendar %s: %w", row.ID, err)
	}
	return cal, nil
}

// policyOf returns the ticket's SLA policy and calendar; nil when it has
// none, or when its policy was deleted (the clock then simply stops).
func policyOf(ctx context.Context, c *ent.Client, t *ent.Ticket) (*ent.SLAPolicy, *sla.Calendar, error) {
	if t.SLAPolicyID == nil {
		return nil, nil, nil
	}
	pol, err := c.SLAPolicy.Get(ctx, *t.SLAPolicyID)
	if ent.IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	cal, err := CalendarOf(ctx, c, pol.CalendarID)
	if err != nil {
		return nil, nil, err
	}
	return pol, cal, nil
}

func secs(n int64) time.Duration { return time.Duration(n) * time.Second }

// ladder is the policy's escalation steps; without one, a breach goes to
// the assignee's supervisor at once.
func ladder(p *ent.SLAPolicy) []stepSpec {
	if len(p.Escalation) == 0 {
		return []stepSpec{{after: 0, to: "supervisor"}}
	}
	out := make([]stepSpec, len(p.Escalation))
	for i, st := range p.Escalation {
		out[i] = stepSpec{after: secs(st.AfterSeconds), to: st.To}
	}
	return out
}

type stepSpec struct {
	after time.Duration
	to    string
}

// nextCheck is the earliest moment something may happen to t: a warning,
// a breach or the next escalation step; nil when nothing can (resolved,
// closed, or paused while pending).
func nextCheck(t *ent.Ticket, p *ent.SLAPolicy, cal *sla.Calendar, now time.Time) *time.Time {
	if p == nil || t.Status == ticket.StatusResolved || t.Status == ticket.StatusClosed || t.Status == ticket.StatusPending {
		return nil
	}
	var best *time.Time
	consider := func(at time.Time) {
		if best == nil || at.Before(*best) {
			a := at
			best = &a
		}
	}
	if t.SLAWarnedAt == nil {
		if due, target := warnTarget(t, p); due != nil {
			remaining := sla.Elapsed(cal, now, *due)
			lead := target * time.Duration(100-p.WarnAtPercent) / 100
			if remaining <= lead {
				consider(now)
			} else {
				consider(sla.Deadline(cal, now, remaining-lead).UTC())
			}
		}
	}
	if t.FirstRespondedAt == nil && t.FirstResponseBreachedAt == nil && t.FirstResponseDueAt != nil {
		consider(*t.FirstResponseDueAt)
	}
	if t.ResolvedAt == nil && t.ResolutionBreachedAt == nil && t.ResolutionDueAt != nil {
		consider(*t.ResolutionDueAt)
	}
	if b := breachedAt(t); b != nil {
		steps := ladder(p)
		if t.EscalationLevel < len(steps) {
			consider(b.Add(steps[t.EscalationLevel].after))
		}
	}
	return best
}

// warnTarget is the target the warning watches: first response until it
// happens, then resolution.
func warnTarget(t *ent.Ticket, p *ent.SLAPolicy) (*time.Time, time.Duration) {
	if t.FirstRespondedAt == nil && t.FirstResponseBreachedAt == nil {
		return t.FirstResponseDueAt, secs(p.FirstResponseSeconds)
	}
	if t.ResolvedAt == nil && t.ResolutionBreachedAt == nil {
		return t.ResolutionDueAt, secs(p.ResolutionSeconds)
	}
	return nil, 0
}

// breachedAt is when the ticket first breached any target.
func breachedAt(t *ent.Ticket) *time.Time {
	var b *time.Time
	for _, x := range []*time.Time{t.FirstResponseBreachedAt, t.ResolutionBreachedAt} {
		if x != nil && (b == nil || x.Before(*b)) {
			b = x
		}
	}
	return b
}

// ArmWithin tells the service that the sweeper arms every check due
// within d of its sweep, so writes need not set timers further out than
// that: most tickets' next check (an SLA warning minutes or hours away)
// then costs no Redis call when the ticket is written.
func (s *Service) ArmWithin(d time.Duration) { s.horizon = d }

// schedule asks for the next SLA check after commit; a failure is only
// logged by the timer, since the sweeper re-enqueues due checks.
func (s *Service) schedule(ctx context.Context, t *ent.Ticket) {
	if t == nil || t.NextCheckAt == nil || s.timers == nil {
		return
	}
	if s.horizon > 0 && t.NextCheckAt.After(s.now().Add(s.horizon)) {
		return
	}
	_ = s.timers.ScheduleSLACheck(ctx, t.TenantID, t.ID, *t.NextCheckAt)
}

// Due names a ticket whose SLA check is due, across tenants.
type Due struct {
	TenantID, ID string
	At           time.Time
}

// DueChecks lists SLA checks due before `before` in every tenant, after
// the cursor `after` (zero: from the first), for the reconciliation
// sweeper: the database is the truth, Redis only the alarm.
func (s *Service) DueChecks(ctx context.Context, before time.Time, after Due, limit int) ([]Due, error) {
	q := s.db.Ticket.Query().Where(ticket.NextCheckAtLT(before))
	if !after.At.IsZero() {
		q.Where(ticket.Or(ticket.NextCheckAtGT(after.At), ticket.And(ticket.NextCheckAt(after.At), ticket.IDGT(after.ID))))
	}
	rows, err := q.Order(ticket.ByNextCheckAt(), ticket.ByID()).Limit(limit).
		Select(ticket.FieldID, ticket.FieldTenantID, ticket.FieldNextCheckAt).All(tenancy.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("list due sla checks: %w", err)
	}
	out := make([]Due, len(rows))
	for i, t := range rows {
		out[i] = Due{TenantID: t.TenantID, ID: t.ID, At: *t.NextCheckAt}
	}
	return out, nil
}

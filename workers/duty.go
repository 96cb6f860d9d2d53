package workers

import (
	"context"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"kefu/desk/duty"
	"kefu/ent"
)

// Duty task types: a roster entry's absence and late-handover look, and a
// major incident's report reminder and escalation.
const (
	TypeDutyCheck  = "duty:check"
	TypeDutyReport = "duty:report"
)

// ScheduleDutyCheck wakes the roster entry's job at `at`; the id names the
// entry and the instant, so the same look is one task.
func (q *Queue) ScheduleDutyCheck(ctx context.Context, tenantID, entryID string, at time.Time) error {
	return q.enqueue(ctx, TypeDutyCheck, Payload{TenantID: tenantID, ID: entryID, At: at.UTC()},
		asynq.TaskID(fmt.Sprintf("duty:%s:%d", entryID, at.UnixMilli())), asynq.ProcessAt(at),
		asynq.MaxRetry(25), asynq.Queue("critical"), asynq.Timeout(30*time.Second))
}

// ScheduleDutyReport wakes a major incident's report job at `at`.
func (q *Queue) ScheduleDutyReport(ctx context.Context, tenantID, logEntryID string, at time.Time) error {
	return q.enqueue(ctx, TypeDutyReport, Payload{TenantID: tenantID, ID: logEntryID, At: at.UTC()},
		asynq.TaskID(fmt.Sprintf("dutyrep:%s:%d", logEntryID, at.UnixMilli())), asynq.ProcessAt(at),
		asynq.MaxRetry(25), asynq.Queue("default"), asynq.Timeout(30*time.Second))
}

// dutyHandlers registers the duty jobs: thin, the rules are desk/duty's.
func dutyHandlers(mux *asynq.ServeMux, d *duty.Service, now func() time.Time) {
	if d == nil {
		return
	}
	run := func(check func(context.Context, string) error) func(context.Context, *asynq.Task) error {
		return func(ctx context.Context, _ *asynq.Task) error {
			p, _ := payloadFrom(ctx)
			if err := waitUntil(ctx, p, now); err != nil {
				return err
			}
			if err := check(ctx, p.ID); err != nil && !ent.IsNotFound(err) {
				return err
			}
			return nil // done, or the row is gone (removed entry, purged tenant)
		}
	}
	mux.HandleFunc(TypeDutyCheck, run(d.CheckEntry))
	mux.HandleFunc(TypeDutyReport, run(d.CheckReport))
}

// sweepDuty re-enqueues the duty looks due before `before` that Redis lost.
func sweepDuty(ctx context.Context, q *Queue, d *duty.Service, before time.Time) (int, error) {
	n := 0
	checks, err := d.DueChecks(ctx, before, 5000)
	if err != nil {
		return n, err
	}
	for _, c := range checks {
		if err := q.ScheduleDutyCheck(ctx, c.TenantID, c.ID, c.At); err != nil {
			return n, err
		}
		n++
	}
	reports, err := d.DueReports(ctx, before, 5000)
	if err != nil {
		return n, err
	}
	for _, r := range reports {
		if err := q.ScheduleDutyReport(ctx, r.TenantID, r.ID, r.At); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

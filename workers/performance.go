package workers

import (
	"context"
	"time"

	"github.com/hibiken/asynq"

	"kefu/desk/grades"
	"kefu/desk/quality"
)

// Periodic performance jobs: the weekly QA sampling and the quarterly
// grade review. The period is in the payload's ID; the database records
// each run (performance_runs), so a run enqueued twice works once.
const (
	TypeQASample    = "qa:sample"
	TypeGradeReview = "grade:review"
)

// SchedulePerformanceRun enqueues one tenant's run of typ for period
// (a week like 2026-W47, a quarter like 2026-Q4); the task id names both.
func (q *Queue) SchedulePerformanceRun(ctx context.Context, typ, tenantID, period string) error {
	return q.enqueue(ctx, typ, Payload{TenantID: tenantID, ID: period},
		asynq.TaskID(typ+":"+tenantID+":"+period), asynq.MaxRetry(10), asynq.Queue("low"), asynq.Timeout(5*time.Minute))
}

// performanceHandlers registers the periodic performance jobs.
func performanceHandlers(mux *asynq.ServeMux, qa *quality.Service, gr *grades.Service) {
	if qa != nil {
		mux.HandleFunc(TypeQASample, func(ctx context.Context, t *asynq.Task) error {
			p, _ := payloadFrom(ctx)
			_, err := qa.SampleDue(ctx, p.ID)
			return err
		})
	}
	if gr != nil {
		mux.HandleFunc(TypeGradeReview, func(ctx context.Context, t *asynq.Task) error {
			p, _ := payloadFrom(ctx)
			_, err := gr.ReviewDue(ctx, p.ID)
			return err
		})
	}
}

// sweepPerformance enqueues every tenant's sampling of the last completed
// week and review of the last quarter that has not run yet.
func sweepPerformance(ctx context.Context, q *Queue, qa *quality.Service, gr *grades.Service, now time.Time) (int, error) {
	n := 0
	if qa != nil {
		due, err := qa.DueSamplings(ctx, now)
		if err != nil {
			return n, err
		}
		for _, d := range due {
			if err := q.SchedulePerformanceRun(ctx, TypeQASample, d.TenantID, d.Period); err != nil {
				return n, err
			}
			n++
		}
	}
	if gr != nil {
		due, err := gr.DueReviews(ctx, now)
		if err != nil {
			return n, err
		}
		for _, d := range due {
			if !now.Before(d.At) {
				if err := q.SchedulePerformanceRun(ctx, TypeGradeReview, d.TenantID, d.Period); err != nil {
					return n, err
				}
				n++
			}
		}
	}
	return n, nil
}

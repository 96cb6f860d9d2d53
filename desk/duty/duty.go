// Package duty is the duty desk (值班): shift templates, a roster per unit
// generated from a rotation and the business calendar, swaps approved by
// a supervisor (调班/顶班), the duty log of every shift (值班记录) with
// major incidents that need a written report by the next day, and the
// alerts when someone does not show up or hands over late. Handovers
// themselves are desk/handover.
package duty

import (
	"context"
	"time"

	"kefu/desk/orgchart"
	"kefu/ent"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// Figures from the handbooks' duty rules, fixed for now.
const (
	// AbsenceGrace: no sign-in this long after the shift starts alerts
	// the supervisor (不得迟到、无故缺勤).
	AbsenceGrace = 15 * time.Minute
	// HandoverGrace: a handover not signed by the incoming person this
	// long after the shift ends alerts the supervisor (正点交接).
	HandoverGrace = 30 * time.Minute
	// SignInEarly is how long before the start one may sign in.
	SignInEarly = time.Hour
	// ReportReminderLead: the reminder for a missing major-incident
	// report comes this long before the end of the next day.
	ReportReminderLead = 6 * time.Hour
	// maxShift bounds "who is on duty at t" to entries that started at
	// most this long before t, so the range scan stays short.
	maxShift = 25 * time.Hour
)

// Timers wakes the duty jobs (asynq tasks in workers/); the sweeper
// restores anything a failed schedule misses.
type Timers interface {
	ScheduleDutyCheck(ctx context.Context, tenantID, entryID string, at time.Time) error
	ScheduleDutyReport(ctx context.Context, tenantID, logEntryID string, at time.Time) error
}

// Service runs the duty desk.
type Service struct {
	db     *ent.Client
	az     *authz.Authorizer
	org    *orgchart.Service
	timers Timers
	now    func() time.Time
}

// New returns the duty service.
func New(db *ent.Client, az *authz.Authorizer, org *orgchart.Service, timers Timers, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, az: az, org: org, timers: timers, now: now}
}

// Now is the service's clock, for the handover desk.
func (s *Service) Now() time.Time { return s.now().UTC() }

// scheduleCheck wakes the entry's job after commit; a failure is left to
// the sweeper.
func (s *Service) scheduleCheck(ctx context.Context, e *ent.DutyRosterEntry) {
	if s.timers == nil || e == nil || e.CheckAt == nil {
		return
	}
	_ = s.timers.ScheduleDutyCheck(ctx, e.TenantID, e.ID, *e.CheckAt)
}

func (s *Service) scheduleReport(ctx context.Context, le *ent.DutyLogEntry) {
	if s.timers == nil || le == nil || le.ReportCheckAt == nil {
		return
	}
	_ = s.timers.ScheduleDutyReport(ctx, le.TenantID, le.ID, *le.ReportCheckAt)
}

func actorOf(ctx context.Context) string {
	v, _ := tenancy.FromContext(ctx)
	return v.ActorID
}

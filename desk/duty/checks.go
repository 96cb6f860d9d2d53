package duty

import (
	"context"
	"fmt"
	"time"

	"kefu/ent"
	"kefu/ent/dutylogentry"
	"kefu/ent/dutyrosterentry"
	"kefu/ent/handover"
	"kefu/ent/store"
	"kefu/tenants/tenancy"
)

// CheckEntry is the roster entry's job. After the start plus the grace it
// alerts the supervisor when nobody signed in (absence); after the end
// plus the grace, when someone is rostered next and the handover is not
// signed by them (late handover). Each alert happens once (its column is
// the key) and never before its time; the next look is rescheduled.
func (s *Service) CheckEntry(ctx context.Context, id string) error {
	now := s.now().UTC()
	var e *ent.DutyRosterEntry
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if e, err = tx.DutyRosterEntry.Get(ctx, id); err != nil {
			return err
		}
		if e.CheckAt == nil || now.Before(*e.CheckAt) {
			return nil
		}
		alert := ""
		u := tx.DutyRosterEntry.UpdateOne(e)
		absenceAt, lateAt := e.StartAt.Add(AbsenceGrace), e.EndAt.Add(HandoverGrace)
		if e.AbsenceAlertedAt == nil && e.SignedInAt == nil && !now.Before(absenceAt) {
			alert = KindAbsence
			u.SetAbsenceAlertedAt(now)
		}
		if alert == "" && e.HandoverAlertedAt == nil && !now.Before(lateAt) {
			late, err := s.handoverLate(ctx, tx, e)
			if err != nil {
				return err
			}
			if late {
				alert = KindHandoverLate
				u.SetHandoverAlertedAt(now)
			}
		}
		switch {
		case now.Before(lateAt):
			u.SetCheckAt(lateAt)
		default:
			u.ClearCheckAt()
		}
		if e, err = u.Save(ctx); err != nil {
			return err
		}
		if alert == "" {
			return nil
		}
		return s.alert(ctx, tx, e, alert)
	})
	if err != nil {
		return fmt.Errorf("check roster entry %s: %w", id, err)
	}
	s.scheduleCheck(ctx, e)
	return nil
}

// handoverLate: the person was on duty, someone is rostered after them, and
// no handover was signed by the incoming person or overridden.
func (s *Service) handoverLate(ctx context.Context, tx *ent.Client, e *ent.DutyRosterEntry) (bool, error) {
	if e.SignedInAt == nil {
		return false, nil // never came: the absence alert said so
	}
	next, err := Successors(ctx, tx, e)
	if err != nil || len(next) == 0 {
		return false, err
	}
	done, err := tx.Handover.Query().Where(handover.FromEntryID(e.ID),
		handover.Or(handover.ToSignedAtNotNil(), handover.OverriddenAtNotNil())).Exist(ctx)
	return !done, err
}

// alert tells the person's supervisors (and, for absence, the person)
// through tx, with the column that records it. The notification's key
// makes it once even if this runs again.
func (s *Service) alert(ctx context.Context, tx *ent.Client, e *ent.DutyRosterEntry, kind string) error {
	sups, err := s.Supervisors(ctx, e.UserID, e.UnitID)
	if err != nil {
		return err
	}
	var title string
	to := sups
	switch kind {
	case KindAbsence:
		title = fmt.Sprintf("值班缺岗 / No sign-in: %s %s", e.Date, e.StartAt.UTC().Format("15:04Z"))
		to = append(append([]string(nil), sups...), e.UserID)
	case KindHandoverLate:
		title = fmt.Sprintf("交接班逾时 / Handover late: %s", e.Date)
	}
	return notify(ctx, tx, to, kind, title, "roster entry "+e.ID+" · user "+e.UserID, fmt.Sprintf("%s:%s", kind, e.ID))
}

// CheckReport is a major incident's report job: before the deadline it
// reminds the author once, at the deadline it escalates to their
// supervisors once; a filed report ends it.
func (s *Service) CheckReport(ctx context.Context, id string) error {
	now := s.now().UTC()
	var le *ent.DutyLogEntry
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if le, err = tx.DutyLogEntry.Get(ctx, id); err != nil {
			return err
		}
		kind := ""
		if le.ReportCheckAt == nil || now.Before(*le.ReportCheckAt) || le.ReportDueAt == nil {
			return nil
		}
		u := tx.DutyLogEntry.UpdateOne(le)
		switch {
		case !le.Major || le.ReportedAt != nil:
			u.ClearReportCheckAt()
		case !now.Before(*le.ReportDueAt):
			if le.ReportEscalatedAt == nil {
				kind = KindReportMissing
				u.SetReportEscalatedAt(now)
			}
			u.ClearReportCheckAt()
		default:
			if le.ReportRemindedAt == nil {
				kind = KindReportDue
				u.SetReportRemindedAt(now)
			}
			u.SetReportCheckAt(*le.ReportDueAt)
		}
		if le, err = u.Save(ctx); err != nil || kind == "" {
			return err
		}
		to := []string{le.AuthorID}
		title := fmt.Sprintf("请提交重大事件书面报告 / Write the major-incident report by %s", le.ReportDueAt.UTC().Format(time.RFC3339))
		if kind == KindReportMissing {
			sups, err := s.Supervisors(ctx, le.AuthorID, le.UnitID)
			if err != nil {
				return err
			}
			to = append(sups, le.AuthorID)
			title = "重大事件未按时报告 / Major-incident report missing"
		}
		return notify(ctx, tx, to, kind, title, le.Text, fmt.Sprintf("%s:%s", kind, le.ID))
	})
	if err != nil {
		return fmt.Errorf("check report %s: %w", id, err)
	}
	s.scheduleReport(ctx, le)
	return nil
}

// Due names a duty job due, across tenants.
type Due struct {
	TenantID, ID string
	At           time.Time
}

// DueChecks lists roster-entry checks due before `before` in every tenant,
// for the sweeper.
func (s *Service) DueChecks(ctx context.Context, before time.Time, limit int) ([]Due, error) {
	rows, err := s.db.DutyRosterEntry.Query().Where(dutyrosterentry.CheckAtLT(before)).
		Order(dutyrosterentry.ByCheckAt()).Limit(limit).
		Select(dutyrosterentry.FieldID, dutyrosterentry.FieldTenantID, dutyrosterentry.FieldCheckAt).All(tenancy.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("list due duty checks: %w", err)
	}
	out := make([]Due, len(rows))
	for i, r := range rows {
		out[i] = Due{TenantID: r.TenantID, ID: r.ID, At: *r.CheckAt}
	}
	return out, nil
}

// DueReports lists major-incident report checks due before `before`.
func (s *Service) DueReports(ctx context.Context, before time.Time, limit int) ([]Due, error) {
	rows, err := s.db.DutyLogEntry.Query().Where(dutylogentry.ReportCheckAtLT(before)).
		Order(dutylogentry.ByReportCheckAt()).Limit(limit).
		Select(dutylogentry.FieldID, dutylogentry.FieldTenantID, dutylogentry.FieldReportCheckAt).All(tenancy.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("list due report checks: %w", err)
	}
	out := make([]Due, len(rows))
	for i, r := range rows {
		out[i] = Due{TenantID: r.TenantID, ID: r.ID, At: *r.ReportCheckAt}
	}
	return out, nil
}

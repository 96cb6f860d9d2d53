package duty

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"kefu/ent"
	"kefu/ent/dutylog"
	"kefu/ent/dutylogentry"
	"kefu/ent/dutyrosterentry"
	"kefu/ent/handover"
	"kefu/ent/store"
	"kefu/fault"
	"kefu/tenants/tenantzone"
)

// Entry kinds of a duty log.
var EntryKinds = []string{"inspection", "incident", "call", "instruction", "other"}

// SignIn opens the duty log of the user's shift: the entry named, else the
// one starting within the hour or running now.
func (s *Service) SignIn(ctx context.Context, userID, entryID string) (*ent.DutyLog, error) {
	now := s.now().UTC()
	var out *ent.DutyLog
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var e *ent.DutyRosterEntry
		var err error
		if entryID != "" {
			if e, err = tx.DutyRosterEntry.Get(ctx, entryID); ent.IsNotFound(err) {
				return fault.Field("body.roster_entry_id", "no such roster entry", entryID)
			} else if err != nil {
				return err
			}
			if e.UserID != userID {
				return fault.Field("body.roster_entry_id", "is not your shift", entryID)
			}
		} else {
			e, err = tx.DutyRosterEntry.Query().Where(dutyrosterentry.UserID(userID),
				dutyrosterentry.StartAtLTE(now.Add(SignInEarly)), dutyrosterentry.EndAtGT(now), dutyrosterentry.SignedInAtIsNil()).
				Order(dutyrosterentry.ByStartAt()).First(ctx)
			if ent.IsNotFound(err) {
				return fault.Conflictf("you are not rostered now; sign in from an hour before your shift")
			}
			if err != nil {
				return err
			}
		}
		switch {
		case e.SignedInAt != nil:
			return fault.Conflictf("you signed in to this shift at %s", e.SignedInAt.UTC().Format(time.RFC3339))
		case now.Before(e.StartAt.Add(-SignInEarly)):
			return fault.Conflictf("the shift starts at %s; sign in from an hour before", e.StartAt.UTC().Format(time.RFC3339))
		case !now.Before(e.EndAt):
			return fault.Conflictf("the shift ended at %s", e.EndAt.UTC().Format(time.RFC3339))
		}
		out, err = StartDuty(ctx, tx, e, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	return out, nil
}

// StartDuty opens the entry's duty log at `at` through tx (sign-in, or the
// incoming person's signature on a handover).
func StartDuty(ctx context.Context, tx *ent.Client, e *ent.DutyRosterEntry, at time.Time) (*ent.DutyLog, error) {
	l, err := tx.DutyLog.Create().SetRosterEntryID(e.ID).SetUnitID(e.UnitID).SetUserID(e.UserID).
		SetShiftID(e.ShiftID).SetStartedAt(at).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("open duty log: %w", err)
	}
	if err := tx.DutyRosterEntry.UpdateOne(e).SetSignedInAt(at).Exec(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// EndDuty closes the entry's open duty log at `at` through tx; nothing
// happens when there is none.
func EndDuty(ctx context.Context, tx *ent.Client, entryID string, at time.Time) error {
	n, err := tx.DutyLog.Update().Where(dutylog.RosterEntryID(entryID), dutylog.EndedAtIsNil()).SetEndedAt(at).Save(ctx)
	if err != nil || n == 0 {
		return err
	}
	return tx.DutyRosterEntry.UpdateOneID(entryID).SetSignedOutAt(at).Exec(ctx)
}

// SignOut closes the user's duty log. When someone is rostered after them
// the handover must be signed first (接班人未到，不得离岗), unless a
// supervisor overrode it.
func (s *Service) SignOut(ctx context.Context, userID, logID string) (*ent.DutyLog, error) {
	now := s.now().UTC()
	var out *ent.DutyLog
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		l, err := ownLog(ctx, tx, userID, logID)
		if err != nil {
			return err
		}
		e, err := tx.DutyRosterEntry.Get(ctx, l.RosterEntryID)
		if err != nil {
			return err
		}
		next, err := Successors(ctx, tx, e)
		if err != nil {
			return err
		}
		if len(next) > 0 {
			h, err := tx.Handover.Query().Where(handover.FromEntryID(e.ID)).Only(ctx)
			if err != nil && !ent.IsNotFound(err) {
				return err
			}
			if h == nil || (h.ToSignedAt == nil && h.OverriddenAt == nil) {
				return fault.Conflictf("someone is rostered after you: hand over first (交接班), the incoming person's signature ends your duty")
			}
		}
		if err := EndDuty(ctx, tx, e.ID, now); err != nil {
			return err
		}
		out, err = tx.DutyLog.Get(ctx, l.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sign out: %w", err)
	}
	return out, nil
}

// ownLog is the user's open duty log.
func ownLog(ctx context.Context, tx *ent.Client, userID, logID string) (*ent.DutyLog, error) {
	l, err := tx.DutyLog.Get(ctx, logID)
	if ent.IsNotFound(err) {
		return nil, fault.NotFoundf("duty log %s", logID)
	}
	if err != nil {
		return nil, err
	}
	if l.UserID != userID {
		return nil, fault.Forbiddenf("only the person on duty writes their duty log")
	}
	if l.EndedAt != nil {
		return nil, fault.Conflictf("the duty log was closed at %s", l.EndedAt.UTC().Format(time.RFC3339))
	}
	return l, nil
}

// Successors are the entries that take over from e: same unit and role,
// starting earliest from an hour before e ends to a day after.
func Successors(ctx context.Context, c *ent.Client, e *ent.DutyRosterEntry) ([]*ent.DutyRosterEntry, error) {
	rows, err := c.DutyRosterEntry.Query().Where(dutyrosterentry.UnitID(e.UnitID), dutyrosterentry.RoleEQ(e.Role),
		dutyrosterentry.IDNEQ(e.ID), dutyrosterentry.UserIDNEQ(e.UserID),
		dutyrosterentry.StartAtGTE(e.EndAt.Add(-time.Hour)), dutyrosterentry.StartAtLT(e.EndAt.Add(24*time.Hour))).
		Order(dutyrosterentry.ByStartAt(), dutyrosterentry.ByUserID()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("next shift after %s: %w", e.ID, err)
	}
	for i, r := range rows {
		if !r.StartAt.Equal(rows[0].StartAt) {
			return rows[:i], nil
		}
	}
	return rows, nil
}

// NewLogEntry is a line for a duty log.
type NewLogEntry struct {
	Kind, Text, Result string
	Major              bool
	At                 *time.Time // default now
}

// AddLogEntry appends a timestamped line to the user's open duty log. A
// major incident must be reported in writing by the end of the next day
// (重大事件次日必须作出书面报告): the report job is set.
func (s *Service) AddLogEntry(ctx context.Context, userID, logID string, in NewLogEntry) (*ent.DutyLogEntry, error) {
	if !slices.Contains(EntryKinds, in.Kind) {
		return nil, fault.Field("body.kind", "must be one of "+strings.Join(EntryKinds, ", "), in.Kind)
	}
	if strings.TrimSpace(in.Text) == "" {
		return nil, fault.Field("body.text", "must not be empty", nil)
	}
	now := s.now().UTC()
	at := now
	if in.At != nil {
		at = in.At.UTC()
		if at.After(now.Add(time.Minute)) {
			return nil, fault.Field("body.at", "is in the future", at)
		}
	}
	var out *ent.DutyLogEntry
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		l, err := ownLog(ctx, tx, userID, logID)
		if err != nil {
			return err
		}
		if at.Before(l.StartedAt.Add(-SignInEarly)) {
			return fault.Field("body.at", "is before the shift", at)
		}
		c := tx.DutyLogEntry.Create().SetLogID(l.ID).SetUnitID(l.UnitID).SetAuthorID(userID).SetAt(at).
			SetKind(dutylogentry.Kind(in.Kind)).SetText(strings.TrimSpace(in.Text)).SetResult(strings.TrimSpace(in.Result)).SetMajor(in.Major)
		if in.Major {
			if err := s.markMajor(ctx, tx, c.Mutation(), at, now); err != nil {
				return err
			}
		} else if finished(in.Kind, in.Result) {
			c.SetClosedAt(at).SetClosedBy(userID)
		}
		out, err = c.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add duty log entry: %w", err)
	}
	s.scheduleReport(ctx, out)
	return out, nil
}

// finished: an instruction is a record, anything with a result is done;
// the rest is carried over to the next shift until it has one.
func finished(kind, result string) bool {
	return kind == "instruction" || strings.TrimSpace(result) != ""
}

// reportMutation is what markMajor sets on a create or an update.
type reportMutation interface {
	SetReportDueAt(time.Time)
	SetReportCheckAt(time.Time)
}

// markMajor sets the report deadline (the end of the next local day) and
// the job's first look (the reminder).
func (s *Service) markMajor(ctx context.Context, tx *ent.Client, m reportMutation, at, now time.Time) error {
	loc, err := tenantzone.Of(ctx, tx)
	if err != nil {
		return err
	}
	due := ReportDue(at, loc)
	m.SetReportDueAt(due)
	m.SetReportCheckAt(maxTime(due.Add(-ReportReminderLead), now))
	return nil
}

// ReportDue is the end of the day after at's local date.
func ReportDue(at time.Time, loc *time.Location) time.Time {
	y, m, d := at.In(loc).Date()
	return time.Date(y, m, d+2, 0, 0, 0, 0, loc).UTC()
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// LogEntryChange edits a line: its result, or flags it major later.
type LogEntryChange struct {
	Result *string
	Major  *bool
}

// UpdateLogEntry changes the author's own line. A major incident stays major.
func (s *Service) UpdateLogEntry(ctx context.Context, userID, id string, ch LogEntryChange) (*ent.DutyLogEntry, error) {
	now := s.now().UTC()
	var out *ent.DutyLogEntry
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		le, err := s.logEntry(ctx, tx, id)
		if err != nil {
			return err
		}
		if le.AuthorID != userID {
			return fault.Forbiddenf("only the author edits a duty log entry")
		}
		u := tx.DutyLogEntry.UpdateOne(le)
		major := le.Major
		if ch.Major != nil {
			if le.Major && !*ch.Major {
				return fault.Conflictf("a major incident stays major; close it when it is handled")
			}
			if *ch.Major && !le.Major {
				major = true
				u.SetMajor(true).ClearClosedAt().ClearClosedBy()
				if err := s.markMajor(ctx, tx, u.Mutation(), le.At, now); err != nil {
					return err
				}
			}
		}
		if ch.Result != nil {
			u.SetResult(strings.TrimSpace(*ch.Result))
			if !major && le.ClosedAt == nil && finished(string(le.Kind), *ch.Result) {
				u.SetClosedAt(now).SetClosedBy(userID)
			}
		}
		out, err = u.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update duty log entry %s: %w", id, err)
	}
	s.scheduleReport(ctx, out)
	return out, nil
}

// Report files (or rewrites) the written report of a major incident.
func (s *Service) Report(ctx context.Context, userID, id, text string) (*ent.DutyLogEntry, error) {
	if strings.TrimSpace(text) == "" {
		return nil, fault.Field("body.report", "must not be empty", nil)
	}
	now := s.now().UTC()
	var out *ent.DutyLogEntry
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		le, err := s.logEntry(ctx, tx, id)
		if err != nil {
			return err
		}
		if le.AuthorID != userID {
			return fault.Forbiddenf("the person who recorded the incident writes its report")
		}
		if !le.Major {
			return fault.Conflictf("only a major incident needs a written report")
		}
		out, err = tx.DutyLogEntry.UpdateOne(le).SetReport(strings.TrimSpace(text)).SetReportedAt(now).ClearReportCheckAt().Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", id, err)
	}
	return out, nil
}

// CloseLogEntry marks a line handled, with how; the author or one of
// their supervisors closes it. A closed major incident no longer blocks
// the unit's handover.
func (s *Service) CloseLogEntry(ctx context.Context, actorID, id, result string) (*ent.DutyLogEntry, error) {
	le, err := s.logEntry(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if le.AuthorID != actorID {
		ok, err := s.IsSupervisorOf(ctx, actorID, le.AuthorID, le.UnitID)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fault.Forbiddenf("the author or their supervisor closes an incident")
		}
	}
	result = strings.TrimSpace(result)
	now := s.now().UTC()
	var out *ent.DutyLogEntry
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		le, err := s.logEntry(ctx, tx, id)
		if err != nil {
			return err
		}
		if le.ClosedAt != nil {
			return fault.Conflictf("closed already at %s", le.ClosedAt.UTC().Format(time.RFC3339))
		}
		if result == "" && strings.TrimSpace(le.Result) == "" {
			return fault.Field("body.result", "say how it was handled (处理结果)", nil)
		}
		u := tx.DutyLogEntry.UpdateOne(le).SetClosedAt(now).SetClosedBy(actorID)
		if result != "" {
			u.SetResult(result)
		}
		out, err = u.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("close %s: %w", id, err)
	}
	return out, nil
}

func (s *Service) logEntry(ctx context.Context, c *ent.Client, id string) (*ent.DutyLogEntry, error) {
	le, err := c.DutyLogEntry.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fault.NotFoundf("duty log entry %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("duty log entry %s: %w", id, err)
	}
	return le, nil
}

// LogFilter narrows a duty-log listing.
type LogFilter struct {
	UnitID, UserID string
	Open           bool
}

// Logs lists duty logs, newest first.
func (s *Service) Logs(ctx context.Context, f LogFilter, after string, limit int) ([]*ent.DutyLog, error) {
	q := s.db.DutyLog.Query()
	if f.UnitID != "" {
		q = q.Where(dutylog.UnitID(f.UnitID))
	}
	if f.UserID != "" {
		q = q.Where(dutylog.UserID(f.UserID))
	}
	if f.Open {
		q = q.Where(dutylog.EndedAtIsNil())
	}
	if after != "" {
		q = q.Where(dutylog.IDLT(after))
	}
	rows, err := q.Order(ent.Desc(dutylog.FieldID)).Limit(limit).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list duty logs: %w", err)
	}
	return rows, nil
}

// Log returns a duty log with its entries in time order.
func (s *Service) Log(ctx context.Context, id string) (*ent.DutyLog, []*ent.DutyLogEntry, error) {
	l, err := s.db.DutyLog.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, nil, fault.NotFoundf("duty log %s", id)
	}
	if err != nil {
		return nil, nil, err
	}
	es, err := s.db.DutyLogEntry.Query().Where(dutylogentry.LogID(id)).Order(dutylogentry.ByAt(), dutylogentry.ByID()).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	return l, es, nil
}

// EntriesOf returns the lines of several logs, grouped by log.
func (s *Service) EntriesOf(ctx context.Context, logIDs []string) (map[string][]*ent.DutyLogEntry, error) {
	out := map[string][]*ent.DutyLogEntry{}
	if len(logIDs) == 0 {
		return out, nil
	}
	es, err := s.db.DutyLogEntry.Query().Where(dutylogentry.LogIDIn(logIDs...)).Order(dutylogentry.ByAt(), dutylogentry.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		out[e.LogID] = append(out[e.LogID], e)
	}
	return out, nil
}

// OpenMajor lists the unit's major incidents not closed yet: while there
// is one, the unit's handover is refused.
func OpenMajor(ctx context.Context, c *ent.Client, unitID string) ([]*ent.DutyLogEntry, error) {
	return c.DutyLogEntry.Query().Where(dutylogentry.UnitID(unitID), dutylogentry.Major(true), dutylogentry.ClosedAtIsNil()).
		Order(dutylogentry.ByAt()).All(ctx)
}

// Mine is a person's duty at a glance: their shifts from yesterday to a
// week ahead and their open duty logs.
type Mine struct {
	Entries []*ent.DutyRosterEntry
	Logs    []*ent.DutyLog
}

// MyDuty returns the user's shifts around now and their open logs.
func (s *Service) MyDuty(ctx context.Context, userID string) (*Mine, error) {
	now := s.now().UTC()
	es, err := s.db.DutyRosterEntry.Query().Where(dutyrosterentry.UserID(userID),
		dutyrosterentry.EndAtGT(now.Add(-24*time.Hour)), dutyrosterentry.StartAtLT(now.Add(7*24*time.Hour))).
		Order(dutyrosterentry.ByStartAt()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("my shifts: %w", err)
	}
	logs, err := s.db.DutyLog.Query().Where(dutylog.UserID(userID), dutylog.EndedAtIsNil()).Order(dutylog.ByStartedAt()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("my duty logs: %w", err)
	}
	return &Mine{Entries: es, Logs: logs}, nil
}

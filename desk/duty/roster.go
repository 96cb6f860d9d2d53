package duty

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kefu/ent"
	"kefu/ent/calendar"
	"kefu/ent/dutyrosterentry"
	"kefu/ent/orgunit"
	"kefu/ent/shiftswap"
	"kefu/ent/shifttemplate"
	"kefu/ent/store"
	"kefu/ent/user"
	"kefu/fault"
	"kefu/tenants/tenancy"
	"kefu/tenants/tenantzone"
)

// RosterFilter narrows a roster listing; dates are YYYY-MM-DD, inclusive.
type RosterFilter struct {
	UnitID, UserID, Role, From, To string
}

// Roster lists entries by start, then id; after is the last id of the
// previous page.
func (s *Service) Roster(ctx context.Context, f RosterFilter, after string, limit int) ([]*ent.DutyRosterEntry, error) {
	q := s.db.DutyRosterEntry.Query()
	if f.UnitID != "" {
		q = q.Where(dutyrosterentry.UnitID(f.UnitID))
	}
	if f.UserID != "" {
		q = q.Where(dutyrosterentry.UserID(f.UserID))
	}
	if f.Role != "" {
		q = q.Where(dutyrosterentry.RoleEQ(dutyrosterentry.Role(f.Role)))
	}
	for loc, d := range map[string]string{"query.from": f.From, "query.to": f.To} {
		if d == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return nil, fault.Field(loc, "must be a date (YYYY-MM-DD)", d)
		}
	}
	if f.From != "" {
		q = q.Where(dutyrosterentry.DateGTE(f.From))
	}
	if f.To != "" {
		q = q.Where(dutyrosterentry.DateLTE(f.To))
	}
	if after != "" {
		// Keyset on (start_at, id): the cursor names the last entry seen.
		last, err := s.db.DutyRosterEntry.Get(ctx, after)
		if err != nil {
			if ent.IsNotFound(err) {
				return nil, fault.Field("query.cursor", "names no roster entry", nil)
			}
			return nil, err
		}
		q = q.Where(dutyrosterentry.Or(dutyrosterentry.StartAtGT(last.StartAt),
			dutyrosterentry.And(dutyrosterentry.StartAt(last.StartAt), dutyrosterentry.IDGT(after))))
	}
	rows, err := q.Order(dutyrosterentry.ByStartAt(), dutyrosterentry.ByID()).Limit(limit).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list roster: %w", err)
	}
	return rows, nil
}

// Entry returns one roster entry.
func (s *Service) Entry(ctx context.Context, id string) (*ent.DutyRosterEntry, error) {
	e, err := s.db.DutyRosterEntry.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fault.NotFoundf("roster entry %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("roster entry %s: %w", id, err)
	}
	return e, nil
}

// Entries returns roster entries by id (those of other tenants and missing
// ones are simply absent).
func (s *Service) Entries(ctx context.Context, ids []string) (map[string]*ent.DutyRosterEntry, error) {
	out := map[string]*ent.DutyRosterEntry{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.DutyRosterEntry.Query().Where(dutyrosterentry.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("roster entries: %w", err)
	}
	for _, e := range rows {
		out[e.ID] = e
	}
	return out, nil
}

// EntrySpec is one roster entry to add by hand.
type EntrySpec struct {
	UnitID, UserID, ShiftID, Date, Role string
}

// AddEntry rosters one person on one shift; nobody is on duty twice at once.
func (s *Service) AddEntry(ctx context.Context, spec EntrySpec) (*ent.DutyRosterEntry, error) {
	if spec.Role == "" {
		spec.Role = RoleAgent
	}
	if !slices.Contains(Roles, spec.Role) {
		return nil, fault.Field("body.role", "must be agent, callback or leader", spec.Role)
	}
	var out *ent.DutyRosterEntry
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if err := refExists(ctx, tx.OrgUnit.Query().Where(orgunit.ID(spec.UnitID)).Exist, "body.unit_id", "no such unit", spec.UnitID); err != nil {
			return err
		}
		if err := activeUsers(ctx, tx, map[string]string{spec.UserID: "body.user_id"}); err != nil {
			return err
		}
		sh, err := tx.ShiftTemplate.Get(ctx, spec.ShiftID)
		if ent.IsNotFound(err) {
			return fault.Field("body.shift_id", "no such shift", spec.ShiftID)
		}
		if err != nil {
			return err
		}
		if sh.UnitID != nil && *sh.UnitID != spec.UnitID {
			return fault.Field("body.shift_id", "belongs to another unit", spec.ShiftID)
		}
		loc, err := tenantzone.Of(ctx, tx)
		if err != nil {
			return err
		}
		start, end, err := Window(spec.Date, sh.StartTime, sh.EndTime, loc)
		if err != nil {
			return err
		}
		if err := free(ctx, tx, spec.UserID, start, end); err != nil {
			return err
		}
		days, err := calendarDays(ctx, tx, "")
		if err != nil {
			return err
		}
		out, err = tx.DutyRosterEntry.Create().SetUnitID(spec.UnitID).SetUserID(spec.UserID).SetShiftID(spec.ShiftID).
			SetDate(spec.Date).SetRole(dutyrosterentry.Role(spec.Role)).SetDayKind(dutyrosterentry.DayKind(days.Kind(spec.Date))).
			SetStartAt(start).SetEndAt(end).SetCheckAt(start.Add(AbsenceGrace)).Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add roster entry: %w", err)
	}
	s.scheduleCheck(ctx, out)
	return out, nil
}

// UpdateEntry puts another person on an entry, or changes their role,
// before the shift starts (a supervisor's direct edit; people ask through
// a swap).
func (s *Service) UpdateEntry(ctx context.Context, id string, userID, role *string) (*ent.DutyRosterEntry, error) {
	if role != nil && !slices.Contains(Roles, *role) {
		return nil, fault.Field("body.role", "must be agent, callback or leader", *role)
	}
	var out *ent.DutyRosterEntry
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		e, err := tx.DutyRosterEntry.Get(ctx, id)
		if ent.IsNotFound(err) {
			return fault.NotFoundf("roster entry %s", id)
		}
		if err != nil {
			return err
		}
		u := tx.DutyRosterEntry.UpdateOne(e)
		if userID != nil && *userID != e.UserID {
			if !e.StartAt.After(s.now()) || e.SignedInAt != nil {
				return fault.Conflictf("the shift has started; hand over instead")
			}
			if err := activeUsers(ctx, tx, map[string]string{*userID: "body.user_id"}); err != nil {
				return err
			}
			if err := free(ctx, tx, *userID, e.StartAt, e.EndAt); err != nil {
				return err
			}
			if e.OriginalUserID == nil {
				u.SetOriginalUserID(e.UserID)
			}
			u.SetUserID(*userID)
		}
		if role != nil {
			u.SetRole(dutyrosterentry.Role(*role))
		}
		out, err = u.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update roster entry %s: %w", id, err)
	}
	return out, nil
}

// DeleteEntry removes an entry nobody signed in to; its pending swaps end.
func (s *Service) DeleteEntry(ctx context.Context, id string) error {
	return store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		e, err := tx.DutyRosterEntry.Get(ctx, id)
		if ent.IsNotFound(err) {
			return fault.NotFoundf("roster entry %s", id)
		}
		if err != nil {
			return err
		}
		if e.SignedInAt != nil {
			return fault.Conflictf("someone signed in to this shift; its duty log keeps it")
		}
		if err := cancelSwaps(ctx, tx, []string{id}, s.now()); err != nil {
			return err
		}
		return tx.DutyRosterEntry.DeleteOne(e).Exec(ctx)
	})
}

// GenerateSpec asks for a unit's roster for one month.
type GenerateSpec struct {
	UnitID     string
	Month      string // YYYY-MM
	CalendarID string // empty: the tenant's default calendar
	Pattern    Pattern
	// Replace removes the month's entries that have not started and that
	// nobody signed in to; without it a month that has entries is refused.
	Replace bool
}

// Generated is the outcome of a generation.
type Generated struct {
	Entries []*ent.DutyRosterEntry
	Removed int
}

// GenerateMonth writes a unit's roster for a month from a rotation pattern
// and a business calendar, in one transaction. Entries that already
// started are kept, and the month's past is not rewritten.
func (s *Service) GenerateMonth(ctx context.Context, spec GenerateSpec) (*Generated, error) {
	month, err := time.Parse("2006-01", spec.Month)
	if err != nil {
		return nil, fault.Field("body.month", "must be a month (YYYY-MM)", spec.Month)
	}
	now := s.now().UTC()
	out := &Generated{}
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if err := refExists(ctx, tx.OrgUnit.Query().Where(orgunit.ID(spec.UnitID)).Exist, "body.unit_id", "no such unit", spec.UnitID); err != nil {
			return err
		}
		users := map[string]string{}
		for i, r := range spec.Pattern.Rotations {
			for j, u := range r.UserIDs {
				if _, ok := users[u]; !ok {
					users[u] = fmt.Sprintf("body.pattern.rotations[%d].user_ids[%d]", i, j)
				}
			}
		}
		if err := activeUsers(ctx, tx, users); err != nil {
			return err
		}
		shifts, err := unitShifts(ctx, tx, spec.UnitID)
		if err != nil {
			return err
		}
		days, err := calendarDays(ctx, tx, spec.CalendarID)
		if err != nil {
			return err
		}
		loc, err := tenantzone.Of(ctx, tx)
		if err != nil {
			return err
		}
		slots, err := Generate(month.Year(), month.Month(), spec.Pattern, days, shifts, loc)
		if err != nil {
			return err
		}
		existing, err := tx.DutyRosterEntry.Query().Where(dutyrosterentry.UnitID(spec.UnitID),
			dutyrosterentry.DateGTE(spec.Month+"-01"), dutyrosterentry.DateLTE(spec.Month+"-31")).All(ctx)
		if err != nil {
			return err
		}
		keep := map[string]bool{}
		var drop []string
		for _, e := range existing {
			if e.StartAt.After(now) && e.SignedInAt == nil {
				drop = append(drop, e.ID)
			} else {
				keep[key(e.Date, e.ShiftID, e.UserID)] = true
			}
		}
		if len(existing) > 0 && !spec.Replace {
			return fault.Conflictf("the unit has %d roster entries in %s; generate with replace to redo the month", len(existing), spec.Month)
		}
		if len(drop) > 0 {
			if err := cancelSwaps(ctx, tx, drop, now); err != nil {
				return err
			}
			n, err := tx.DutyRosterEntry.Delete().Where(dutyrosterentry.IDIn(drop...)).Exec(tenancy.Quiet(ctx))
			if err != nil {
				return err
			}
			out.Removed = n
		}
		var creates []*ent.DutyRosterEntryCreate
		for _, sl := range slots {
			if !sl.StartAt.After(now) || keep[key(sl.Date, sl.ShiftID, sl.UserID)] {
				continue
			}
			creates = append(creates, tx.DutyRosterEntry.Create().SetUnitID(spec.UnitID).SetUserID(sl.UserID).
				SetShiftID(sl.ShiftID).SetDate(sl.Date).SetRole(dutyrosterentry.Role(sl.Role)).
				SetDayKind(dutyrosterentry.DayKind(sl.DayKind)).SetStartAt(sl.StartAt).SetEndAt(sl.EndAt).
				SetSource(dutyrosterentry.SourceGenerated).SetCheckAt(sl.StartAt.Add(AbsenceGrace)))
		}
		// Rows are written quietly and audited as one generation.
		for from := 0; from < len(creates); from += 500 {
			to := min(from+500, len(creates))
			rows, err := tx.DutyRosterEntry.CreateBulk(creates[from:to]...).Save(tenancy.Quiet(ctx))
			if err != nil {
				return fmt.Errorf("write roster: %w", err)
			}
			out.Entries = append(out.Entries, rows...)
		}
		return tx.AuditEntry.Create().SetActorType(actorType(ctx)).SetActorID(actorOf(ctx)).SetAction("generate_roster").
			SetTargetType("OrgUnit").SetTargetID(spec.UnitID).SetAt(now).
			SetChanges(map[string]any{"month": spec.Month, "created": len(out.Entries), "removed": out.Removed}).
			SetIP(tenancy.RequestFrom(ctx).IP).SetRequestID(tenancy.RequestFrom(ctx).ID).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("generate roster for %s: %w", spec.Month, err)
	}
	for _, e := range out.Entries {
		s.scheduleCheck(ctx, e)
	}
	return out, nil
}

func key(date, shift, user string) string { return date + "|" + shift + "|" + user }

func actorType(ctx context.Context) string {
	v, _ := tenancy.FromContext(ctx)
	if v.ActorType == "" {
		return tenancy.ActorSystem
	}
	return v.ActorType
}

// unitShifts are the shift templates a unit may use, as generation reads them.
func unitShifts(ctx context.Context, c *ent.Client, unitID string) (map[string]Shift, error) {
	rows, err := c.ShiftTemplate.Query().Where(shifttemplate.Or(shifttemplate.UnitIDIsNil(), shifttemplate.UnitID(unitID))).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load shifts: %w", err)
	}
	out := make(map[string]Shift, len(rows))
	for _, r := range rows {
		out[r.ID] = Shift{Start: r.StartTime, End: r.EndTime}
	}
	return out, nil
}

// calendarDays reads a calendar (the tenant's default when id is empty;
// 24×7 when there is none) as roster days.
func calendarDays(ctx context.Context, c *ent.Client, id string) (Days, error) {
	q := c.Calendar.Query()
	if id != "" {
		q = q.Where(calendar.ID(id))
	} else {
		q = q.Where(calendar.IsDefault(true))
	}
	row, err := q.First(ctx)
	switch {
	case ent.IsNotFound(err) && id != "":
		return Days{}, fault.Field("body.calendar_id", "no such calendar", id)
	case ent.IsNotFound(err):
		return DaysOf(true, nil, nil, nil), nil
	case err != nil:
		return Days{}, fmt.Errorf("load calendar: %w", err)
	}
	return DaysOf(row.AlwaysOpen, row.Hours, row.Holidays, row.Workdays), nil
}

// activeUsers checks each id (mapped to the field naming it) is an active
// user of the tenant.
func activeUsers(ctx context.Context, c *ent.Client, ids map[string]string) error {
	if len(ids) == 0 {
		return nil
	}
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	rows, err := c.User.Query().Where(user.IDIn(list...)).Select(user.FieldID, user.FieldStatus).All(ctx)
	if err != nil {
		return err
	}
	status := map[string]user.Status{}
	for _, u := range rows {
		status[u.ID] = u.Status
	}
	slices.SortFunc(list, func(a, b string) int {
		if ids[a] < ids[b] {
			return -1
		}
		return 1
	})
	for _, id := range list {
		st, ok := status[id]
		switch {
		case !ok:
			return fault.Field(ids[id], "no such user", id)
		case st != user.StatusActive:
			return fault.Field(ids[id], "is not an active user", id)
		}
	}
	return nil
}

// free refuses when the user already has an entry overlapping [start, end).
func free(ctx context.Context, c *ent.Client, userID string, start, end time.Time, except ...string) error {
	q := c.DutyRosterEntry.Query().Where(dutyrosterentry.UserID(userID), dutyrosterentry.StartAtLT(end), dutyrosterentry.EndAtGT(start))
	if len(except) > 0 {
		q = q.Where(dutyrosterentry.IDNotIn(except...))
	}
	clash, err := q.First(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return fault.Conflictf("%s is already on duty then (roster entry %s on %s)", userID, clash.ID, clash.Date)
}

func refExists(ctx context.Context, exist func(context.Context) (bool, error), loc, msg, value string) error {
	ok, err := exist(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return fault.Field(loc, msg, value)
	}
	return nil
}

// cancelSwaps ends the pending swaps that name any of the entries.
func cancelSwaps(ctx context.Context, tx *ent.Client, entryIDs []string, now time.Time) error {
	_, err := tx.ShiftSwap.Update().Where(shiftswap.StatusEQ(shiftswap.StatusPending),
		shiftswap.Or(shiftswap.EntryIDIn(entryIDs...), shiftswap.CounterpartEntryIDIn(entryIDs...))).
		SetStatus(shiftswap.StatusCancelled).SetDecidedAt(now).SetDecisionNote("roster entry removed").Save(ctx)
	return err
}

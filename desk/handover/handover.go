// Package handover is the shift handover (交接班): the outgoing person
// prepares it — the unit's open tickets, callbacks due in the next shift,
// unfinished duty items, leaders' instructions, the keys and equipment
// checklist, generated from live data, plus free text — and signs; the
// incoming person reviews and signs. It is refused while a major incident
// of the unit is open, or when the incoming person is not the one
// rostered next, unless a supervisor overrides with a reason.
package handover

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kefu/desk/duty"
	"kefu/ent"
	"kefu/ent/dutylog"
	"kefu/ent/dutyrosterentry"
	"kefu/ent/handover"
	"kefu/ent/store"
	"kefu/ent/types"
	"kefu/ent/user"
	"kefu/fault"
)

// Service runs handovers.
type Service struct {
	db   *ent.Client
	duty *duty.Service
}

// New returns the handover service.
func New(db *ent.Client, d *duty.Service) *Service { return &Service{db: db, duty: d} }

// Draft is what the outgoing person gives when preparing a handover.
type Draft struct {
	FromEntryID  string // default: the shift they are signed in to
	ToUserID     string // default: the person rostered next
	Notes        string
	Instructions []string
	Checklist    []types.ChecklistItem
}

// Prepare writes the handover of the user's shift with the item list
// generated now. Only someone signed in to the shift prepares it.
func (s *Service) Prepare(ctx context.Context, userID string, in Draft) (*ent.Handover, error) {
	now := s.duty.Now()
	var out *ent.Handover
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		from, err := s.outgoing(ctx, tx, userID, in.FromEntryID)
		if err != nil {
			return err
		}
		if h, err := tx.Handover.Query().Where(handover.FromEntryID(from.ID)).First(ctx); err == nil {
			return fault.Conflictf("the handover of this shift is prepared already (%s); change it instead", h.ID)
		} else if !ent.IsNotFound(err) {
			return err
		}
		next, err := duty.Successors(ctx, tx, from)
		if err != nil {
			return err
		}
		to := in.ToUserID
		if to == "" {
			if len(next) == 0 {
				return fault.Field("body.to_user_id", "nobody is rostered after your shift; name the incoming person", nil)
			}
			to = next[0].UserID
		}
		if err := s.checkIncoming(ctx, tx, userID, to); err != nil {
			return err
		}
		it, err := s.generate(ctx, tx, from, next, in.Instructions, in.Checklist, now)
		if err != nil {
			return err
		}
		c := tx.Handover.Create().SetUnitID(from.UnitID).SetFromEntryID(from.ID).SetFromUserID(userID).
			SetToUserID(to).SetItems(it).SetNotes(strings.TrimSpace(in.Notes)).SetPreparedAt(now)
		if e := rosteredAs(next, to); e != nil {
			c.SetToEntryID(e.ID)
		}
		out, err = c.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("prepare handover: %w", err)
	}
	return out, nil
}

// Change edits a handover before the outgoing person signs it; the item
// list is generated again from live data.
type Change struct {
	ToUserID     *string
	Notes        *string
	Instructions *[]string
	Checklist    *[]types.ChecklistItem
}

// Update applies a change by the outgoing person.
func (s *Service) Update(ctx context.Context, userID, id string, ch Change) (*ent.Handover, error) {
	now := s.duty.Now()
	var out *ent.Handover
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		h, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if h.FromUserID != userID {
			return fault.Forbiddenf("only the outgoing person changes the handover")
		}
		if h.FromSignedAt != nil {
			return fault.Conflictf("you signed the handover at %s; it no longer changes", h.FromSignedAt.UTC().Format(time.RFC3339))
		}
		from, err := tx.DutyRosterEntry.Get(ctx, h.FromEntryID)
		if err != nil {
			return err
		}
		next, err := duty.Successors(ctx, tx, from)
		if err != nil {
			return err
		}
		u := tx.Handover.UpdateOne(h)
		to := h.ToUserID
		if ch.ToUserID != nil && *ch.ToUserID != to {
			to = *ch.ToUserID
			if err := s.checkIncoming(ctx, tx, userID, to); err != nil {
				return err
			}
			u.SetToUserID(to)
		}
		if e := rosteredAs(next, to); e != nil {
			u.SetToEntryID(e.ID)
		} else {
			u.ClearToEntryID()
		}
		var typed []string
		for _, ins := range h.Items.Instructions {
			if ins.EntryID == "" {
				typed = append(typed, ins.Text)
			}
		}
		if ch.Instructions != nil {
			typed = *ch.Instructions
		}
		checks := h.Items.Checklist
		if ch.Checklist != nil {
			checks = *ch.Checklist
		}
		it, err := s.generate(ctx, tx, from, next, typed, checks, now)
		if err != nil {
			return err
		}
		u.SetItems(it).SetPreparedAt(now)
		if ch.Notes != nil {
			u.SetNotes(strings.TrimSpace(*ch.Notes))
		}
		out, err = u.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update handover %s: %w", id, err)
	}
	return out, nil
}

// Sign records the caller's signature: the outgoing person first, then
// the incoming one. Each signature is refused (409, with the reason) while
// the unit has an open major incident or the incoming person is not the
// one rostered next, unless a supervisor overrode. The incoming signature
// ends the outgoing duty and starts the incoming one.
func (s *Service) Sign(ctx context.Context, userID, id string) (*ent.Handover, error) {
	now := s.duty.Now()
	var out *ent.Handover
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		h, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if h.ToSignedAt != nil {
			return fault.Conflictf("both signed already; the handover was done at %s", h.ToSignedAt.UTC().Format(time.RFC3339))
		}
		from, err := tx.DutyRosterEntry.Get(ctx, h.FromEntryID)
		if err != nil {
			return err
		}
		switch userID {
		case h.FromUserID:
			if h.FromSignedAt != nil {
				return fault.Conflictf("you signed at %s; the incoming person signs next", h.FromSignedAt.UTC().Format(time.RFC3339))
			}
			if _, err := s.refusal(ctx, tx, h, from); err != nil {
				return err
			}
			out, err = tx.Handover.UpdateOne(h).SetFromSignedAt(now).Save(ctx)
			return err
		case h.ToUserID:
			if h.FromSignedAt == nil {
				return fault.Conflictf("the outgoing person signs first")
			}
			toEntry, err := s.refusal(ctx, tx, h, from)
			if err != nil {
				return err
			}
			u := tx.Handover.UpdateOne(h).SetToSignedAt(now)
			if toEntry != nil {
				u.SetToEntryID(toEntry.ID)
			}
			if out, err = u.Save(ctx); err != nil {
				return err
			}
			if err := duty.EndDuty(ctx, tx, from.ID, now); err != nil {
				return err
			}
			if toEntry != nil && toEntry.SignedInAt == nil {
				if _, err := duty.StartDuty(ctx, tx, toEntry, now); err != nil {
					return err
				}
			}
			return nil
		default:
			return fault.Forbiddenf("only the outgoing or the incoming person signs a handover")
		}
	})
	if err != nil {
		return nil, fmt.Errorf("sign handover %s: %w", id, err)
	}
	return out, nil
}

// refusal says why the handover may not happen now (重大事件未处理完、
// 接班人非排班人员), or returns the incoming person's roster entry.
func (s *Service) refusal(ctx context.Context, tx *ent.Client, h *ent.Handover, from *ent.DutyRosterEntry) (*ent.DutyRosterEntry, error) {
	next, err := duty.Successors(ctx, tx, from)
	if err != nil {
		return nil, err
	}
	toEntry := rosteredAs(next, h.ToUserID)
	if h.OverriddenAt != nil {
		return toEntry, nil
	}
	majors, err := duty.OpenMajor(ctx, tx, h.UnitID)
	if err != nil {
		return nil, err
	}
	if len(majors) > 0 {
		m := majors[0]
		return nil, fault.Conflictf("重大事件未处理完，不得交接班：“%s”（%s）；请先关闭，或由主管放行 / "+
			"a major incident of the unit is still open and not handled (%q, recorded %s): close it first, or a supervisor overrides",
			m.Text, m.At.UTC().Format(time.RFC3339), m.Text, m.At.UTC().Format(time.RFC3339))
	}
	if toEntry == nil {
		to := s.names(ctx, tx, h.ToUserID)
		if len(next) == 0 {
			return nil, fault.Conflictf("下一班无人排班，交给%s需主管放行 / nobody is rostered after this shift: a supervisor overrides to hand over to %s", to, to)
		}
		ids := make([]string, len(next))
		for i, e := range next {
			ids[i] = e.UserID
		}
		rostered := s.names(ctx, tx, ids...)
		return nil, fault.Conflictf("%s不是下一班排班人员（排班：%s），需主管放行 / %s is not rostered for the next shift (rostered: %s): a supervisor overrides to hand over anyway",
			to, rostered, to, rostered)
	}
	return toEntry, nil
}

// Override lets a refused handover go ahead, recorded with the reason; a
// supervisor of the outgoing person may also name another incoming person.
func (s *Service) Override(ctx context.Context, approverID, id, reason, toUserID string) (*ent.Handover, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fault.Field("body.reason", "say why the handover goes ahead", nil)
	}
	h, err := get(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.duty.IsSupervisorOf(ctx, approverID, h.FromUserID, h.UnitID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fault.Forbiddenf("only a supervisor of the outgoing person overrides a handover")
	}
	now := s.duty.Now()
	var out *ent.Handover
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		h, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if h.ToSignedAt != nil {
			return fault.Conflictf("the handover is done")
		}
		u := tx.Handover.UpdateOne(h).SetOverriddenBy(approverID).SetOverrideReason(reason).SetOverriddenAt(now)
		if toUserID != "" && toUserID != h.ToUserID {
			if err := s.checkIncoming(ctx, tx, h.FromUserID, toUserID); err != nil {
				return err
			}
			u.SetToUserID(toUserID).ClearToEntryID()
		}
		out, err = u.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("override handover %s: %w", id, err)
	}
	return out, nil
}

// Get returns one handover.
func (s *Service) Get(ctx context.Context, id string) (*ent.Handover, error) {
	return get(ctx, s.db, id)
}

// Filter narrows a handover listing.
type Filter struct {
	UnitID string
	UserID string // as the outgoing or the incoming person
	// Pending lists only handovers the incoming person has not signed.
	Pending bool
}

// List returns handovers, newest first.
func (s *Service) List(ctx context.Context, f Filter, after string, limit int) ([]*ent.Handover, error) {
	q := s.db.Handover.Query()
	if f.UnitID != "" {
		q = q.Where(handover.UnitID(f.UnitID))
	}
	if f.UserID != "" {
		q = q.Where(handover.Or(handover.FromUserID(f.UserID), handover.ToUserID(f.UserID)))
	}
	if f.Pending {
		q = q.Where(handover.ToSignedAtIsNil())
	}
	if after != "" {
		q = q.Where(handover.IDLT(after))
	}
	rows, err := q.Order(ent.Desc(handover.FieldID)).Limit(limit).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list handovers: %w", err)
	}
	return rows, nil
}

func get(ctx context.Context, c *ent.Client, id string) (*ent.Handover, error) {
	h, err := c.Handover.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fault.NotFoundf("handover %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("handover %s: %w", id, err)
	}
	return h, nil
}

// outgoing is the shift the user hands over: the one named, else the one
// they are signed in to now; they must have signed in.
func (s *Service) outgoing(ctx context.Context, tx *ent.Client, userID, entryID string) (*ent.DutyRosterEntry, error) {
	var e *ent.DutyRosterEntry
	var err error
	if entryID != "" {
		e, err = tx.DutyRosterEntry.Get(ctx, entryID)
		if ent.IsNotFound(err) {
			return nil, fault.Field("body.from_entry_id", "no such roster entry", entryID)
		}
		if err == nil && e.UserID != userID {
			return nil, fault.Field("body.from_entry_id", "is not your shift", entryID)
		}
	} else {
		e, err = tx.DutyRosterEntry.Query().Where(dutyrosterentry.UserID(userID), dutyrosterentry.SignedInAtNotNil(),
			dutyrosterentry.SignedOutAtIsNil()).Order(dutyrosterentry.ByStartAt()).First(ctx)
		if ent.IsNotFound(err) {
			return nil, fault.Conflictf("you are not signed in to a shift: sign in first (值班签到)")
		}
	}
	if err != nil {
		return nil, err
	}
	if e.SignedInAt == nil {
		return nil, fault.Conflictf("sign in to the shift before handing it over")
	}
	if e.SignedOutAt != nil {
		return nil, fault.Conflictf("you signed out of this shift at %s", e.SignedOutAt.UTC().Format(time.RFC3339))
	}
	return e, nil
}

// checkIncoming: the incoming person is an active user other than the outgoing one.
func (s *Service) checkIncoming(ctx context.Context, tx *ent.Client, fromID, toID string) error {
	if toID == fromID {
		return fault.Field("body.to_user_id", "must be someone else", toID)
	}
	u, err := tx.User.Get(ctx, toID)
	if ent.IsNotFound(err) {
		return fault.Field("body.to_user_id", "no such user", toID)
	}
	if err != nil {
		return err
	}
	if u.Status != user.StatusActive {
		return fault.Field("body.to_user_id", "is not an active user", toID)
	}
	return nil
}

// generate builds the items for the outgoing entry.
func (s *Service) generate(ctx context.Context, tx *ent.Client, from *ent.DutyRosterEntry, next []*ent.DutyRosterEntry,
	instructions []string, checks []types.ChecklistItem, now time.Time) (types.HandoverItems, error) {
	logID := ""
	if l, err := tx.DutyLog.Query().Where(dutylog.RosterEntryID(from.ID)).First(ctx); err == nil {
		logID = l.ID
	} else if !ent.IsNotFound(err) {
		return types.HandoverItems{}, err
	}
	var checklist []string
	if sh, err := tx.ShiftTemplate.Get(ctx, from.ShiftID); err == nil {
		checklist = sh.Checklist
	} else if !ent.IsNotFound(err) {
		return types.HandoverItems{}, err
	}
	// "The next shift" ends when the first successor's does; without one,
	// a day after this shift ends.
	nextEnd := from.EndAt.Add(24 * time.Hour)
	if len(next) > 0 {
		nextEnd = next[0].EndAt
	}
	return items(ctx, tx, from, logID, nextEnd, instructions, checks, checklist, now)
}

// rosteredAs is the successor entry held by userID, if any.
func rosteredAs(next []*ent.DutyRosterEntry, userID string) *ent.DutyRosterEntry {
	for _, e := range next {
		if e.UserID == userID {
			return e
		}
	}
	return nil
}

// names renders users for a refusal reason ("赵客服, 钱客服").
func (s *Service) names(ctx context.Context, tx *ent.Client, ids ...string) string {
	rows, err := tx.User.Query().Where(user.IDIn(ids...)).All(ctx)
	if err != nil {
		return strings.Join(ids, ", ")
	}
	by := map[string]string{}
	for _, u := range rows {
		by[u.ID] = u.Name
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = by[id]
		if out[i] == "" {
			out[i] = id
		}
	}
	return strings.Join(out, ", ")
}

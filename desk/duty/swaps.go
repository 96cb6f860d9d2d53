package duty

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kefu/ent"
	"kefu/ent/shiftswap"
	"kefu/ent/store"
	"kefu/fault"
)

// Swap kinds: 调班 exchanges two people's entries, 顶班 hands one entry to
// a replacement.
const (
	SwapExchange = "swap"
	SwapCover    = "cover"
)

// SwapSpec is a request to change the roster.
type SwapSpec struct {
	Kind               string
	EntryID            string // the requester's entry
	CounterpartID      string // who takes it
	CounterpartEntryID string // swap: the entry the requester takes in return
	Reason             string
}

// SwapFilter narrows a swap listing.
type SwapFilter struct {
	Status, UnitID, RequesterID string
	// ApproverID lists the requests waiting for that person's decision.
	ApproverID string
}

// Swaps lists swap requests, newest first.
func (s *Service) Swaps(ctx context.Context, f SwapFilter, after string, limit int) ([]*ent.ShiftSwap, error) {
	q := s.db.ShiftSwap.Query()
	if f.Status != "" {
		q = q.Where(shiftswap.StatusEQ(shiftswap.Status(f.Status)))
	}
	if f.UnitID != "" {
		q = q.Where(shiftswap.UnitID(f.UnitID))
	}
	if f.RequesterID != "" {
		q = q.Where(shiftswap.RequesterID(f.RequesterID))
	}
	if f.ApproverID == "" {
		if after != "" {
			q = q.Where(shiftswap.IDLT(after))
		}
		rows, err := q.Order(ent.Desc(shiftswap.FieldID)).Limit(limit).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("list swaps: %w", err)
		}
		return rows, nil
	}
	// Approver ids are a JSON list: filtered here, reading pages until the
	// page is full or the requests end.
	var out []*ent.ShiftSwap
	for len(out) < limit {
		page := q.Clone()
		if after != "" {
			page = page.Where(shiftswap.IDLT(after))
		}
		rows, err := page.Order(ent.Desc(shiftswap.FieldID)).Limit(200).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("list swaps: %w", err)
		}
		for _, r := range rows {
			if contains(r.ApproverIds, f.ApproverID) && len(out) < limit {
				out = append(out, r)
			}
		}
		if len(rows) < 200 {
			break
		}
		after = rows[len(rows)-1].ID
	}
	return out, nil
}

// Swap returns one request.
func (s *Service) Swap(ctx context.Context, id string) (*ent.ShiftSwap, error) {
	sw, err := s.db.ShiftSwap.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fault.NotFoundf("swap %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("swap %s: %w", id, err)
	}
	return sw, nil
}

// RequestSwap records a request for the requester's own entry that has not
// started, and asks their supervisors (nobody changes shifts privately:
// 不能私自调班、顶班).
func (s *Service) RequestSwap(ctx context.Context, requesterID string, in SwapSpec) (*ent.ShiftSwap, error) {
	if strings.TrimSpace(in.Reason) == "" {
		return nil, fault.Field("body.reason", "say why (事由)", nil)
	}
	switch in.Kind {
	case SwapExchange:
		if in.CounterpartEntryID == "" {
			return nil, fault.Field("body.counterpart_entry_id", "a swap names the entry taken in return", nil)
		}
	case SwapCover:
		if in.CounterpartEntryID != "" {
			return nil, fault.Field("body.counterpart_entry_id", "a cover takes nothing in return", in.CounterpartEntryID)
		}
	default:
		return nil, fault.Field("body.kind", "must be swap or cover", in.Kind)
	}
	if in.CounterpartID == requesterID {
		return nil, fault.Field("body.counterpart_id", "must be someone else", in.CounterpartID)
	}
	now := s.now().UTC()
	e, err := s.db.DutyRosterEntry.Get(ctx, in.EntryID)
	if ent.IsNotFound(err) {
		return nil, fault.Field("body.entry_id", "no such roster entry", in.EntryID)
	}
	if err != nil {
		return nil, err
	}
	if e.UserID != requesterID {
		return nil, fault.Field("body.entry_id", "is not your shift", in.EntryID)
	}
	if !e.StartAt.After(now) {
		return nil, fault.Conflictf("the shift has started")
	}
	approvers, err := s.Supervisors(ctx, requesterID, e.UnitID)
	if err != nil {
		return nil, err
	}
	var out *ent.ShiftSwap
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if err := activeUsers(ctx, tx, map[string]string{in.CounterpartID: "body.counterpart_id"}); err != nil {
			return err
		}
		if in.Kind == SwapExchange {
			other, err := tx.DutyRosterEntry.Get(ctx, in.CounterpartEntryID)
			if ent.IsNotFound(err) {
				return fault.Field("body.counterpart_entry_id", "no such roster entry", in.CounterpartEntryID)
			}
			if err != nil {
				return err
			}
			if other.UserID != in.CounterpartID {
				return fault.Field("body.counterpart_entry_id", "is not the counterpart's shift", in.CounterpartEntryID)
			}
			if other.UnitID != e.UnitID {
				return fault.Field("body.counterpart_entry_id", "is in another unit", in.CounterpartEntryID)
			}
			if !other.StartAt.After(now) {
				return fault.Conflictf("the counterpart's shift has started")
			}
		}
		open, err := tx.ShiftSwap.Query().Where(shiftswap.StatusEQ(shiftswap.StatusPending),
			shiftswap.Or(shiftswap.EntryID(e.ID), shiftswap.CounterpartEntryID(e.ID))).Exist(ctx)
		if err != nil {
			return err
		}
		if open {
			return fault.Conflictf("a request for this shift is already waiting for a decision")
		}
		c := tx.ShiftSwap.Create().SetKind(shiftswap.Kind(in.Kind)).SetRequesterID(requesterID).SetEntryID(e.ID).
			SetCounterpartID(in.CounterpartID).SetUnitID(e.UnitID).SetReason(strings.TrimSpace(in.Reason)).SetApproverIds(approvers)
		if in.CounterpartEntryID != "" {
			c.SetCounterpartEntryID(in.CounterpartEntryID)
		}
		if out, err = c.Save(ctx); err != nil {
			return err
		}
		label := map[string]string{SwapExchange: "调班 swap", SwapCover: "顶班 cover"}[in.Kind]
		return notify(ctx, tx, append(approvers, in.CounterpartID), KindSwapRequested,
			fmt.Sprintf("%s 申请 / request: %s", label, e.Date), out.Reason, "swap:req:"+out.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("request swap: %w", err)
	}
	return out, nil
}

// DecideSwap approves or rejects a pending request; only the requester's
// supervisors decide. An approval applies the change at once, if the
// shifts have not started and nobody ends up on duty twice.
func (s *Service) DecideSwap(ctx context.Context, deciderID, id string, approve bool, note string) (*ent.ShiftSwap, error) {
	sw, err := s.Swap(ctx, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.IsSupervisorOf(ctx, deciderID, sw.RequesterID, sw.UnitID)
	if err != nil {
		return nil, err
	}
	if !ok && !contains(sw.ApproverIds, deciderID) {
		return nil, fault.Forbiddenf("only the requester's supervisors decide")
	}
	now := s.now().UTC()
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if sw, err = tx.ShiftSwap.Get(ctx, id); err != nil {
			return err
		}
		if sw.Status != shiftswap.StatusPending {
			return fault.Conflictf("the request is %s already", sw.Status)
		}
		status := shiftswap.StatusRejected
		if approve {
			status = shiftswap.StatusApproved
			if err := apply(ctx, tx, sw, now); err != nil {
				return err
			}
		}
		if sw, err = tx.ShiftSwap.UpdateOne(sw).SetStatus(status).SetDecidedBy(deciderID).SetDecidedAt(now).
			SetDecisionNote(strings.TrimSpace(note)).Save(ctx); err != nil {
			return err
		}
		verdict := map[bool]string{true: "已批准 approved", false: "未批准 rejected"}[approve]
		return notify(ctx, tx, []string{sw.RequesterID, sw.CounterpartID}, KindSwapDecided,
			"调班/顶班 "+verdict, sw.DecisionNote, "swap:done:"+sw.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("decide swap %s: %w", id, err)
	}
	return sw, nil
}

// apply moves the entries to their new people, checking again that they
// are still the requester's and the counterpart's and have not started.
func apply(ctx context.Context, tx *ent.Client, sw *ent.ShiftSwap, now time.Time) error {
	e, err := held(ctx, tx, sw.EntryID, sw.RequesterID, now)
	if err != nil {
		return err
	}
	except := []string{e.ID}
	var other *ent.DutyRosterEntry
	if sw.CounterpartEntryID != nil {
		if other, err = held(ctx, tx, *sw.CounterpartEntryID, sw.CounterpartID, now); err != nil {
			return err
		}
		if other.StartAt.Equal(e.StartAt) && other.EndAt.Equal(e.EndAt) {
			return fault.Conflictf("both shifts are at the same time; there is nothing to swap")
		}
		except = append(except, other.ID)
	}
	if err := free(ctx, tx, sw.CounterpartID, e.StartAt, e.EndAt, except...); err != nil {
		return err
	}
	if err := reassign(ctx, tx, e, sw.CounterpartID, sw.ID); err != nil {
		return err
	}
	if other == nil {
		return nil
	}
	if err := free(ctx, tx, sw.RequesterID, other.StartAt, other.EndAt, except...); err != nil {
		return err
	}
	return reassign(ctx, tx, other, sw.RequesterID, sw.ID)
}

// held returns an entry that userID still holds and that has not started.
func held(ctx context.Context, tx *ent.Client, entryID, userID string, now time.Time) (*ent.DutyRosterEntry, error) {
	e, err := tx.DutyRosterEntry.Get(ctx, entryID)
	if ent.IsNotFound(err) {
		return nil, fault.Conflictf("roster entry %s was removed", entryID)
	}
	if err != nil {
		return nil, err
	}
	if e.UserID != userID {
		return nil, fault.Conflictf("roster entry %s is no longer %s's", entryID, userID)
	}
	if !e.StartAt.After(now) {
		return nil, fault.Conflictf("the shift of %s has started", e.Date)
	}
	return e, nil
}

func reassign(ctx context.Context, tx *ent.Client, e *ent.DutyRosterEntry, userID, swapID string) error {
	u := tx.DutyRosterEntry.UpdateOne(e).SetUserID(userID).SetSwapID(swapID)
	if e.OriginalUserID == nil {
		u.SetOriginalUserID(e.UserID)
	}
	return u.Exec(ctx)
}

// CancelSwap withdraws the requester's own pending request.
func (s *Service) CancelSwap(ctx context.Context, requesterID, id string) (*ent.ShiftSwap, error) {
	var sw *ent.ShiftSwap
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if sw, err = tx.ShiftSwap.Get(ctx, id); err != nil {
			if ent.IsNotFound(err) {
				return fault.NotFoundf("swap %s", id)
			}
			return err
		}
		if sw.RequesterID != requesterID {
			return fault.Forbiddenf("only the requester withdraws a request")
		}
		if sw.Status != shiftswap.StatusPending {
			return fault.Conflictf("the request is %s already", sw.Status)
		}
		sw, err = tx.ShiftSwap.UpdateOne(sw).SetStatus(shiftswap.StatusCancelled).SetDecidedAt(s.now().UTC()).Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("cancel swap %s: %w", id, err)
	}
	return sw, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

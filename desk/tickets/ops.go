package tickets

import (
	"context"
	"entgo.io/ent/dialect/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"kefu/desk/sla"
	"kefu/ent"
	"kefu/ent/callback"
	"kefu/ent/store"
	"kefu/ent/ticket"
	"kefu/ent/ticketcomment"
	"kefu/ent/ticketevent"
	"kefu/fault"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// Get returns a ticket the viewer's scope reaches.
func (s *Service) Get(ctx context.Context, viewerID, id string) (*ent.Ticket, error) {
	t, err := s.db.Ticket.Get(ctx, id)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("ticket %s", id)
		}
		return nil, fmt.Errorf("get ticket %s: %w", id, err)
	}
	vis, err := s.org.VisibilityOf(ctx, viewerID)
	if err != nil {
		return nil, err
	}
	if !seesTicket(vis.All, vis.UserIDs, vis.UnitIDs, viewerID, t) {
		// Callback staff see the tickets they call back about.
		mine, err := s.db.Callback.Query().Where(callback.TicketID(id), callback.AssigneeID(viewerID)).Exist(ctx)
		if err != nil {
			return nil, err
		}
		if !mine {
			return nil, fault.NotFoundf("ticket %s", id)
		}
	}
	return t, nil
}

func seesTicket(all bool, users, units []string, viewerID string, t *ent.Ticket) bool {
	if all || t.CreatedBy == viewerID {
		return true
	}
	if t.AssigneeID != nil && slices.Contains(users, *t.AssigneeID) {
		return true
	}
	return t.UnitID != nil && slices.Contains(units, *t.UnitID)
}

// Comment adds a public reply or an internal note. The first public reply
// is the first response: it stops that SLA clock.
func (s *Service) Comment(ctx context.Context, viewerID, id, body string, public bool) (*ent.TicketComment, error) {
	if strings.TrimSpace(body) == "" {
		return nil, fault.Field("body.body", "must not be empty", body)
	}
	if _, err := s.Get(ctx, viewerID, id); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	var out *ent.TicketComment
	var t *ent.Ticket
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cur, err := tx.Ticket.Get(ctx, id)
		if err != nil {
			return err
		}
		if out, err = tx.TicketComment.Create().SetTicketID(id).SetAuthorID(viewerID).SetBody(body).SetPublic(public).Save(ctx); err != nil {
			return err
		}
		if err := record(ctx, tx, id, EventCommented, viewerID, now, map[string]any{"comment_id": out.ID, "public": public}); err != nil {
			return err
		}
		upd := tx.Ticket.UpdateOne(cur).SetUpdatedAt(now)
		changed := false
		if public && cur.FirstRespondedAt == nil {
			cur.FirstRespondedAt = &now
			upd.SetFirstRespondedAt(now)
			changed = true
		}
		if public && cur.Status == ticket.StatusNew {
			cur.Status = ticket.StatusOpen
			upd.SetStatus(ticket.StatusOpen)
		}
		if changed {
			if err := s.retime(ctx, tx, cur, upd, now); err != nil {
				return err
			}
		}
		t, err = upd.Save(quiet(ctx))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("comment on %s: %w", id, err)
	}
	s.schedule(ctx, t)
	return out, nil
}

// retime recomputes next_check_at on upd after t changed in memory.
func (s *Service) retime(ctx context.Context, tx *ent.Client, t *ent.Ticket, upd *ent.TicketUpdateOne, now time.Time) error {
	pol, cal, err := policyOf(ctx, tx, t)
	if pol == nil || err != nil {
		return err
	}
	next := nextCheck(t, pol, cal, now)
	t.NextCheckAt = next
	if next == nil {
		upd.ClearNextCheckAt()
	} else {
		upd.SetNextCheckAt(*next)
	}
	return nil
}

// Comments lists a ticket's comments; agents see internal notes too, the
// customer-facing channels only public ones (not modelled yet).
func (s *Service) Comments(ctx context.Context, viewerID, id string) ([]*ent.TicketComment, error) {
	if _, err := s.Get(ctx, viewerID, id); err != nil {
		return nil, err
	}
	return s.db.TicketComment.Query().Where(ticketcomment.TicketID(id)).Order(ticketcomment.ByID()).All(ctx)
}

// Events returns the ticket's timeline, oldest first.
func (s *Service) Events(ctx context.Context, viewerID, id string) ([]*ent.TicketEvent, error) {
	if _, err := s.Get(ctx, viewerID, id); err != nil {
		return nil, err
	}
	return s.db.TicketEvent.Query().Where(ticketevent.TicketID(id)).Order(ticketevent.ByID()).All(ctx)
}

// Assign gives the ticket to a person and/or a unit. A change of unit is a
// transfer between departments (部门协调单) and needs a reason.
func (s *Service) Assign(ctx context.Context, viewerID, id, assigneeID, unitID, reason string) (*ent.Ticket, error) {
	if assigneeID == "" && unitID == "" {
		return nil, fault.Field("body", "give assignee_id, unit_id or both", nil)
	}
	cur, err := s.Get(ctx, viewerID, id)
	if err != nil {
		return nil, err
	}
	transfer := unitID != "" && (cur.UnitID == nil || *cur.UnitID != unitID)
	if transfer && strings.TrimSpace(reason) == "" {
		return nil, fault.Field("body.reason", "a transfer to another unit needs a reason", nil)
	}
	now := s.now().UTC()
	var t *ent.Ticket
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if err := checkRefs(ctx, tx, unitID, assigneeID, ""); err != nil {
			return err
		}
		upd := tx.Ticket.UpdateOneID(id).SetUpdatedAt(now)
		if unitID != "" {
			upd.SetUnitID(unitID)
		}
		if assigneeID != "" {
			upd.SetAssigneeID(assigneeID)
			if cur.Status == ticket.StatusNew {
				upd.SetStatus(ticket.StatusOpen)
			}
		}
		if transfer {
			from := ""
			if cur.UnitID != nil {
				from = *cur.UnitID
			}
			if err := record(ctx, tx, id, EventTransferred, viewerID, now, map[string]any{"from_unit_id": from, "to_unit_id": unitID, "reason": reason}); err != nil {
				return err
			}
		}
		if assigneeID != "" {
			if err := record(ctx, tx, id, EventAssigned, viewerID, now, map[string]any{"assignee_id": assigneeID, "reason": reason}); err != nil {
				return err
			}
		}
		var err error
		t, err = upd.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("assign %s: %w", id, err)
	}
	return t, nil
}

// SetStatus moves the ticket through new → open ⇄ pending → resolved →
// closed; open again from resolved or closed is a reopen. Pending pauses
// the SLA clock, and resuming shifts the due times by the paused business time.
func (s *Service) SetStatus(ctx context.Context, viewerID, id, status, note string) (*ent.Ticket, error) {
	return s.setStatus(ctx, viewerID, id, status, note, false, true)
}

// ErrCallbackPending refuses closing a ticket whose callback is still due.
var ErrCallbackPending = fault.Conflictf("a callback (回访) is pending; record it, or waive it with the callbacks:waive permission")

// Close closes a ticket; waive also waives a pending callback, which only
// roles with callbacks:waive may do (the reason is the note).
func (s *Service) Close(ctx context.Context, viewerID, id, note string, waive bool) (*ent.Ticket, error) {
	if waive && !s.az.Can(tenancy.TenantID(ctx), viewerID, authz.CallbacksWaive) {
		return nil, fault.Forbiddenf("waiving a callback needs callbacks:waive")
	}
	if waive && strings.TrimSpace(note) == "" {
		return nil, fault.Field("body.note", "say why the callback is waived", nil)
	}
	return s.setStatus(ctx, viewerID, id, string(ticket.StatusClosed), note, waive, true)
}

// CloseAfterCallback closes a ticket once its callback is done: the caller
// acted on the callback, so the ticket's own data scope does not apply.
func (s *Service) CloseAfterCallback(ctx context.Context, actorID, id, note string) (*ent.Ticket, error) {
	return s.setStatus(ctx, actorID, id, string(ticket.StatusClosed), note, false, false)
}

func (s *Service) setStatus(ctx context.Context, viewerID, id, status, note string, waive, scoped bool) (*ent.Ticket, error) {
	var cur *ent.Ticket
	var err error
	if scoped {
		cur, err = s.Get(ctx, viewerID, id)
	} else {
		cur, err = s.db.Ticket.Get(ctx, id)
	}
	if err != nil {
		return nil, err
	}
	to := ticket.Status(status)
	if err := ticket.StatusValidator(to); err != nil || to == ticket.StatusNew {
		return nil, fault.Field("body.status", "must be open, pending, resolved or closed", status)
	}
	if cur.Status == to {
		return nil, fault.Conflictf("ticket is already %s", to)
	}
	now := s.now().UTC()
	var t *ent.Ticket
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cur, err := tx.Ticket.Get(ctx, id)
		if err != nil {
			return err
		}
		from := cur.Status
		upd := tx.Ticket.UpdateOne(cur).SetStatus(to).SetUpdatedAt(now)
		if from == ticket.StatusPending && cur.PendingSince != nil {
			if err := s.resume(ctx, tx, cur, upd, now); err != nil {
				return err
			}
		}
		switch to {
		case ticket.StatusPending:
			upd.SetPendingSince(now)
			cur.PendingSince = &now
		case ticket.StatusResolved:
			upd.SetResolvedAt(now)
			cur.ResolvedAt = &now
		case ticket.StatusClosed:
			pending := tx.Callback.Query().Where(callback.TicketID(id), callback.StatusEQ(callback.StatusPending))
			has, err := pending.Clone().Exist(ctx)
			if err != nil {
				return err
			}
			if has && !waive {
				return ErrCallbackPending
			}
			if has {
				if err := tx.Callback.Update().Where(callback.TicketID(id), callback.StatusEQ(callback.StatusPending)).
					SetStatus(callback.StatusWaived).SetWaiveReason(note).SetClosedAt(now).Exec(ctx); err != nil {
					return err
				}
			}
			upd.SetClosedAt(now)
			if cur.ResolvedAt == nil {
				upd.SetResolvedAt(now)
				cur.ResolvedAt = &now
			}
		case ticket.StatusOpen:
			if from == ticket.StatusResolved || from == ticket.StatusClosed {
				if err := s.reopen(ctx, tx, cur, upd, viewerID, note, now); err != nil {
					return err
				}
			}
		}
		if to != ticket.StatusPending {
			upd.ClearPendingSince()
			cur.PendingSince = nil
		}
		cur.Status = to
		if err := record(ctx, tx, id, EventStatusChanged, viewerID, now, map[string]any{"from": string(from), "to": string(to), "note": note}); err != nil {
			return err
		}
		if to == ticket.StatusResolved && s.resolved != nil {
			if err := s.resolved(ctx, tx, cur, viewerID, now); err != nil {
				return err
			}
		}
		if err := s.retime(ctx, tx, cur, upd, now); err != nil {
			return err
		}
		t, err = upd.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("set status of %s: %w", id, err)
	}
	s.schedule(ctx, t)
	return t, nil
}

// resume moves the open due times by the business time spent pending.
func (s *Service) resume(ctx context.Context, tx *ent.Client, t *ent.Ticket, upd *ent.TicketUpdateOne, now time.Time) error {
	pol, cal, err := policyOf(ctx, tx, t)
	if pol == nil || err != nil {
		return err
	}
	shift := func(due *time.Time) *time.Time {
		if due == nil {
			return nil
		}
		left := sla.Elapsed(cal, *t.PendingSince, *due)
		d := sla.Deadline(cal, now, left).UTC()
		if !due.After(*t.PendingSince) {
			d = *due // already past when paused: stays breached
		}
		return &d
	}
	if t.FirstRespondedAt == nil && t.FirstResponseBreachedAt == nil {
		t.FirstResponseDueAt = shift(t.FirstResponseDueAt)
		upd.SetNillableFirstResponseDueAt(t.FirstResponseDueAt)
	}
	if t.ResolutionBreachedAt == nil {
		t.ResolutionDueAt = shift(t.ResolutionDueAt)
		upd.SetNillableResolutionDueAt(t.ResolutionDueAt)
	}
	return nil
}

// reopen starts a fresh resolution clock and counts the reopen.
func (s *Service) reopen(ctx context.Context, tx *ent.Client, t *ent.Ticket, upd *ent.TicketUpdateOne, viewerID, note string, now time.Time) error {
	upd.ClearResolvedAt().ClearClosedAt().AddReopenCount(1).ClearResolutionBreachedAt().ClearSLAWarnedAt()
	t.ResolvedAt, t.ClosedAt, t.ResolutionBreachedAt, t.SLAWarnedAt = nil, nil, nil, nil
	pol, cal, err := policyOf(ctx, tx, t)
	if err != nil {
		return err
	}
	if pol != nil {
		due := sla.Deadline(cal, now, secs(pol.ResolutionSeconds)).UTC()
		t.ResolutionDueAt = &due
		upd.SetResolutionDueAt(due)
	}
	return record(ctx, tx, t.ID, EventReopened, viewerID, now, map[string]any{"note": note, "reopen_count": t.ReopenCount + 1})
}

// ListFilter narrows a ticket list.
type ListFilter struct {
	Status     string
	AssigneeID string
	UnitID     string
	Type       string
	CustomerID string
	Breached   *bool
}

// List returns tickets in the viewer's scope, newest first.
func (s *Service) List(ctx context.Context, viewerID string, f ListFilter, after string, limit int) ([]*ent.Ticket, error) {
	q := s.db.Ticket.Query()
	if f.Status != "" {
		q = q.Where(ticket.StatusEQ(ticket.Status(f.Status)))
	}
	if f.AssigneeID != "" {
		q = q.Where(ticket.AssigneeID(f.AssigneeID))
	}
	if f.UnitID != "" {
		q = q.Where(ticket.UnitID(f.UnitID))
	}
	if f.Type != "" {
		q = q.Where(ticket.TypeEQ(ticket.Type(f.Type)))
	}
	if f.CustomerID != "" {
		q = q.Where(ticket.CustomerID(f.CustomerID))
	}
	if f.Breached != nil {
		b := ticket.Or(ticket.FirstResponseBreachedAtNotNil(), ticket.ResolutionBreachedAtNotNil())
		if *f.Breached {
			q = q.Where(b)
		} else {
			q = q.Where(ticket.Not(b))
		}
	}
	vis, err := s.org.VisibilityOf(ctx, viewerID)
	if err != nil {
		return nil, err
	}
	if !vis.All {
		q = q.Where(ticket.Or(
			ticket.AssigneeIDIn(vis.UserIDs...),
			ticket.UnitIDIn(vis.UnitIDs...),
			ticket.CreatedBy(viewerID),
		))
	}
	if after != "" {
		q = q.Where(ticket.IDLT(after))
	}
	return q.Order(ticket.ByID(sql.OrderDesc())).Limit(limit).All(ctx)
}

package tickets

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kefu/desk/orgchart"
	"kefu/desk/sla"
	"kefu/ent"
	"kefu/ent/assignment"
	"kefu/ent/escalation"
	"kefu/ent/store"
	"kefu/ent/ticket"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// CheckSLA is what the SLA timer runs: it records a due warning or breach
// and the escalation steps whose time has come, each exactly once, and
// returns when the ticket must next be looked at. Acting early is never
// allowed: anything not yet due is left for the next check.
func (s *Service) CheckSLA(ctx context.Context, id string) (*ent.Ticket, error) {
	now := s.now().UTC()
	var out *ent.Ticket
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		// Two checks of one ticket (timers for different instants, two
		// workers) take turns on its row, so neither records what the
		// other just did. A no-op UPDATE locks on every dialect (SQLite:
		// the write lock) and, being raw SQL, writes no audit entry.
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET next_check_at = next_check_at WHERE id = $1 AND tenant_id = $2`,
			id, tenancy.TenantID(ctx)); err != nil {
			return fmt.Errorf("lock ticket %s: %w", id, err)
		}
		t, err := tx.Ticket.Get(ctx, id)
		if err != nil {
			return err
		}
		pol, cal, err := policyOf(ctx, tx, t)
		if err != nil {
			return err
		}
		if pol == nil {
			out, err = tx.Ticket.UpdateOne(t).ClearNextCheckAt().Save(quiet(ctx))
			return err
		}
		active := t.Status != ticket.StatusResolved && t.Status != ticket.StatusClosed && t.Status != ticket.StatusPending
		upd := tx.Ticket.UpdateOne(t)
		if active && t.SLAWarnedAt == nil {
			if due, target := warnTarget(t, pol); due != nil {
				lead := target * time.Duration(100-pol.WarnAtPercent) / 100
				if sla.Elapsed(cal, now, *due) <= lead {
					t.SLAWarnedAt = &now
					upd.SetSLAWarnedAt(now)
					if err := record(ctx, tx, t.ID, EventSLAWarning, "", now, map[string]any{"due_at": due.UTC()}); err != nil {
						return err
					}
				}
			}
		}
		if active && t.FirstRespondedAt == nil && t.FirstResponseBreachedAt == nil && t.FirstResponseDueAt != nil && !now.Before(*t.FirstResponseDueAt) {
			t.FirstResponseBreachedAt = &now
			upd.SetFirstResponseBreachedAt(now)
			if err := record(ctx, tx, t.ID, EventSLABreached, "", now, map[string]any{"target": "first_response", "due_at": t.FirstResponseDueAt.UTC()}); err != nil {
				return err
			}
		}
		if active && t.ResolvedAt == nil && t.ResolutionBreachedAt == nil && t.ResolutionDueAt != nil && !now.Before(*t.ResolutionDueAt) {
			t.ResolutionBreachedAt = &now
			upd.SetResolutionBreachedAt(now)
			if err := record(ctx, tx, t.ID, EventSLABreached, "", now, map[string]any{"target": "resolution", "due_at": t.ResolutionDueAt.UTC()}); err != nil {
				return err
			}
		}
		if b := breachedAt(t); active && b != nil {
			steps := ladder(pol)
			for t.EscalationLevel < len(steps) && !now.Before(b.Add(steps[t.EscalationLevel].after)) {
				level := t.EscalationLevel + 1
				if err := s.escalate(ctx, tx, t, level, steps[level-1].to, "sla_breach", now); err != nil {
					return err
				}
				t.EscalationLevel = level
				upd.SetEscalationLevel(level)
			}
		}
		t.NextCheckAt = nextCheck(t, pol, cal, now)
		if t.NextCheckAt == nil {
			upd.ClearNextCheckAt()
		} else {
			upd.SetNextCheckAt(*t.NextCheckAt)
		}
		out, err = upd.Save(quiet(ctx))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("check sla of %s: %w", id, err)
	}
	s.schedule(ctx, out)
	return out, nil
}

// escalate records escalation level on t to the people "to" names
// (supervisor, manager, director, head, or position:<id>), notifies them,
// and writes the timeline event. The (ticket, level) key makes it once.
func (s *Service) escalate(ctx context.Context, tx *ent.Client, t *ent.Ticket, level int, to, reason string, now time.Time) error {
	done, err := tx.Escalation.Query().Where(escalation.TicketID(t.ID), escalation.Level(level)).Exist(ctx)
	if err != nil || done {
		return err
	}
	users, positionID, err := s.recipients(ctx, tx, t, to)
	if err != nil {
		return err
	}
	if err := tx.Escalation.Create().SetTicketID(t.ID).SetLevel(level).SetReason(reason).
		SetToUserIds(users).SetToPositionID(positionID).SetAt(now).Exec(quiet(ctx)); err != nil {
		return err
	}
	data := map[string]any{"level": level, "to": to, "reason": reason, "to_user_ids": users}
	if len(users) > 0 {
		data["to_user_id"] = users[0]
	}
	if err := record(ctx, tx, t.ID, EventEscalated, "", now, data); err != nil {
		return err
	}
	for _, u := range users {
		err := tx.Notification.Create().SetUserID(u).SetKind("escalation").SetTicketID(t.ID).
			SetTitle(fmt.Sprintf("工单 %s 已升级至您 / Ticket %s escalated to you", t.Number, t.Number)).
			SetBody(t.Subject).SetDedupeKey(fmt.Sprintf("esc:%s:%d:%s", t.ID, level, u)).Exec(quiet(ctx))
		if err != nil {
			return err
		}
	}
	return nil
}

// recipients resolves an escalation target along the org chart: from the
// assignee's reporting line, or from the responsible unit's head when the
// ticket has no assignee yet.
func (s *Service) recipients(ctx context.Context, tx *ent.Client, t *ent.Ticket, to string) ([]string, string, error) {
	if to == "center_head" {
		unit := ""
		if t.UnitID != nil {
			unit = *t.UnitID
		} else if t.AssigneeID != nil {
			unit = s.primaryUnit(ctx, tx, *t.AssigneeID)
		}
		head, err := s.org.CenterHead(ctx, unit)
		if err != nil || head == nil {
			return nil, "", err
		}
		return head.UserIDs, head.Position.ID, nil
	}
	if pid, ok := strings.CutPrefix(to, "position:"); ok {
		ids, err := tx.Assignment.Query().Where(assignment.PositionID(pid), assignment.EndedAtIsNil()).
			Select(assignment.FieldUserID).Strings(ctx)
		return ids, pid, err
	}
	var chain []orgchart.Link
	if t.AssigneeID != nil {
		var err error
		if chain, err = s.org.Supervisors(ctx, *t.AssigneeID); err != nil {
			return nil, "", err
		}
	}
	if len(chain) == 0 && t.UnitID != nil {
		head, err := s.org.Head(ctx, *t.UnitID)
		if err != nil {
			return nil, "", err
		}
		if head != nil {
			chain = []orgchart.Link{*head}
		}
	}
	if len(chain) == 0 {
		return nil, "", nil
	}
	pick := chain[0]
	switch to {
	case "manager":
		pick = firstWithRole(chain, authz.Manager, 1)
	case "director", "head":
		pick = firstWithRole(chain, authz.Director, len(chain)-1)
	}
	return pick.UserIDs, pick.Position.ID, nil
}

// firstWithRole returns the first link whose position gives role, else
// chain[fallback] (clamped).
func firstWithRole(chain []orgchart.Link, role string, fallback int) orgchart.Link {
	for _, l := range chain {
		if l.Position.Role == role {
			return l
		}
	}
	return chain[min(fallback, len(chain)-1)]
}

// primaryUnit is the unit of the user's primary position, or "".
func (s *Service) primaryUnit(ctx context.Context, tx *ent.Client, userID string) string {
	a, err := tx.Assignment.Query().Where(assignment.UserID(userID), assignment.EndedAtIsNil(),
		assignment.KindEQ(assignment.KindPrimary)).WithPosition().First(ctx)
	if err != nil || a.Edges.Position == nil {
		return ""
	}
	return a.Edges.Position.UnitID
}

package orgchart

import (
	"context"
	"fmt"
	"time"

	"kefu/ent"
	"kefu/ent/assignment"
	"kefu/ent/store"
	"kefu/ent/user"
	"kefu/fault"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// AssignSpec puts a user on a position.
type AssignSpec struct {
	UserID   string
	Kind     string // primary, concurrent or acting
	StartsOn *time.Time
	EndsOn   *time.Time
	// AllowOverQuota assigns past the headcount; the assignment is flagged.
	AllowOverQuota bool
}

// Assign adds a holder to a position. Over the headcount it is refused
// unless explicitly allowed; a user has at most one primary position.
func (s *Service) Assign(ctx context.Context, positionID string, in AssignSpec) (*ent.Assignment, error) {
	if in.Kind == "" {
		in.Kind = string(assignment.KindPrimary)
	}
	if err := assignment.KindValidator(assignment.Kind(in.Kind)); err != nil {
		return nil, fault.Field("body.kind", "must be primary, concurrent or acting", in.Kind)
	}
	if in.StartsOn != nil && in.EndsOn != nil && in.EndsOn.Before(*in.StartsOn) {
		return nil, fault.Field("body.ends_on", "is before starts_on", in.EndsOn)
	}
	var out *ent.Assignment
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		// Touching the row first serializes concurrent assignments to
		// the same position (a row lock on PostgreSQL; SQLite's immediate
		// transactions are serial anyway), so two cannot both take the last seat.
		pos, err := tx.Position.Get(ctx, positionID)
		if err != nil {
			return notFound("position", positionID, err)
		}
		if err := tx.Position.UpdateOne(pos).SetUpdatedAt(s.now().UTC()).Exec(tenancy.Quiet(ctx)); err != nil {
			return err
		}
		u, err := tx.User.Get(ctx, in.UserID)
		if err != nil {
			if ent.IsNotFound(err) {
				return fault.Field("body.user_id", "no such user", in.UserID)
			}
			return err
		}
		if u.Status == user.StatusDeactivated {
			return fault.Conflictf("%s is deactivated", u.Name)
		}
		active := tx.Assignment.Query().Where(assignment.EndedAtIsNil())
		if dup, err := active.Clone().Where(assignment.UserID(u.ID), assignment.PositionID(positionID)).Exist(ctx); err != nil {
			return err
		} else if dup {
			return fault.Conflictf("%s already holds this position", u.Name)
		}
		if in.Kind == string(assignment.KindPrimary) {
			other, err := active.Clone().Where(assignment.UserID(u.ID), assignment.KindEQ(assignment.KindPrimary)).Exist(ctx)
			if err != nil {
				return err
			}
			if other {
				return fault.Conflictf("%s already has a primary position; assign this one as concurrent, or end the other first", u.Name)
			}
		}
		filled, err := active.Clone().Where(assignment.PositionID(positionID)).Count(ctx)
		if err != nil {
			return err
		}
		over := filled >= pos.Headcount
		if over && !in.AllowOverQuota {
			return fault.Conflictf("position %s is full (headcount %d, filled %d); pass allow_over_quota to exceed it", pos.Title, pos.Headcount, filled)
		}
		out, err = tx.Assignment.Create().SetPositionID(positionID).SetUserID(u.ID).
			SetKind(assignment.Kind(in.Kind)).SetNillableStartsOn(in.StartsOn).SetNillableEndsOn(in.EndsOn).
			SetOverQuota(over).Save(ctx)
		if err != nil {
			return err
		}
		return authz.Sync(ctx, tx, tenancy.TenantID(ctx), u.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("assign to position %s: %w", positionID, err)
	}
	return out, s.changed(ctx, true)
}

// Unassign ends an assignment; the row stays as history.
func (s *Service) Unassign(ctx context.Context, positionID, assignmentID string) (*ent.Assignment, error) {
	var out *ent.Assignment
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		a, err := tx.Assignment.Query().Where(assignment.ID(assignmentID), assignment.PositionID(positionID)).Only(ctx)
		if err != nil {
			return notFound("assignment", assignmentID, err)
		}
		if a.EndedAt != nil {
			return fault.Conflictf("assignment already ended")
		}
		if out, err = tx.Assignment.UpdateOne(a).SetEndedAt(s.now().UTC()).Save(ctx); err != nil {
			return err
		}
		return authz.Sync(ctx, tx, tenancy.TenantID(ctx), a.UserID)
	})
	if err != nil {
		return nil, fmt.Errorf("end assignment %s: %w", assignmentID, err)
	}
	return out, s.changed(ctx, true)
}

// Assignments lists a position's holders (and, on request, past ones).
func (s *Service) Assignments(ctx context.Context, positionID string, includeEnded bool) ([]*ent.Assignment, error) {
	if _, err := s.db.Position.Get(ctx, positionID); err != nil {
		return nil, notFound("position", positionID, err)
	}
	q := s.db.Assignment.Query().Where(assignment.PositionID(positionID)).WithUser()
	if !includeEnded {
		q = q.Where(assignment.EndedAtIsNil())
	}
	rows, err := q.Order(assignment.ByID()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list assignments of %s: %w", positionID, err)
	}
	return rows, nil
}

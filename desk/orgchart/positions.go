package orgchart

import (
	"context"
	"fmt"
	"strings"

	"kefu/ent"
	"kefu/ent/assignment"
	"kefu/ent/position"
	"kefu/ent/role"
	"kefu/ent/store"
	"kefu/fault"
	"kefu/paging"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// PositionSpec is a position to create, or the fields to change.
type PositionSpec struct {
	UnitID       *string
	Title        *string
	TitleEn      *string
	Code         *string
	Grade        *string
	Headcount    *int
	ReportsToID  *string // "" clears
	Role         *string
	Head         *bool
	Duties       *string
	Requirements *string
	Sort         *int
}

// CreatePosition adds a position to a unit.
func (s *Service) CreatePosition(ctx context.Context, in PositionSpec) (*ent.Position, error) {
	if in.UnitID == nil || *in.UnitID == "" {
		return nil, fault.Field("body.unit_id", "is required", nil)
	}
	if in.Title == nil || strings.TrimSpace(*in.Title) == "" {
		return nil, fault.Field("body.title", "is required", nil)
	}
	if in.Role == nil {
		r := authz.Agent
		in.Role = &r
	}
	var out *ent.Position
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if err := s.checkPosition(ctx, tx, "", in); err != nil {
			return err
		}
		c := tx.Position.Create().SetUnitID(*in.UnitID).SetTitle(strings.TrimSpace(*in.Title)).SetRole(*in.Role)
		c.SetNillableTitleEn(in.TitleEn).SetNillableCode(in.Code).SetNillableGrade(in.Grade).
			SetNillableHeadcount(in.Headcount).SetNillableDuties(in.Duties).
			SetNillableRequirements(in.Requirements).SetNillableSort(in.Sort)
		if in.ReportsToID != nil && *in.ReportsToID != "" {
			c.SetReportsToID(*in.ReportsToID)
		}
		if in.Head != nil && *in.Head {
			if err := clearHead(ctx, tx, *in.UnitID); err != nil {
				return err
			}
			c.SetIsHead(true)
		}
		var err error
		out, err = c.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create position: %w", err)
	}
	return out, nil
}

// checkPosition validates references: the unit, the superior (no cycle)
// and the role.
func (s *Service) checkPosition(ctx context.Context, tx *ent.Client, id string, in PositionSpec) error {
	if in.UnitID != nil {
		if _, err := tx.OrgUnit.Get(ctx, *in.UnitID); err != nil {
			if ent.IsNotFound(err) {
				return fault.Field("body.unit_id", "no such unit", *in.UnitID)
			}
			return err
		}
	}
	if in.Headcount != nil && *in.Headcount < 0 {
		return fault.Field("body.headcount", "must not be negative", *in.Headcount)
	}
	if in.ReportsToID != nil && *in.ReportsToID != "" {
		if err := checkReportsTo(ctx, tx, id, *in.ReportsToID); err != nil {
			return err
		}
	}
	if in.Role != nil {
		if err := checkRole(ctx, tx, *in.Role, "body.role"); err != nil {
			return err
		}
	}
	return nil
}

// checkReportsTo refuses a superior that does not exist, or that is the
// position itself or one of its subordinates (a reporting cycle).
func checkReportsTo(ctx context.Context, tx *ent.Client, id, superior string) error {
	for cur, hops := superior, 0; cur != ""; hops++ {
		if cur == id {
			return fault.Field("body.reports_to_id", "cannot report to itself or to one of its own subordinates", superior)
		}
		if hops > 10000 {
			return fmt.Errorf("reporting line above %s does not end", superior)
		}
		p, err := tx.Position.Get(ctx, cur)
		if err != nil {
			if ent.IsNotFound(err) {
				return fault.Field("body.reports_to_id", "no such position", superior)
			}
			return err
		}
		if p.ReportsToID == nil {
			return nil
		}
		cur = *p.ReportsToID
	}
	return nil
}

func checkRole(ctx context.Context, tx *ent.Client, name, loc string) error {
	if _, ok := authz.LookupBuiltIn(name); ok {
		return nil
	}
	ok, err := tx.Role.Query().Where(role.Name(name)).Exist(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return fault.Field(loc, "no such role", name)
	}
	return nil
}

func clearHead(ctx context.Context, tx *ent.Client, unitID string) error {
	return tx.Position.Update().Where(position.UnitID(unitID), position.IsHead(true)).SetIsHead(false).Exec(ctx)
}

// GetPosition returns one position.
func (s *Service) GetPosition(ctx context.Context, id string) (*ent.Position, error) {
	p, err := s.db.Position.Get(ctx, id)
	if err != nil {
		return nil, notFound("position", id, err)
	}
	return p, nil
}

// ListPositions returns positions, optionally of one unit, in id order.
func (s *Service) ListPositions(ctx context.Context, unitID string, pg paging.Page) ([]*ent.Position, string, error) {
	q := s.db.Position.Query()
	if unitID != "" {
		q = q.Where(position.UnitID(unitID))
	}
	if pg.After != "" {
		q = q.Where(position.IDGT(pg.After))
	}
	rows, err := q.Order(position.ByID()).Limit(pg.Limit + 1).All(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("list positions: %w", err)
	}
	rows, next := paging.Trim(rows, pg.Limit, func(p *ent.Position) string { return p.ID })
	return rows, next, nil
}

// UpdatePosition changes a position; a new role reaches its holders in the
// same transaction.
func (s *Service) UpdatePosition(ctx context.Context, id string, in PositionSpec) (*ent.Position, error) {
	var out *ent.Position
	roleChanged := false
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cur, err := tx.Position.Get(ctx, id)
		if err != nil {
			return notFound("position", id, err)
		}
		if err := s.checkPosition(ctx, tx, id, in); err != nil {
			return err
		}
		if in.Title != nil && strings.TrimSpace(*in.Title) == "" {
			return fault.Field("body.title", "must not be empty", *in.Title)
		}
		upd := tx.Position.UpdateOne(cur).
			SetNillableUnitID(in.UnitID).SetNillableTitleEn(in.TitleEn).SetNillableCode(in.Code).
			SetNillableGrade(in.Grade).SetNillableHeadcount(in.Headcount).SetNillableRole(in.Role).
			SetNillableDuties(in.Duties).SetNillableRequirements(in.Requirements).SetNillableSort(in.Sort)
		if in.Title != nil {
			upd.SetTitle(strings.TrimSpace(*in.Title))
		}
		if in.ReportsToID != nil {
			if *in.ReportsToID == "" {
				upd.ClearReportsToID()
			} else {
				upd.SetReportsToID(*in.ReportsToID)
			}
		}
		unit := cur.UnitID
		if in.UnitID != nil {
			unit = *in.UnitID
		}
		switch {
		case in.Head != nil && *in.Head:
			if err := clearHead(ctx, tx, unit); err != nil {
				return err
			}
			upd.SetIsHead(true)
		case in.Head != nil || unit != cur.UnitID:
			upd.SetIsHead(false) // a head moved to another unit heads nothing there
		}
		if out, err = upd.Save(ctx); err != nil {
			return err
		}
		if in.Role != nil && *in.Role != cur.Role {
			roleChanged = true
			return syncHolders(ctx, tx, id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update position %s: %w", id, err)
	}
	return out, s.changed(ctx, roleChanged)
}

// syncHolders recomputes the grants of everyone holding position id.
func syncHolders(ctx context.Context, tx *ent.Client, id string) error {
	holders, err := tx.Assignment.Query().Where(assignment.PositionID(id), assignment.EndedAtIsNil()).
		Select(assignment.FieldUserID).Strings(ctx)
	if err != nil {
		return err
	}
	tid := tenancy.TenantID(ctx)
	for _, u := range holders {
		if err := authz.Sync(ctx, tx, tid, u); err != nil {
			return err
		}
	}
	return nil
}

// DeletePosition removes a position nobody holds. Positions that reported
// to it now report to its own superior; its ended assignments go with it
// (the audit log keeps their history).
func (s *Service) DeletePosition(ctx context.Context, id string) error {
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cur, err := tx.Position.Get(ctx, id)
		if err != nil {
			return notFound("position", id, err)
		}
		held, err := tx.Assignment.Query().Where(assignment.PositionID(id), assignment.EndedAtIsNil()).Count(ctx)
		if err != nil {
			return err
		}
		if held > 0 {
			return fault.Conflictf("position %s is held by %d people; end their assignments first", cur.Title, held)
		}
		subs := tx.Position.Update().Where(position.ReportsToID(id))
		if cur.ReportsToID != nil {
			subs.SetReportsToID(*cur.ReportsToID)
		} else {
			subs.ClearReportsToID()
		}
		if err := subs.Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.Assignment.Delete().Where(assignment.PositionID(id)).Exec(ctx); err != nil {
			return err
		}
		return tx.Position.DeleteOne(cur).Exec(ctx)
	})
	if err != nil {
		return fmt.Errorf("delete position %s: %w", id, err)
	}
	return nil
}

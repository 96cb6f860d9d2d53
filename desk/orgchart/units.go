package orgchart

import (
	"context"
	"fmt"
	"strings"

	"kefu/ent"
	"kefu/ent/orgunit"
	"kefu/ent/position"
	"kefu/ent/store"
	"kefu/fault"
	"kefu/paging"
)

// UnitSpec is a unit to create, or the fields to change (nil: unchanged).
type UnitSpec struct {
	Name     *string
	NameEn   *string
	Kind     *string
	ParentID *string // "" moves the unit to the top
	Sort     *int
}

// CreateUnit adds a unit under ParentID (or at the top).
func (s *Service) CreateUnit(ctx context.Context, in UnitSpec) (*ent.OrgUnit, error) {
	if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
		return nil, fault.Field("body.name", "is required", nil)
	}
	if in.Kind == nil || kindRank(*in.Kind) < 0 {
		return nil, fault.Field("body.kind", "must be one of "+strings.Join(Kinds, ", "), in.Kind)
	}
	var out *ent.OrgUnit
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		c := tx.OrgUnit.Create().SetName(strings.TrimSpace(*in.Name)).SetKind(orgunit.Kind(*in.Kind))
		if in.NameEn != nil {
			c.SetNameEn(*in.NameEn)
		}
		if in.Sort != nil {
			c.SetSort(*in.Sort)
		}
		if in.ParentID != nil && *in.ParentID != "" {
			if _, err := tx.OrgUnit.Get(ctx, *in.ParentID); err != nil {
				if ent.IsNotFound(err) {
					return fault.Field("body.parent_id", "no such unit", *in.ParentID)
				}
				return err
			}
			c.SetParentID(*in.ParentID)
		}
		var err error
		out, err = c.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create unit: %w", err)
	}
	return out, nil
}

// GetUnit returns one unit.
func (s *Service) GetUnit(ctx context.Context, id string) (*ent.OrgUnit, error) {
	u, err := s.db.OrgUnit.Get(ctx, id)
	if err != nil {
		return nil, notFound("unit", id, err)
	}
	return u, nil
}

// UnitFilter narrows ListUnits.
type UnitFilter struct {
	ParentID *string // "" lists top-level units
	Kind     string
}

// ListUnits returns units in id order.
func (s *Service) ListUnits(ctx context.Context, f UnitFilter, pg paging.Page) ([]*ent.OrgUnit, string, error) {
	q := s.db.OrgUnit.Query()
	if f.ParentID != nil {
		if *f.ParentID == "" {
			q = q.Where(orgunit.ParentIDIsNil())
		} else {
			q = q.Where(orgunit.ParentID(*f.ParentID))
		}
	}
	if f.Kind != "" {
		q = q.Where(orgunit.KindEQ(orgunit.Kind(f.Kind)))
	}
	if pg.After != "" {
		q = q.Where(orgunit.IDGT(pg.After))
	}
	rows, err := q.Order(orgunit.ByID()).Limit(pg.Limit + 1).All(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("list units: %w", err)
	}
	rows, next := paging.Trim(rows, pg.Limit, func(u *ent.OrgUnit) string { return u.ID })
	return rows, next, nil
}

// UpdateUnit renames, re-kinds or moves a unit. Moving a unit under itself
// or one of its descendants is refused.
func (s *Service) UpdateUnit(ctx context.Context, id string, in UnitSpec) (*ent.OrgUnit, error) {
	var out *ent.OrgUnit
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		u, err := tx.OrgUnit.Get(ctx, id)
		if err != nil {
			return notFound("unit", id, err)
		}
		upd := tx.OrgUnit.UpdateOne(u)
		if in.Name != nil {
			if strings.TrimSpace(*in.Name) == "" {
				return fault.Field("body.name", "must not be empty", *in.Name)
			}
			upd.SetName(strings.TrimSpace(*in.Name))
		}
		if in.NameEn != nil {
			upd.SetNameEn(*in.NameEn)
		}
		if in.Kind != nil {
			if kindRank(*in.Kind) < 0 {
				return fault.Field("body.kind", "must be one of "+strings.Join(Kinds, ", "), *in.Kind)
			}
			upd.SetKind(orgunit.Kind(*in.Kind))
		}
		if in.Sort != nil {
			upd.SetSort(*in.Sort)
		}
		if in.ParentID != nil {
			if *in.ParentID == "" {
				upd.ClearParentID()
			} else {
				if err := checkMove(ctx, tx, id, *in.ParentID); err != nil {
					return err
				}
				upd.SetParentID(*in.ParentID)
			}
		}
		out, err = upd.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update unit %s: %w", id, err)
	}
	return out, nil
}

// checkMove refuses a new parent that does not exist or lies inside the
// unit's own subtree (which would make a cycle).
func checkMove(ctx context.Context, tx *ent.Client, id, parentID string) error {
	for cur, hops := parentID, 0; cur != ""; hops++ {
		if cur == id {
			return fault.Field("body.parent_id", "cannot move a unit under itself or one of its descendants", parentID)
		}
		if hops > 10000 {
			return fmt.Errorf("unit tree above %s does not end", parentID)
		}
		p, err := tx.OrgUnit.Get(ctx, cur)
		if err != nil {
			if ent.IsNotFound(err) {
				return fault.Field("body.parent_id", "no such unit", parentID)
			}
			return err
		}
		if p.ParentID == nil {
			return nil
		}
		cur = *p.ParentID
	}
	return nil
}

// DeleteUnit removes a unit. A unit with sub-units or positions is refused
// unless moveTo names a unit (outside this one) to receive them.
func (s *Service) DeleteUnit(ctx context.Context, id, moveTo string) error {
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		u, err := tx.OrgUnit.Get(ctx, id)
		if err != nil {
			return notFound("unit", id, err)
		}
		children, err := tx.OrgUnit.Query().Where(orgunit.ParentID(id)).IDs(ctx)
		if err != nil {
			return err
		}
		posts, err := tx.Position.Query().Where(position.UnitID(id)).IDs(ctx)
		if err != nil {
			return err
		}
		if len(children)+len(posts) > 0 {
			if moveTo == "" {
				return fault.Conflictf("unit %s has %d sub-units and %d positions; move them first or pass move_to", u.Name, len(children), len(posts))
			}
			if err := checkMove(ctx, tx, id, moveTo); err != nil {
				return fault.Field("query.move_to", "must be a unit outside the one being deleted", moveTo)
			}
			if len(children) > 0 {
				if err := tx.OrgUnit.Update().Where(orgunit.IDIn(children...)).SetParentID(moveTo).Exec(ctx); err != nil {
					return err
				}
			}
			if len(posts) > 0 {
				if err := tx.Position.Update().Where(position.IDIn(posts...)).SetUnitID(moveTo).SetIsHead(false).Exec(ctx); err != nil {
					return err
				}
			}
		}
		return tx.OrgUnit.DeleteOne(u).Exec(ctx)
	})
	if err != nil {
		return fmt.Errorf("delete unit %s: %w", id, err)
	}
	return nil
}

package duty

import (
	"context"
	"fmt"
	"strings"

	"kefu/ent"
	"kefu/ent/dutyrosterentry"
	"kefu/ent/orgunit"
	"kefu/ent/shifttemplate"
	"kefu/ent/store"
	"kefu/fault"
)

// ShiftSpec is a shift template to create, or the fields to change (nil:
// unchanged).
type ShiftSpec struct {
	Name      *string
	NameEn    *string
	Start     *string
	End       *string
	Kind      *string
	UnitID    *string // "" clears: any unit
	Checklist *[]string
	Sort      *int
}

// Shifts lists the tenant's shift templates in display order.
func (s *Service) Shifts(ctx context.Context) ([]*ent.ShiftTemplate, error) {
	rows, err := s.db.ShiftTemplate.Query().Order(shifttemplate.BySort(), shifttemplate.ByStartTime(), shifttemplate.ByID()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list shifts: %w", err)
	}
	return rows, nil
}

// Shift returns one shift template.
func (s *Service) Shift(ctx context.Context, id string) (*ent.ShiftTemplate, error) {
	row, err := s.db.ShiftTemplate.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fault.NotFoundf("shift %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("get shift %s: %w", id, err)
	}
	return row, nil
}

// CreateShift adds a shift template.
func (s *Service) CreateShift(ctx context.Context, spec ShiftSpec) (*ent.ShiftTemplate, error) {
	if spec.Name == nil || spec.Start == nil || spec.End == nil {
		return nil, fault.Field("body", "name, start and end are required", nil)
	}
	if err := s.checkShift(ctx, s.db, "", spec); err != nil {
		return nil, err
	}
	c := s.db.ShiftTemplate.Create().SetName(strings.TrimSpace(*spec.Name)).SetStartTime(*spec.Start).SetEndTime(*spec.End)
	if spec.NameEn != nil {
		c.SetNameEn(*spec.NameEn)
	}
	if spec.Kind != nil {
		c.SetKind(shifttemplate.Kind(*spec.Kind))
	}
	if spec.UnitID != nil && *spec.UnitID != "" {
		c.SetUnitID(*spec.UnitID)
	}
	if spec.Checklist != nil {
		c.SetChecklist(cleanList(*spec.Checklist))
	}
	if spec.Sort != nil {
		c.SetSort(*spec.Sort)
	}
	row, err := c.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create shift: %w", err)
	}
	return row, nil
}

// UpdateShift changes a shift template. Its times cannot change while
// roster entries that have not ended use it: their instants were fixed
// when they were rostered.
func (s *Service) UpdateShift(ctx context.Context, id string, spec ShiftSpec) (*ent.ShiftTemplate, error) {
	var out *ent.ShiftTemplate
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		cur, err := tx.ShiftTemplate.Get(ctx, id)
		if ent.IsNotFound(err) {
			return fault.NotFoundf("shift %s", id)
		}
		if err != nil {
			return err
		}
		if err := s.checkShift(ctx, tx, id, spec); err != nil {
			return err
		}
		retimed := (spec.Start != nil && *spec.Start != cur.StartTime) || (spec.End != nil && *spec.End != cur.EndTime)
		if retimed {
			n, err := tx.DutyRosterEntry.Query().Where(dutyrosterentry.ShiftID(id), dutyrosterentry.EndAtGT(s.now().UTC())).Count(ctx)
			if err != nil {
				return err
			}
			if n > 0 {
				return fault.Conflictf("%d roster entries still to come use this shift; remove or regenerate them before changing its times", n)
			}
		}
		u := tx.ShiftTemplate.UpdateOneID(id)
		if spec.Name != nil {
			u.SetName(strings.TrimSpace(*spec.Name))
		}
		if spec.NameEn != nil {
			u.SetNameEn(*spec.NameEn)
		}
		if spec.Start != nil {
			u.SetStartTime(*spec.Start)
		}
		if spec.End != nil {
			u.SetEndTime(*spec.End)
		}
		if spec.Kind != nil {
			u.SetKind(shifttemplate.Kind(*spec.Kind))
		}
		if spec.UnitID != nil {
			if *spec.UnitID == "" {
				u.ClearUnitID()
			} else {
				u.SetUnitID(*spec.UnitID)
			}
		}
		if spec.Checklist != nil {
			u.SetChecklist(cleanList(*spec.Checklist))
		}
		if spec.Sort != nil {
			u.SetSort(*spec.Sort)
		}
		out, err = u.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update shift %s: %w", id, err)
	}
	return out, nil
}

// DeleteShift removes a shift template no roster entry uses.
func (s *Service) DeleteShift(ctx context.Context, id string) error {
	return store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if _, err := tx.ShiftTemplate.Get(ctx, id); err != nil {
			if ent.IsNotFound(err) {
				return fault.NotFoundf("shift %s", id)
			}
			return err
		}
		n, err := tx.DutyRosterEntry.Query().Where(dutyrosterentry.ShiftID(id)).Count(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return fault.Conflictf("%d roster entries use this shift", n)
		}
		return tx.ShiftTemplate.DeleteOneID(id).Exec(ctx)
	})
}

// checkShift validates a spec; id is the template being changed, if any.
func (s *Service) checkShift(ctx context.Context, c *ent.Client, id string, spec ShiftSpec) error {
	if spec.Name != nil {
		name := strings.TrimSpace(*spec.Name)
		if name == "" {
			return fault.Field("body.name", "must not be empty", *spec.Name)
		}
		taken, err := c.ShiftTemplate.Query().Where(shifttemplate.Name(name), shifttemplate.IDNEQ(id)).Exist(ctx)
		if err != nil {
			return err
		}
		if taken {
			return fault.Conflictf("a shift named %s exists", name)
		}
	}
	for loc, v := range map[string]*string{"body.start": spec.Start, "body.end": spec.End} {
		if v != nil {
			if _, ok := ParseClock(*v); !ok {
				return fault.Field(loc, "must be HH:MM (00:00–23:59)", *v)
			}
		}
	}
	if spec.Kind != nil && shifttemplate.KindValidator(shifttemplate.Kind(*spec.Kind)) != nil {
		return fault.Field("body.kind", "must be normal or holiday_reinforced", *spec.Kind)
	}
	if spec.UnitID != nil && *spec.UnitID != "" {
		ok, err := c.OrgUnit.Query().Where(orgunit.ID(*spec.UnitID)).Exist(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return fault.Field("body.unit_id", "no such unit", *spec.UnitID)
		}
	}
	return nil
}

// cleanList trims items and drops empty ones.
func cleanList(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

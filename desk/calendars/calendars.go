// Package calendars stores business calendars (weekly hours, holidays,
// make-up workdays 调休, time zone) and previews deadlines on them. The
// arithmetic itself is desk/sla.
package calendars

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"kefu/desk/sla"
	"kefu/ent"
	"kefu/ent/calendar"
	"kefu/ent/slapolicy"
	"kefu/ent/store"
	"kefu/ent/types"
	"kefu/fault"
)

// Spec is a calendar to create, or the fields to change (nil: unchanged).
type Spec struct {
	Name       *string
	Timezone   *string
	AlwaysOpen *bool
	IsDefault  *bool
	Hours      *[]types.Span
	Holidays   *[]types.Holiday
	Workdays   *[]types.Workday
}

// Service manages calendars.
type Service struct{ db *ent.Client }

// New returns the calendar service.
func New(db *ent.Client) *Service { return &Service{db: db} }

// check builds the calendar the spec describes, so a calendar that cannot
// compute deadlines is never stored.
func check(c Spec) error {
	if c.Name != nil && strings.TrimSpace(*c.Name) == "" {
		return fault.Field("body.name", "must not be empty", *c.Name)
	}
	if c.AlwaysOpen != nil && *c.AlwaysOpen {
		if c.Timezone != nil {
			if _, err := time.LoadLocation(*c.Timezone); err != nil {
				return fault.Field("body.timezone", "is not a known IANA time zone", *c.Timezone)
			}
		}
		return nil
	}
	tz := "Asia/Shanghai"
	if c.Timezone != nil {
		tz = *c.Timezone
	}
	var hours []types.Span
	var hol []types.Holiday
	var work []types.Workday
	if c.Hours != nil {
		hours = *c.Hours
	}
	if c.Holidays != nil {
		hol = *c.Holidays
	}
	if c.Workdays != nil {
		work = *c.Workdays
	}
	if _, err := sla.New(tz, hours, hol, work); err != nil {
		var bad *sla.InvalidError
		if !errors.As(err, &bad) {
			return fault.Field("body", err.Error(), nil)
		}
		inv := &fault.Invalid{}
		for _, f := range bad.Fields {
			inv.Fields = append(inv.Fields, fault.FieldError{Location: "body." + f.Location, Message: f.Message, Value: f.Value})
		}
		return inv
	}
	return nil
}

// merged applies a patch onto the stored calendar for validation.
func merged(cur *ent.Calendar, p Spec) Spec {
	out := Spec{Name: &cur.Name, Timezone: &cur.Timezone, AlwaysOpen: &cur.AlwaysOpen, Hours: &cur.Hours, Holidays: &cur.Holidays, Workdays: &cur.Workdays}
	if p.Name != nil {
		out.Name = p.Name
	}
	if p.Timezone != nil {
		out.Timezone = p.Timezone
	}
	if p.AlwaysOpen != nil {
		out.AlwaysOpen = p.AlwaysOpen
	}
	if p.Hours != nil {
		out.Hours = p.Hours
	}
	if p.Holidays != nil {
		out.Holidays = p.Holidays
	}
	if p.Workdays != nil {
		out.Workdays = p.Workdays
	}
	return out
}

// Create stores a calendar.
func (s *Service) Create(ctx context.Context, in Spec) (*ent.Calendar, error) {
	if in.Name == nil {
		return nil, fault.Field("body.name", "is required", nil)
	}
	if err := check(in); err != nil {
		return nil, err
	}
	// In a transaction: the tenant's config version is bumped with it.
	var out *ent.Calendar
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		c := tx.Calendar.Create().SetName(strings.TrimSpace(*in.Name)).SetNillableTimezone(in.Timezone).
			SetNillableAlwaysOpen(in.AlwaysOpen).SetNillableIsDefault(in.IsDefault)
		if in.Hours != nil {
			c.SetHours(*in.Hours)
		}
		if in.Holidays != nil {
			c.SetHolidays(*in.Holidays)
		}
		if in.Workdays != nil {
			c.SetWorkdays(*in.Workdays)
		}
		var err error
		out, err = c.Save(ctx)
		return err
	})
	if ent.IsConstraintError(err) {
		return nil, fault.Conflictf("a calendar named %s exists", *in.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("create calendar: %w", err)
	}
	return out, nil
}

// Get returns one calendar.
func (s *Service) Get(ctx context.Context, id string) (*ent.Calendar, error) {
	c, err := s.db.Calendar.Get(ctx, id)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("calendar %s", id)
		}
		return nil, err
	}
	return c, nil
}

// List returns every calendar, default first.
func (s *Service) List(ctx context.Context) ([]*ent.Calendar, error) {
	return s.db.Calendar.Query().Order(ent.Desc(calendar.FieldIsDefault), ent.Asc(calendar.FieldName)).All(ctx)
}

// Update changes a calendar; the merged result must still compute.
func (s *Service) Update(ctx context.Context, id string, p Spec) (*ent.Calendar, error) {
	cur, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := check(merged(cur, p)); err != nil {
		return nil, err
	}
	var out *ent.Calendar
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		upd := tx.Calendar.UpdateOne(cur).SetNillableTimezone(p.Timezone).SetNillableAlwaysOpen(p.AlwaysOpen).SetNillableIsDefault(p.IsDefault)
		if p.Name != nil {
			upd.SetName(strings.TrimSpace(*p.Name))
		}
		if p.Hours != nil {
			upd.SetHours(*p.Hours)
		}
		if p.Holidays != nil {
			upd.SetHolidays(*p.Holidays)
		}
		if p.Workdays != nil {
			upd.SetWorkdays(*p.Workdays)
		}
		var err error
		out, err = upd.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update calendar %s: %w", id, err)
	}
	return out, nil
}

// Delete removes a calendar no SLA policy uses.
func (s *Service) Delete(ctx context.Context, id string) error {
	if _, err := s.Get(ctx, id); err != nil {
		return err
	}
	n, err := s.db.SLAPolicy.Query().Where(slapolicy.CalendarID(id)).Count(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return fault.Conflictf("%d SLA policies use this calendar", n)
	}
	return store.WithTx(ctx, s.db, func(tx *ent.Client) error { return tx.Calendar.DeleteOneID(id).Exec(ctx) })
}

// Deadline previews the business-time deadline the calendar gives.
func (s *Service) Deadline(ctx context.Context, id string, start time.Time, d time.Duration) (time.Time, error) {
	row, err := s.Get(ctx, id)
	if err != nil {
		return time.Time{}, err
	}
	cal := sla.AlwaysOpen()
	if !row.AlwaysOpen {
		if cal, err = sla.New(row.Timezone, row.Hours, row.Holidays, row.Workdays); err != nil {
			return time.Time{}, err
		}
	}
	return sla.Deadline(cal, start, d), nil
}

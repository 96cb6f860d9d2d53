package demo

import (
	"context"
	"fmt"
	"time"

	"kefu/desk/duty"
	"kefu/desk/orgchart"
	"kefu/ent"
	"kefu/ent/dutyrosterentry"
	"kefu/ent/orgunit"
	"kefu/ent/shifttemplate"
	"kefu/tenants/authz"
	"kefu/tenants/tenantzone"
)

// seedRoster gives the property demo's 客服部 a duty roster for this month
// and the next (the two agents alternate 早班/晚班 every day, the
// reinforced shifts on holidays; the callback agent works the early
// shift on workdays), and signs in whoever is on duty now, so the duty
// pages have something to show.
func seedRoster(ctx context.Context, db *ent.Client, az *authz.Authorizer, org *orgchart.Service, people map[string]string, now func() time.Time) error {
	unit, err := db.OrgUnit.Query().Where(orgunit.Name("客服部")).First(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	shifts := map[string]string{}
	rows, err := db.ShiftTemplate.Query().All(ctx)
	if err != nil {
		return err
	}
	for _, s := range rows {
		shifts[s.Name] = s.ID
	}
	early, late, hday, hnight := shifts["早班"], shifts["晚班"], shifts["节假日白班"], shifts["节假日夜班"]
	if early == "" || late == "" || hday == "" || hnight == "" {
		return nil // a template without duty shifts
	}
	d := duty.New(db, az, org, nil, now)
	p := duty.Pattern{Rotations: []duty.Rotation{
		{Role: duty.RoleAgent, UserIDs: []string{people["agent"], people["agent2"]}, Cycle: []string{early, late},
			HolidayCycle: []string{hday, hnight}, WorksRestDays: true},
		{Role: duty.RoleCallback, UserIDs: []string{people["callback"]}, Cycle: []string{early}},
	}}
	loc, err := tenantzone.Of(ctx, db)
	if err != nil {
		return err
	}
	month := now().In(loc)
	month = time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, loc)
	for _, m := range []time.Time{month, month.AddDate(0, 1, 0)} {
		if _, err := d.GenerateMonth(ctx, duty.GenerateSpec{UnitID: unit.ID, Month: m.Format("2006-01"), Pattern: p}); err != nil {
			return fmt.Errorf("demo roster %s: %w", m.Format("2006-01"), err)
		}
	}
	// Whoever is rostered now (the current shift started before the seed,
	// so it was not generated) gets it by hand and is signed in.
	t := now().UTC()
	for _, name := range []string{"早班", "晚班"} {
		sh, err := db.ShiftTemplate.Query().Where(shifttemplate.Name(name)).Only(ctx)
		if err != nil {
			return err
		}
		for _, date := range []time.Time{t.In(loc), t.In(loc).AddDate(0, 0, -1)} {
			from, to, err := duty.Window(date.Format(time.DateOnly), sh.StartTime, sh.EndTime, loc)
			if err != nil || t.Before(from) || !t.Before(to) {
				continue
			}
			taken, err := db.DutyRosterEntry.Query().Where(dutyrosterentry.UnitID(unit.ID), dutyrosterentry.StartAt(from)).Exist(ctx)
			if err != nil || taken {
				return err
			}
			e, err := d.AddEntry(ctx, duty.EntrySpec{UnitID: unit.ID, UserID: people["agent"], ShiftID: sh.ID, Date: date.Format(time.DateOnly), Role: duty.RoleAgent})
			if err != nil {
				return err
			}
			l, err := duty.StartDuty(ctx, db, e, from.Add(-10*time.Minute))
			if err != nil {
				return err
			}
			_, err = db.DutyLogEntry.Create().SetLogID(l.ID).SetUnitID(unit.ID).SetAuthorID(people["agent"]).SetAt(from.Add(30 * time.Minute)).
				SetKind("inspection").SetText("巡查大堂、电梯厅及公共区域照明").SetResult("正常").SetClosedAt(from.Add(30 * time.Minute)).
				SetClosedBy(people["agent"]).Save(ctx)
			return err
		}
	}
	return nil
}

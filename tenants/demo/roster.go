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
	"kefu/tenants/authz"
	"kefu/tenants/tenantzone"
)

// seedRoster gives the property demo's 客服部 a duty roster for this month
// and the next (the two agents alternate 早班/晚班 every day, the
// reinforced shifts on holidays; the callback agent works the early
// shift on workdays). 赵客服 is signed in on the shift under way and
// 钱客服 rostered on the next, whatever the hour, so the duty pages and a
// handover have something to show.
func seedRoster(ctx context.Context, db *ent.Client, az *authz.Authorizer, org *orgchart.Service, people map[string]string, now func() time.Time) error {
	unit, err := db.OrgUnit.Query().Where(orgunit.Name("客服部")).First(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	shifts := map[string]*ent.ShiftTemplate{}
	rows, err := db.ShiftTemplate.Query().All(ctx)
	if err != nil {
		return err
	}
	for _, s := range rows {
		shifts[s.Name] = s
	}
	early, late, hday, hnight := shifts["早班"], shifts["晚班"], shifts["节假日白班"], shifts["节假日夜班"]
	if early == nil || late == nil || hday == nil || hnight == nil {
		return nil // a template without duty shifts
	}
	loc, err := tenantzone.Of(ctx, db)
	if err != nil {
		return err
	}
	t := now().UTC()
	cur := shiftUnderWay(t, loc, early, late)
	d := duty.New(db, az, org, nil, now)
	month := t.In(loc)
	month = time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, time.UTC)
	for _, m := range []time.Time{month, month.AddDate(0, 1, 0)} {
		p := duty.Pattern{Rotations: []duty.Rotation{
			{Role: duty.RoleAgent, UserIDs: []string{people["agent"], people["agent2"]}, Cycle: []string{early.ID, late.ID},
				HolidayCycle: []string{hday.ID, hnight.ID}, WorksRestDays: true, Offset: cur.offset(m)},
			{Role: duty.RoleCallback, UserIDs: []string{people["callback"]}, Cycle: []string{early.ID}},
		}}
		if _, err := d.GenerateMonth(ctx, duty.GenerateSpec{UnitID: unit.ID, Month: m.Format("2006-01"), Pattern: p}); err != nil {
			return fmt.Errorf("demo roster %s: %w", m.Format("2006-01"), err)
		}
	}
	if cur.shiftID == "" {
		return nil
	}
	// The shift under way started before the seed, so it was not generated:
	// 赵客服 gets it by hand and is signed in.
	taken, err := db.DutyRosterEntry.Query().Where(dutyrosterentry.UnitID(unit.ID), dutyrosterentry.StartAt(cur.from)).Exist(ctx)
	if err != nil || taken {
		return err
	}
	e, err := d.AddEntry(ctx, duty.EntrySpec{UnitID: unit.ID, UserID: people["agent"], ShiftID: cur.shiftID, Date: cur.date.Format(time.DateOnly), Role: duty.RoleAgent})
	if err != nil {
		return err
	}
	l, err := duty.StartDuty(ctx, db, e, cur.from.Add(-10*time.Minute))
	if err != nil {
		return err
	}
	_, err = db.DutyLogEntry.Create().SetLogID(l.ID).SetUnitID(unit.ID).SetAuthorID(people["agent"]).SetAt(cur.from.Add(30 * time.Minute)).
		SetKind("inspection").SetText("巡查大堂、电梯厅及公共区域照明").SetResult("正常").SetClosedAt(cur.from.Add(30 * time.Minute)).
		SetClosedBy(people["agent"]).Save(ctx)
	return err
}

// underWay is the demo shift in progress: the date it began on (a civil
// date, at midnight UTC), its step in the 早班/晚班 cycle and its start.
type underWay struct {
	shiftID string
	date    time.Time
	step    int
	from    time.Time
}

// shiftUnderWay finds the shift of the cycle (早班, 晚班) that t falls in:
// today's, or one begun yesterday.
func shiftUnderWay(t time.Time, loc *time.Location, cycle ...*ent.ShiftTemplate) underWay {
	local := t.In(loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	for step, sh := range cycle {
		for _, date := range []time.Time{today, today.AddDate(0, 0, -1)} {
			from, to, err := duty.Window(date.Format(time.DateOnly), sh.StartTime, sh.EndTime, loc)
			if err == nil && !t.Before(from) && t.Before(to) {
				return underWay{shiftID: sh.ID, date: date, step: step, from: from}
			}
		}
	}
	return underWay{}
}

// offset starts month first's rotation so that 钱客服 (the second member)
// works the shift after the one under way, and the demo handover has
// someone to go to at any hour. Every day is staffed, so steps count days.
func (u underWay) offset(first time.Time) int {
	if u.shiftID == "" {
		return 0
	}
	next, step := u.date, 1 // 早班 → the same day's 晚班
	if u.step == 1 {
		next, step = u.date.AddDate(0, 0, 1), 0 // 晚班 → the next day's 早班
	}
	// Member 1 works cycle[(offset+days+1) mod 2] on the day `days` after first.
	days := int(next.Sub(first).Hours() / 24)
	return ((step-1-days)%2 + 2) % 2
}

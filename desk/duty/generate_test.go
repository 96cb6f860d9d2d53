package duty_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"kefu/desk/duty"
	"kefu/ent/types"
	"kefu/fault"
	"kefu/tenants/templates"
)

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// office is the property template's default calendar: Monday–Friday
// 08:30–17:30 with the shipped 2026 China holidays and make-up workdays.
func office(t *testing.T) duty.Days {
	t.Helper()
	cn, err := templates.ChinaHolidays()
	if err != nil {
		t.Fatal(err)
	}
	var hours []types.Span
	for wd := 1; wd <= 5; wd++ {
		hours = append(hours, types.Span{Weekday: wd, Start: "08:30", End: "17:30"})
	}
	return duty.DaysOf(false, hours, cn.Holidays, cn.Workdays)
}

var shifts = map[string]duty.Shift{
	"E":  {Start: "08:30", End: "17:30"}, // 早班
	"N":  {Start: "17:30", End: "08:30"}, // 晚班, to 08:30 the next day
	"HE": {Start: "08:30", End: "17:30"}, // 假日加强早班
	"HN": {Start: "17:30", End: "08:30"}, // 假日加强晚班
	"D":  {Start: "08:30", End: "08:30"}, // 24 hours (领导值班)
}

// line renders a slot compactly: date kind user shift role.
func line(s duty.Slot) string {
	return fmt.Sprintf("%s %s %s %s %s", s.Date, s.DayKind, s.UserID, s.ShiftID, s.Role)
}

func lines(slots []duty.Slot, from, to string) []string {
	var out []string
	for _, s := range slots {
		if s.Date >= from && s.Date <= to {
			out = append(out, line(s))
		}
	}
	return out
}

func TestDayKindsOf2026China(t *testing.T) {
	days := office(t)
	for date, want := range map[string]string{
		"2026-05-01": duty.Holiday, // Friday, 劳动节
		"2026-05-05": duty.Holiday, // Tuesday, 劳动节
		"2026-05-06": duty.Workday, // Wednesday
		"2026-05-09": duty.Workday, // Saturday, 调休 make-up workday
		"2026-05-10": duty.RestDay, // Sunday
		"2026-01-04": duty.Workday, // Sunday, 元旦调休
		"2026-02-14": duty.Workday, // Saturday, 春节调休
		"2026-02-15": duty.Holiday, // Sunday, 春节
		"2026-02-28": duty.Workday, // Saturday, 春节调休
		"2026-09-20": duty.Workday, // Sunday, 国庆调休
		"2026-10-10": duty.Workday, // Saturday, 国庆调休
		"2026-10-07": duty.Holiday, // Wednesday, 国庆
		"2026-10-11": duty.RestDay, // Sunday
		"2026-06-19": duty.Holiday, // Friday, 端午
		"2026-06-22": duty.Workday, // Monday
	} {
		if got := days.Kind(date); got != want {
			t.Errorf("%s: %s, want %s", date, got, want)
		}
	}
	always := duty.DaysOf(true, nil, nil, nil)
	if got := always.Kind("2026-05-10"); got != duty.Workday {
		t.Errorf("24×7 Sunday: %s", got)
	}
	if got := duty.DaysOf(true, nil, []types.Holiday{{Date: "2026-05-01"}}, nil).Kind("2026-05-01"); got != duty.Holiday {
		t.Errorf("24×7 with a holiday: %s", got)
	}
}

// May 2026 has 劳动节 (May 1–5) and a make-up workday on Saturday May 9:
// three agents rotate 早班/晚班/休 on workdays, the reinforced holiday
// pattern (two on the early shift) on holidays, nobody on weekends; one
// callback agent works the early shift on workdays only.
func TestGenerateMay2026WithLabourDayAndMakeUpSaturday(t *testing.T) {
	p := duty.Pattern{Rotations: []duty.Rotation{
		{Role: duty.RoleAgent, UserIDs: []string{"a", "b", "c"}, Cycle: []string{"E", "N", ""}, HolidayCycle: []string{"HE", "HN"}},
		{Role: duty.RoleCallback, UserIDs: []string{"cb"}, Cycle: []string{"E"}},
	}}
	slots, err := duty.Generate(2026, time.May, p, office(t), shifts, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		// Holidays: the agents' step runs 0..4 over the holiday cycle; the
		// callback agent has no holiday pattern and is off.
		"2026-05-01 holiday a HE agent", "2026-05-01 holiday b HN agent", "2026-05-01 holiday c HE agent",
		"2026-05-02 holiday a HN agent", "2026-05-02 holiday b HE agent", "2026-05-02 holiday c HN agent",
		"2026-05-03 holiday a HE agent", "2026-05-03 holiday b HN agent", "2026-05-03 holiday c HE agent",
		"2026-05-04 holiday a HN agent", "2026-05-04 holiday b HE agent", "2026-05-04 holiday c HN agent",
		"2026-05-05 holiday a HE agent", "2026-05-05 holiday b HN agent", "2026-05-05 holiday c HE agent",
		// Workdays continue at step 5 of the normal cycle (E, N, 休).
		"2026-05-06 workday b E agent", "2026-05-06 workday c N agent", "2026-05-06 workday cb E callback",
		"2026-05-07 workday a E agent", "2026-05-07 workday b N agent", "2026-05-07 workday cb E callback",
		"2026-05-08 workday a N agent", "2026-05-08 workday c E agent", "2026-05-08 workday cb E callback",
		// Saturday May 9 is a make-up workday: staffed like any workday.
		"2026-05-09 workday b E agent", "2026-05-09 workday c N agent", "2026-05-09 workday cb E callback",
		// Sunday May 10 is a rest day: nobody.
		"2026-05-11 workday a E agent", "2026-05-11 workday b N agent", "2026-05-11 workday cb E callback",
	}
	got := lines(slots, "2026-05-01", "2026-05-11")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("May 1–11:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The whole month: 19 workdays after the holidays (incl. the
	// make-up Saturday), each with one 早班, one 晚班 and the callback agent.
	perDay := map[string]int{}
	for _, s := range slots {
		perDay[s.Date]++
	}
	for _, rest := range []string{"2026-05-10", "2026-05-16", "2026-05-17", "2026-05-23", "2026-05-24", "2026-05-30", "2026-05-31"} {
		if perDay[rest] != 0 {
			t.Errorf("rest day %s has %d entries", rest, perDay[rest])
		}
	}
	if len(slots) != 5*3+19*3 {
		t.Errorf("%d entries in May, want %d", len(slots), 5*3+19*3)
	}
	// Exact instants in Asia/Shanghai (UTC+8): the late shift crosses midnight.
	for _, s := range slots {
		if s.Date == "2026-05-01" && s.UserID == "b" {
			if s.StartAt != time.Date(2026, 5, 1, 9, 30, 0, 0, time.UTC) || s.EndAt != time.Date(2026, 5, 2, 0, 30, 0, 0, time.UTC) {
				t.Errorf("May 1 holiday late shift: %s – %s", s.StartAt, s.EndAt)
			}
		}
		if s.Date == "2026-05-09" && s.UserID == "b" {
			if s.StartAt != time.Date(2026, 5, 9, 0, 30, 0, 0, time.UTC) || s.EndAt != time.Date(2026, 5, 9, 9, 30, 0, 0, time.UTC) {
				t.Errorf("May 9 early shift: %s – %s", s.StartAt, s.EndAt)
			}
		}
	}
}

// February 2026: 春节 from the 15th to the 23rd, make-up Saturdays on the
// 14th and the 28th. A 7-day desk works weekends from its normal cycle.
func TestGenerateFebruary2026SevenDayDesk(t *testing.T) {
	p := duty.Pattern{Rotations: []duty.Rotation{
		{Role: duty.RoleAgent, UserIDs: []string{"a", "b"}, Cycle: []string{"E", "N"}, HolidayCycle: []string{"HE", "HN"}, WorksRestDays: true},
		{Role: duty.RoleLeader, UserIDs: []string{"m1", "m2"}, Cycle: []string{"", ""}, HolidayCycle: []string{"D", ""}},
	}}
	_, err := duty.Generate(2026, time.February, p, office(t), shifts, shanghai)
	var inv *fault.Invalid
	if !errors.As(err, &inv) || inv.Fields[0].Location != "body.pattern.rotations[1].cycle" {
		t.Fatalf("a cycle of days off only: %v", err)
	}
	p.Rotations[1] = duty.Rotation{Role: duty.RoleLeader, UserIDs: []string{"m1", "m2"}, Cycle: []string{"D", ""}, HolidayCycle: []string{"D", ""}}
	slots, err := duty.Generate(2026, time.February, p, office(t), shifts, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		// Leaders alternate over their staffed days from Monday the 2nd.
		"2026-02-13 workday a E agent", "2026-02-13 workday b N agent", "2026-02-13 workday m2 D leader",
		"2026-02-14 workday a N agent", "2026-02-14 workday b E agent", "2026-02-14 workday m1 D leader",
		"2026-02-15 holiday a HE agent", "2026-02-15 holiday b HN agent", "2026-02-15 holiday m2 D leader",
		"2026-02-16 holiday a HN agent", "2026-02-16 holiday b HE agent", "2026-02-16 holiday m1 D leader",
	}
	if got := lines(slots, "2026-02-13", "2026-02-16"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("Feb 13–16:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Leaders are off on weekends (they do not work rest days) but on
	// duty on holidays and on the make-up Saturdays.
	leaderDays := map[string]string{}
	for _, s := range slots {
		if s.Role == duty.RoleLeader {
			leaderDays[s.Date] = s.UserID
		}
	}
	for _, d := range []string{"2026-02-07", "2026-02-08", "2026-02-01", "2026-02-24"} {
		if _, ok := leaderDays[d]; ok != (d == "2026-02-24") {
			t.Errorf("leader on %s: %v", d, ok)
		}
	}
	if leaderDays["2026-02-28"] == "" || leaderDays["2026-02-14"] == "" {
		t.Errorf("no leader on a make-up Saturday: %v", leaderDays)
	}
	// The agents work every day of the month.
	days := map[string]int{}
	for _, s := range slots {
		if s.Role == duty.RoleAgent {
			days[s.Date]++
		}
	}
	if len(days) != 28 {
		t.Errorf("agents on %d days of February", len(days))
	}
}

// Every month of 2026: when a team has as many members as cycle steps,
// each staffed day has each shift of the cycle exactly once, rest days
// have nobody from a team that does not work them, and a holiday uses
// only the holiday cycle.
func TestGenerateEveryMonthOf2026CoversEachShiftOnce(t *testing.T) {
	days := office(t)
	p := duty.Pattern{Rotations: []duty.Rotation{
		{Role: duty.RoleAgent, UserIDs: []string{"a", "b", "c", "d"}, Cycle: []string{"E", "N", "", ""}, HolidayCycle: []string{"HE", "HN", "HE", "HN"}},
	}}
	for m := time.January; m <= time.December; m++ {
		slots, err := duty.Generate(2026, m, p, days, shifts, shanghai)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		byDay := map[string][]string{}
		for _, s := range slots {
			byDay[s.Date] = append(byDay[s.Date], s.ShiftID)
			if s.DayKind != days.Kind(s.Date) {
				t.Errorf("%s recorded as %s", s.Date, s.DayKind)
			}
		}
		for d := time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC); d.Month() == m; d = d.AddDate(0, 0, 1) {
			date := d.Format(time.DateOnly)
			got := strings.Join(sorted(byDay[date]), ",")
			want := map[string]string{duty.Workday: "E,N", duty.RestDay: "", duty.Holiday: "HE,HE,HN,HN"}[days.Kind(date)]
			if got != want {
				t.Errorf("%s (%s): shifts %q, want %q", date, days.Kind(date), got, want)
			}
		}
	}
}

func sorted(in []string) []string {
	out := append([]string(nil), in...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestGenerateOffsetContinuesTheRotation(t *testing.T) {
	p := duty.Pattern{Rotations: []duty.Rotation{{Role: duty.RoleAgent, UserIDs: []string{"a", "b"}, Cycle: []string{"E", "N"}, WorksRestDays: true, Offset: 1}}}
	slots, err := duty.Generate(2026, time.July, p, duty.DaysOf(true, nil, nil, nil), shifts, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lines(slots, "2026-07-01", "2026-07-02"), "|"); got != "2026-07-01 workday a N agent|2026-07-01 workday b E agent|2026-07-02 workday a E agent|2026-07-02 workday b N agent" {
		t.Fatalf("offset 1: %s", got)
	}
	again, _ := duty.Generate(2026, time.July, p, duty.DaysOf(true, nil, nil, nil), shifts, shanghai)
	if fmt.Sprint(again) != fmt.Sprint(slots) {
		t.Fatal("the same input gave another roster")
	}
}

func TestGenerateRefusesBadPatterns(t *testing.T) {
	for name, tc := range map[string]struct {
		p    duty.Pattern
		want string
	}{
		"no rotations":   {duty.Pattern{}, "body.pattern.rotations"},
		"unknown role":   {duty.Pattern{Rotations: []duty.Rotation{{Role: "boss", UserIDs: []string{"a"}, Cycle: []string{"E"}}}}, "body.pattern.rotations[0].role"},
		"no members":     {duty.Pattern{Rotations: []duty.Rotation{{Role: "agent", Cycle: []string{"E"}}}}, "body.pattern.rotations[0].user_ids"},
		"member twice":   {duty.Pattern{Rotations: []duty.Rotation{{Role: "agent", UserIDs: []string{"a", "a"}, Cycle: []string{"E", "N"}}}}, "body.pattern.rotations[0].user_ids[1]"},
		"empty cycle":    {duty.Pattern{Rotations: []duty.Rotation{{Role: "agent", UserIDs: []string{"a"}}}}, "body.pattern.rotations[0].cycle"},
		"unknown shift":  {duty.Pattern{Rotations: []duty.Rotation{{Role: "agent", UserIDs: []string{"a"}, Cycle: []string{"E", "X"}}}}, "body.pattern.rotations[0].cycle[1]"},
		"holiday shift":  {duty.Pattern{Rotations: []duty.Rotation{{Role: "agent", UserIDs: []string{"a"}, Cycle: []string{"E"}, HolidayCycle: []string{"Y"}}}}, "body.pattern.rotations[0].holiday_cycle[0]"},
		"negative shift": {duty.Pattern{Rotations: []duty.Rotation{{Role: "agent", UserIDs: []string{"a"}, Cycle: []string{"E"}, Offset: -1}}}, "body.pattern.rotations[0].offset"},
		// a on the 24-hour shift and on the late shift of the same day.
		"twice at once": {duty.Pattern{Rotations: []duty.Rotation{
			{Role: "leader", UserIDs: []string{"a"}, Cycle: []string{"D"}},
			{Role: "agent", UserIDs: []string{"a"}, Cycle: []string{"N"}},
		}}, "body.pattern"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := duty.Generate(2026, time.May, tc.p, office(t), shifts, shanghai)
			var inv *fault.Invalid
			if !errors.As(err, &inv) {
				t.Fatalf("err = %v, want a validation error", err)
			}
			if inv.Fields[0].Location != tc.want {
				t.Fatalf("located at %s, want %s (%v)", inv.Fields[0].Location, tc.want, err)
			}
		})
	}
}

func TestWindow(t *testing.T) {
	for _, tc := range []struct {
		date, start, end string
		zone             *time.Location
		from, to         string
	}{
		{"2026-05-06", "08:30", "17:30", shanghai, "2026-05-06T00:30:00Z", "2026-05-06T09:30:00Z"},
		{"2026-05-06", "17:30", "08:30", shanghai, "2026-05-06T09:30:00Z", "2026-05-07T00:30:00Z"},
		{"2026-05-31", "17:30", "08:30", shanghai, "2026-05-31T09:30:00Z", "2026-06-01T00:30:00Z"},
		{"2026-12-31", "08:30", "08:30", shanghai, "2026-12-31T00:30:00Z", "2027-01-01T00:30:00Z"},
		// New York springs forward on 2026-03-08: the night is an hour shorter.
		{"2026-03-07", "20:00", "08:00", mustZone("America/New_York"), "2026-03-08T01:00:00Z", "2026-03-08T12:00:00Z"},
	} {
		from, to, err := duty.Window(tc.date, tc.start, tc.end, tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		if from.Format(time.RFC3339) != tc.from || to.Format(time.RFC3339) != tc.to {
			t.Errorf("%s %s–%s: %s – %s, want %s – %s", tc.date, tc.start, tc.end, from.Format(time.RFC3339), to.Format(time.RFC3339), tc.from, tc.to)
		}
	}
	for _, bad := range [][3]string{{"2026-02-30", "08:30", "17:30"}, {"2026-05-06", "8:30", "17:30"}, {"2026-05-06", "08:30", "24:00"}, {"2026-05-06", "08:61", "17:30"}} {
		if _, _, err := duty.Window(bad[0], bad[1], bad[2], shanghai); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

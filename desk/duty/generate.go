package duty

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"kefu/ent/types"
	"kefu/fault"
)

// Day kinds, as the business calendar classifies a date.
const (
	Workday = "workday"  // a weekday with hours, or a make-up workday (调休)
	RestDay = "rest_day" // a weekday without hours (weekend)
	Holiday = "holiday"  // a statutory holiday
)

// Roles a person is on duty in.
const (
	RoleAgent    = "agent"    // takes the unit's new tickets
	RoleCallback = "callback" // takes callbacks
	RoleLeader   = "leader"   // 值班领导: on call, takes no work automatically
)

// Roles lists the roles, for validation.
var Roles = []string{RoleAgent, RoleCallback, RoleLeader}

// Days is a business calendar reduced to what a roster needs: which
// weekdays have hours, the holidays and the make-up workdays.
type Days struct {
	AlwaysOpen bool
	Weekdays   map[int]bool // ISO weekday → has opening hours
	Holidays   map[string]bool
	Workdays   map[string]bool
}

// DaysOf reduces a stored calendar's hours, holidays and make-up workdays.
func DaysOf(alwaysOpen bool, hours []types.Span, holidays []types.Holiday, workdays []types.Workday) Days {
	d := Days{AlwaysOpen: alwaysOpen, Weekdays: map[int]bool{}, Holidays: map[string]bool{}, Workdays: map[string]bool{}}
	for _, h := range hours {
		d.Weekdays[h.Weekday] = true
	}
	for _, h := range holidays {
		d.Holidays[h.Date] = true
	}
	for _, w := range workdays {
		d.Workdays[w.Date] = true
	}
	return d
}

// Kind classifies a date (YYYY-MM-DD): a holiday wins, then a make-up
// workday, then the weekday's hours. An always-open calendar has no rest days.
func (d Days) Kind(date string) string {
	switch {
	case d.Holidays[date]:
		return Holiday
	case d.Workdays[date]:
		return Workday
	case d.AlwaysOpen:
		return Workday
	}
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return RestDay
	}
	wd := int(t.Weekday())
	if wd == 0 {
		wd = 7
	}
	if d.Weekdays[wd] {
		return Workday
	}
	return RestDay
}

// Rotation is a team that takes turns: each staffed day, member i works
// Cycle[(step+i) mod len(Cycle)], where "" is a day off (休) and step
// counts the team's staffed days from Offset. E.g. three people and the
// cycle 早班, 晚班, 休 put one person on each shift every day.
type Rotation struct {
	Role    string
	UserIDs []string
	Cycle   []string
	// HolidayCycle is the holiday-reinforced pattern (节假日加强值班),
	// used instead of Cycle on holidays.
	HolidayCycle []string
	// WorksRestDays makes the team work weekends too (a 7-day duty desk);
	// otherwise rest days have nobody from it.
	WorksRestDays bool
	// Offset is the steps already taken, to continue last month's rotation.
	Offset int
}

// Pattern is every team of a unit's roster.
type Pattern struct {
	Rotations []Rotation
}

// Shift is a shift's wall-clock times (HH:MM) for generation.
type Shift struct {
	Start, End string
}

// Slot is one generated roster entry.
type Slot struct {
	Date    string
	DayKind string
	UserID  string
	ShiftID string
	Role    string
	StartAt time.Time
	EndAt   time.Time
}

// Generate lays a pattern over one month of a business calendar: workdays
// (make-up workdays included) follow each team's cycle, rest days only
// for teams that work them, holidays the reinforced cycle. Times are
// wall-clock in loc. It is pure: the result depends on the arguments alone,
// ordered by date, then team, then member. A person on duty twice at once
// is an error.
func Generate(year int, month time.Month, p Pattern, days Days, shifts map[string]Shift, loc *time.Location) ([]Slot, error) {
	if err := p.check(shifts); err != nil {
		return nil, err
	}
	first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	steps := make([]int, len(p.Rotations))
	for i, r := range p.Rotations {
		steps[i] = r.Offset
	}
	var out []Slot
	for d := first; d.Month() == month; d = d.AddDate(0, 0, 1) {
		date := d.Format(time.DateOnly)
		kind := days.Kind(date)
		for ri, r := range p.Rotations {
			cycle := r.cycleFor(kind)
			if cycle == nil {
				continue
			}
			for ui, u := range r.UserIDs {
				sid := cycle[(steps[ri]+ui)%len(cycle)]
				if sid == "" {
					continue
				}
				sh := shifts[sid]
				start, end, err := Window(date, sh.Start, sh.End, loc)
				if err != nil {
					return nil, err
				}
				out = append(out, Slot{Date: date, DayKind: kind, UserID: u, ShiftID: sid, Role: r.Role, StartAt: start, EndAt: end})
			}
			steps[ri]++
		}
	}
	if err := overlaps(out); err != nil {
		return nil, err
	}
	return out, nil
}

// cycleFor is the cycle the team follows on a day of kind; nil: not staffed.
func (r Rotation) cycleFor(kind string) []string {
	switch {
	case kind == Holiday && len(r.HolidayCycle) > 0:
		return r.HolidayCycle
	case kind == Workday, r.WorksRestDays:
		return r.Cycle
	}
	return nil
}

// check validates the pattern against the known shifts, naming each field.
func (p Pattern) check(shifts map[string]Shift) error {
	inv := &fault.Invalid{}
	add := func(loc, msg string, v any) {
		inv.Fields = append(inv.Fields, fault.FieldError{Location: "body.pattern." + loc, Message: msg, Value: v})
	}
	if len(p.Rotations) == 0 {
		add("rotations", "give at least one rotation", nil)
	}
	for i, r := range p.Rotations {
		at := fmt.Sprintf("rotations[%d].", i)
		if !slices.Contains(Roles, r.Role) {
			add(at+"role", "must be one of "+strings.Join(Roles, ", "), r.Role)
		}
		if len(r.UserIDs) == 0 {
			add(at+"user_ids", "give at least one member", nil)
		}
		seen := map[string]bool{}
		for j, u := range r.UserIDs {
			if seen[u] {
				add(fmt.Sprintf("%suser_ids[%d]", at, j), "is listed twice", u)
			}
			seen[u] = true
		}
		if r.Offset < 0 {
			add(at+"offset", "must not be negative", r.Offset)
		}
		for name, c := range map[string][]string{"cycle": r.Cycle, "holiday_cycle": r.HolidayCycle} {
			if name == "cycle" && len(c) == 0 {
				add(at+"cycle", "give at least one step", nil)
			}
			working := false
			for j, sid := range c {
				if sid == "" {
					continue
				}
				working = true
				if _, ok := shifts[sid]; !ok {
					add(fmt.Sprintf("%s%s[%d]", at, name, j), "no such shift", sid)
				}
			}
			if len(c) > 0 && !working {
				add(at+name, "has only days off", nil)
			}
		}
	}
	if len(inv.Fields) > 0 {
		sort.SliceStable(inv.Fields, func(a, b int) bool { return inv.Fields[a].Location < inv.Fields[b].Location })
		return inv
	}
	return nil
}

// overlaps refuses a roster that has someone on two shifts at once.
func overlaps(slots []Slot) error {
	byUser := map[string][]Slot{}
	for _, s := range slots {
		byUser[s.UserID] = append(byUser[s.UserID], s)
	}
	users := make([]string, 0, len(byUser))
	for u := range byUser {
		users = append(users, u)
	}
	sort.Strings(users)
	for _, u := range users {
		ss := byUser[u]
		sort.SliceStable(ss, func(i, j int) bool { return ss[i].StartAt.Before(ss[j].StartAt) })
		for i := 1; i < len(ss); i++ {
			if ss[i].StartAt.Before(ss[i-1].EndAt) {
				return fault.Field("body.pattern", fmt.Sprintf("%s would be on duty twice on %s (%s and %s overlap)",
					u, ss[i].Date, ss[i-1].ShiftID, ss[i].ShiftID), u)
			}
		}
	}
	return nil
}

// Window is a shift's start and end instants on a local date: an end at or
// before the start is on the next day (晚班 17:30–次日08:30; equal times
// are a 24-hour shift).
func Window(date, start, end string, loc *time.Location) (time.Time, time.Time, error) {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return time.Time{}, time.Time{}, fault.Field("body.date", "must be a date (YYYY-MM-DD)", date)
	}
	sm, ok := ParseClock(start)
	if !ok {
		return time.Time{}, time.Time{}, fault.Field("body.start", "must be HH:MM", start)
	}
	em, ok := ParseClock(end)
	if !ok {
		return time.Time{}, time.Time{}, fault.Field("body.end", "must be HH:MM", end)
	}
	y, m, day := d.Date()
	from := time.Date(y, m, day, sm/60, sm%60, 0, 0, loc)
	endDay := day
	if em <= sm {
		endDay++
	}
	to := time.Date(y, m, endDay, em/60, em%60, 0, 0, loc)
	return from.UTC(), to.UTC(), nil
}

// ParseClock reads HH:MM (00:00–23:59) as minutes after midnight.
func ParseClock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

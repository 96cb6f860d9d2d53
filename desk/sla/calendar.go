// Package sla is business-calendar arithmetic for service levels: when is a
// ticket due if it must be resolved within N hours of office time, and how
// much office time passed between two instants. It is pure — no clock, no
// database, no I/O beyond loading a time zone — so callers pass "now" in and
// tests never sleep.
//
// A Calendar is weekly opening hours in one IANA time zone (several spans a
// day, e.g. around a lunch break), plus holidays, which close a whole date,
// and make-up workdays (调休), which open a date — usually a weekend day —
// with the hours of another weekday.
//
// # Wall clocks and daylight saving time
//
// A span's Start and End are readings of the calendar zone's wall clock on a
// date. The span opens at the first instant the clock reads Start or later
// and closes at the first instant it reads End or later. So:
//
//   - A wall time that does not exist (02:30 in New York on the
//     spring-forward day 2026-03-08) resolves to the instant the clock jumps
//     past it (03:00 EDT): a 01:00–04:00 span lasts 2h that day, and a span
//     lying wholly inside the gap does not open at all.
//   - An ambiguous wall time (01:30 in New York on the fall-back day
//     2026-11-01) resolves to its first occurrence: a 01:00–04:00 span lasts
//     4h that day, because the hour from 01:00 to 02:00 is lived twice.
//
// This is deliberately not time.Date's normalization, which maps a gap time
// to an instant before the jump in some zones (02:30 → 01:30 EST) and an
// ambiguous time to its second occurrence in zones east of UTC. The rule
// here is the same in every zone, makes opening and closing instants
// increase with the wall time, and never counts an office open before its
// clock shows the opening time.
//
// # Limits
//
// Calendars are closed before the zero time.Time (0001-01-01 UTC) and from
// Never on. A deadline that cannot be met before Never is Never, and so is
// the next opening of a calendar that will not open again. Work is
// proportional to the holidays, make-up days and zone transitions crossed,
// not to the length of the target: whole weeks without either are skipped in
// one step.
package sla

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"kefu/ent/types"
)

// Never is the far-future instant returned when a deadline or an opening
// lies beyond every calendar (9999-12-31T23:59:59Z). It still fits RFC 3339,
// JSON and database timestamp columns, so it can be stored as a due time
// that will not fire; compare with Equal. Do not modify it.
var Never = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

const secsPerDay = 24 * 60 * 60

var (
	neverSec = Never.Unix()
	minSec   = time.Time{}.Unix() // 0001-01-01 UTC
	minTime  = time.Unix(minSec, 0)
)

// span is one opening on a day, in seconds after local midnight;
// 0 <= start < end <= 86400.
type span struct{ start, end int64 }

// Calendar is weekly opening hours in a time zone, with holidays and make-up
// workdays. It is immutable and safe for concurrent use. A nil *Calendar is
// treated as AlwaysOpen, so a service level without a business calendar
// runs on elapsed wall time; the zero Calendar is never open. Build
// calendars with New or AlwaysOpen.
type Calendar struct {
	loc      *time.Location
	always   bool
	week     [8][]span // by ISO weekday 1..7; sorted, disjoint, not touching
	weekSecs int64     // open seconds in a week without overrides or zone changes
	fullWeek bool      // every weekday open 00:00–24:00

	overrides    map[int64]int8 // day number → 0 holiday, 1..7 open with that weekday's hours
	overrideDays []int64        // keys of overrides, sorted
	lastWorkday  int64          // last make-up day, or MinInt64
}

// AlwaysOpen returns the 24×7 calendar: business time is elapsed time, in
// any zone. Results are expressed in UTC.
func AlwaysOpen() *Calendar {
	return &Calendar{loc: time.UTC, always: true}
}

// Location is the calendar's time zone; Deadline, NextOpen and NextClose
// express their results in it.
func (c *Calendar) Location() *time.Location {
	if c == nil || c.loc == nil {
		return time.UTC
	}
	return c.loc
}

// FieldError is one problem found by New, located by the JSON path of the
// offending input ("hours[2].end", "workdays[0].date") so the API can point
// an admin at it.
type FieldError struct {
	Location string
	Message  string
	Value    any
}

// InvalidError is New's validation failure. It lists every problem, not
// just the first, so a calendar import can be fixed in one pass.
type InvalidError struct {
	Fields []FieldError
}

func (e *InvalidError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Location + ": " + f.Message
	}
	return "sla: invalid calendar: " + strings.Join(parts, "; ")
}

// New builds a calendar in zone tz (an IANA name such as "Asia/Shanghai")
// from weekly hours, holidays and make-up workdays, validating all of them.
// It fails with an *InvalidError naming every bad field: an unknown zone,
// a weekday outside 1..7, a time that is not "HH:MM" (End may be "24:00",
// the end of the day), a span whose start is not before its end, spans
// overlapping on a weekday, a date that is not "YYYY-MM-DD" (years
// 1900–2999, which catches typos), a date listed twice or as both holiday
// and workday, and a make-up workday whose weekday (AsWeekday, default
// Monday) has no hours. A calendar without any hours is rejected too — use
// AlwaysOpen for 24×7. Touching spans (08:00–12:00, 12:00–13:00) merge.
func New(tz string, hours []types.Span, holidays []types.Holiday, workdays []types.Workday) (*Calendar, error) {
	var errs []FieldError
	bad := func(loc, msg string, v any) {
		errs = append(errs, FieldError{Location: loc, Message: msg, Value: v})
	}
	c := &Calendar{}

	switch tz {
	case "":
		bad("tz", "is required: an IANA time zone such as Asia/Shanghai", tz)
	case "Local":
		bad("tz", "must name a zone; Local depends on the server", tz)
	default:
		loc, err := loadLocation(tz)
		if err != nil {
			bad("tz", "is not a known IANA time zone", tz)
		} else {
			c.loc = loc
		}
	}

	if len(hours) == 0 {
		bad("hours", "needs at least one opening span (use the 24×7 calendar for round-the-clock service)", nil)
	}
	type indexed struct {
		span
		i int
	}
	var byDay [8][]indexed
	for i, h := range hours {
		at := fmt.Sprintf("hours[%d]", i)
		ok := true
		if h.Weekday < 1 || h.Weekday > 7 {
			bad(at+".weekday", "must be 1 (Monday) to 7 (Sunday)", h.Weekday)
			ok = false
		}
		start, okS := parseClock(h.Start, false)
		if !okS {
			bad(at+".start", `must be a time "HH:MM" from 00:00 to 23:59`, h.Start)
		}
		end, okE := parseClock(h.End, true)
		if !okE {
			bad(at+".end", `must be a time "HH:MM" from 00:01 to 24:00`, h.End)
		}
		if okS && okE && start >= end {
			bad(at, fmt.Sprintf("start %s is not before end %s (a span cannot cross midnight: split it at 24:00)", h.Start, h.End), h)
			ok = false
		}
		if ok && okS && okE {
			byDay[h.Weekday] = append(byDay[h.Weekday], indexed{span{start, end}, i})
		}
	}
	for wd := 1; wd <= 7; wd++ {
		spans := byDay[wd]
		slices.SortStableFunc(spans, func(a, b indexed) int { return int(a.start - b.start) })
		var merged []span
		last := -1 // index in hours of the span that ends last so far
		for _, s := range spans {
			n := len(merged)
			switch {
			case n > 0 && s.start < merged[n-1].end:
				bad(fmt.Sprintf("hours[%d]", s.i), fmt.Sprintf("overlaps hours[%d] on the same weekday", last), hours[s.i])
			case n > 0 && s.start == merged[n-1].end:
				merged[n-1].end = s.end
				last = s.i
			default:
				merged = append(merged, s.span)
				last = s.i
			}
		}
		c.week[wd] = merged
		for _, s := range merged {
			c.weekSecs += s.end - s.start
		}
	}
	c.fullWeek = true
	for wd := 1; wd <= 7; wd++ {
		if len(c.week[wd]) != 1 || c.week[wd][0] != (span{0, secsPerDay}) {
			c.fullWeek = false
		}
	}

	c.overrides = make(map[int64]int8, len(holidays)+len(workdays))
	seen := make(map[int64]string, len(holidays)+len(workdays))
	for i, h := range holidays {
		at := fmt.Sprintf("holidays[%d]", i)
		d, msg := parseDate(h.Date)
		if msg != "" {
			bad(at+".date", msg, h.Date)
			continue
		}
		if prev, dup := seen[d]; dup {
			bad(at+".date", fmt.Sprintf("%s is already listed as %s", h.Date, prev), h.Date)
			continue
		}
		seen[d] = at
		c.overrides[d] = 0
	}
	for i, w := range workdays {
		at := fmt.Sprintf("workdays[%d]", i)
		as := w.AsWeekday
		if as == 0 {
			as = 1
		}
		asOK := true
		if as < 1 || as > 7 {
			bad(at+".as_weekday", "must be 1 (Monday) to 7 (Sunday), or omitted for Monday", w.AsWeekday)
			asOK = false
		} else if len(c.week[as]) == 0 && len(hours) > 0 {
			bad(at+".as_weekday", fmt.Sprintf("%s has no opening hours, so this make-up workday would stay closed", time.Weekday(as%7)), w.AsWeekday)
			asOK = false
		}
		d, msg := parseDate(w.Date)
		if msg != "" {
			bad(at+".date", msg, w.Date)
			continue
		}
		if prev, dup := seen[d]; dup {
			what := "already listed as " + prev
			if strings.HasPrefix(prev, "holidays") {
				what = "both a holiday (" + prev + ") and a make-up workday"
			}
			bad(at+".date", w.Date+" is "+what, w.Date)
			continue
		}
		seen[d] = at
		if asOK {
			c.overrides[d] = int8(as)
		}
	}
	if len(errs) > 0 {
		return nil, &InvalidError{Fields: errs}
	}
	for d := range c.overrides {
		c.overrideDays = append(c.overrideDays, d)
	}
	slices.Sort(c.overrideDays)
	c.lastWorkday = math.MinInt64
	for d, as := range c.overrides {
		if as != 0 && d > c.lastWorkday {
			c.lastWorkday = d
		}
	}
	return c, nil
}

// zones caches loaded time zones by name: time.LoadLocation reads and
// parses zone files on every call, and a *time.Location is immutable.
var zones sync.Map

func loadLocation(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc) // only real zones, so the cache stays small
	return loc, nil
}

// parseClock reads "HH:MM" as seconds after midnight. Only an end may be
// "24:00".
func parseClock(s string, end bool) (int64, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	h := int64(s[0]-'0')*10 + int64(s[1]-'0')
	m := int64(s[3]-'0')*10 + int64(s[4]-'0')
	switch {
	case m > 59, h > 24, h == 24 && (m != 0 || !end):
		return 0, false
	case end && h == 0 && m == 0:
		return 0, false // an end of 00:00 is always before its start
	}
	return h*3600 + m*60, true
}

// parseDate reads "YYYY-MM-DD" as a day number (days since 1970-01-01), or
// explains what is wrong.
func parseDate(s string) (int64, string) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Sprintf("%q is not a date YYYY-MM-DD", s)
	}
	if y := t.Year(); y < 1900 || y > 2999 {
		return 0, fmt.Sprintf("year %d is outside 1900–2999", y)
	}
	return floorDiv(t.Unix(), secsPerDay), ""
}

// weekday is the ISO weekday (1 = Monday … 7 = Sunday) of day number d;
// day 0, 1970-01-01, was a Thursday.
func weekday(d int64) int {
	return int(floorMod(d+3, 7)) + 1
}

// spansOn is the opening spans of day number d, overrides applied.
func (c *Calendar) spansOn(d int64) []span {
	if len(c.overrides) > 0 {
		if as, ok := c.overrides[d]; ok {
			if as == 0 {
				return nil
			}
			return c.week[as]
		}
	}
	return c.week[weekday(d)]
}

// nextOverride is the first holiday or make-up day >= d, or MaxInt64.
func (c *Calendar) nextOverride(d int64) int64 {
	i, _ := slices.BinarySearch(c.overrideDays, d)
	if i == len(c.overrideDays) {
		return math.MaxInt64
	}
	return c.overrideDays[i]
}

// closedFrom reports whether the calendar never opens on day d or later:
// no weekly hours and no make-up day ahead. New rejects such calendars, but
// the check keeps every walk short whatever the hours.
func (c *Calendar) closedFrom(d int64) bool {
	return c.weekSecs == 0 && d > c.lastWorkday
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

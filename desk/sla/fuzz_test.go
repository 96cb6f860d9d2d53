package sla

import (
	"errors"
	"testing"
	"time"

	"kefu/ent/types"
)

// specFromBytes builds a valid calendar spec from fuzz bytes: byte 0 picks
// the zone; then a span count and (weekday, start, length) triples on a
// quarter-hour grid, skipping spans that would overlap; then holidays and
// make-up days as offsets in days from day number around.
func specFromBytes(data []byte, around int64) spec {
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return int(b)
	}
	loc, _ := time.LoadLocation(testZones[next()%len(testZones)])
	s := spec{tz: loc.String(), loc: loc, closed: map[int64]bool{}, asDay: map[int64]int{}}
	for range 1 + next()%8 {
		wd := next()%7 + 1
		start := int64(next()%96) * 900
		end := min(start+int64(next()%96+1)*900, secsPerDay)
		clash := false
		for _, o := range s.week[wd] {
			clash = clash || start < o[1] && o[0] < end
		}
		if clash {
			continue
		}
		s.week[wd] = append(s.week[wd], [2]int64{start, end})
		s.hours = append(s.hours, types.Span{Weekday: wd, Start: clock(start), End: clock(end)})
	}
	for range next() % 10 {
		d := around + int64(next()) - 16
		if !s.closed[d] {
			s.closed[d] = true
			s.holidays = append(s.holidays, types.Holiday{Date: date(d)})
		}
	}
	for range next() % 4 {
		d, as := around+int64(next())-16, next()%8
		if s.closed[d] || s.asDay[d] != 0 || len(s.week[max(as, 1)]) == 0 {
			continue
		}
		s.asDay[d] = max(as, 1)
		s.workdays = append(s.workdays, types.Workday{Date: date(d), AsWeekday: as})
	}
	return s
}

// FuzzDeadline checks, for calendars, starts and targets built from fuzz
// input, that Deadline never panics, round-trips through Elapsed, is never
// early, agrees with the walk that skips no weeks, and that Elapsed agrees
// with the reference model.
func FuzzDeadline(f *testing.F) {
	f.Add([]byte{2, 3, 0, 34, 36, 4, 34, 36, 6, 0, 96, 2, 20, 30, 1, 40, 5}, int64(1_772_938_800), uint32(0), int64(4*time.Hour))
	f.Add([]byte{1, 1, 4, 34, 36, 7, 16, 17, 18, 19, 20, 21, 22, 2, 26, 6}, int64(1_790_751_600), uint32(5), int64(30*24*time.Hour))
	f.Add([]byte{6, 2, 6, 8, 8, 6, 4, 4}, int64(1_775_325_600), uint32(999_999_999), int64(time.Hour))
	// Apia skipped 2011-12-30; São Paulo and Havana change at midnight.
	f.Add([]byte{11, 1, 2, 0, 95}, int64(1_325_030_400), uint32(0), int64(48*time.Hour))
	f.Add([]byte{10, 1, 6, 0, 8}, int64(1_541_289_600), uint32(0), int64(3*time.Hour))
	f.Add([]byte{12, 2, 6, 0, 95, 0, 0, 95}, int64(1_772_928_000), uint32(1), int64(30*time.Hour))
	f.Fuzz(func(t *testing.T, data []byte, startSec int64, nanos uint32, target int64) {
		// Starts in 1990–2060, targets up to 120 days.
		lo, hi := int64(631_152_000), int64(2_871_763_200)
		start := time.Unix(lo+floorMod(startSec, hi-lo), int64(nanos%1e9))
		d := time.Duration(floorMod(target, int64(120*24*time.Hour)))
		s := specFromBytes(data, floorDiv(start.Unix(), secsPerDay))
		if len(s.hours) == 0 {
			return
		}
		c, err := New(s.tz, s.hours, s.holidays, s.workdays)
		if err != nil {
			t.Fatalf("New rejected a valid spec: %v", err)
		}
		start = start.In(s.loc)
		e := Deadline(c, start, d)
		if e.Equal(Never) {
			t.Fatalf("Never: %v + %v on %v", start, d, s.hours)
		}
		if e.Before(start) {
			t.Fatalf("deadline %v before start %v", e, start)
		}
		if got := Elapsed(c, start, e); got != d {
			t.Fatalf("Elapsed(start, Deadline(start, %v)) = %v; start %v deadline %v hours %v", d, got, start, e, s.hours)
		}
		if d > 0 {
			if !c.IsOpen(e.Add(-time.Nanosecond)) {
				t.Fatalf("closed just before the deadline %v", e)
			}
			if got := Elapsed(c, start, e.Add(-time.Nanosecond)); got >= d {
				t.Fatalf("target reached before the deadline: %v", got)
			}
		}
		if plain := deadline(c, start, d, false); !plain.Equal(e) {
			t.Fatalf("skipping weeks: %v, day by day: %v", e, plain)
		}
		if a, b := Elapsed(c, start, e.Add(time.Hour)), elapsed(c, start, e.Add(time.Hour), false); a != b {
			t.Fatalf("Elapsed skipping weeks %v, day by day %v", a, b)
		}
		open := c.NextOpen(start)
		if open.Before(start) || !c.IsOpen(open) || Elapsed(c, start, open) != 0 {
			t.Fatalf("NextOpen(%v) = %v", start, open)
		}
		if close := c.NextClose(open); !close.After(open) || c.IsOpen(close) || Elapsed(c, open, close) != close.Sub(open) {
			t.Fatalf("NextClose(%v) = %v", open, close)
		}
		to := start.Add(36 * time.Hour)
		if got, want := Elapsed(c, start, to), s.refElapsed(start, to); got != want {
			t.Fatalf("Elapsed(%v, %v) = %v, reference %v, hours %v", start, to, got, want, s.hours)
		}
	})
}

// FuzzNew feeds New arbitrary strings and numbers: it must return a usable
// calendar or an *InvalidError that locates each problem — never panic.
func FuzzNew(f *testing.F) {
	f.Add("Asia/Shanghai", 1, "08:30", "17:30", "2026-10-01", "2026-10-10", 0)
	f.Add("America/New_York", 7, "00:00", "24:00", "2026-02-29", "2026-13-01", 9)
	f.Add("", 0, "24:00", "00:00", "", "", -1)
	f.Add("UTC", 3, "9:00", "17:00", "2026-1-1", "2026-01-01", 7)
	f.Add("Europe/London", 2, "23:59", "24:00", "1899-12-31", "3000-01-01", 2)
	f.Add("Local", 1, "12:00", "12:00", "2026-10-10", "2026-10-10", 1)
	f.Fuzz(func(t *testing.T, tz string, wd int, start, end, holiday, workday string, as int) {
		c, err := New(tz,
			[]types.Span{{Weekday: wd, Start: start, End: end}, {Weekday: 1, Start: "09:00", End: "10:00"}},
			[]types.Holiday{{Date: holiday}},
			[]types.Workday{{Date: workday, AsWeekday: as}})
		if err != nil {
			var inv *InvalidError
			if !errors.As(err, &inv) || len(inv.Fields) == 0 {
				t.Fatalf("error %T %v, want *InvalidError with fields", err, err)
			}
			for _, fe := range inv.Fields {
				if fe.Location == "" || fe.Message == "" {
					t.Fatalf("unlocated problem %+v", fe)
				}
			}
			return
		}
		if c == nil {
			t.Fatal("nil calendar without an error")
		}
		at := time.Date(2026, 11, 20, 17, 0, 0, 0, time.UTC)
		e := Deadline(c, at, 4*time.Hour)
		if e.Before(at) || e.Equal(Never) || Elapsed(c, at, e) != 4*time.Hour {
			t.Fatalf("Deadline = %v on a calendar New accepted", e)
		}
		_ = c.IsOpen(at)
		_ = c.NextClose(c.NextOpen(at))
	})
}

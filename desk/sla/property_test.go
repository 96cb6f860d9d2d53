package sla

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"kefu/ent/types"
)

// Zones with something to test: no DST, ordinary DST both sides of UTC,
// half-hour and 45-minute offsets and shifts, negative DST (Dublin),
// midnight transitions (Havana, Santiago, Sao Paulo until 2019), a skipped
// day (Apia 2011-12-30) and frequent changes (Casablanca around Ramadan).
var testZones = []string{
	"UTC", "Asia/Shanghai", "America/New_York", "Europe/London", "Europe/Dublin",
	"Australia/Sydney", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns",
	"Pacific/Chatham", "America/Sao_Paulo", "Pacific/Apia", "America/Havana",
	"Africa/Casablanca", "Asia/Tehran", "America/Santiago",
}

// refAt is an independent, slow model of walker.at: the first instant at
// which loc's clock reads wall or later, found from offsets sampled every
// half hour (modern zones change at most once in that time) rather than
// from ZoneBounds. The clock reads wall either at an instant whose own
// offset makes it so, or skips it in a forward jump; the answer is the
// earliest of those.
func refAt(loc *time.Location, wall int64) int64 {
	off := func(x int64) int64 {
		_, o := time.Unix(x, 0).In(loc).Zone()
		return int64(o)
	}
	best := int64(1<<63 - 1)
	seen := map[int64]bool{}
	const step = 1800
	prev := wall - 16*3600
	prevOff := off(prev)
	for t := prev + step; t <= wall+16*3600; t += step {
		o := off(t)
		for _, c := range []int64{prevOff, o} {
			if !seen[c] {
				seen[c] = true
				if x := wall - c; off(x) == c {
					best = min(best, x)
				}
			}
		}
		if o != prevOff {
			lo, hi := prev, t // off(lo) == prevOff, off(hi) == o
			for hi-lo > 1 {
				if mid := lo + (hi-lo)/2; off(mid) == prevOff {
					lo = mid
				} else {
					hi = mid
				}
			}
			if before := off(hi - 1); o > before && hi+before <= wall && wall < hi+o {
				best = min(best, hi) // the clock jumps over wall at hi
			}
		}
		prev, prevOff = t, o
	}
	return best
}

// spec is a randomly generated calendar, kept in a form the reference
// model reads without going through New.
type spec struct {
	tz       string
	loc      *time.Location
	week     [8][][2]int64 // seconds after midnight
	closed   map[int64]bool
	asDay    map[int64]int
	hours    []types.Span
	holidays []types.Holiday
	workdays []types.Workday
}

func clock(s int64) string { return fmt.Sprintf("%02d:%02d", s/3600, s/60%60) }

func date(d int64) string { return time.Unix(d*secsPerDay, 0).UTC().Format(time.DateOnly) }

// randomSpec draws a calendar: up to three spans on most weekdays, on a
// quarter-hour grid that favours the small hours (where DST happens), and
// holidays and make-up days near day number around.
func randomSpec(r *rand.Rand, loc *time.Location, around int64) spec {
	s := spec{tz: loc.String(), loc: loc, closed: map[int64]bool{}, asDay: map[int64]int{}}
	for wd := 1; wd <= 7; wd++ {
		if r.IntN(10) < 3 {
			continue
		}
		n := 1 + r.IntN(3)
		var pts []int64
		for len(pts) < 2*n {
			var v int64
			if r.IntN(3) == 0 {
				v = int64(r.IntN(5*4+1)) * 900 // 00:00–05:00
			} else {
				v = int64(r.IntN(96+1)) * 900
			}
			if !slices.Contains(pts, v) {
				pts = append(pts, v)
			}
		}
		slices.Sort(pts)
		for i := 0; i < len(pts); i += 2 {
			s.week[wd] = append(s.week[wd], [2]int64{pts[i], pts[i+1]})
			s.hours = append(s.hours, types.Span{Weekday: wd, Start: clock(pts[i]), End: clock(pts[i+1])})
		}
	}
	if len(s.hours) == 0 {
		s.week[1] = [][2]int64{{9 * 3600, 17 * 3600}}
		s.hours = []types.Span{{Weekday: 1, Start: "09:00", End: "17:00"}}
	}
	for range r.IntN(12) {
		d := around + int64(r.IntN(120)) - 30
		if !s.closed[d] {
			s.closed[d] = true
			s.holidays = append(s.holidays, types.Holiday{Date: date(d)})
		}
	}
	for range r.IntN(5) {
		d := around + int64(r.IntN(120)) - 30
		as := r.IntN(8)
		eff := max(as, 1)
		if s.closed[d] || s.asDay[d] != 0 || len(s.week[eff]) == 0 {
			continue
		}
		s.asDay[d] = eff
		s.workdays = append(s.workdays, types.Workday{Date: date(d), AsWeekday: as})
	}
	return s
}

func (s spec) spans(d int64) [][2]int64 {
	if s.closed[d] {
		return nil
	}
	if as := s.asDay[d]; as != 0 {
		return s.week[as]
	}
	return s.week[weekday(d)]
}

func (s spec) dayOf(t time.Time) int64 {
	_, o := t.In(s.loc).Zone()
	return floorDiv(t.Unix()+int64(o), secsPerDay)
}

// refOpen and refElapsed model IsOpen and Elapsed with refAt.
func (s spec) refOpen(t time.Time) bool {
	for d := s.dayOf(t) - 1; d <= s.dayOf(t)+2; d++ {
		for _, sp := range s.spans(d) {
			a, b := refAt(s.loc, d*secsPerDay+sp[0]), refAt(s.loc, d*secsPerDay+sp[1])
			if !time.Unix(a, 0).After(t) && time.Unix(b, 0).After(t) {
				return true
			}
		}
	}
	return false
}

func (s spec) refElapsed(from, to time.Time) time.Duration {
	var sum time.Duration
	for d := s.dayOf(from) - 1; d <= s.dayOf(to)+2; d++ {
		for _, sp := range s.spans(d) {
			a, b := time.Unix(refAt(s.loc, d*secsPerDay+sp[0]), 0), time.Unix(refAt(s.loc, d*secsPerDay+sp[1]), 0)
			if a.Before(from) {
				a = from
			}
			if b.After(to) {
				b = to
			}
			if b.After(a) {
				sum += b.Sub(a)
			}
		}
	}
	return sum
}

// randomInstant is in 2008–2030, half the time within two days of one of
// the zone's transitions, with random nanoseconds.
func randomInstant(r *rand.Rand, loc *time.Location) time.Time {
	lo, hi := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	t := time.Unix(lo+r.Int64N(hi-lo), r.Int64N(1e9))
	if r.IntN(2) == 0 {
		if _, end := t.In(loc).ZoneBounds(); !end.IsZero() {
			t = end.Add(time.Duration(r.Int64N(4*secsPerDay)-2*secsPerDay) * time.Second)
			if r.IntN(2) == 0 {
				t = t.Truncate(15 * time.Minute)
			}
		}
	}
	return t.In(loc)
}

func randomTarget(r *rand.Rand) time.Duration {
	switch r.IntN(4) {
	case 0:
		return time.Duration(r.Int64N(int64(4 * time.Hour)))
	case 1:
		return time.Duration(r.Int64N(4*3600)+1) * 15 * time.Second
	case 2:
		return time.Duration(r.Int64N(int64(60 * 24 * time.Hour)))
	default:
		return time.Duration(r.Int64N(8)+1) * time.Hour
	}
}

func TestAtMatchesReference(t *testing.T) {
	for _, tz := range testZones {
		loc := mustLoad(t, tz)
		c := &Calendar{loc: loc}
		// Every quarter hour of the days around each transition of
		// 2008–2030, through one walker (as walks do) and fresh ones.
		from := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
		walk := newWalker(c)
		checked := 0
		for x := from; x.Year() < 2031; {
			_, end := x.In(loc).ZoneBounds()
			if end.IsZero() {
				break
			}
			d := floorDiv(end.Unix(), secsPerDay)
			for wall := (d - 2) * secsPerDay; wall <= (d+2)*secsPerDay; wall += 900 {
				fresh := newWalker(c)
				want := refAt(loc, wall)
				if got := walk.at(wall); got != want {
					t.Fatalf("%s: at(%s) = %s on a walk, want %s", tz, time.Unix(wall, 0).UTC().Format("2006-01-02 15:04"), time.Unix(got, 0).In(loc), time.Unix(want, 0).In(loc))
				}
				if got := fresh.at(wall); got != want {
					t.Fatalf("%s: at(%s) = %s, want %s", tz, time.Unix(wall, 0).UTC().Format("2006-01-02 15:04"), time.Unix(got, 0).In(loc), time.Unix(want, 0).In(loc))
				}
				checked++
			}
			x = end
		}
		// Around New Year of leap years served by TZ rules, where
		// ZoneBounds misreports (golang/go#81583), and far ahead.
		for _, y := range []int{2040, 2041, 2088, 2400, 9996} {
			d := floorDiv(time.Date(y, 12, 30, 0, 0, 0, 0, time.UTC).Unix(), secsPerDay)
			for wall := d * secsPerDay; wall <= (d+3)*secsPerDay; wall += 1800 {
				if got, want := walk.at(wall), refAt(loc, wall); got != want {
					t.Fatalf("%s: at(%s) = %d, want %d", tz, time.Unix(wall, 0).UTC(), got, want)
				}
			}
		}
		if tz != "UTC" && tz != "Asia/Shanghai" && checked == 0 {
			t.Errorf("%s: no transitions checked", tz)
		}
	}
}

// Properties of Deadline, Elapsed, IsOpen, NextOpen and NextClose over
// random calendars, instants and targets, and agreement with the reference
// model and with the day-by-day walk that skips no weeks.
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 11))
	n := 300
	if testing.Short() {
		n = 60
	}
	for i := range n {
		loc := mustLoad(t, testZones[r.IntN(len(testZones))])
		base := randomInstant(r, loc)
		_, o := base.Zone()
		s := randomSpec(r, loc, floorDiv(base.Unix()+int64(o), secsPerDay))
		c, err := New(s.tz, s.hours, s.holidays, s.workdays)
		if err != nil {
			t.Fatalf("#%d New: %v", i, err)
		}
		name := fmt.Sprintf("#%d %s %v holidays=%d workdays=%d", i, s.tz, s.hours, len(s.holidays), len(s.workdays))
		// Starts near base (and its zone transition, half the time), where
		// the holidays and make-up days are.
		for range 6 {
			start := base.Add(time.Duration(r.Int64N(int64(4*24*time.Hour))) - 2*24*time.Hour)
			if r.IntN(2) == 0 {
				start = base.Add(time.Duration(r.Int64N(int64(80*24*time.Hour))) - 20*24*time.Hour)
			}
			if r.IntN(3) == 0 {
				start = start.Truncate(15 * time.Minute)
			}
			d1, d2 := randomTarget(r), randomTarget(r)
			if d1 > d2 {
				d1, d2 = d2, d1
			}
			e1, e2 := Deadline(c, start, d1), Deadline(c, start, d2)
			if e1.Equal(Never) || e2.Equal(Never) {
				t.Fatalf("%s: Never within %v of %v", name, d2, start)
			}
			check := func(what string, ok bool) {
				t.Helper()
				if !ok {
					t.Fatalf("%s: start %v (%s) targets %v %v deadlines %v %v: %s", name, start, start.UTC(), d1, d2, e1, e2, what)
				}
			}
			check("deadline before start", !e1.Before(start))
			check("not monotonic in the target", !e2.Before(e1))
			check("round trip 1", Elapsed(c, start, e1) == d1)
			check("round trip 2", Elapsed(c, start, e2) == d2)
			check("additive", Elapsed(c, start, e1)+Elapsed(c, e1, e2) == Elapsed(c, start, e2))
			check("elapsed beyond wall time", Elapsed(c, start, e2) <= e2.Sub(start))
			check("skipping weeks changes the deadline", deadline(c, start, d2, false).Equal(e2))
			check("skipping weeks changes elapsed", elapsed(c, start, e2.Add(time.Hour), false) == Elapsed(c, start, e2.Add(time.Hour)))
			if d1 > 0 {
				check("closed just before the deadline", c.IsOpen(e1.Add(-time.Nanosecond)))
				check("reached early", Elapsed(c, start, e1.Add(-time.Nanosecond)) < d1)
			} else {
				check("zero target moved", e1.Equal(start))
			}
			later := start.Add(time.Duration(r.Int64N(int64(72 * time.Hour))))
			check("not monotonic in the start", !Deadline(c, later, d1).Before(e1))

			// Opening and closing.
			open := c.NextOpen(start)
			check("NextOpen before t", !open.Before(start))
			check("NextOpen closed", c.IsOpen(open))
			check("time passes before NextOpen", Elapsed(c, start, open) == 0)
			check("NextOpen moved an open t", !c.IsOpen(start) || open.Equal(start))
			if d1 > 0 {
				check("deadline before the opening", e1.After(open))
			}
			close := c.NextClose(open)
			check("NextClose not after an opening", close.After(open))
			check("open at NextClose", !c.IsOpen(close))
			check("closed before NextClose", Elapsed(c, open, close) == close.Sub(open))
			check("NextClose of a closed instant", !c.IsOpen(close) && c.NextClose(close).Equal(close))

			// The reference model, on a short range around start.
			from := start.Add(-time.Duration(r.Int64N(int64(48 * time.Hour))))
			to := start.Add(time.Duration(r.Int64N(int64(96 * time.Hour))))
			check("Elapsed disagrees with the reference", Elapsed(c, from, to) == s.refElapsed(from, to))
			check("IsOpen disagrees with the reference", c.IsOpen(start) == s.refOpen(start))
			check("IsOpen at the deadline disagrees with the reference", c.IsOpen(e1) == s.refOpen(e1))
		}
	}
}

package sla

import (
	"math"
	"time"
)

// Deadline is the instant at which target of business time on cal has
// passed since start: the due time of a service level such as "resolve
// within PT4H of office hours". It exists so due times are computed once,
// stored, and fired exactly — never before the business time has elapsed.
//
// The clock runs only while cal is open; a start outside opening hours
// starts it at the next opening. The deadline is the exact instant the time
// runs out, so when an opening ends just as it does, the deadline is that
// closing instant, not the next opening. A target of zero or less returns
// start itself (in cal's zone), open or not: nothing is owed, so it is due
// at once. A deadline that cannot be met before Never is Never. The result
// is in cal's zone; Elapsed(cal, start, Deadline(cal, start, d)) == d.
func Deadline(cal *Calendar, start time.Time, target time.Duration) time.Time {
	return deadline(cal, start, target, true)
}

func deadline(c *Calendar, start time.Time, target time.Duration, skip bool) time.Time {
	if target <= 0 {
		return start.In(c.Location())
	}
	if start.Before(minTime) {
		start = minTime
	}
	if !start.Before(Never) {
		return Never
	}
	if c == nil || c.always {
		if target >= Never.Sub(start) {
			return Never
		}
		return start.Add(target).In(c.Location())
	}
	w := newWalker(c)
	notBefore := ceilSec(start)
	remaining := target
	var buf [8]interval
	for d := w.dayOf(start); ; d++ {
		if w.dayStart(d) >= neverSec || c.closedFrom(d) {
			return Never
		}
		if skip {
			if k := w.weeks(c, d, notBefore, neverSec); k > 0 {
				if c.weekSecs > 0 {
					// Leave the week the deadline falls in to the day walk.
					k = min(k, int64((remaining-1)/seconds(c.weekSecs)))
				}
				if k > 0 {
					remaining -= seconds(k * c.weekSecs)
					d += 7*k - 1
					continue
				}
			}
		}
		for _, v := range w.day(c, d, buf[:0]) {
			b := time.Unix(v.b, 0)
			if !b.After(start) {
				continue
			}
			a := time.Unix(v.a, 0)
			if a.Before(start) {
				a = start
			}
			avail := b.Sub(a)
			if remaining <= avail {
				return a.Add(remaining).In(c.Location())
			}
			remaining -= avail
		}
	}
}

// Elapsed is the business time on cal between from and to: how much of a
// service level's target has been used up, e.g. to show "2h10m of 4h" or to
// carry the remainder over when a ticket is paused. It is zero when to is
// not after from, and saturates at the largest Duration (about 292 years).
func Elapsed(cal *Calendar, from, to time.Time) time.Duration {
	return elapsed(cal, from, to, true)
}

func elapsed(c *Calendar, from, to time.Time, skip bool) time.Duration {
	if from.Before(minTime) {
		from = minTime
	}
	if to.After(Never) {
		to = Never
	}
	if !to.After(from) {
		return 0
	}
	if c == nil || c.always {
		return to.Sub(from)
	}
	var sum time.Duration
	add := func(d time.Duration) {
		if sum > math.MaxInt64-d {
			sum = math.MaxInt64
		} else {
			sum += d
		}
	}
	w := newWalker(c)
	notBefore, notAfter := ceilSec(from), to.Unix()
	var buf [8]interval
	for d := w.dayOf(from); sum < math.MaxInt64; d++ {
		if !time.Unix(w.dayStart(d), 0).Before(to) || c.closedFrom(d) {
			break
		}
		if skip {
			if k := w.weeks(c, d, notBefore, notAfter); k > 0 {
				add(seconds(k * c.weekSecs))
				d += 7*k - 1
				continue
			}
		}
		for _, v := range w.day(c, d, buf[:0]) {
			a, b := time.Unix(v.a, 0), time.Unix(v.b, 0)
			if a.Before(from) {
				a = from
			}
			if b.After(to) {
				b = to
			}
			if b.After(a) {
				add(b.Sub(a))
			}
		}
	}
	return sum
}

// IsOpen reports whether the calendar is open at t, i.e. whether business
// time is running — for showing a paused SLA clock or routing "after hours".
func (c *Calendar) IsOpen(t time.Time) bool {
	if t.Before(minTime) || !t.Before(Never) {
		return false
	}
	if c == nil || c.always {
		return true
	}
	w := newWalker(c)
	d := w.dayOf(t)
	var buf [8]interval
	for i := range int64(3) { // a back step of the clock can push t past its date's openings
		for _, v := range w.day(c, d+i, buf[:0]) {
			if time.Unix(v.a, 0).After(t) {
				return false
			}
			if time.Unix(v.b, 0).After(t) {
				return true
			}
		}
	}
	return false
}

// NextOpen is the first instant at or after t when the calendar is open:
// t itself if open, else the next opening — when the SLA clock resumes, or
// when to schedule a callback "during office hours". It is Never if the
// calendar does not open again. The result is in the calendar's zone.
func (c *Calendar) NextOpen(t time.Time) time.Time {
	if t.Before(minTime) {
		t = minTime
	}
	if !t.Before(Never) {
		return Never
	}
	if c == nil || c.always {
		return t.In(c.Location())
	}
	w := newWalker(c)
	var buf [8]interval
	for d := w.dayOf(t); ; d++ {
		if w.dayStart(d) >= neverSec || c.closedFrom(d) {
			return Never
		}
		for _, v := range w.day(c, d, buf[:0]) {
			if !time.Unix(v.b, 0).After(t) {
				continue
			}
			if a := time.Unix(v.a, 0); a.After(t) {
				return a.In(c.Location())
			}
			return t.In(c.Location())
		}
	}
}

// NextClose is the first instant at or after t when the calendar is
// closed: t itself if closed, else the end of the opening (openings that
// touch, such as 24:00 and the next day's 00:00, run on) — when the SLA
// clock will pause next. It is Never if the calendar stays open until Never,
// as AlwaysOpen does. The result is in the calendar's zone.
func (c *Calendar) NextClose(t time.Time) time.Time {
	if !c.IsOpen(t) {
		return t.In(c.Location())
	}
	if c == nil || c.always {
		return Never
	}
	w := newWalker(c)
	end := int64(math.MinInt64) // end of the opening holding t, once found
	var buf [8]interval
	for d := w.dayOf(t); ; d++ {
		ds := w.dayStart(d)
		if ds >= neverSec || end != math.MinInt64 && ds > end {
			break
		}
		if c.fullWeek && end == ds {
			if k := w.weeks(c, d, math.MinInt64, neverSec); k > 0 {
				end = w.dayStart(d + 7*k)
				d += 7*k - 1
				continue
			}
		}
		for _, v := range w.day(c, d, buf[:0]) {
			switch {
			case end == math.MinInt64:
				if time.Unix(v.b, 0).After(t) {
					end = v.b // t is open, so this opening holds it
				}
			case v.a > end:
				return time.Unix(end, 0).In(c.Location())
			default:
				end = v.b
			}
		}
	}
	if end >= neverSec {
		return Never
	}
	return time.Unix(end, 0).In(c.Location())
}

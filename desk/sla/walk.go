package sla

import (
	"math"
	"time"
)

// margin exceeds any difference between two UTC offsets a zone has ever
// used (about 32h, from −15:56 to +15:13 of historical local mean time). An
// instant that far inside a zone period cannot also be the reading of a
// neighbouring period, so it resolves with the period's offset alone.
const margin = 2 * secsPerDay

// interval is an opening in Unix seconds, half-open [a, b).
type interval struct{ a, b int64 }

// walker turns wall-clock readings into instants for one calendar walk. It
// caches the zone period it last used, so walking day by day costs a few
// integer operations per span except within two days of a zone change.
// A walker belongs to one call; Calendar itself stays immutable.
type walker struct {
	loc    *time.Location
	off    int64 // UTC offset (seconds) of the cached zone period
	lo, hi int64 // instants in [lo, hi) are resolved by off alone
}

func newWalker(c *Calendar) walker {
	return walker{loc: c.loc, lo: math.MaxInt64, hi: math.MinInt64}
}

// dayOf is the day number (days since 1970-01-01) of t's wall-clock date.
// No opening of an earlier day ends after t.
func (w *walker) dayOf(t time.Time) int64 {
	_, off := t.In(w.loc).Zone()
	return floorDiv(t.Unix()+int64(off), secsPerDay)
}

// at resolves a wall-clock reading — seconds since 1970-01-01 00:00 on the
// local clock — to the first instant (Unix seconds) at which the clock reads
// it or later. See the package comment for why not time.Date.
func (w *walker) at(wall int64) int64 {
	if x := wall - w.off; x >= w.lo && x < w.hi {
		return x
	}
	return w.resolve(wall)
}

// resolve is at's slow path. Within one zone period the clock runs with
// the instant, so the first instant of a period reading at least wall is
// max(start, wall-offset) if that is before the period ends; the answer is
// the first period that has one. It starts two periods before the guess so
// an earlier reading (a repeated hour) is not missed.
var nResolve int
func (w *walker) resolve(wall int64) int64 {
	nResolve++
	_, o := time.Unix(wall, 0).In(w.loc).Zone()
	guess := wall - int64(o)
	p := guess
	for range 2 {
		ps, _, _ := w.period(p)
		if ps == math.MinInt64 {
			break
		}
		p = ps - 1
	}
	for range 16 {
		ps, pe, off := w.period(p)
		if x := max(ps, wall-off); x < pe {
			w.off, w.lo, w.hi = off, math.MinInt64, math.MaxInt64
			if ps != math.MinInt64 {
				w.lo = ps + margin
			}
			if pe != math.MaxInt64 {
				w.hi = pe - margin
			}
			return x
		}
		if pe <= p {
			break
		}
		p = pe
	}
	return guess // not reached with real zone data
}

// period is the zone period containing instant x: its bounds (MinInt64 and
// MaxInt64 when unbounded) and UTC offset.
func (w *walker) period(x int64) (ps, pe, off int64) {
	t := time.Unix(x, 0).In(w.loc)
	_, o := t.Zone()
	s, e := t.ZoneBounds()
	ps, pe = math.MinInt64, math.MaxInt64
	if !s.IsZero() {
		ps = s.Unix()
	}
	if !e.IsZero() {
		pe = e.Unix()
	}
	return ps, pe, int64(o)
}

// dayStart is the instant day d begins (its 00:00 resolved). Openings of
// day d and later start no earlier.
func (w *walker) dayStart(d int64) int64 { return w.at(d * secsPerDay) }

// day appends the openings of day d to buf: sorted, disjoint, non-empty and
// inside [minSec, neverSec). Openings of successive days follow each other.
func (w *walker) day(c *Calendar, d int64, buf []interval) []interval {
	base := d * secsPerDay
	for _, s := range c.spansOn(d) {
		a := max(w.at(base+s.start), minSec)
		b := min(w.at(base+s.end), neverSec)
		if a < b {
			buf = append(buf, interval{a, b})
		}
	}
	return buf
}

// weeks is how many whole weeks starting with day d can be taken in one
// step, because they are plain: no holiday or make-up day falls in them and
// every reading resolves with the cached offset (no zone change near), so
// they hold exactly weekSecs of opening each. The weeks must also start at
// or after notBefore and end by notAfter (Unix seconds).
func (w *walker) weeks(c *Calendar, d, notBefore, notAfter int64) int64 {
	first := d*secsPerDay - w.off
	if first < w.lo || first < notBefore {
		return 0
	}
	end := min(c.nextOverride(d), floorDiv(notAfter+w.off, secsPerDay))
	if w.hi != math.MaxInt64 {
		end = min(end, floorDiv(w.hi-1+w.off, secsPerDay))
	}
	if end <= d {
		return 0
	}
	return (end - d) / 7
}

// ceilSec is the first whole Unix second at or after t.
func ceilSec(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// seconds converts whole seconds to a Duration, saturating.
func seconds(s int64) time.Duration {
	if s > math.MaxInt64/int64(time.Second) {
		return math.MaxInt64
	}
	return time.Duration(s) * time.Second
}

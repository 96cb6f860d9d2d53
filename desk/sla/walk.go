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
var debugResolve bool
func (w *walker) resolve(wall int64) int64 {
	nResolve++
	if nResolve > 20000 && nResolve < 20012 && debugResolve { println(time.Unix(wall,0).UTC().String(), time.Unix(w.lo,0).UTC().String(), time.Unix(w.hi,0).UTC().String(), w.off) }
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

// period is a stretch of time around instant x during which the UTC offset
// stays what it is at x: its bounds (MinInt64 and MaxInt64 when unbounded)
// and the offset. Neighbouring zone periods with the same offset are merged
// (Go splits rule-based years at New Year), so the stretch is usually a
// whole half-year of standard or daylight time.
func (w *walker) period(x int64) (ps, pe, off int64) {
	off = w.offset(x)
	ps, pe = w.bounds(x, off)
	for range 4 {
		if pe == math.MaxInt64 || w.offset(pe) != off {
			break
		}
		_, pe = w.bounds(pe, off)
	}
	for range 4 {
		if ps == math.MinInt64 || w.offset(ps-1) != off {
			break
		}
		ps, _ = w.bounds(ps-1, off)
	}
	return ps, pe, off
}

// offset is the zone's UTC offset at instant x, in seconds.
func (w *walker) offset(x int64) int64 {
	_, o := time.Unix(x, 0).In(w.loc).Zone()
	return int64(o)
}

// bounds is the zone period holding x, whose offset is off, as reported by
// time.Time.ZoneBounds when that is sound. It is not always: for the last
// UTC day of a leap year served by a zone's TZ rule (after its last listed
// transition, e.g. New York on 2040-12-31) ZoneBounds returns an end before
// x (golang/go#81583). Then the period is found by probing the offset hour
// by hour up to two days each way; a shorter, probed period is still a
// stretch of constant offset, which is all the callers need.
func (w *walker) bounds(x, off int64) (ps, pe int64) {
	s, e := time.Unix(x, 0).In(w.loc).ZoneBounds()
	ps, pe = math.MinInt64, math.MaxInt64
	if !s.IsZero() {
		ps = s.Unix()
	}
	if !e.IsZero() {
		pe = e.Unix()
	}
	if ps <= x && x < pe &&
		(ps == math.MinInt64 || w.offset(ps) == off) &&
		(pe == math.MaxInt64 || w.offset(pe-1) == off) {
		return ps, pe
	}
	return w.probe(x, off, -1), w.probe(x, off, 1)
}

// probe looks from x in direction dir (+1 or -1) for where the offset
// stops being off, at most two days away: forward it returns the first
// instant with another offset, backward the first instant of the run that
// holds x (or the probe's limit).
func (w *walker) probe(x, off, dir int64) int64 {
	const step = 3600
	last := x // furthest instant known to have offset off
	for last != x+dir*2*secsPerDay {
		next := last + dir*step
		if w.offset(next) != off {
			// The change lies between last and next: bisect to the second.
			for lo, hi := last, next; ; {
				if hi-lo == dir {
					last = lo
					break
				}
				mid := lo + (hi-lo)/2
				if w.offset(mid) == off {
					lo = mid
				} else {
					hi = mid
				}
			}
			break
		}
		last = next
	}
	if dir > 0 {
		return last + 1
	}
	return last
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

package sla

import (
	"math"
	"time"
)

// margin exceeds any difference between two UTC offsets: they lie within
// ±16h, the local mean times of tzdata's early history included. A
// reading that resolves at least margin after the start of a stretch of
// constant offset cannot have been read earlier, before the stretch.
const margin = 2 * secsPerDay

// interval is an opening in Unix seconds, half-open [a, b).
type interval struct{ a, b int64 }

// tile is a stretch [ps, pe) of Unix seconds during which the zone's UTC
// offset is off; ps is MinInt64 and pe MaxInt64 when unbounded.
type tile struct{ ps, pe, off int64 }

// walker turns wall-clock readings into instants for one calendar walk. It
// keeps the zone's offsets for a few years around the readings it was asked
// about as a list of tiles, so resolving a reading is integer arithmetic
// except when the walk leaves the list. A walker belongs to one call;
// Calendar itself stays immutable.
type walker struct {
	loc   *time.Location
	tiles []tile // consecutive, in order
	cur   int    // tile of the last reading resolved by a scan
	buf   [16]tile
}

func newWalker(c *Calendar) walker { return walker{loc: c.Location()} }

// dayOf is the day number (days since 1970-01-01) of t's wall-clock date.
// No opening of an earlier day ends after t.
func (w *walker) dayOf(t time.Time) int64 {
	_, off := t.In(w.loc).Zone()
	return floorDiv(t.Unix()+int64(off), secsPerDay)
}

// at resolves a wall-clock reading — seconds since 1970-01-01 00:00 on the
// local clock — to the first instant (Unix seconds) at which the clock reads
// it or later. See the package comment for why not time.Date.
//
// Within a tile the clock runs with the instant, so a tile's first instant
// reading at least wall is max(ps, wall-off) if that is before pe; the
// answer is the first tile that has one. An answer at least margin after
// the start of the list cannot be undercut by an unlisted earlier tile.
func (w *walker) at(wall int64) int64 {
	if w.cur < len(w.tiles) {
		t := w.tiles[w.cur]
		if x := wall - t.off; x < t.pe && (t.ps == math.MinInt64 || x >= t.ps+margin) {
			return x
		}
	}
	for range 2 {
		if x, ok := w.scan(wall); ok {
			return x
		}
		w.load(wall)
	}
	return wall - w.offset(wall) // not reached with real zone data
}

func (w *walker) scan(wall int64) (int64, bool) {
	if len(w.tiles) == 0 {
		return 0, false
	}
	first := w.tiles[0].ps
	for i, t := range w.tiles {
		if x := max(t.ps, wall-t.off); x < t.pe {
			if first != math.MinInt64 && x < first+margin {
				return 0, false
			}
			w.cur = i
			return x, true
		}
	}
	return 0, false
}

// load replaces the tiles with those from four days before the reading's
// rough instant to a few years after it (or the first unbounded tile).
func (w *walker) load(wall int64) {
	guess := wall - w.offset(wall)
	w.tiles, w.cur = w.buf[:0], 0
	for p := guess - 4*secsPerDay; ; {
		off := w.offset(p)
		ps, pe := w.bounds(p, off)
		if n := len(w.tiles); n > 0 && w.tiles[n-1].off == off {
			w.tiles[n-1].pe = pe // Go splits rule-based years at New Year
		} else {
			w.tiles = append(w.tiles, tile{ps, pe, off})
		}
		if pe == math.MaxInt64 || pe > guess+4*365*secsPerDay || len(w.tiles) >= 64 {
			return
		}
		p = pe
	}
}

// offset is the zone's UTC offset at instant x, in seconds.
func (w *walker) offset(x int64) int64 {
	_, o := time.Unix(x, 0).In(w.loc).Zone()
	return int64(o)
}

// bounds is the zone period holding instant x, whose offset is off, as
// time.Time.ZoneBounds reports it when that holds x. It does not always:
// for the last UTC day of a leap year served by a zone's TZ rule (after its
// last listed transition, e.g. New York on 2040-12-31) it returns an end
// before x (golang/go#81583). Then the period is found by probing the offset
// hour by hour up to two days each way; a shorter, probed period is still a
// stretch of constant offset, which is all the walker needs.
func (w *walker) bounds(x, off int64) (ps, pe int64) {
	s, e := time.Unix(x, 0).In(w.loc).ZoneBounds()
	ps, pe = math.MinInt64, math.MaxInt64
	if !s.IsZero() {
		ps = s.Unix()
	}
	if !e.IsZero() {
		pe = e.Unix()
	}
	if ps <= x && x < pe {
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
			lo, hi := last, next
			for hi-lo != dir {
				if mid := lo + (hi-lo)/2; w.offset(mid) == off {
					lo = mid
				} else {
					hi = mid
				}
			}
			last = lo
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
// all their readings resolve with the offset of the tile that holds the
// start of day d (call dayStart(d) first), so they hold exactly weekSecs
// of opening each. The weeks must also start at or after notBefore and end
// by notAfter (Unix seconds).
func (w *walker) weeks(c *Calendar, d, notBefore, notAfter int64) int64 {
	if w.cur >= len(w.tiles) {
		return 0
	}
	t := w.tiles[w.cur]
	first := d*secsPerDay - t.off
	if first < notBefore || first >= t.pe || t.ps != math.MinInt64 && first < t.ps+margin {
		return 0
	}
	end := min(c.nextOverride(d), floorDiv(notAfter+t.off, secsPerDay))
	if t.pe != math.MaxInt64 {
		end = min(end, floorDiv(t.pe-1+t.off, secsPerDay))
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

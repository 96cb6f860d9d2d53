// Package callbacks is the callback (回访) rule that closes every ticket:
// after resolution the customer is called back within a window, inside the
// center's hours and never during the customer's rest; satisfied closes
// the ticket, unsatisfied reopens and escalates it.
package callbacks

import (
	"fmt"
	"strconv"
	"time"

	"kefu/desk/sla"
	"kefu/ent/types"
)

// Slot returns the earliest moment at or after from when the center is open
// (cal) and the customer is not resting (quiet, local times in loc). ok is
// false when no such moment comes before due; the moment returned is then
// the first acceptable one after due, so the call still happens, late.
func Slot(cal *sla.Calendar, quiet []types.QuietHours, loc *time.Location, from, due time.Time) (at time.Time, ok bool) {
	t := cal.NextOpen(from)
	// Each round either finds a slot or jumps past a quiet period or a
	// closing; a year of days bounds the walk for any real calendar.
	for i := 0; i < 4*366; i++ {
		if t.Equal(sla.Never) || t.After(sla.Never) {
			return t, false
		}
		end, resting := restingUntil(quiet, loc, t)
		if !resting {
			return t, t.Before(due)
		}
		t = cal.NextOpen(end)
	}
	return t, false
}

// restingUntil reports whether t falls in one of the quiet periods and, if
// so, when that period ends. A period whose end is before its start runs
// over midnight.
func restingUntil(quiet []types.QuietHours, loc *time.Location, t time.Time) (time.Time, bool) {
	local := t.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	for _, q := range quiet {
		start, err1 := clock(q.Start)
		end, err2 := clock(q.End)
		if err1 != nil || err2 != nil || start == end {
			continue
		}
		// Check the period that began today and the one that began
		// yesterday (for periods crossing midnight).
		for _, base := range []time.Time{day, day.AddDate(0, 0, -1)} {
			s := at(base, start, loc)
			e := at(base, end, loc)
			if end < start {
				e = at(base.AddDate(0, 0, 1), end, loc)
			}
			if !t.Before(s) && t.Before(e) {
				return e, true
			}
		}
	}
	return time.Time{}, false
}

func at(day time.Time, minutes int, loc *time.Location) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), minutes/60, minutes%60, 0, 0, loc)
}

// clock parses HH:MM into minutes after midnight.
func clock(s string) (int, error) {
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("bad time %q", s)
	}
	h, err := strconv.Atoi(s[:2])
	if err != nil || h > 23 {
		return 0, fmt.Errorf("bad time %q", s)
	}
	m, err := strconv.Atoi(s[3:])
	if err != nil || m > 59 {
		return 0, fmt.Errorf("bad time %q", s)
	}
	return h*60 + m, nil
}

// Sampled decides, the same way every time for the same ticket, whether a
// ticket of a sampled tier gets a callback: rate is the share (0–1).
func Sampled(ticketID string, rate float64) bool {
	if rate >= 1 {
		return true
	}
	if rate <= 0 {
		return false
	}
	// FNV-1a over the id: stable across processes and releases, so an
	// auditor can recompute who was sampled.
	var h uint32 = 2166136261
	for i := 0; i < len(ticketID); i++ {
		h ^= uint32(ticketID[i])
		h *= 16777619
	}
	return float64(h%10000) < rate*10000
}

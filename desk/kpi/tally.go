package kpi

import (
	"fmt"
	"strconv"
)

// tally is one cell's counts and the durations measured in it (business
// seconds), kept as the lists the queries returned until the medians are
// taken, so rolling persons up to groups and totals copies nothing.
type tally struct {
	Counts
	firstResponses, resolutions durations
}

// durations are lists of business seconds.
type durations [][]int64

// add takes o's counts and durations.
func (t *tally) add(o *tally) {
	t.Counts.Add(o.Counts)
	t.firstResponses = append(t.firstResponses, o.firstResponses...)
	t.resolutions = append(t.resolutions, o.resolutions...)
}

// figures derives the cell's KPIs.
func (t *tally) figures() Figures {
	c := t.Counts
	c.FirstResponseTimed, c.FirstResponseSum = t.firstResponses.stats()
	c.ResolutionTimed, c.ResolutionSum = t.resolutions.stats()
	return figures(c, t.firstResponses.median(), t.resolutions.median())
}

// stats are the count and sum of the durations.
func (ds durations) stats() (n int, sum int64) {
	for _, l := range ds {
		n += len(l)
		for _, d := range l {
			sum += d
		}
	}
	return n, sum
}

// median is the middle duration, or the mean of the two middle ones of an
// even count (nil for none). It selects rather than sorts (linear time, on
// a copy: the lists may be shared with other cells).
func (ds durations) median() *float64 {
	n, _ := ds.stats()
	if n == 0 {
		return nil
	}
	all := make([]int64, 0, n)
	for _, l := range ds {
		all = append(all, l...)
	}
	hi := nth(all, n/2)
	m := float64(hi)
	if n%2 == 0 {
		// nth left the smaller half below n/2: its largest is the other middle.
		lo := all[0]
		for _, d := range all[1 : n/2] {
			lo = max(lo, d)
		}
		m = float64(lo+hi) / 2
	}
	return &m
}

// nth returns the k-th smallest of a (0-based), reordering a so that
// everything before index k is no larger (Hoare's selection).
func nth(a []int64, k int) int64 {
	lo, hi := 0, len(a)-1
	for lo < hi {
		// median of three as the pivot keeps sorted input linear
		mid := lo + (hi-lo)/2
		if a[mid] < a[lo] {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi] < a[mid] {
			a[hi], a[mid] = a[mid], a[hi]
		}
		p := a[mid]
		i, j := lo, hi
		for i <= j {
			for a[i] < p {
				i++
			}
			for a[j] > p {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return a[k]
		}
	}
	return a[k]
}

// parseDurations reads a comma-separated list of whole seconds, as
// string_agg writes it ("" for none).
func parseDurations(list string) ([]int64, error) {
	if list == "" {
		return nil, nil
	}
	n := 1
	for i := 0; i < len(list); i++ {
		if list[i] == ',' {
			n++
		}
	}
	out := make([]int64, 0, n)
	start := 0
	for i := 0; i <= len(list); i++ {
		if i < len(list) && list[i] != ',' {
			continue
		}
		d, err := strconv.ParseInt(list[start:i], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("duration list: %w", err)
		}
		out = append(out, d)
		start = i + 1
	}
	return out, nil
}

package kpi

import (
	"fmt"
	"time"
)

// Bucket is one step of a trend: the figures of [Start, next Start).
type Bucket struct {
	Key   string // local date the bucket starts on, YYYY-MM-DD
	Start time.Time
}

// maxBuckets bounds a trend, so a careless range cannot ask for years of days.
const maxBuckets = 366

// Buckets cuts [from, to) into days or ISO weeks (Monday first) in zone.
// The first bucket starts at from even when that is not a day's or week's
// start, so every instant of the period falls in exactly one bucket.
func Buckets(from, to time.Time, interval string, zone *time.Location) ([]Bucket, error) {
	if interval != "day" && interval != "week" {
		return nil, fmt.Errorf("interval must be day or week, not %q", interval)
	}
	out := []Bucket{{Key: from.In(zone).Format(time.DateOnly), Start: from}}
	l := from.In(zone)
	next := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, zone)
	for {
		if interval == "day" {
			next = next.AddDate(0, 0, 1)
		} else {
			// days to the next Monday (ISO weekday 1)
			next = next.AddDate(0, 0, 7-(int(next.Weekday())+6)%7)
		}
		if !next.Before(to) {
			return out, nil
		}
		if len(out) == maxBuckets {
			return nil, fmt.Errorf("a trend has at most %d buckets", maxBuckets)
		}
		out = append(out, Bucket{Key: next.Format(time.DateOnly), Start: next})
	}
}

// Package isodur reads and writes the ISO 8601 durations of the API
// (PT30M, PT8H, P3D, P1DT12H). Years and months are refused: their length
// depends on the calendar, which a business-time target must not.
package isodur

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var pattern = regexp.MustCompile(`^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// ErrSyntax is returned for anything that is not a supported duration.
var ErrSyntax = errors.New("not an ISO 8601 duration like PT30M, PT8H or P3D (weeks, days, hours, minutes, seconds)")

// Parse converts s to a duration of at least one second.
func Parse(s string) (time.Duration, error) {
	m := pattern.FindStringSubmatch(s)
	if m == nil || s == "P" || strings.HasSuffix(s, "T") {
		return 0, fmt.Errorf("%q: %w", s, ErrSyntax)
	}
	units := []time.Duration{7 * 24 * time.Hour, 24 * time.Hour, time.Hour, time.Minute, time.Second}
	var total time.Duration
	for i, u := range units {
		if m[i+1] == "" {
			continue
		}
		n, err := strconv.ParseInt(m[i+1], 10, 64)
		if err != nil || n > int64(100*365*24*time.Hour/u) {
			return 0, fmt.Errorf("%q: too long", s)
		}
		total += time.Duration(n) * u
	}
	if total < time.Second {
		return 0, fmt.Errorf("%q: must be at least one second", s)
	}
	if total > 100*365*24*time.Hour {
		return 0, fmt.Errorf("%q: too long", s)
	}
	return total, nil
}

// Format writes d (rounded down to seconds) the way Parse reads it.
func Format(d time.Duration) string {
	d = d.Truncate(time.Second)
	if d <= 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteByte('P')
	if days := d / (24 * time.Hour); days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		d -= days * 24 * time.Hour
	}
	if d > 0 {
		b.WriteByte('T')
		for _, u := range []struct {
			d time.Duration
			s string
		}{{time.Hour, "H"}, {time.Minute, "M"}, {time.Second, "S"}} {
			if n := d / u.d; n > 0 {
				fmt.Fprintf(&b, "%d%s", n, u.s)
				d -= n * u.d
			}
		}
	}
	return b.String()
}

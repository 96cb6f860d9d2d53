package loadtest

import (
	"fmt"
	"strconv"
	"strings"
)

// Counts reads the comma-separated whole numbers of the command-line flag
// named flag, each between lo and hi, in the order given; blanks are
// skipped.
func Counts(flag, s string, lo, hi int) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < lo || n > hi {
			return nil, fmt.Errorf("-%s: %q is not a count between %d and %d", flag, f, lo, hi)
		}
		out = append(out, n)
	}
	return out, nil
}

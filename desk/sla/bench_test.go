package sla

import (
	"testing"
	"time"
)

// BenchmarkDeadline is a P30D (720h) target on Mon–Fri 08:30–17:30 with
// China's 2026 holidays, from starts spread over 2026: 80 business days,
// about four months of calendar, per call.
func BenchmarkDeadline(b *testing.B) {
	for _, bc := range []struct {
		name   string
		cal    *Calendar
		target time.Duration
	}{
		{"P30D/Asia/Shanghai", officeCN(b), 720 * time.Hour},
		{"PT4H/Asia/Shanghai", officeCN(b), 4 * time.Hour},
		{"P30D/America/New_York", mustNew(b, "America/New_York", weekdays("09:00", "12:00", "13:00", "17:00"), nil, nil), 720 * time.Hour},
	} {
		b.Run(bc.name, func(b *testing.B) {
			base := time.Date(2026, 1, 1, 0, 0, 0, 0, bc.cal.Location())
			var starts [512]time.Time
			for i := range starts {
				starts[i] = base.Add(time.Duration(i) * 17 * time.Hour)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				Deadline(bc.cal, starts[i%len(starts)], bc.target)
				i++
			}
		})
	}
}

func BenchmarkElapsed(b *testing.B) {
	c := officeCN(b)
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, c.Location())
	to := from.AddDate(1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		Elapsed(c, from, to)
	}
}

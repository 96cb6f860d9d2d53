package callbacks

import (
	"math/rand/v2"
	"testing"
	"time"

	"kefu/desk/sla"
	"kefu/ent/types"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

func officeCalendar(t *testing.T) *sla.Calendar {
	var hours []types.Span
	for d := 1; d <= 5; d++ {
		hours = append(hours, types.Span{Weekday: d, Start: "08:30", End: "12:00"}, types.Span{Weekday: d, Start: "13:00", End: "17:30"})
	}
	cal, err := sla.New("Asia/Shanghai", hours, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

func TestSlotSkipsQuietHoursAndClosedTime(t *testing.T) {
	cal := officeCalendar(t)
	quiet := []types.QuietHours{{Start: "12:00", End: "14:00"}, {Start: "21:00", End: "08:45"}}
	cases := []struct{ from, want string }{
		{"2026-11-20T09:00:00+08:00", "2026-11-20T09:00:00+08:00"}, // open, not resting
		{"2026-11-20T08:00:00+08:00", "2026-11-20T08:45:00+08:00"}, // opens 08:30 but the customer rests until 08:45
		{"2026-11-20T11:59:00+08:00", "2026-11-20T11:59:00+08:00"},
		{"2026-11-20T12:30:00+08:00", "2026-11-20T14:00:00+08:00"}, // lunch: center reopens 13:00, customer rests until 14:00
		{"2026-11-20T17:40:00+08:00", "2026-11-23T08:45:00+08:00"}, // Friday evening → Monday after the night rest
	}
	for _, c := range cases {
		from, _ := time.Parse(time.RFC3339, c.from)
		want, _ := time.Parse(time.RFC3339, c.want)
		got, ok := Slot(cal, quiet, shanghai, from, from.Add(72*time.Hour))
		if !got.Equal(want) || !ok {
			t.Errorf("Slot(%s) = %s %v, want %s", c.from, got.In(shanghai), ok, c.want)
		}
	}
}

// Property: over random calendars, quiet hours and resolve times the slot
// is never inside quiet hours, always inside the calendar, never before the
// start, and no earlier acceptable minute was skipped.
func TestSlotProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	hhmm := func(m int) string { return time.Date(0, 1, 1, m/60, m%60, 0, 0, time.UTC).Format("15:04") }
	for i := 0; i < 300; i++ {
		var hours []types.Span
		for d := 1; d <= 7; d++ {
			if rng.IntN(4) == 0 {
				continue
			}
			s := rng.IntN(12 * 60)
			e := s + 60 + rng.IntN(10*60)
			hours = append(hours, types.Span{Weekday: d, Start: hhmm(s), End: hhmm(min(e, 23*60+59))})
		}
		if len(hours) == 0 {
			hours = []types.Span{{Weekday: 1, Start: "09:00", End: "17:00"}}
		}
		cal, err := sla.New("Asia/Shanghai", hours, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		var quiet []types.QuietHours
		for q := rng.IntN(3); q > 0; q-- {
			s := rng.IntN(24 * 60)
			quiet = append(quiet, types.QuietHours{Start: hhmm(s), End: hhmm((s + 30 + rng.IntN(10*60)) % (24 * 60))})
		}
		loc := shanghai
		if rng.IntN(2) == 0 {
			loc, _ = time.LoadLocation("America/New_York")
		}
		from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(365*24*60)) * time.Minute)
		due := from.Add(72 * time.Hour)
		got, ok := Slot(cal, quiet, loc, from, due)
		if got.Before(from) {
			t.Fatalf("case %d: slot %v before start %v", i, got, from)
		}
		if !cal.IsOpen(got) {
			t.Fatalf("case %d: slot %v outside the calendar %v", i, got, hours)
		}
		if _, resting := restingUntil(quiet, loc, got); resting {
			t.Fatalf("case %d: slot %v inside quiet hours %v (%s)", i, got.In(loc), quiet, loc)
		}
		if ok != got.Before(due) {
			t.Fatalf("case %d: ok=%v but slot %v vs due %v", i, ok, got, due)
		}
		// No acceptable minute between from and the slot was skipped.
		for m := from.Truncate(time.Minute).Add(time.Minute); m.Before(got) && m.Sub(from) < 7*24*time.Hour; m = m.Add(time.Minute) {
			if _, resting := restingUntil(quiet, loc, m); cal.IsOpen(m) && !resting {
				t.Fatalf("case %d: %v was acceptable but the slot is %v", i, m, got)
			}
		}
	}
}

func TestSampledIsDeterministicAndNearTheRate(t *testing.T) {
	n := 0
	for i := 0; i < 10000; i++ {
		id := "tkt_" + time.Duration(i).String()
		if Sampled(id, 0.3) != Sampled(id, 0.3) {
			t.Fatal("not deterministic")
		}
		if Sampled(id, 0.3) {
			n++
		}
	}
	if n < 2700 || n > 3300 {
		t.Fatalf("sampled %d of 10000 at 30%%", n)
	}
	if !Sampled("x", 1) || Sampled("x", 0) {
		t.Fatal("bounds")
	}
}

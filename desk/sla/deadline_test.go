package sla

import (
	"testing"
	"time"
)

// A ticket's due time on Chinese office calendars in 2026. Every row is
// worked out by hand in its comment; "h" counts business hours.
func TestDeadlineChina2026(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	office := officeCN(t) // Mon–Fri 08:30–17:30 (9h a day) + 2026 holidays and make-up days
	lunch := lunchCN(t)   // 08:30–12:00 and 13:30–17:30 (7.5h a day), same days
	plain := mustNew(t, "Asia/Shanghai", weekdays("08:30", "17:30"), nil, nil)

	tests := []struct {
		name   string
		cal    *Calendar
		start  string
		target string
		want   string
	}{
		// The example: 30m left on Friday 2026-11-20, 3h30m from
		// Monday 2026-11-23 08:30.
		{"friday evening to monday", office, "2026-11-20 17:00", "4h", "2026-11-23 12:00"},
		{"friday evening to monday, no holidays", plain, "2026-11-20 17:00", "4h", "2026-11-23 12:00"},
		// 30m on Friday, 3h30m on Monday morning — the deadline is the
		// moment the morning span closes, not the 13:30 reopening.
		{"lunch break: ends exactly at noon", lunch, "2026-11-20 17:00", "4h", "2026-11-23 12:00"},
		// One more minute spills past lunch: 13:30 + 1m.
		{"lunch break: spills past lunch", lunch, "2026-11-20 17:00", "4h1m", "2026-11-23 13:31"},
		// 1h until noon, lunch, 1h from 13:30.
		{"lunch break: across lunch", lunch, "2026-11-23 11:00", "2h", "2026-11-23 14:30"},
		// Starting during lunch, the clock starts at 13:30.
		{"lunch break: start during lunch", lunch, "2026-11-23 12:15", "30m", "2026-11-23 14:00"},
		// 4h from 13:30 runs out at 17:30 sharp: that closing, not Monday.
		{"ends exactly at closing", office, "2026-11-20 13:30", "4h", "2026-11-20 17:30"},
		// Saturday is closed: the clock starts Monday 08:30.
		{"start on a weekend", office, "2026-11-21 10:00", "1h", "2026-11-23 09:30"},
		// Start before opening: 08:30 + 1h.
		{"start before opening", office, "2026-11-23 06:00", "1h", "2026-11-23 09:30"},
		// 9h a day: Mon 9h, Tue 9h, Wed 6h → Wednesday 14:30.
		{"one business day of 24h", office, "2026-11-23 08:30", "24h", "2026-11-25 14:30"},
		// 720h = 80 days of 9h = 16 plain weeks (the calendar has no 2027
		// holidays): the deadline is the closing of Friday 2027-03-12.
		{"P30D", office, "2026-11-23 08:30", "720h", "2027-03-12 17:30"},

		// 国庆节: 1h30m on Wednesday 09-30 (16:00–17:30), 10-01..10-07
		// closed, then 2h30m from Thursday 10-08 08:30.
		{"national day", office, "2026-09-30 16:00", "4h", "2026-10-08 11:00"},
		// Same with lunch: 1h30m on 09-30, then 08:30 + 2h30m = 11:00.
		{"national day with lunch break", lunch, "2026-09-30 16:00", "4h", "2026-10-08 11:00"},
		// Without the holidays, Thursday 10-01 08:30 + 2h30m.
		{"national day ignored without holidays", plain, "2026-09-30 16:00", "4h", "2026-10-01 11:00"},
		// Opened during the holiday: nothing counts until 10-08 08:30.
		{"start on a holiday", office, "2026-10-03 10:00", "1h", "2026-10-08 09:30"},
		// Saturday 10-10 is a make-up workday: 30m Friday, 3h30m Saturday.
		{"make-up saturday 10-10", office, "2026-10-09 17:00", "4h", "2026-10-10 12:00"},
		{"plain saturday 10-10 is closed", plain, "2026-10-09 17:00", "4h", "2026-10-12 12:00"},
		// Sunday 09-20 is a make-up workday (Saturday 09-19 is not).
		{"make-up sunday 09-20", office, "2026-09-18 17:00", "4h", "2026-09-20 12:00"},
		// 中秋节 Friday 09-25 to Sunday 09-27: Thursday 30m, Monday 3h30m.
		{"mid-autumn", office, "2026-09-24 17:00", "4h", "2026-09-28 12:00"},
		// 春节: Saturday 02-14 works before the festival.
		{"make-up saturday 02-14", office, "2026-02-13 17:00", "4h", "2026-02-14 12:00"},
		// 30m on make-up Saturday 02-14, 02-15..02-23 closed, Tuesday 02-24.
		{"spring festival", office, "2026-02-14 17:00", "4h", "2026-02-24 12:00"},
		// Saturday 02-28 works after the festival.
		{"make-up saturday 02-28", office, "2026-02-27 17:00", "4h", "2026-02-28 12:00"},
		// 元旦: Wednesday 12-31-2025 30m, 01-01..01-03 closed, Sunday
		// 01-04 is a make-up day.
		{"new year, make-up sunday 01-04", office, "2025-12-31 17:00", "4h", "2026-01-04 12:00"},
		// 清明节 Saturday 04-04 to Monday 04-06: Friday 30m, Tuesday 3h30m.
		{"qingming", office, "2026-04-03 17:00", "4h", "2026-04-07 12:00"},
		// 劳动节 Friday 05-01 to Tuesday 05-05: Thursday 30m, Wednesday 05-06.
		{"labour day", office, "2026-04-30 17:00", "4h", "2026-05-06 12:00"},
		{"make-up saturday 05-09", office, "2026-05-08 17:00", "4h", "2026-05-09 12:00"},
		// 端午节 Friday 06-19 to Sunday 06-21: Thursday 30m, Monday 3h30m.
		{"dragon boat", office, "2026-06-18 17:00", "4h", "2026-06-22 12:00"},
		// Zero is due at once, even on a holiday.
		{"zero target", office, "2026-10-01 10:00", "0s", "2026-10-01 10:00"},
		{"negative target", office, "2026-10-01 10:00", "-1h", "2026-10-01 10:00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start, want := local(t, sh, tc.start), local(t, sh, tc.want)
			target := dur(t, tc.target)
			got := Deadline(tc.cal, start, target)
			if !got.Equal(want) {
				t.Fatalf("Deadline(%s, %s) = %s, want %s", tc.start, tc.target, got.Format("Mon 2006-01-02 15:04"), want.Format("Mon 2006-01-02 15:04"))
			}
			if got.Location().String() != sh.String() {
				t.Errorf("deadline in %v, want the calendar's zone", got.Location())
			}
			if target > 0 {
				if e := Elapsed(tc.cal, start, got); e != target {
					t.Errorf("Elapsed to the deadline = %v, want %v", e, target)
				}
				if !tc.cal.IsOpen(got.Add(-time.Nanosecond)) {
					t.Errorf("closed just before the deadline")
				}
			}
		})
	}
}

func TestElapsedChina2026(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	office, lunch := officeCN(t), lunchCN(t)
	tests := []struct {
		name     string
		cal      *Calendar
		from, to string
		want     string
	}{
		// Friday 02-13 9h + make-up Saturday 02-14 9h + Tuesday 02-24 9h;
		// 02-15..02-23 closed.
		{"spring festival", office, "2026-02-13 08:30", "2026-02-25 08:30", "27h"},
		// Mon–Wed 09-28..30, Thu 10-08, Fri 10-09, make-up Sat 10-10: 6 × 9h.
		{"national day fortnight", office, "2026-09-28 00:00", "2026-10-12 00:00", "54h"},
		// 7.5h whatever the edges outside opening hours.
		{"a lunch-break day", lunch, "2026-11-23 08:00", "2026-11-23 18:00", "7h30m"},
		// 11:00–12:00 and 13:30–14:00.
		{"across lunch", lunch, "2026-11-23 11:00", "2026-11-23 14:00", "1h30m"},
		{"within lunch", lunch, "2026-11-23 12:10", "2026-11-23 13:20", "0s"},
		{"backwards is zero", office, "2026-11-24 10:00", "2026-11-23 10:00", "0s"},
		{"a holiday", office, "2026-10-01 00:00", "2026-10-02 00:00", "0s"},
		// 248 workdays in 2026 (261 weekdays − 19 weekday holidays + 6
		// make-up days; cross-checked by counting below) × 9h.
		{"the whole year", office, "2026-01-01 00:00", "2027-01-01 00:00", "2232h"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Elapsed(tc.cal, local(t, sh, tc.from), local(t, sh, tc.to))
			if want := dur(t, tc.want); got != want {
				t.Fatalf("Elapsed(%s, %s) = %v, want %v", tc.from, tc.to, got, want)
			}
		})
	}

	// Count 2026's workdays the slow way, from the lists themselves.
	hs, ws := china2026()
	closed, open := map[string]bool{}, map[string]bool{}
	for _, h := range hs {
		closed[h.Date] = true
	}
	for _, w := range ws {
		open[w.Date] = true
	}
	n := 0
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		s := d.Format(time.DateOnly)
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		if open[s] || !weekend && !closed[s] {
			n++
		}
	}
	if n != 248 {
		t.Errorf("2026 has %d workdays by counting, the table says 248", n)
	}
}

func TestAlwaysOpen(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	c := AlwaysOpen()
	start := local(t, ny, "2026-03-07 12:00") // the day before spring-forward
	for _, target := range []time.Duration{time.Nanosecond, time.Hour, 36 * time.Hour, 30 * 24 * time.Hour} {
		if got, want := Deadline(c, start, target), start.Add(target); !got.Equal(want) {
			t.Errorf("Deadline(+%v) = %v, want %v", target, got, want)
		}
		if got := Elapsed(c, start, start.Add(target)); got != target {
			t.Errorf("Elapsed(%v) = %v", target, got)
		}
	}
	if !c.IsOpen(start) || !c.NextOpen(start).Equal(start) || !c.NextClose(start).Equal(Never) {
		t.Error("AlwaysOpen is not always open")
	}
	if got := Deadline(c, Never.Add(-time.Hour), 2*time.Hour); !got.Equal(Never) {
		t.Errorf("Deadline beyond the year 9999 = %v, want Never", got)
	}
	// A nil calendar behaves the same.
	var none *Calendar
	if got := Deadline(none, start, time.Hour); !got.Equal(start.Add(time.Hour)) {
		t.Errorf("nil calendar: Deadline = %v", got)
	}
	if got := Elapsed(none, start, start.Add(time.Hour)); got != time.Hour {
		t.Errorf("nil calendar: Elapsed = %v", got)
	}
	if !none.IsOpen(start) {
		t.Error("nil calendar is closed")
	}
}

// A calendar spelled out as 00:00–24:00 every day is elapsed time too, also
// across DST changes, until a holiday closes it.
func TestRoundTheClockSpans(t *testing.T) {
	for _, tz := range []string{"Asia/Shanghai", "America/New_York", "Australia/Lord_Howe"} {
		c := mustNew(t, tz, days(everyDay, "00:00", "24:00"), nil, nil)
		start := utc(t, "2026-03-01T10:00:00Z")
		for _, target := range []time.Duration{time.Hour, 10 * 24 * time.Hour, 400 * 24 * time.Hour} {
			if got, want := Deadline(c, start, target), start.Add(target); !got.Equal(want) {
				t.Errorf("%s: Deadline(+%v) = %v, want %v", tz, target, got, want)
			}
			if got := Elapsed(c, start, start.Add(target)); got != target {
				t.Errorf("%s: Elapsed(%v) = %v", tz, target, got)
			}
		}
		if got := c.NextClose(start); !got.Equal(Never) {
			t.Errorf("%s: NextClose = %v, want Never", tz, got)
		}
	}

	sh := mustLoad(t, "Asia/Shanghai")
	hs, ws := china2026()
	c := mustNew(t, "Asia/Shanghai", days(everyDay, "00:00", "24:00"), hs, ws)
	// 12h on 09-30, closed 10-01..10-07, 12h from 10-08 00:00.
	if got, want := Deadline(c, local(t, sh, "2026-09-30 12:00"), 24*time.Hour), local(t, sh, "2026-10-08 12:00"); !got.Equal(want) {
		t.Errorf("24×7 over national day: %v, want %v", got, want)
	}
	if got, want := c.NextClose(local(t, sh, "2026-09-01 12:00")), local(t, sh, "2026-09-25 00:00"); !got.Equal(want) {
		t.Errorf("NextClose = %v, want the start of mid-autumn %v", got, want)
	}
}

// Spans are wall-clock times: DST changes the length of a day's openings.
// Instants are written in UTC so nothing depends on how the test resolves
// wall times.
func TestDST(t *testing.T) {
	sundays := func(tz string, start, end string) *Calendar {
		return mustNew(t, tz, days([]int{7}, start, end), nil, nil)
	}
	tests := []struct {
		name     string
		cal      *Calendar
		from, to string // RFC 3339
		want     string
	}{
		// New York springs forward 2026-03-08 at 02:00 EST (07:00Z) to
		// 03:00 EDT. 01:00 EST (06:00Z) to 04:00 EDT (08:00Z) is 2h.
		{"spring-forward day, 01:00–04:00", sundays("America/New_York", "01:00", "04:00"), "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z", "2h"},
		{"a plain sunday, 01:00–04:00", sundays("America/New_York", "01:00", "04:00"), "2026-03-14T00:00:00Z", "2026-03-17T00:00:00Z", "3h"},
		// The clock never reads 02:00–03:00 that day: closed.
		{"span inside the gap", sundays("America/New_York", "02:00", "03:00"), "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z", "0s"},
		// 02:30 does not exist; the span opens when the clock jumps to
		// 03:00 EDT (07:00Z) and closes at 03:30 EDT (07:30Z).
		{"span starting in the gap", sundays("America/New_York", "02:30", "03:30"), "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z", "30m"},
		// Falls back 2026-11-01 at 02:00 EDT (06:00Z) to 01:00 EST. 01:00 EDT
		// (05:00Z) to 04:00 EST (09:00Z) is 4h: 01:00–02:00 happens twice.
		{"fall-back day, 01:00–04:00", sundays("America/New_York", "01:00", "04:00"), "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z", "4h"},
		// An ambiguous time is its first occurrence: 01:30–01:45 EDT only.
		{"span in the repeated hour", sundays("America/New_York", "01:30", "01:45"), "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z", "15m"},
		// Sydney (east of UTC) falls back 2026-04-05 at 03:00 AEDT (16:00Z
		// on 04-04) to 02:00 AEST. 02:00 AEDT (15:00Z) to 04:00 AEST (18:00Z)
		// is 3h — time.Date would pick the second 02:00 and say 2h.
		{"sydney fall-back, 02:00–04:00", sundays("Australia/Sydney", "02:00", "04:00"), "2026-04-03T00:00:00Z", "2026-04-06T00:00:00Z", "3h"},
		// Sydney springs forward 2026-10-04 at 02:00 AEST (16:00Z on 10-03)
		// to 03:00 AEDT: 02:00–04:00 is 1h (16:00Z–17:00Z).
		{"sydney spring-forward, 02:00–04:00", sundays("Australia/Sydney", "02:00", "04:00"), "2026-10-02T00:00:00Z", "2026-10-05T00:00:00Z", "1h"},
		// Lord Howe moves 30 minutes: 2026-10-04 02:00 → 02:30 (+10:30 →
		// +11): 01:00–04:00 is 2h30m.
		{"lord howe half-hour spring-forward", sundays("Australia/Lord_Howe", "01:00", "04:00"), "2026-10-02T00:00:00Z", "2026-10-05T00:00:00Z", "2h30m"},
		// Round the clock in New York: the spring-forward weekend is 47h.
		{"24×7 over spring-forward", mustNew(t, "America/New_York", days(everyDay, "00:00", "24:00"), nil, nil), "2026-03-07T05:00:00Z", "2026-03-09T04:00:00Z", "47h"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from, to := utc(t, tc.from), utc(t, tc.to)
			want := dur(t, tc.want)
			got := Elapsed(tc.cal, from, to)
			if got != want {
				t.Fatalf("Elapsed = %v, want %v", got, want)
			}
			if want > 0 {
				if e := Elapsed(tc.cal, from, Deadline(tc.cal, from, want)); e != want {
					t.Errorf("round trip: %v", e)
				}
			}
		})
	}

	ny := mustLoad(t, "America/New_York")
	deadlines := []struct {
		name   string
		cal    *Calendar
		start  string // RFC 3339
		target string
		want   string // RFC 3339
	}{
		// Opens 01:00 EST (06:00Z); one hour later the clock reads 03:00 EDT.
		{"spring-forward, 1h", sundays("America/New_York", "01:00", "04:00"), "2026-03-08T05:00:00Z", "1h", "2026-03-08T07:00:00Z"},
		// Both hours used: the deadline is the closing, 04:00 EDT.
		{"spring-forward, 2h", sundays("America/New_York", "01:00", "04:00"), "2026-03-08T05:00:00Z", "2h", "2026-03-08T08:00:00Z"},
		// A third hour moves to the next Sunday: 01:00 EDT + 1h.
		{"spring-forward, 3h", sundays("America/New_York", "01:00", "04:00"), "2026-03-08T05:00:00Z", "3h", "2026-03-15T06:00:00Z"},
		// Opens 01:00 EDT (05:00Z); 1h30m later the clock reads 01:30 EST.
		{"fall-back, 1h30m", sundays("America/New_York", "01:00", "04:00"), "2026-11-01T04:00:00Z", "1h30m", "2026-11-01T06:30:00Z"},
		// Mon–Fri 09:00–17:00: 1h on Friday 03-06 (EST), 1h from Monday 03-09
		// 09:00 EDT (13:00Z).
		{"office over spring-forward", mustNew(t, "America/New_York", weekdays("09:00", "17:00"), nil, nil), "2026-03-06T21:00:00Z", "2h", "2026-03-09T14:00:00Z"},
	}
	for _, tc := range deadlines {
		t.Run(tc.name, func(t *testing.T) {
			got := Deadline(tc.cal, utc(t, tc.start), dur(t, tc.target))
			if want := utc(t, tc.want); !got.Equal(want) {
				t.Fatalf("Deadline = %v, want %v", got, want.In(ny))
			}
		})
	}

	gap := sundays("America/New_York", "02:00", "03:00")
	if gap.IsOpen(utc(t, "2026-03-08T07:00:00Z")) {
		t.Error("open at 03:00 EDT on spring-forward day")
	}
	// The next opening skips the day without 02:00: 2026-03-15 02:00 EDT.
	if got, want := gap.NextOpen(utc(t, "2026-03-08T05:00:00Z")), utc(t, "2026-03-15T06:00:00Z"); !got.Equal(want) {
		t.Errorf("NextOpen = %v, want %v", got, want)
	}
}

func TestNextOpenAndClose(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	lunch := lunchCN(t)
	tests := []struct {
		name, at, open, close string
		isOpen                bool
	}{
		{"morning", "2026-11-23 09:00", "2026-11-23 09:00", "2026-11-23 12:00", true},
		{"at closing", "2026-11-23 12:00", "2026-11-23 13:30", "2026-11-23 12:00", false},
		{"at opening", "2026-11-23 13:30", "2026-11-23 13:30", "2026-11-23 17:30", true},
		{"friday night", "2026-11-20 20:00", "2026-11-23 08:30", "2026-11-20 20:00", false},
		{"national day", "2026-10-01 09:00", "2026-10-08 08:30", "2026-10-01 09:00", false},
		{"before a make-up saturday", "2026-10-09 18:00", "2026-10-10 08:30", "2026-10-09 18:00", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			at := local(t, sh, tc.at)
			if got := lunch.IsOpen(at); got != tc.isOpen {
				t.Errorf("IsOpen = %v", got)
			}
			if got, want := lunch.NextOpen(at), local(t, sh, tc.open); !got.Equal(want) {
				t.Errorf("NextOpen = %v, want %v", got, want)
			}
			if got, want := lunch.NextClose(at), local(t, sh, tc.close); !got.Equal(want) {
				t.Errorf("NextClose = %v, want %v", got, want)
			}
		})
	}
	// Openings that touch across midnight run on.
	night := mustNew(t, "Asia/Shanghai", append(days([]int{1}, "22:00", "24:00"), days([]int{2}, "00:00", "06:00")...), nil, nil)
	if got, want := night.NextClose(local(t, sh, "2026-11-23 23:00")), local(t, sh, "2026-11-24 06:00"); !got.Equal(want) {
		t.Errorf("overnight NextClose = %v, want %v", got, want)
	}
}

func TestFarFuture(t *testing.T) {
	c := officeCN(t)
	// The longest Duration, about 292 years of office time, takes some
	// 1,090 calendar years at 45h a week.
	if got := Deadline(c, utc(t, "2026-11-23T00:00:00Z"), 1<<63-1); got.Year() != 3118 {
		t.Errorf("Deadline = %v, want in 3118", got)
	}
	if got := Deadline(c, utc(t, "9000-01-01T00:00:00Z"), 1<<63-1); !got.Equal(Never) {
		t.Errorf("Deadline = %v, want Never", got)
	}
	if got := Deadline(c, Never, time.Hour); !got.Equal(Never) {
		t.Errorf("Deadline from Never = %v", got)
	}
	if got := c.NextOpen(Never.Add(-time.Second)); !got.Equal(Never) {
		t.Errorf("NextOpen near Never = %v", got)
	}
	// From the zero time to Never the office is open ~2,300 years:
	// saturated.
	if got := Elapsed(c, time.Time{}, Never); got != 1<<63-1 {
		t.Errorf("Elapsed over all time = %v, want saturation", got)
	}
	// Before the zero time nothing is open.
	if got := Elapsed(c, time.Time{}.Add(-1000*time.Hour), time.Time{}); got != 0 {
		t.Errorf("Elapsed before year 1 = %v", got)
	}
}

func TestZeroCalendarIsClosed(t *testing.T) {
	var c Calendar
	start := utc(t, "2026-11-20T09:00:00Z")
	if c.IsOpen(start) || !c.NextOpen(start).Equal(Never) || !Deadline(&c, start, time.Hour).Equal(Never) || Elapsed(&c, start, start.Add(time.Hour)) != 0 {
		t.Error("the zero Calendar opens")
	}
}

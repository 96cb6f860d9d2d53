package sla

import (
	"errors"
	"strings"
	"testing"

	"kefu/ent/types"
)

func sp(weekday int, start, end string) types.Span {
	return types.Span{Weekday: weekday, Start: start, End: end}
}

func TestNewRejects(t *testing.T) {
	office := weekdays("09:00", "17:00")
	tests := []struct {
		name     string
		tz       string
		hours    []types.Span
		holidays []types.Holiday
		workdays []types.Workday
		want     []string // "location: message fragment"
	}{
		{"empty zone", "", office, nil, nil, []string{"tz: is required"}},
		{"Local zone", "Local", office, nil, nil, []string{"tz: must name a zone"}},
		{"unknown zone", "Asia/Beijing", office, nil, nil, []string{"tz: is not a known IANA time zone"}},
		{"path as zone", "../../etc/passwd", office, nil, nil, []string{"tz: is not a known"}},
		{"no hours", "UTC", nil, nil, nil, []string{"hours: needs at least one opening span"}},
		{"weekday 0", "UTC", []types.Span{sp(0, "09:00", "17:00")}, nil, nil, []string{"hours[0].weekday: must be 1 (Monday) to 7"}},
		{"weekday 8", "UTC", []types.Span{sp(8, "09:00", "17:00")}, nil, nil, []string{"hours[0].weekday"}},
		{"bad start", "UTC", []types.Span{sp(1, "9:00", "17:00")}, nil, nil, []string{`hours[0].start: must be a time "HH:MM"`}},
		{"bad end", "UTC", []types.Span{sp(1, "09:00", "17:60")}, nil, nil, []string{"hours[0].end"}},
		{"start 24:00", "UTC", []types.Span{sp(1, "24:00", "24:00")}, nil, nil, []string{"hours[0].start"}},
		{"end 24:01", "UTC", []types.Span{sp(1, "09:00", "24:01")}, nil, nil, []string{"hours[0].end"}},
		{"end 25:00", "UTC", []types.Span{sp(1, "09:00", "25:00")}, nil, nil, []string{"hours[0].end"}},
		{"end 00:00", "UTC", []types.Span{sp(1, "09:00", "00:00")}, nil, nil, []string{"hours[0].end"}},
		{"seconds", "UTC", []types.Span{sp(1, "09:00:00", "17:00")}, nil, nil, []string{"hours[0].start"}},
		{"start after end", "UTC", []types.Span{sp(1, "17:00", "09:00")}, nil, nil, []string{"hours[0]: start 17:00 is not before end 09:00"}},
		{"empty span", "UTC", []types.Span{sp(1, "09:00", "09:00")}, nil, nil, []string{"hours[0]: start 09:00 is not before"}},
		{"overlap", "UTC", []types.Span{sp(1, "09:00", "12:30"), sp(2, "09:00", "17:00"), sp(1, "12:00", "17:00")}, nil, nil, []string{"hours[2]: overlaps hours[0]"}},
		{"contained", "UTC", []types.Span{sp(1, "08:00", "18:00"), sp(1, "12:00", "13:00")}, nil, nil, []string{"hours[1]: overlaps hours[0]"}},
		{"bad holiday", "UTC", office, []types.Holiday{{Date: "2026-02-30"}}, nil, []string{`holidays[0].date: "2026-02-30" is not a date`}},
		{"holiday with time", "UTC", office, []types.Holiday{{Date: "2026-10-01T00:00:00Z"}}, nil, []string{"holidays[0].date"}},
		{"holiday year typo", "UTC", office, []types.Holiday{{Date: "0226-10-01"}}, nil, []string{"holidays[0].date: year 226 is outside 1900–2999"}},
		{"holiday twice", "UTC", office, []types.Holiday{{Date: "2026-10-01"}, {Date: "2026-10-01"}}, nil, []string{"holidays[1].date: 2026-10-01 is already listed as holidays[0]"}},
		{"holiday and workday", "UTC", office, []types.Holiday{{Date: "2026-10-10"}}, []types.Workday{{Date: "2026-10-10"}}, []string{"workdays[0].date: 2026-10-10 is both a holiday (holidays[0]) and a make-up workday"}},
		{"workday twice", "UTC", office, nil, []types.Workday{{Date: "2026-10-10"}, {Date: "2026-10-10", AsWeekday: 5}}, []string{"workdays[1].date: 2026-10-10 is already listed as workdays[0]"}},
		{"bad workday date", "UTC", office, nil, []types.Workday{{Date: "10/10/2026"}}, []string{"workdays[0].date"}},
		{"as weekday 8", "UTC", office, nil, []types.Workday{{Date: "2026-10-10", AsWeekday: 8}}, []string{"workdays[0].as_weekday: must be 1 (Monday) to 7"}},
		{"as weekday -1", "UTC", office, nil, []types.Workday{{Date: "2026-10-10", AsWeekday: -1}}, []string{"workdays[0].as_weekday"}},
		{"as a closed weekday", "UTC", office, nil, []types.Workday{{Date: "2026-10-10", AsWeekday: 6}}, []string{"workdays[0].as_weekday: Saturday has no opening hours"}},
		{"default monday closed", "UTC", days([]int{2}, "09:00", "17:00"), nil, []types.Workday{{Date: "2026-10-10"}}, []string{"workdays[0].as_weekday: Monday has no opening hours"}},
		{"everything at once", "Nowhere/Special", []types.Span{sp(9, "xx", "17:00")}, []types.Holiday{{Date: "yesterday"}}, nil,
			[]string{"tz:", "hours[0].weekday", "hours[0].start", "holidays[0].date"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(tc.tz, tc.hours, tc.holidays, tc.workdays)
			if err == nil {
				t.Fatalf("New accepted it: %+v", c)
			}
			var inv *InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("error %T %v, want *InvalidError", err, err)
			}
			if len(inv.Fields) != len(tc.want) {
				t.Errorf("%d problems, want %d: %v", len(inv.Fields), len(tc.want), err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if !strings.HasPrefix(err.Error(), "sla: invalid calendar: ") {
				t.Errorf("error %q does not say what failed", err)
			}
		})
	}
}

func TestNewAccepts(t *testing.T) {
	hs, ws := china2026()
	c, err := New("Asia/Shanghai", weekdays("08:30", "12:00", "13:30", "17:30"), hs, ws)
	if err != nil {
		t.Fatal(err)
	}
	if c.Location().String() != "Asia/Shanghai" {
		t.Errorf("Location = %v", c.Location())
	}
	if c.weekSecs != 5*(3*3600+1800+4*3600) {
		t.Errorf("weekSecs = %d", c.weekSecs)
	}

	// Spans may come in any order; touching ones merge; 24:00 ends a day.
	c = mustNew(t, "UTC", []types.Span{
		sp(1, "13:00", "17:00"), sp(1, "08:00", "12:00"), sp(1, "12:00", "13:00"), sp(7, "00:00", "24:00"),
	}, nil, []types.Workday{{Date: "2026-10-10", AsWeekday: 7}})
	if got := c.week[1]; len(got) != 1 || got[0] != (span{8 * 3600, 17 * 3600}) {
		t.Errorf("Monday = %v, want one span 08:00–17:00", got)
	}
	if got := c.week[7]; len(got) != 1 || got[0] != (span{0, secsPerDay}) {
		t.Errorf("Sunday = %v", got)
	}
	// Saturday 2026-10-10 works Sunday's hours: all day.
	if got := Elapsed(c, utc(t, "2026-10-10T00:00:00Z"), utc(t, "2026-10-11T00:00:00Z")); got != 24*3600e9 {
		t.Errorf("make-up day as Sunday = %v", got)
	}
}

package isodur

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	good := map[string]time.Duration{
		"PT5S": 5 * time.Second, "PT30M": 30 * time.Minute, "PT8H": 8 * time.Hour, "P3D": 72 * time.Hour,
		"P1DT12H": 36 * time.Hour, "P2W": 14 * 24 * time.Hour, "PT1H30M15S": time.Hour + 30*time.Minute + 15*time.Second,
	}
	for s, want := range good {
		got, err := Parse(s)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", s, got, err, want)
		}
		if back, _ := Parse(Format(got)); back != got {
			t.Errorf("Format(%v) = %q does not round-trip", got, Format(got))
		}
	}
	for _, s := range []string{"", "P", "PT", "5S", "PT0S", "P1Y", "P1M", "PT1.5H", "pt5s", "PT5S ", "P1DT", "-PT5S", "P999999999999W"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"PT5S", "P3D", "P1DT2H3M4S", "P1W"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		if d < time.Second {
			t.Fatalf("Parse(%q) = %v below a second", s, d)
		}
		if back, err := Parse(Format(d)); err != nil || back != d {
			t.Fatalf("round trip of %q: %v %v", s, back, err)
		}
	})
}

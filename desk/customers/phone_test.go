package customers

import (
	"strings"
	"testing"
)

func TestCallerNumber(t *testing.T) {
	cases := []struct{ raw, want, err string }{
		{"13800138000", "13800138000", ""},
		{"+86 138-0013-8000", "13800138000", ""},
		{"0086 138 0013 8000", "13800138000", ""},
		{"+86 10 1234 5678", "01012345678", ""},
		{"(010) 1234-5678", "01012345678", ""},
		{"+86 010 1234 5678", "01012345678", ""},
		{"95588", "95588", ""},
		{"+44 20 7946 0958", "+442079460958", ""},
		{"  110 ", "110", ""},
		{"call-me", "", "may contain only digits"},
		{"12", "", "must have 3 to 20 digits"},
		{"+86", "", "must have 3 to 20 digits"},
		{"123456789012345678901", "", "must have 3 to 20 digits"},
	}
	for _, c := range cases {
		got, err := CallerNumber(c.raw)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("CallerNumber(%q) error %v, want %q", c.raw, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("CallerNumber(%q) = %q, %v; want %q", c.raw, got, err, c.want)
		}
	}
}

func TestStoredFormsFindEveryCommonSpelling(t *testing.T) {
	for number, stored := range map[string]string{
		"13800138000": "+8613800138000", "01012345678": "+861012345678", "+442079460958": "00442079460958",
	} {
		found := false
		for _, f := range storedForms(number) {
			found = found || f == stored
		}
		if !found {
			t.Errorf("%s is not looked up as %s (forms %v)", number, stored, storedForms(number))
		}
	}
}

func TestMaskNumber(t *testing.T) {
	for in, want := range map[string]string{"13800138000": "138****8000", "01012345678": "010****5678", "95588": "95588", "+442079460958": "+44******0958"} {
		if got := MaskNumber(in); got != want {
			t.Errorf("MaskNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

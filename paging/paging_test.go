package paging

import (
	"errors"
	"testing"
)

func TestParseDefaultsAndCaps(t *testing.T) {
	p, err := Parse(0, "")
	if err != nil || p.Limit != DefaultLimit || p.After != "" {
		t.Fatalf("%+v %v", p, err)
	}
	if p, _ := Parse(1000, ""); p.Limit != MaxLimit {
		t.Fatalf("limit %d", p.Limit)
	}
}

func TestCursorRoundTripsAndRejectsForgeries(t *testing.T) {
	p, err := Parse(10, Cursor("usr_123"))
	if err != nil || p.After != "usr_123" {
		t.Fatalf("%+v %v", p, err)
	}
	for _, bad := range []string{"!!!", "dXNyXzEyMw", Cursor("")} {
		if bad == "" {
			continue
		}
		if _, err := Parse(10, bad); !errors.Is(err, ErrBadCursor) {
			t.Errorf("cursor %q accepted", bad)
		}
	}
}

func TestTrimReturnsNextOnlyWhenMoreRemain(t *testing.T) {
	id := func(s string) string { return s }
	rows, next := Trim([]string{"a", "b", "c"}, 2, id)
	if len(rows) != 2 || next != Cursor("b") {
		t.Fatalf("%v %q", rows, next)
	}
	rows, next = Trim([]string{"a", "b"}, 2, id)
	if len(rows) != 2 || next != "" {
		t.Fatalf("%v %q", rows, next)
	}
}

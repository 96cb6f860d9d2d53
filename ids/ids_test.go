package ids

import (
	"sort"
	"strings"
	"testing"
)

func TestNewIsPrefixedUniqueAndSortable(t *testing.T) {
	var got []string
	seen := map[string]bool{}
	for range 1000 {
		id := New("tkt")
		if !strings.HasPrefix(id, "tkt_") || len(id) != 4+26 {
			t.Fatalf("bad id %q", id)
		}
		if seen[id] {
			t.Fatalf("duplicate id %q", id)
		}
		seen[id] = true
		got = append(got, id)
	}
	if !sort.StringsAreSorted(got) {
		t.Fatal("ids created in sequence do not sort in creation order")
	}
}

func TestTokenLengthAndAlphabet(t *testing.T) {
	tok := Token(32)
	if len(tok) != 52 {
		t.Fatalf("32 random bytes should give 52 characters, got %d", len(tok))
	}
	if strings.Trim(tok, alphabet) != "" {
		t.Fatalf("token %q has characters outside the alphabet", tok)
	}
	if Token(32) == tok {
		t.Fatal("two tokens are equal")
	}
}

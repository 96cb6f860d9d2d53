package apikeys

import (
	"strings"
	"testing"
)

func TestNewKeysAreWellFormedAndDistinct(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		for _, mode := range []string{"live", "test"} {
			k := newKey(mode)
			if !Valid(k) || len(k) != 46 || !strings.HasPrefix(k, "kf_"+mode+"_") {
				t.Fatalf("newKey(%s) = %q", mode, k)
			}
			if seen[k] {
				t.Fatalf("key %q issued twice", k)
			}
			seen[k] = true
		}
	}
}

func TestValidRefusesAnythingButTheFormat(t *testing.T) {
	k := newKey("live")
	flip := func(s string, i int) string {
		c := byte('a')
		if s[i] == 'a' {
			c = 'b'
		}
		return s[:i] + string(c) + s[i+1:]
	}
	for name, bad := range map[string]string{
		"empty":             "",
		"session token":     "kfs_abcdefghijklmnopqrstuvwxyz012345",
		"other prefix":      "kf_prod_" + k[8:],
		"secret changed":    flip(k, 20),
		"checksum changed":  flip(k, len(k)-1),
		"one char short":    k[:len(k)-1],
		"one char long":     k + "0",
		"not base62":        k[:10] + "_" + k[11:],
		"upper-cased whole": strings.ToUpper(k),
	} {
		if Valid(bad) {
			t.Errorf("%s: %q accepted", name, bad)
		}
	}
	// The documented example looks like a key but must not pass as one.
	if Valid(docExample) {
		t.Errorf("documented example %q passes the checksum: scanners would report it", docExample)
	}
}

// docExample is the key shown in format.go's comment and the API docs.
const docExample = "kf_live_4eC39HqLyjWDarjtT1zdp7dcXbq8Fm2Z000000"

func TestChecksumIsCRC32InBase62(t *testing.T) {
	// CRC-32 (IEEE) of "" is 0 and of "a" is 0xe8b7be43 = 3904355907,
	// which is 4GEHKN in base62 (0-9A-Za-z).
	if got := checksum(""); got != "000000" {
		t.Errorf("checksum(\"\") = %s", got)
	}
	if got := checksum("a"); got != "4GEHKN" {
		t.Errorf("checksum(\"a\") = %s", got)
	}
}

func TestHintRevealsOnlyTheChecksum(t *testing.T) {
	k := newKey("test")
	h := hint(k)
	if h != "kf_test_..."+k[len(k)-4:] || len(h) > 16 {
		t.Fatalf("hint %q", h)
	}
}

func TestHashDependsOnPepper(t *testing.T) {
	k := newKey("live")
	a, b := hashKey([]byte("pepper-one-0123456789abcdef012345"), k), hashKey([]byte("pepper-two-0123456789abcdef012345"), k)
	if a == b || len(a) != 64 || strings.Contains(a, k) {
		t.Fatalf("hashes %s %s", a, b)
	}
}

// Package ids makes the opaque, prefixed identifiers Kefu hands out
// ("usr_01jd…"). They are UUIDv7 underneath, so they sort by creation time,
// which keeps cursor pagination and B-tree inserts cheap.
package ids

import (
	"crypto/rand"
	"encoding/binary"
	"time"

	"github.com/google/uuid"
)

// alphabet is Crockford base32 in lower case; ascending ASCII keeps the
// encoding's sort order equal to the UUID's byte order.
const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// New returns a fresh identifier with the given prefix, e.g. New("usr").
func New(prefix string) string {
	u, err := uuid.NewV7()
	if err != nil {
		// NewV7 fails only when the system random source fails; fall back
		// to a time-prefixed random value rather than panicking.
		binary.BigEndian.PutUint64(u[:8], uint64(time.Now().UnixMilli())<<16)
		_, _ = rand.Read(u[8:])
	}
	return prefix + "_" + encode(u)
}

// encode writes 128 bits as 26 base32 characters (the top 2 bits padded).
func encode(u uuid.UUID) string {
	hi := binary.BigEndian.Uint64(u[:8])
	lo := binary.BigEndian.Uint64(u[8:])
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = alphabet[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// Token returns n random bytes as a URL-safe string, for secrets such as
// session tokens and invite links.
func Token(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("ids: system random source failed: " + err.Error())
	}
	var out []byte
	var acc uint
	var bits uint
	for _, c := range b {
		acc = acc<<8 | uint(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out = append(out, alphabet[(acc>>bits)&31])
		}
	}
	if bits > 0 {
		out = append(out, alphabet[(acc<<(5-bits))&31])
	}
	return string(out)
}

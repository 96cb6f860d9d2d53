package apikeys

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"hash/crc32"
	"strings"
)

// Key format. A key is
//
//	kf_live_ | kf_test_   the prefix: product and mode
//	32 × [0-9A-Za-z]      the secret: ~190 random bits
//	6 × [0-9A-Za-z]       the checksum: CRC-32 (IEEE) of prefix+secret,
//	                      base62, left-padded with '0'
//
// 46 characters in all. The checksum lets secret scanners tell a real key
// from look-alike text offline, and lets the server refuse a mistyped key
// without a database round trip. Only HMAC-SHA256(pepper, key) is stored.
// Examples in the docs (kf_live_4eC39HqLyjWDarjtT1zdp7dcXbq8Fm2Z000000)
// carry a wrong checksum on purpose, so scanners do not report them.
const (
	LivePrefix = "kf_live_"
	TestPrefix = "kf_test_"

	secretLen   = 32
	checksumLen = 6
	prefixLen   = len(LivePrefix)
	keyLen      = prefixLen + secretLen + checksumLen
	hintLen     = 4
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// LooksLikeKey reports whether a bearer token claims to be an API key (as
// opposed to a console session), whether or not it is well formed.
func LooksLikeKey(token string) bool {
	return strings.HasPrefix(token, LivePrefix) || strings.HasPrefix(token, TestPrefix)
}

// Valid reports whether key is well formed: a known prefix, the right
// length and alphabet, and a matching checksum. It says nothing about
// whether the key exists or is still active.
func Valid(key string) bool {
	if len(key) != keyLen || !LooksLikeKey(key) {
		return false
	}
	for i := prefixLen; i < keyLen; i++ {
		if strings.IndexByte(base62, key[i]) < 0 {
			return false
		}
	}
	body := key[:keyLen-checksumLen]
	return key[keyLen-checksumLen:] == checksum(body)
}

// checksum is the base62 CRC-32 of s in exactly checksumLen characters
// (62^6 > 2^32, so it always fits).
func checksum(s string) string {
	n := crc32.ChecksumIEEE([]byte(s))
	var out [checksumLen]byte
	for i := checksumLen - 1; i >= 0; i-- {
		out[i] = base62[n%62]
		n /= 62
	}
	return string(out[:])
}

// newKey returns a fresh key of mode ("live" or "test").
func newKey(mode string) string {
	prefix := LivePrefix
	if mode == "test" {
		prefix = TestPrefix
	}
	body := prefix + randomBase62(secretLen)
	return body + checksum(body)
}

// randomBase62 draws n characters uniformly: bytes ≥ 248 (4×62) are
// rejected so no character is more likely than another.
func randomBase62(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic("apikeys: system random source failed: " + err.Error())
		}
		for _, b := range buf {
			if b < 248 && len(out) < n {
				out = append(out, base62[b%62])
			}
		}
	}
	return string(out)
}

// hint is what a person sees to tell keys apart: the prefix and the last
// characters, which belong to the checksum and so reveal nothing secret.
func hint(key string) string {
	return key[:prefixLen] + "..." + key[len(key)-hintLen:]
}

// hashKey is the stored form of a key: HMAC-SHA256 under the server's
// pepper, so a leaked table alone cannot be used to check guesses.
func hashKey(pepper []byte, key string) string {
	m := hmac.New(sha256.New, pepper)
	m.Write([]byte(key))
	return hex.EncodeToString(m.Sum(nil))
}

package accounts

import (
	"crypto/sha256"
	"encoding/hex"

	"kefu/ids"
)

// Session tokens carry a prefix so a leaked one is recognizable in logs or
// code scanning; only their SHA-256 is stored.
const sessionPrefix = "kfs_"

func newSecret(prefix string) (token, hash string) {
	token = prefix + ids.Token(32)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

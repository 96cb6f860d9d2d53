package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// pepperFile keeps the embedded default's generated pepper across restarts.
const pepperFile = "api-key-pepper"

// minPepperLen keeps a configured pepper from being guessable.
const minPepperLen = 32

// apiKeyPepper is the HMAC key API keys are stored under. It must be the
// same in every process and across restarts, or every key stops working.
// The embedded default makes one once and keeps it in the data dir; with
// PostgreSQL (several processes, no shared disk) the operator must set it.
func (c Config) apiKeyPepper() ([]byte, error) {
	if c.APIKeyPepper != "" {
		if len(c.APIKeyPepper) < minPepperLen {
			return nil, fmt.Errorf("KEFU_API_KEY_PEPPER must be at least %d characters (e.g. `openssl rand -hex 32`)", minPepperLen)
		}
		return []byte(c.APIKeyPepper), nil
	}
	if !c.Embedded() {
		return nil, errors.New("KEFU_API_KEY_PEPPER is required with PostgreSQL: set the same secret (e.g. `openssl rand -hex 32`) " +
			"in every Kefu process; API keys are stored as HMACs under it")
	}
	return loadOrCreatePepper(filepath.Join(c.DataDir, pepperFile))
}

// loadOrCreatePepper reads the pepper at path, or makes 32 random bytes
// (hex) readable by the owner only. It is written aside and hard-linked
// into place, so two processes starting at once agree on one pepper and
// neither reads a half-written file.
func loadOrCreatePepper(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		p := strings.TrimSpace(string(b))
		if len(p) < minPepperLen {
			return nil, fmt.Errorf("api key pepper %s is too short; delete it only if no API keys were issued", path)
		}
		return []byte(p), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read api key pepper: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("generate api key pepper: %w", err)
	}
	tmp, err := os.CreateTemp(dir, pepperFile+".*")
	if err != nil {
		return nil, fmt.Errorf("write api key pepper: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.WriteString(hex.EncodeToString(raw) + "\n")
	if err := errors.Join(werr, tmp.Chmod(0o600), tmp.Close()); err != nil {
		return nil, fmt.Errorf("write api key pepper: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("write api key pepper: %w", err)
	}
	return loadOrCreatePepper(path)
}

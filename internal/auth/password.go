// Package auth holds wachsam's account security: argon2id passwords, server-
// side sessions, TOTP with recovery codes, and login throttling (DESIGN.md
// §6). It reaches the database only through the AccountStore interface,
// which internal/store implements; cmd/wachsam wires the two.
package auth

import (
	"context"
	"runtime"
	"strings"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"

	"github.com/wachsam/wachsam"
)

// Hasher hashes and checks passwords with argon2id. Hashing is deliberately
// expensive in memory, so the number of hashes computed at once is bounded:
// a burst of logins must not exhaust the server's memory.
type Hasher struct {
	params *argon2id.Params
	slots  chan struct{}
	dummy  string // a hash to compare against when the account does not exist
}

// ProductionParams follow the OWASP recommendation for argon2id (19 MiB,
// 2 iterations, 1 lane).
func ProductionParams() *argon2id.Params {
	return &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

// FastParams are for tests only: cheap, but still real argon2id.
func FastParams() *argon2id.Params {
	return &argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

// NewHasher returns a hasher with the given parameters.
func NewHasher(params *argon2id.Params) (*Hasher, error) {
	h := &Hasher{params: params, slots: make(chan struct{}, max(1, runtime.NumCPU()))}
	dummy, err := argon2id.CreateHash("wachsam-dummy-password", params)
	if err != nil {
		return nil, err
	}
	h.dummy = dummy
	return h, nil
}

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *Hasher) release() { <-h.slots }

// Hash checks the password policy and hashes the password.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := CheckPasswordPolicy(password); err != nil {
		return "", err
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	return argon2id.CreateHash(password, h.params)
}

// Matches reports whether password belongs to hash. With an empty hash it
// compares against a dummy, so an unknown account takes as long to refuse
// as a wrong password and response times reveal nothing.
func (h *Hasher) Matches(ctx context.Context, password, hash string) (bool, error) {
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	if hash == "" || !strings.HasPrefix(hash, "$argon2id$") {
		// No password set yet (an account from a staff import waits for
		// its first password): compare against the dummy so that timing
		// tells nothing, and refuse like a wrong password.
		argon2id.ComparePasswordAndHash(password, h.dummy)
		return false, nil
	}
	return argon2id.ComparePasswordAndHash(password, hash)
}

// MinPasswordLength follows BSI IT-Grundschutz ORP.4 for passwords without
// complexity rules: length beats character classes.
const MinPasswordLength = 12

// CheckPasswordPolicy refuses passwords that are too short or absurdly long.
func CheckPasswordPolicy(password string) error {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLength {
		return wachsam.FieldError("password", "Das Passwort muss mindestens %d Zeichen lang sein.", MinPasswordLength)
	}
	if len(password) > 256 {
		return wachsam.FieldError("password", "Das Passwort darf höchstens 256 Bytes lang sein.")
	}
	return nil
}

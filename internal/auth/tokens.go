package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// NewToken returns a random, unguessable token of 32 bytes, URL-safe.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is the form in which tokens are stored: a leaked database does
// not reveal a usable session. Tokens are random, so a plain SHA-256 suffices.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewRecoveryCode returns a code like "K7QF-2MZP-XW4D" (60 bits), easy to
// type from paper: base32 without the confusable padding.
func NewRecoveryCode() string {
	b := make([]byte, 8)
	rand.Read(b)
	s := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)[:12]
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12]
}

// normalizeRecoveryCode accepts what people type: any case, with or without
// dashes and spaces.
func normalizeRecoveryCode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.NewReplacer("-", "", " ", "").Replace(s)
	if len(s) != 12 {
		return s
	}
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12]
}

// NewPassword returns a random initial password for a new account: 20
// characters, above the policy minimum, to be changed at first sign-in.
func NewPassword() string {
	b := make([]byte, 15)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

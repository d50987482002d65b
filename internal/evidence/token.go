package evidence

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// TokenPrefix marks wachsam's evidence tokens, so a token pasted into the
// wrong place is recognisable (and findable by secret scanners).
const TokenPrefix = "wse_"

// NewToken makes a read-only API token: 160 random bits. Only its hash is
// stored; the token itself is shown once.
func NewToken() string {
	b := make([]byte, 20)
	rand.Read(b)
	return TokenPrefix + strings.ToLower(crockford().EncodeToString(b))
}

// HashToken is what the store keeps of a token. A fast hash suffices: the
// token is random and long, not a password anyone could guess.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

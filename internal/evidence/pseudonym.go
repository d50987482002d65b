package evidence

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strconv"
	"strings"
)

// NewPseudonymKey makes the secret a municipality's pseudonyms derive from.
// Each municipality has its own, so the same formula gives unrelated
// pseudonyms in two towns.
func NewPseudonymKey() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// crockford avoids letters that read like digits (I, L, O, U).
const crockfordAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

func crockford() *base32.Encoding {
	return base32.NewEncoding(crockfordAlphabet).WithPadding(base32.NoPadding)
}

// Pseudonym is the stable name a person has in the evidence of their
// municipality, e.g. "P-7K3M-9XQ2": a keyed hash of the account, so it
// cannot be reversed without the municipality's key and never changes for
// the same person.
func Pseudonym(key string, userID int64) string {
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte("person:" + itoa(userID)))
	s := crockford().EncodeToString(mac.Sum(nil))[:8]
	return "P-" + s[:4] + "-" + s[4:]
}

// IsPseudonym tells whether s has the shape of a pseudonym.
func IsPseudonym(s string) bool {
	if len(s) != 11 || !strings.HasPrefix(s, "P-") || s[6] != '-' {
		return false
	}
	for _, c := range s[2:6] + s[7:] {
		if !strings.ContainsRune(crockfordAlphabet, c) {
			return false
		}
	}
	return true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

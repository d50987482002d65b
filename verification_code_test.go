package wachsam

import (
	"strings"
	"testing"
)

// TestNormalizeVerificationCode: any spelling of a code of an accepted
// length comes back in its printed form; anything else gets a German
// reason that names the field.
func TestNormalizeVerificationCode(t *testing.T) {
	for in, want := range map[string]string{
		"K7QF-2M9X-4HTR":           "K7QF-2M9X-4HTR",
		"k7qf 2m9x 4htr":           "K7QF-2M9X-4HTR",
		"k7qf2m9x4htr-abcd":        "K7QF-2M9X-4HTR-ABCD",
		"K7QF–2M9X–4HTR\u00a0ABCD": "K7QF-2M9X-4HTR-ABCD",
		"":                         "Bitte geben Sie den Prüfcode ein",
		"K7QF-2M9X-4HT":            "12 oder 16 Zeichen",
		"K7QF-2M9X-4HTR-ABC":       "eingegeben wurden 15",
		"K7QF-2M9X-4HT0":           "„0“",
		"<script>":                 "„<“",
		"ÄÄÄÄ-ÄÄÄÄ-ÄÄÄÄ":           "„Ä“",
	} {
		got, err := NormalizeVerificationCode(in, 12, 16)
		msg := got
		if err != nil {
			msg = err.Error()
			if ErrorCodeOf(err) != EINVALID {
				t.Errorf("%q: %v is not an input error", in, err)
			}
		}
		if !strings.Contains(msg, want) {
			t.Errorf("%q → %q, want %q", in, msg, want)
		}
	}
	if len(VerificationCodeAlphabet) != 32 || strings.ContainsAny(VerificationCodeAlphabet, "01IO") {
		t.Errorf("the alphabet must have 32 characters without 0, 1, I, O: %q", VerificationCodeAlphabet)
	}
}

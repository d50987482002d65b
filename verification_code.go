package wachsam

import (
	"slices"
	"strconv"
	"strings"
)

// Verification codes are printed on documents anyone may check on the
// public page /zeugnis: exam certificates (package exam) and participation
// certificates (package courses). Both kinds use the same alphabet and
// grouping, so one form reads either; their lengths tell them apart.

// VerificationCodeAlphabet are the characters of verification codes:
// digits and capital letters without 0, 1, I and O, which people misread
// when they type a code from paper. With 32 characters each one carries
// five bits.
const VerificationCodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// FormatVerificationCode groups a code in fours: "K7QF2M9X4HTR" →
// "K7QF-2M9X-4HTR".
func FormatVerificationCode(raw string) string {
	var b strings.Builder
	for i, r := range raw {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ScanVerificationCode reads a code as a person types it: letters in
// either case, with or without spaces and hyphens of any kind. It returns
// the characters that remain, in capitals, and up to three distinct ones
// that are not in the alphabet.
func ScanVerificationCode(s string) (raw string, foreign []string) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '\u2010' || r == '\u2011' || r == '\u2013' || r == '\u2014' || r == '\t' || r == '\u00a0':
			continue
		case !strings.ContainsRune(VerificationCodeAlphabet, r):
			if len(foreign) < 3 && !slices.Contains(foreign, string(r)) {
				foreign = append(foreign, string(r))
			}
		}
		b.WriteRune(r)
	}
	return b.String(), foreign
}

// NormalizeVerificationCode reads a code of one of the given lengths
// (without hyphens) as ScanVerificationCode does and returns it in its
// printed form, or a field error (field "code") that says in German why it
// cannot be one. The public check uses it before it knows which kind of
// document the code belongs to.
func NormalizeVerificationCode(s string, lengths ...int) (string, error) {
	raw, foreign := ScanVerificationCode(s)
	n := len([]rune(raw))
	switch {
	case n == 0:
		return "", FieldError("code", "Bitte geben Sie den Prüfcode ein, der auf dem Dokument steht.")
	case len(foreign) > 0:
		return "", FieldError("code", "Der Prüfcode enthält „%s“. Prüfcodes bestehen nur aus den Ziffern 2–9 und Großbuchstaben ohne I und O, zum Beispiel K7QF-2M9X-4HTR.", strings.Join(foreign, "“, „"))
	case !slices.Contains(lengths, n):
		want := make([]string, len(lengths))
		for i, l := range lengths {
			want[i] = strconv.Itoa(l)
		}
		return "", FieldError("code", "Ein Prüfcode hat %s Zeichen (ohne Bindestriche); eingegeben wurden %d. Bitte vergleichen Sie den Code Zeichen für Zeichen mit dem Dokument.", strings.Join(want, " oder "), n)
	}
	return FormatVerificationCode(raw), nil
}

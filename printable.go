package wachsam

import (
	"golang.org/x/text/unicode/norm"
)

// Unprintable returns the first character of s, after NFC normalisation
// (as the documents print it), that the PDF documents cannot print. The
// documents embed one font family, Go Regular and Go Bold (WGL4: Latin,
// Greek, Cyrillic); a character it lacks would print as an empty box, so
// forms and the staff import refuse it and say so, and the documents print
// every text they accept (internal/pdf's TestEveryAcceptedCharacterIsPrintable
// holds this list to the font).
func Unprintable(s string) (rune, bool) {
	for _, r := range norm.NFC.String(s) {
		if r != '\n' && r != '\r' && r != '\t' && !printableRune(r) {
			return r, true
		}
	}
	return 0, false
}

// printableRune lists the letters, marks and punctuation of Go Regular and
// Go Bold that people's names, titles and notes use.
func printableRune(r rune) bool {
	ranges := [...][2]rune{
		{0x0020, 0x007E}, // Basic Latin
		{0x00A0, 0x017F}, // Latin-1 Supplement, Latin Extended-A
		{0x0192, 0x0192},
		{0x01CD, 0x01DC}, // Pinyin vowels with caron
		{0x01FA, 0x01FF},
		{0x0218, 0x021B}, // Romanian Ș ș Ț ț
		{0x02C6, 0x02C7},
		{0x02C9, 0x02C9},
		{0x02D8, 0x02DD},
		{0x037E, 0x037E}, // Greek
		{0x0384, 0x038A},
		{0x038C, 0x038C},
		{0x038E, 0x03A1},
		{0x03A3, 0x03CE},
		{0x0400, 0x045F}, // Cyrillic
		{0x0490, 0x0491},
		{0x1E80, 0x1E85}, // Welsh
		{0x1EF2, 0x1EF3},
		{0x2013, 0x2015}, // dashes, quotation marks, bullets
		{0x2017, 0x201E},
		{0x2020, 0x2022},
		{0x2026, 0x2026},
		{0x2030, 0x2030},
		{0x2032, 0x2033},
		{0x2039, 0x203A},
		{0x20AC, 0x20AC}, // €
		{0x2116, 0x2116}, // №
		{0x2122, 0x2122}, // ™
	}
	for _, rg := range ranges {
		if r < rg[0] {
			return false
		}
		if r <= rg[1] {
			return true
		}
	}
	return false
}

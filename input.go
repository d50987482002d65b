package wachsam

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Length limits for the text people type in, in characters (runes), chosen
// by meaning: a name or title fits on one line of a certificate or a
// report, a note or an application is a few paragraphs. The database holds
// the same limits as CHECK constraints (PostgreSQL) and triggers (SQLite)
// in migration 00007; docs/limits.md lists them per column.
const (
	MaxNameLen        = 200   // people, municipalities, departments, rounds, seminars, components
	MaxTitleLen       = 200   // topics, programme titles, token names
	MaxEmailLen       = 254   // RFC 5321's limit for a forward path
	MaxPlaceLen       = 300   // a session's location, an exam's place
	MaxCodeLen        = 40    // component and part codes, staff numbers, candidate numbers
	MaxCommentLen     = 2000  // a board member's vote comment, a revocation reason
	MaxNoteLen        = 4000  // notes on facts, programme notes, case summaries
	MaxApplicationLen = 20000 // an application or statement of reasons (§6(3), §9 of the regulation)
)

// Number ranges shared by forms, API and database.
const (
	// MaxCostCents bounds a round's cost: ten million euros is more than
	// any awareness round costs, and it stays far below 2^31, so PostgreSQL
	// integer columns and SQLite agree on every accepted value.
	MaxCostCents = 1_000_000_000
	// MaxFeeCents bounds an exam or retake fee: one hundred thousand euros.
	MaxFeeCents = 10_000_000
	// MaxLeadMinutes bounds cancellation lead times and offer lifetimes
	// (366 days, as courses.RoundPolicy does), before they are multiplied
	// into a time.Duration that would otherwise overflow.
	MaxLeadMinutes = 366 * 24 * 60
)

// CheckLine checks one-line text such as a name or a title: valid UTF-8, no
// control characters (a line break in a name breaks mail headers, CSV rows
// and PDF layout alike), only characters the PDF documents can print
// (Unprintable), at most max characters. field names the input so
// that a form can show the message beside it; label is its German name for
// the message ("Titel: höchstens 200 Zeichen.").
func CheckLine(field, label, s string, max int) error {
	if err := checkText(field, label, s, max, false); err != nil {
		return err
	}
	return checkPrintable(field, label, s)
}

// CheckText checks multi-line text such as a note or an application: like
// CheckLine, but line breaks and tabs are allowed.
func CheckText(field, label, s string, max int) error {
	if err := checkText(field, label, s, max, true); err != nil {
		return err
	}
	return checkPrintable(field, label, s)
}

// CheckWellFormed checks any text that arrives, whatever it is for (a
// password, a code, a search): valid UTF-8, no control characters but line
// breaks and tabs, at most max characters. It is the HTTP layer's net under
// the field rules above.
func CheckWellFormed(field, label, s string, max int) error {
	return checkText(field, label, s, max, true)
}

func checkPrintable(field, label, s string) error {
	if r, bad := Unprintable(s); bad {
		return FieldError(field, "%s: Das Zeichen „%c“ (U+%04X) kann in den PDF-Dokumenten nicht gedruckt werden. Möglich sind lateinische, griechische und kyrillische Buchstaben.", label, r, r)
	}
	return nil
}

func checkText(field, label, s string, max int, multiLine bool) error {
	if !utf8.ValidString(s) {
		return FieldError(field, "%s: Der Text enthält ungültige Zeichen (keine gültige UTF-8-Kodierung).", label)
	}
	if r, bad := forbiddenRune(s, multiLine); bad {
		if r == '\n' || r == '\r' {
			return FieldError(field, "%s: Zeilenumbrüche sind hier nicht erlaubt.", label)
		}
		return FieldError(field, "%s: Steuerzeichen (U+%04X) sind nicht erlaubt.", label, r)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return FieldError(field, "%s: höchstens %s Zeichen (eingegeben: %s).", label, germanCount(max), germanCount(n))
	}
	return nil
}

// forbiddenRune returns the first control character s must not hold.
// Multi-line text keeps line feeds, carriage returns and tabs.
func forbiddenRune(s string, multiLine bool) (rune, bool) {
	i := strings.IndexFunc(s, func(r rune) bool {
		if multiLine && (r == '\n' || r == '\r' || r == '\t') {
			return false
		}
		// Cc are the C0/C1 controls including NUL; U+2028/U+2029 are line
		// and paragraph separators, line breaks in all but name.
		return unicode.Is(unicode.Cc, r) || r == '\u2028' || r == '\u2029'
	})
	if i < 0 {
		return 0, false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r, true
}

// CheckRange checks that a number lies within [lo, hi].
func CheckRange(field, label string, n, lo, hi int64) error {
	if n < lo || n > hi {
		return FieldError(field, "%s: muss zwischen %s und %s liegen.", label, germanCount(int(lo)), germanCount(int(hi)))
	}
	return nil
}

// CheckCents checks an amount of money in cents: not negative, at most
// max, and says so in euros ("Kosten: höchstens 10.000.000,00 €.").
func CheckCents(field, label string, cents, max int64) error {
	if cents < 0 {
		return FieldError(field, "%s: Der Betrag darf nicht negativ sein.", label)
	}
	if cents > max {
		return FieldError(field, "%s: höchstens %s,%02d €.", label, germanCount(int(max/100)), max%100)
	}
	return nil
}

// germanCount writes n with German thousands separators (20.000).
func germanCount(n int) string { return message.NewPrinter(language.German).Sprint(n) }

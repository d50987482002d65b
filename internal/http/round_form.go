package http

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
)

// Reading what coordinators type the German way: shares as "1/3", "50 %"
// or "0,5", amounts as "1.250,00 €", dates as 01.12.2026.

var (
	roundDecimalPattern = regexp.MustCompile(`^\d{1,6}([.,]\d{1,6})?$`)
	roundEuroPattern    = regexp.MustCompile(`^(\d{1,3}(\.\d{3}){1,4}|\d{1,15})(,\d{1,2})?$`)
	roundClockPattern   = regexp.MustCompile(`^(\d{1,2})[:.](\d{2})$`)
)

// parseShare reads a quota share; empty means the round's default (nil).
func parseShare(field, input string) (*big.Rat, error) {
	s := strings.TrimSpace(input)
	if s == "" {
		return nil, nil
	}
	bad := wachsam.FieldError(field, "„%s“ ist kein Anteil. Bitte geben Sie einen Bruch (1/3), einen Prozentwert (50 %%) oder eine Dezimalzahl (0,5) an.", input)
	percent := strings.HasSuffix(s, "%")
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	r := new(big.Rat)
	if num, den, ok := strings.Cut(s, "/"); ok {
		n, err1 := strconv.ParseInt(strings.TrimSpace(num), 10, 32)
		d, err2 := strconv.ParseInt(strings.TrimSpace(den), 10, 32)
		if percent || err1 != nil || err2 != nil || d <= 0 || n < 0 {
			return nil, bad
		}
		r.SetFrac64(n, d)
	} else {
		if !roundDecimalPattern.MatchString(s) {
			return nil, bad
		}
		if _, ok := r.SetString(strings.Replace(s, ",", ".", 1)); !ok {
			return nil, bad
		}
	}
	if percent {
		r.Quo(r, big.NewRat(100, 1))
	}
	if r.Sign() <= 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
		return nil, wachsam.FieldError(field, "Der Anteil muss größer als 0 und höchstens 1 (100 %%) sein.")
	}
	return r, nil
}

// parseEuro reads an amount in German format into cents; empty is 0.
func parseEuro(field, input string) (int64, error) {
	s := strings.TrimSpace(input)
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "€"), "EUR"))
	if s == "" {
		return 0, nil
	}
	if !roundEuroPattern.MatchString(s) {
		return 0, wachsam.FieldError(field, "„%s“ ist kein Betrag. Bitte geben Sie ihn wie 1.250,00 € an (Punkt für Tausender, Komma für Cent).", input)
	}
	whole, frac, _ := strings.Cut(s, ",")
	euros, err := strconv.ParseInt(strings.ReplaceAll(whole, ".", ""), 10, 64)
	if err != nil || euros > 1_000_000_000 {
		return 0, wachsam.FieldError(field, "Der Betrag ist zu groß.")
	}
	cents, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	return euros*100 + cents, nil
}

// formatEuro writes cents as "1.250,00 €".
func formatEuro(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return sign + germanInt(int(cents/100)) + "," + strconv.FormatInt(cents%100+100, 10)[1:] + " €"
}

// roundParseDate reads a date as a browser's date field sends it
// (2026-12-01) or as people type it (01.12.2026, 1.12.2026).
func roundParseDate(field, input string) (wachsam.Date, error) {
	s := strings.TrimSpace(input)
	if d, err := wachsam.ParseDate(s); err == nil {
		return d, nil
	}
	if t, err := time.Parse("2.1.2006", s); err == nil && t.Year() >= wachsam.MinYear {
		return wachsam.DateOf(t), nil
	}
	if s == "" {
		return wachsam.Date{}, wachsam.FieldError(field, "Bitte geben Sie das Datum an.")
	}
	return wachsam.Date{}, wachsam.FieldError(field, "„%s“ ist kein Datum. Bitte geben Sie es wie 01.12.2026 an.", input)
}

// roundParseClock reads a time of day such as "09:00" or "9.30 Uhr" on a date
// in loc.
func roundParseClock(field, input string, day wachsam.Date, loc *time.Location) (time.Time, error) {
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(input), "Uhr"))
	m := roundClockPattern.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, wachsam.FieldError(field, "Bitte geben Sie die Uhrzeit wie 09:00 an.")
	}
	h, _ := strconv.Atoi(m[1])
	min, _ := strconv.Atoi(m[2])
	if h > 23 || min > 59 {
		return time.Time{}, wachsam.FieldError(field, "„%s“ ist keine Uhrzeit.", input)
	}
	return time.Date(day.Year, day.Month, day.Day, h, min, 0, 0, loc), nil
}

// roundParseCount reads a whole number a person typed ("1.000" included);
// empty gives def.
func roundParseCount(field, input string, def int, message string) (int, error) {
	s := strings.ReplaceAll(strings.TrimSpace(input), ".", "")
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, wachsam.FieldError(field, "%s", message)
	}
	return n, nil
}

// roundParseID reads a numeric id from a select box; empty is 0.
func roundParseID(field, input, message string) (int64, error) {
	if strings.TrimSpace(input) == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(strings.TrimSpace(input), 10, 64)
	if err != nil || id <= 0 {
		return 0, wachsam.FieldError(field, "%s", message)
	}
	return id, nil
}

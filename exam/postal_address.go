package exam

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wachsam/wachsam"
)

// PostalAddress is where the board's decision letters reach a candidate by
// post: the lines of the address field of a window envelope (DIN 5008),
// below the name the account has. The zero value means no address is known.
type PostalAddress struct {
	FormOfAddress string // "Frau", "Herr" or "" (none known)
	Extra         string // c/o, department, flat: optional
	Street        string // street and number, or Postfach
	PostalCode    string // five digits
	City          string
}

// Limits of a line in the address field (about 80 mm at 10 pt).
const (
	AddressLineMax = 50
	AddressCityMax = 40
)

// IsZero reports that no address is known.
func (a PostalAddress) IsZero() bool { return a == PostalAddress{} }

// Normalize trims every field and checks it; an address whose fields are
// all empty is the zero value (no address). Errors are field errors in
// German: form_of_address, extra, street, postal_code, city.
func (a PostalAddress) Normalize() (PostalAddress, error) {
	a = PostalAddress{FormOfAddress: strings.TrimSpace(a.FormOfAddress), Extra: oneSpaced(a.Extra), Street: oneSpaced(a.Street),
		PostalCode: strings.TrimSpace(a.PostalCode), City: oneSpaced(a.City)}
	if a.IsZero() {
		return a, nil
	}
	switch a.FormOfAddress {
	case "", "Frau", "Herr":
	default:
		return PostalAddress{}, wachsam.FieldError("form_of_address", "Bitte wählen Sie als Anrede „Frau“, „Herr“ oder „keine Angabe“.")
	}
	for _, f := range []struct{ field, label, v string }{
		{"extra", "Der Adresszusatz", a.Extra}, {"street", "Straße und Hausnummer", a.Street}, {"city", "Der Ort", a.City},
	} {
		if r, ok := unprintable(f.v); ok {
			return PostalAddress{}, wachsam.FieldError(f.field, "%s enthält das Zeichen „%c“, das im Brief nicht gedruckt werden kann.", f.label, r)
		}
	}
	switch {
	case utf8.RuneCountInString(a.Extra) > AddressLineMax:
		return PostalAddress{}, wachsam.FieldError("extra", "Der Adresszusatz ist zu lang (höchstens %d Zeichen, damit er in das Fenster des Umschlags passt).", AddressLineMax)
	case a.Street == "":
		return PostalAddress{}, wachsam.FieldError("street", "Bitte geben Sie Straße und Hausnummer (oder das Postfach) an.")
	case utf8.RuneCountInString(a.Street) > AddressLineMax:
		return PostalAddress{}, wachsam.FieldError("street", "Straße und Hausnummer sind zu lang (höchstens %d Zeichen).", AddressLineMax)
	case len(a.PostalCode) != 5 || strings.Trim(a.PostalCode, "0123456789") != "":
		return PostalAddress{}, wachsam.FieldError("postal_code", "Die Postleitzahl hat fünf Ziffern, zum Beispiel 89073.")
	case a.City == "":
		return PostalAddress{}, wachsam.FieldError("city", "Bitte geben Sie den Ort an.")
	case utf8.RuneCountInString(a.City) > AddressCityMax:
		return PostalAddress{}, wachsam.FieldError("city", "Der Ort ist zu lang (höchstens %d Zeichen).", AddressCityMax)
	}
	return a, nil
}

// Lines are the address field's lines for a person called name: the form
// of address on the name's line ("Frau Anna Amsel"), the extra line when
// given, the street, and "89073 Ulm". Without an address, name alone.
func (a PostalAddress) Lines(name string) []string {
	first := strings.TrimSpace(a.FormOfAddress + " " + name)
	if a.IsZero() {
		return []string{first}
	}
	lines := []string{first}
	if a.Extra != "" {
		lines = append(lines, a.Extra)
	}
	return append(lines, a.Street, a.PostalCode+" "+a.City)
}

// Salutation is the letter's formal salutation: "Sehr geehrte Frau Anna
// Amsel,", "Sehr geehrter Herr …," or, when no form of address is known,
// "Guten Tag Anna Amsel,". The full name is used, since which part of a
// name is the surname cannot be told from it.
func (a PostalAddress) Salutation(name string) string {
	switch a.FormOfAddress {
	case "Frau":
		return "Sehr geehrte Frau " + name + ","
	case "Herr":
		return "Sehr geehrter Herr " + name + ","
	}
	return "Guten Tag " + name + ","
}

// oneSpaced trims s and turns every run of white space (line breaks
// included) into one space: an address line is one line.
func oneSpaced(s string) string { return strings.Join(strings.Fields(s), " ") }

// unprintable finds a character a letter cannot print: control
// characters and anything outside the Latin, Greek and Cyrillic scripts the
// letter's fonts have, apart from digits, spaces and punctuation.
func unprintable(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case unicode.IsControl(r):
			return r, true
		case unicode.IsLetter(r) && !unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic):
			return r, true
		case !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) && !unicode.IsPunct(r) && !strings.ContainsRune("+°", r):
			return r, true
		}
	}
	return 0, false
}

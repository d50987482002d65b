package courses

import (
	"fmt"
	"strings"
	"unicode"
)

// The columns a staff list may have. Headers are compared after folding
// case, umlauts and punctuation away, so "E-Mail", "eMail", "Personal-Nr."
// and "Personalnr" all match.
const (
	staffColEmail = iota
	staffColName
	staffColFirst
	staffColLast
	staffColDepartment
	staffColStaffNumber
	staffColCount
)

var staffHeaderAliases = map[string]int{
	"email": staffColEmail, "mail": staffColEmail, "emailadresse": staffColEmail, "mailadresse": staffColEmail,
	"name": staffColName, "vorname": staffColFirst, "nachname": staffColLast, "familienname": staffColLast,
	"abteilung": staffColDepartment, "organisationseinheit": staffColDepartment, "amt": staffColDepartment, "fachbereich": staffColDepartment,
	"personalnummer": staffColStaffNumber, "personalnr": staffColStaffNumber, "persnr": staffColStaffNumber,
}

var staffColumnLabels = [staffColCount]string{"E-Mail", "Name", "Vorname", "Nachname", "Abteilung", "Personalnummer"}

// staffColumns maps a column to its index in the record, -1 when unused.
// The name comes from name alone or from first plus last.
type staffColumns struct {
	width                                 int
	email, name, first, last, dept, staff int
}

// mapStaffHeader finds the columns, lists the unused headers, and
// explains in one message what is missing or duplicated.
func mapStaffHeader(header []string) (staffColumns, []string, string) {
	var idx [staffColCount]int
	for i := range idx {
		idx[i] = -1
	}
	var ignored, found []string
	for i, h := range header {
		h = staffCollapseSpace(h)
		if h == "" {
			continue // Excel's empty trailing columns
		}
		found = append(found, staffQuote(h))
		c, ok := staffHeaderAliases[staffHeaderKey(h)]
		switch {
		case !ok:
			ignored = append(ignored, h)
		case idx[c] >= 0:
			return staffColumns{}, nil, fmt.Sprintf("Die Spalte %s kommt mehrmals vor (Spalten %s und %s). Bitte lassen Sie nur eine davon stehen.",
				staffQuote(staffColumnLabels[c]), staffColumnLetter(idx[c]), staffColumnLetter(i))
		default:
			idx[c] = i
		}
	}
	cols := staffColumns{width: len(header), email: idx[staffColEmail], name: idx[staffColName], first: idx[staffColFirst], last: idx[staffColLast], dept: idx[staffColDepartment], staff: idx[staffColStaffNumber]}
	// German forms often say "Name" for the surname beside "Vorname"; with
	// "Vorname", "Nachname" and "Name" all present, "Name" is left unused.
	unused := -1
	switch {
	case cols.first >= 0 && cols.last < 0:
		cols.last, cols.name = cols.name, -1
	case cols.first >= 0:
		unused, cols.name = cols.name, -1
	case cols.name >= 0:
		unused, cols.last = cols.last, -1
	}
	if unused >= 0 {
		ignored = append(ignored, staffCollapseSpace(header[unused]))
	}
	var missing []string
	if cols.email < 0 {
		missing = append(missing, "„E-Mail“")
	}
	if cols.first >= 0 && cols.last < 0 {
		missing = append(missing, "„Nachname“")
	} else if cols.first < 0 && cols.name < 0 {
		missing = append(missing, "„Name“ (oder „Vorname“ und „Nachname“)")
	}
	if cols.dept < 0 {
		missing = append(missing, "„Abteilung“")
	}
	if len(missing) == 0 {
		return cols, ignored, ""
	}
	msg := "Es fehlt die Spalte " + missing[0] + "."
	if len(missing) > 1 {
		msg = "Es fehlen die Spalten " + strings.Join(missing[:len(missing)-1], ", ") + " und " + missing[len(missing)-1] + "."
	}
	if len(found) > 20 {
		found = append(found[:20], "…")
	}
	msg += " Gefundene Spalten: " + strings.Join(found, ", ") + "."
	if strings.Contains(strings.Join(header, ""), "@") {
		msg += " Die erste Zeile muss die Spaltenüberschriften enthalten, nicht schon die erste Person."
	}
	return staffColumns{}, nil, msg // nothing is imported, so nothing is "ignored"
}

// staffHeaderKey folds a header to lower-case letters and digits, with
// umlauts and ß spelled out, so that "Größe" and "Groesse" compare equal.
func staffHeaderKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == 'ä':
			b.WriteString("ae")
		case r == 'ö':
			b.WriteString("oe")
		case r == 'ü':
			b.WriteString("ue")
		case r == 'ß':
			b.WriteString("ss")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// staffColumnLetter names a column as the spreadsheet does: A … Z, AA, AB, ….
func staffColumnLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

package courses

import (
	"encoding/csv"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wachsam/wachsam"
)

// MaxStaffCSVRows bounds one import: far more than the staff of any
// municipality, small enough that a mistaken upload cannot exhaust memory.
const MaxStaffCSVRows = 20_000

// StaffRow is one valid person of a staff list. Line is the physical line
// of the file where the record starts (the header is normally line 1).
type StaffRow struct {
	Line        int
	Name        string
	Email       string // normalised with wachsam.NormalizeEmail
	Department  string
	StaffNumber string // optional
}

// RowProblem is one mistake in a staff list, worded for the coordinator who
// exported it, not for IT. Field is "header", "email", "name", "department",
// "staff_number", or empty when the whole row is unreadable.
type RowProblem struct {
	Line    int
	Field   string
	Message string
}

// String prefixes the message with its line, as the import page lists it.
func (p RowProblem) String() string { return fmt.Sprintf("Zeile %d: %s", p.Line, p.Message) }

// StaffImport is a parsed staff list. Rows holds only the valid rows;
// Problems lists every mistake. The caller imports nothing while Problems
// is non-empty, so the coordinator fixes everything in one go.
type StaffImport struct {
	Rows      []StaffRow
	Problems  []RowProblem
	Encoding  string   // "UTF-8" or "Windows-1252"
	Delimiter rune     // ';', ',' or '\t'
	Ignored   []string // headers of columns that were not used
}

// ParseStaffCSV reads a staff list saved from a spreadsheet. Its error, a
// *wachsam.Error with code EINVALID, is only for files that cannot be read
// at all (empty, UTF-16, an .xlsx instead of CSV, no header, too many
// rows); mistakes in single rows are Problems, never an error, and never
// stop the reading of later rows.
func ParseStaffCSV(data []byte) (StaffImport, error) {
	text, enc, err := decodeStaffCSV(data)
	if err != nil {
		return StaffImport{}, err
	}
	delim, text := detectStaffDelimiter(text)
	imp := StaffImport{Encoding: enc, Delimiter: delim}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delim
	r.FieldsPerRecord = -1 // a wrong count is a problem of one row, checked below
	// Tolerates `a, "b"` from hand-edited files; with a tab delimiter it
	// would swallow empty fields, so not then.
	r.TrimLeadingSpace = delim != '\t'

	var cols staffColumns
	for {
		rec, line, bad, ok := nextStaffRecord(r)
		if !ok {
			return StaffImport{}, wachsam.Errorf(wachsam.EINVALID, "Die Datei enthält keine Kopfzeile. Die erste Zeile muss die Spaltenüberschriften enthalten, z. B. Name;E-Mail;Abteilung.")
		}
		if bad != "" {
			imp.Problems = []RowProblem{{Line: line, Field: "header", Message: "Die Kopfzeile kann nicht gelesen werden. " + bad}}
			return imp, nil
		}
		if staffBlankRecord(rec) {
			continue
		}
		var problem string
		cols, imp.Ignored, problem = mapStaffHeader(rec)
		if problem != "" {
			imp.Problems = []RowProblem{{Line: line, Field: "header", Message: problem}}
			return imp, nil
		}
		break
	}

	seen := map[string]int{} // email → line of its first valid occurrence
	count := 0
	for {
		rec, line, bad, ok := nextStaffRecord(r)
		if !ok {
			return imp, nil
		}
		if bad == "" && staffBlankRecord(rec) {
			continue // Excel writes ";;;" for rows that were merely formatted
		}
		if count++; count > MaxStaffCSVRows {
			return StaffImport{}, wachsam.Errorf(wachsam.EINVALID, "Die Datei enthält mehr als 20.000 Personen. Bitte teilen Sie die Liste auf mehrere Dateien auf.")
		}
		switch {
		case bad != "":
			imp.Problems = append(imp.Problems, RowProblem{Line: line, Message: bad})
			continue
		case len(rec) != cols.width:
			imp.Problems = append(imp.Problems, RowProblem{Line: line, Message: staffFieldCountMessage(len(rec), cols.width, delim)})
			continue
		}
		row, problems := cols.row(rec, line)
		if row.Email != "" {
			if first, dup := seen[row.Email]; dup {
				problems = append(problems, RowProblem{Line: line, Field: "email", Message: fmt.Sprintf(
					"Die E-Mail-Adresse %s steht schon in Zeile %d. Jede Person darf nur einmal in der Liste stehen.", staffQuote(row.Email), first)})
			} else {
				seen[row.Email] = line
			}
		}
		if len(problems) > 0 {
			imp.Problems = append(imp.Problems, problems...)
			continue
		}
		imp.Rows = append(imp.Rows, row)
	}
}

// row validates one record of the right width. The email is set even when
// another field is wrong, so that duplicates are still found.
func (c staffColumns) row(rec []string, line int) (StaffRow, []RowProblem) {
	row := StaffRow{Line: line}
	var problems []RowProblem
	add := func(field, msg string) {
		if msg != "" {
			problems = append(problems, RowProblem{Line: line, Field: field, Message: msg})
		}
	}
	raw := strings.TrimSpace(rec[c.email])
	msg := staffEmailProblem(raw)
	if msg == "" {
		row.Email = wachsam.NormalizeEmail(raw)
	}
	add("email", msg)
	name := ""
	if c.first >= 0 {
		name = rec[c.first] + " " + rec[c.last]
	} else {
		name = rec[c.name]
	}
	row.Name, msg = staffText(name, "Der Name", wachsam.MaxNameLen, true)
	add("name", msg)
	row.Department, msg = staffText(rec[c.dept], "Die Abteilung", wachsam.MaxNameLen, true)
	add("department", msg)
	if c.staff >= 0 {
		row.StaffNumber, msg = staffText(rec[c.staff], "Die Personalnummer", wachsam.MaxCodeLen, false)
		add("staff_number", msg)
	}
	return row, problems
}

// staffText trims a value and collapses inner whitespace (cells edited in
// Excel often hold line breaks or double spaces), then checks its length
// in characters, not bytes, as the user counts them.
func staffText(raw, subject string, maxLen int, required bool) (string, string) {
	s := staffCollapseSpace(raw)
	switch {
	case s == "" && required:
		return "", subject + " fehlt."
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "", subject + " enthält unzulässige Steuerzeichen."
	case utf8.RuneCountInString(s) > maxLen:
		return "", fmt.Sprintf("%s ist zu lang (höchstens %d Zeichen).", subject, maxLen)
	}
	if r, bad := wachsam.Unprintable(s); bad {
		return "", fmt.Sprintf("%s enthält das Zeichen „%c“ (U+%04X), das die PDF-Dokumente (Teilnahmelisten, Nachweisbericht) nicht drucken können. Möglich sind lateinische, griechische und kyrillische Buchstaben.", subject, r, r)
	}
	return s, ""
}

// staffEmailProblem explains what is wrong with an address, or returns "".
func staffEmailProblem(raw string) string {
	email := wachsam.NormalizeEmail(raw)
	switch {
	case email == "":
		return "Die E-Mail-Adresse fehlt."
	case validStaffEmail(email):
		return ""
	}
	// "Max Mustermann <max@…>" is what Outlook copies; say so plainly.
	if addr, err := mail.ParseAddress(email); err == nil && addr.Name != "" && validStaffEmail(addr.Address) {
		return fmt.Sprintf("In %s steht mehr als die E-Mail-Adresse. Bitte tragen Sie nur die Adresse ein, also %s.", staffQuote(raw), staffQuote(addr.Address))
	}
	return fmt.Sprintf("Die E-Mail-Adresse %s ist ungültig.", staffQuote(raw))
}

// validStaffEmail accepts a bare address as net/mail parses it, and
// additionally demands a domain of dotted host-name labels: net/mail takes
// "max@localhost" and "max@a_b", which no municipality's mail reaches.
func validStaffEmail(email string) bool {
	if len(email) > 254 {
		return false
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Name != "" || addr.Address != email {
		return false
	}
	labels := strings.Split(email[strings.LastIndexByte(email, '@')+1:], ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	return true
}

func staffCollapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// staffQuote shows a value in German quotation marks, shortened and with
// control characters blanked, so that a message stays one readable line.
func staffQuote(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return "„" + s + "“"
}

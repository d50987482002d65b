package courses

import (
	"bytes"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wachsam/wachsam"
)

// FuzzParseStaffCSV: whatever the bytes, ParseStaffCSV does not panic; it
// either refuses the whole file with a domain error, or every problem
// names a line of the file and every row is one a coordinator could
// import: a bare, normalised, unique address and the required fields.
func FuzzParseStaffCSV(f *testing.F) {
	files, err := filepath.Glob("testdata/staffcsv/*.csv")
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed files: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, seed := range []string{
		"Name,E-Mail,Abteilung\r\n\"a\r\nb\",a@b.de,X\r\n\"c\"\"d\",C@B.DE,\"Y,Z\"\r\n",
		"sep=;\nVorname;Nachname;Mail;Amt;PersNr\n;;;;\nA;B;a@b.de;X;1\nA;B;a@b.de;X;2\n",
		"Name\tEmail\tFachbereich\nA\ta@b.c\tX\n",
		"Name;E-Mail;Abteilung\rA;a@b.de;X\r",
		"Name;E-Mail;Abteilung\n\"unclosed;a@b.de;X\n",
		"\xEF\xBB\xBFName;E-Mail;Abteilung\n",
		"Name;E-Mail;Abteilung\nJ\xFCrgen;j@b.de;K\xE4mmerei\n",
		"PK\x03\x04", "\xFF\xFE", "",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := ParseStaffCSV(data)
		if err != nil {
			staffCSVDomainError(t, err)
			return
		}
		if imp.Encoding != "UTF-8" && imp.Encoding != "Windows-1252" {
			t.Errorf("encoding %q", imp.Encoding)
		}
		// Physical lines as the user's editor counts them; a file with
		// only CRs is an old Mac file whose lines end in CR.
		lines := bytes.Count(data, []byte("\n")) + 1
		if lines == 1 {
			lines = bytes.Count(data, []byte("\r")) + 1
		}
		for _, p := range imp.Problems {
			first := 2 // rows follow the header
			if p.Field == "header" {
				first = 1
				if len(imp.Rows) > 0 || len(imp.Problems) > 1 {
					t.Errorf("header problem %v beside rows or other problems", p)
				}
			}
			if p.Line < first || p.Line > lines || p.Message == "" {
				t.Errorf("problem %v outside lines %d..%d of the file", p, first, lines)
			}
		}
		seen := map[string]bool{}
		last := 1
		for _, r := range imp.Rows {
			if !staffFuzzValidEmail(r.Email) {
				t.Errorf("row %+v has an invalid email", r)
			}
			if seen[r.Email] {
				t.Errorf("email %q twice in the rows", r.Email)
			}
			seen[r.Email] = true
			if r.Line <= last || r.Line > lines {
				t.Errorf("row %+v: line after %d and up to %d expected", r, last, lines)
			}
			last = r.Line
			if !staffFuzzCleanText(r.Name, 200, true) || !staffFuzzCleanText(r.Department, 100, true) || !staffFuzzCleanText(r.StaffNumber, 40, false) {
				t.Errorf("row %+v has an empty, long or untrimmed value", r)
			}
		}
	})
}

// staffFuzzValidEmail restates the rule on its own, so that the fuzzer checks
// the parser rather than itself: net/mail accepts it as a bare address,
// it is already normalised, and its domain holds a dot between labels.
func staffFuzzValidEmail(email string) bool {
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Name != "" || addr.Address != email || wachsam.NormalizeEmail(email) != email {
		return false
	}
	at := strings.LastIndexByte(email, '@')
	domain := email[at+1:]
	dot := strings.IndexByte(domain, '.')
	return at > 0 && dot > 0 && !strings.HasSuffix(domain, ".") && !strings.Contains(domain, "..")
}

func staffFuzzCleanText(s string, maxLen int, required bool) bool {
	if s == "" {
		return !required
	}
	return utf8.ValidString(s) && utf8.RuneCountInString(s) <= maxLen && strings.Join(strings.Fields(s), " ") == s
}

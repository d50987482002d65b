package pdf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
)

// Every character the forms and the staff import accept
// (wachsam.Unprintable) has a glyph in both embedded faces: the documents
// print what the import accepts (issue 13 §3).
func TestEveryAcceptedCharacterIsPrintable(t *testing.T) {
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for r := rune(0x20); r <= 0x10FFFF; r++ {
		if _, bad := wachsam.Unprintable(string(r)); bad {
			continue
		}
		accepted++
		if m, bad := f.missing(clean(string(r))); bad {
			t.Errorf("U+%04X is accepted, but the fonts lack U+%04X", r, m)
		}
	}
	if accepted < 500 {
		t.Fatalf("only %d characters accepted", accepted)
	}
	for _, name := range []string{"Jürgen Weiß", "Ελένη Παπαδοπούλου", "Юлия Иванова", "Ştefan Ţurcanu", "Zoë Nuñez-Ødegård"} {
		if r, bad := wachsam.Unprintable(name); bad {
			t.Errorf("%q refused for U+%04X", name, r)
		}
	}
}

// A name the fonts cannot print (stored before the rule, or from a
// directory) never makes the municipality's report fail: it prints with
// "�" in place of what is missing.
func TestEvidenceReportPrintsUnprintableCharactersAsReplacement(t *testing.T) {
	r := evidenceReport(t, 1)
	r.Overdue[0].Department = "Bauamt 🏗"
	r.Settings.Title = "李小龍 Konzept"
	var buf bytes.Buffer
	if err := EvidenceReport(&buf, r); err != nil {
		t.Fatalf("the report failed: %v", err)
	}
	text := pdfText(t, buf.Bytes())
	if !strings.Contains(text, "Bauamt �") || !strings.Contains(text, "��� Konzept") {
		t.Errorf("pdftotext output:\n%s", text)
	}
}

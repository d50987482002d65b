package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
)

// boardLetter is a decision letter as the examination board writes it:
// reasons for an absence rejected (§9(2),(3)).
func boardLetter() Letter {
	return Letter{
		Letterhead: []string{"udis Ulmer Akademie für Datenschutz und IT-Sicherheit gGmbH",
			"Prüfungsausschuss für die Prüfung zu Informationssicherheitsbeauftragten – ISB (CISO)"},
		ReturnAddress: "udis Ulmer Akademie · Frauenstraße 124 · 89073 Ulm",
		Recipient:     []string{"Frau Anna Amsel", "c/o Amsel & Drossel", "Vogelweg 12", "88212 Ravensburg"},
		Info:          []LetterInfo{{"Unser Zeichen", "Fall 7 · Prüfling P-2026-0001"}, {"Datum", "22.11.2026"}},
		DateLine:      "Ulm, 22.11.2026",
		Reference:     "Fall 7 · Prüfling P-2026-0001",
		Subject:       "Bescheid des Prüfungsausschusses: Anerkennung der Gründe für Versäumnis oder Rücktritt (§9(2))",
		Salutation:    "Sehr geehrte Frau Amsel,",
		Sections: []LetterSection{
			{Heading: "Der Antrag wird abgelehnt.", Paragraphs: []LetterParagraph{{Text: "Die Gründe für das Versäumnis oder den Rücktritt " +
				"(Informationssicherheitsmanagement am 12.10.2026) werden nicht anerkannt. Die Prüfungsleistung gilt nach §9(1) als „nicht bestanden“ (5,0)."}}},
			{Heading: "Begründung", Paragraphs: []LetterParagraph{
				{Text: "Der Prüfungsausschuss hat am 22.11.2026 im Umlaufverfahren nach §4(4) der Prüfungsordnung beschlossen. Von 4 Mitgliedern " +
					"haben 3 an der Abstimmung teilgenommen; der Ausschuss war beschlussfähig. Abgelehnt mit 1 Ja- gegen 2 Nein-Stimmen bei 0 Enthaltungen."},
				{Text: "Diese ablehnende Entscheidung wird Ihnen nach §9(3) der Prüfungsordnung schriftlich mitgeteilt."},
			}},
			{Heading: "Maßgebliche Vorschriften der Prüfungsordnung", Paragraphs: []LetterParagraph{
				{Label: "§9(2)", Text: "„Die Gründe für ein Versäumnis oder einen Rücktritt müssen dem Vorsitzenden des Prüfungsausschusses unverzüglich " +
					"schriftlich angezeigt und glaubhaft gemacht werden. Bei Krankheit hat der Kandidat ein ärztliches Attest über die Prüfungsunfähigkeit vorzulegen.“"},
				{Label: "§9(3)", Text: "„Ablehnende Entscheidungen des Prüfungsausschusses sind dem Kandidaten schriftlich mitzuteilen.“"},
			}},
			{Heading: "Rechtsbehelfsbelehrung", Paragraphs: []LetterParagraph{{Text: "Gegen diesen Bescheid können Sie innerhalb eines Monats " +
				"nach seiner Bekanntgabe schriftlich Widerspruch beim Vorsitzenden des Prüfungsausschusses der udis Ulmer Akademie für " +
				"Datenschutz und IT-Sicherheit gGmbH erheben."}}},
		},
		Closing:    "Mit freundlichen Grüßen",
		Signer:     "Prof. Dr. Vera Vorsitz",
		SignerRole: "Vorsitz des Prüfungsausschusses",
		Author:     "Prüfungsausschuss",
	}
}

// longLetter repeats the provisions until the letter needs a second page.
func longLetter() Letter {
	l := boardLetter()
	rules := &l.Sections[2]
	for i := range 12 {
		rules.Paragraphs = append(rules.Paragraphs, LetterParagraph{Label: fmt.Sprintf("§11(%d)", i+1),
			Text: "„Hat der Kandidat bei einer Prüfungsleistung getäuscht und wird diese Tatsache erst nach der Aushändigung des Zeugnisses " +
				"bekannt, so kann der Prüfungsausschuss nachträglich die Prüfung ganz oder teilweise für \"nicht bestanden\" erklären.“"})
	}
	return l
}

func letterLayoutOf(t *testing.T, l Letter) *letterLayoutDoc {
	t.Helper()
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := letterLayout(l, f)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// dumpLetter renders a letter's layout as plain text for the golden files.
func dumpLetter(d *letterLayoutDoc) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title %q author %q\n", d.title, d.author)
	for i, pg := range d.pages {
		fmt.Fprintf(&b, "\npage %d/%d %.1fx%.1f\n", i+1, len(d.pages), d.width, d.height)
		for _, r := range pg.rules {
			fmt.Fprintf(&b, "rule %.1f–%.1f at %.1f\n", r.x1, r.x2, r.y)
		}
		for _, it := range pg.texts {
			style := "R"
			if it.bold {
				style = "B"
			}
			fmt.Fprintf(&b, "%6.1f %6.1f %s%-4g %s\n", it.x, it.y, style, it.size, it.text)
		}
	}
	return b.String()
}

// The layout of a decision letter and of one long enough for two pages.
func TestDecisionLetterLayoutGolden(t *testing.T) {
	one := letterLayoutOf(t, boardLetter())
	if len(one.pages) != 1 {
		t.Errorf("the usual letter takes %d pages, want 1", len(one.pages))
	}
	golden(t, "letter_reasons_rejected", dumpLetter(one))
	two := letterLayoutOf(t, longLetter())
	if len(two.pages) < 2 {
		t.Fatalf("the long letter takes %d pages", len(two.pages))
	}
	if got := pageTexts(page{texts: two.pages[1].texts}); got[0] != "udis Ulmer Akademie für Datenschutz und IT-Sicherheit gGmbH" {
		t.Errorf("the second page does not name the sender first: %q", got[:2])
	}
	golden(t, "letter_two_pages", dumpLetter(two))
	for _, d := range []*letterLayoutDoc{one, two} {
		for _, pg := range d.pages {
			for _, it := range pg.texts {
				if it.y > a4Long-30 || it.x < letterLeft-0.01 {
					t.Errorf("%q printed outside the page's margins at %.1f,%.1f", it.text, it.x, it.y)
				}
			}
		}
	}
}

// The PDF itself: a real file whose text pdftotext reads back.
func TestDecisionLetterPDF(t *testing.T) {
	var buf bytes.Buffer
	if err := DecisionLetter(&buf, boardLetter()); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	if !bytes.HasPrefix(out, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(out, " \t\r\n"), []byte("%%EOF")) {
		t.Fatal("not a complete PDF")
	}
	if got := pdfPageCount(t, out); got != 1 {
		t.Errorf("PDF has %d pages", got)
	}
	text := pdfText(t, out)
	for _, want := range []string{"Bescheid des Prüfungsausschusses", "Der Antrag wird abgelehnt.", "Sehr geehrte Frau Amsel,", "P-2026-0001",
		"Rechtsbehelfsbelehrung", "Widerspruch", "„nicht bestanden“", "Prof. Dr. Vera Vorsitz", "Unser Zeichen", "Datum", "22.11.2026", "Seite 1 von 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q:\n%s", want, text)
		}
	}
}

// pdfText extracts the text with poppler's pdftotext, skipping without it
// except under CI.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	return pdftotext(t, pdf)
}

// pdftotext runs poppler's pdftotext on pdf with the extra arguments.
func pdftotext(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (poppler-utils) is missing; CI must install it")
		}
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(append([]string{"-enc", "UTF-8"}, args...), path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// A character the fonts lack is an error naming the text; nothing is written.
func TestDecisionLetterRejectsUnprintable(t *testing.T) {
	l := boardLetter()
	l.Recipient[0] = "Kim 🙂 Lee"
	var buf bytes.Buffer
	err := DecisionLetter(&buf, l)
	var e *wachsam.Error
	if !errors.As(err, &e) || !strings.Contains(e.Message, `"Kim 🙂 Lee"`) {
		t.Fatalf("error %v, want one naming the text", err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written despite the error", buf.Len())
	}
	l = boardLetter()
	l.Subject = "  "
	if err := DecisionLetter(&buf, l); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
		t.Fatalf("a letter without subject: %v", err)
	}
}

// DIN 5008 form B: what pdftotext finds inside the window of a DL
// envelope (address field 20 mm from the left, 45 mm from the top,
// 85 × 45 mm) is the return address and the whole postal address, and
// nothing else; the information block stands 125 mm from the left; the
// subject starts below the address field.
func TestDecisionLetterDIN5008FormB(t *testing.T) {
	var buf bytes.Buffer
	if err := DecisionLetter(&buf, boardLetter()); err != nil {
		t.Fatal(err)
	}
	window := strings.Fields(pdfTextIn(t, buf.Bytes(), 20, 45, 85, 45))
	want := strings.Fields("udis Ulmer Akademie · Frauenstraße 124 · 89073 Ulm Frau Anna Amsel c/o Amsel & Drossel Vogelweg 12 88212 Ravensburg")
	if strings.Join(window, " ") != strings.Join(want, " ") {
		t.Errorf("the envelope's window shows %q, want %q", window, want)
	}
	info := strings.Join(strings.Fields(pdfTextIn(t, buf.Bytes(), 125, 45, 75, 50)), " ")
	if info != "Unser Zeichen Fall 7 · Prüfling P-2026-0001 Datum 22.11.2026" {
		t.Errorf("information block %q", info)
	}
	above := pdfTextIn(t, buf.Bytes(), 0, 0, 210, 98)
	if strings.Contains(above, "Bescheid des Prüfungsausschusses") || strings.Contains(above, "Sehr geehrte") {
		t.Errorf("subject or salutation above 98 mm:\n%s", above)
	}
	// The letterhead stays in the top 45 mm.
	if head := pdfTextIn(t, buf.Bytes(), 0, 0, 210, 45); !strings.Contains(head, "udis Ulmer Akademie für Datenschutz") {
		t.Errorf("letterhead not in the top 45 mm:\n%s", head)
	}
}

// The closing and the signature block stay together on one page with the
// last section (the Rechtsbehelfsbelehrung), however long the letter is.
func TestDecisionLetterKeepsClosingWithSignature(t *testing.T) {
	for extra := range 40 {
		l := boardLetter()
		for i := range extra {
			l.Sections[1].Paragraphs = append(l.Sections[1].Paragraphs, LetterParagraph{Text: fmt.Sprintf("Weitere Begründung %d.", i+1)})
		}
		doc := letterLayoutOf(t, l)
		page := -1
		for i, pg := range doc.pages {
			for _, it := range pg.texts {
				if it.text == "Rechtsbehelfsbelehrung" || it.text == "Mit freundlichen Grüßen" || it.text == "Prof. Dr. Vera Vorsitz" || it.text == "Vorsitz des Prüfungsausschusses" {
					if page >= 0 && page != i {
						t.Fatalf("%d extra paragraphs: closing and signature on pages %d and %d", extra, page+1, i+1)
					}
					page = i
				}
			}
		}
	}
}

// pdfTextIn is the text pdftotext finds in a rectangle of page 1, given in
// millimetres from the top-left corner.
func pdfTextIn(t *testing.T, pdf []byte, x, y, w, h float64) string {
	t.Helper()
	px := func(v float64) string { return fmt.Sprint(int(v * mm)) } // at 72 dpi a pixel is a point
	return pdftotext(t, pdf, "-f", "1", "-l", "1", "-x", px(x), "-y", px(y), "-W", px(w), "-H", px(h))
}

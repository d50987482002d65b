package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
)

// evidenceReport is a small municipality's report on 22.11.2026 with
// overdue people, each with a pseudonym.
func evidenceReport(t *testing.T, overdue int) evidence.Report {
	t.Helper()
	at := time.Date(2026, 11, 22, 10, 30, 0, 0, berlin(t))
	r := evidence.Report{
		Municipality: "Gemeinde Eichhausen", AGS: "08425002", GeneratedAt: at, Today: wachsam.DateIn(at, at.Location()),
		Settings: evidence.Settings{
			Title: "Schulungskonzept Informationssicherheit 2026", ApprovedBy: "Bürgermeisterin Özdemir",
			ApprovedOn: wachsam.MustDate("2026-03-01"), ReviewOn: wachsam.MustDate("2027-03-01"),
			Notes: "Neue Beschäftigte werden in den ersten vier Wochen geschult.\nDie Leitung einmal im Jahr.",
			Audiences: []evidence.TopicAudience{
				{Topic: "Informationssicherheit im Rathaus", Audience: evidence.AudienceAll, FrequencyMonths: 12, RemindDays: 30},
				{Topic: "Leitung und Verantwortung", Audience: evidence.AudienceManagement, FrequencyMonths: 24, RemindDays: 60},
			},
		},
		Sessions: []evidence.Session{
			{Topic: "Informationssicherheit im Rathaus", Days: []string{"2026-10-06"}, Location: "Rathaus Lindenbach, Sitzungssaal", Booked: 4, Attended: 4, Completed: 4},
			{Topic: "Informationssicherheit im Rathaus", Days: []string{"2026-11-03", "2026-11-04"}, Online: true, Booked: 3, Attended: 2, Completed: 1},
		},
		Coverage: []evidence.Coverage{
			{Unit: "Bauamt", Topic: "Informationssicherheit im Rathaus", Period: "2026-11", Eligible: 3, Trained: 2, DueSoon: 1, Overdue: 1, NeverTrained: 1},
			{Unit: "Bürgerbüro", Topic: "Informationssicherheit im Rathaus", Period: "2026-11", Eligible: 6, Trained: 3, Overdue: 3, NeverTrained: 2},
		},
	}
	for i := range overdue {
		o := evidence.OverduePerson{Person: fmt.Sprintf("P-%04d-XQ2Z", i+1), Department: []string{"Bauamt", "Bürgerbüro"}[i%2],
			Topic: "Informationssicherheit im Rathaus"}
		if i%3 == 0 {
			o.Last, o.DueSince = wachsam.MustDate("2025-10-01"), wachsam.MustDate("2026-10-01")
		}
		r.Overdue = append(r.Overdue, o)
	}
	return r
}

func evidenceLayoutOf(t *testing.T, r evidence.Report) *layout {
	t.Helper()
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	doc := reportContent(r)
	if err := doc.check(f); err != nil {
		t.Fatal(err)
	}
	l, err := reportLayout(doc, f)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func evidencePDF(t *testing.T, r evidence.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := EvidenceReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The layout of the usual report, position by position.
func TestEvidenceReportLayoutGolden(t *testing.T) {
	l := evidenceLayoutOf(t, evidenceReport(t, 4))
	golden(t, "evidence_report", dump(l))
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, pg := range l.pages {
		for _, it := range pg.texts {
			right := it.x + f.measure(it.text, it.size, it.bold)
			if it.x < margin-0.01 || it.y > a4Long-margin+0.01 || right > a4Short-margin+0.5 {
				t.Errorf("%q printed outside the margins at %.1f,%.1f", it.text, it.x, it.y)
			}
		}
	}
}

// Every column is wide enough for the words of its header, and the
// columns of a table fill the width.
func TestEvidenceReportColumnsFitTheirHeaders(t *testing.T) {
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range reportContent(evidenceReport(t, 1)).sections {
		var total float64
		for _, c := range sec.table.cols {
			total += c.share
			if _, whole := f.wrap(c.head, c.share*(a4Short-2*margin)-2*reportCellPad, reportCellSize, true, reportCellLines); !whole {
				t.Errorf("%s: header %q is cut", sec.heading, c.head)
			}
		}
		if total < 0.999 || total > 1.001 {
			t.Errorf("%s: columns take %.3f of the width", sec.heading, total)
		}
	}
}

// The PDF says what an auditor looks for, as pdftotext reads it.
func TestEvidenceReportPDFText(t *testing.T) {
	out := evidencePDF(t, evidenceReport(t, 4))
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	text := pdfText(t, out)
	for _, want := range []string{
		"Nachweis Sensibilisierung (CISIS12 Schritt 2)", "Gemeinde Eichhausen", "08425002", "22.11.2026, 10:30 Uhr",
		"Schulungskonzept Informationssicherheit 2026", "von Bürgermeisterin Özdemir am 01.03.2026", "01.03.2027",
		"alle Beschäftigten", "Leitungsebene", "alle 12 Monate", "60 Tage vorher", "Anmerkungen: Neue Beschäftigte",
		"Durchgeführte Schulungen", "06.10.2026", "03.11.2026,", "04.11.2026", "Online", "Rathaus Lindenbach", "Sitzungssaal",
		"Abdeckung nach Abteilung", "Bürgerbüro", "Gesamt", "55 %", "50 %", "Überfällige Schulungen", "P-0001-XQ2Z", "P-0004-XQ2Z",
		"01.10.2026", "nie", "ORP.3.A1", "ORP.3.A3", "ORP.3.A4", "A.6.3", "Schritt 2", "Vertrag training-evidence/1", "Seite 1 von",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
	// Coverage counts participation, not the learning success of A8.
	if strings.Contains(text, "ORP.3.A8") {
		t.Error("the report claims ORP.3.A8")
	}
}

// 300 overdue people run over several pages, each with the running head
// and the table's header, and every one of them is printed.
func TestEvidenceReportPaginatesThreeHundredOverdue(t *testing.T) {
	r := evidenceReport(t, 300)
	l := evidenceLayoutOf(t, r)
	if len(l.pages) < 6 {
		t.Fatalf("%d pages for 300 overdue people", len(l.pages))
	}
	printed := map[string]int{}
	for i, pg := range l.pages {
		texts := pageTexts(pg)
		if i > 0 && !strings.HasPrefix(texts[0], "Nachweis Sensibilisierung – Gemeinde Eichhausen (AGS 08425002)") {
			t.Errorf("page %d starts with %q", i+1, texts[0])
		}
		for _, s := range texts {
			if strings.HasSuffix(s, "-XQ2Z") {
				printed[s]++
			}
		}
		if i > 0 && i < len(l.pages)-1 && !containsText(texts, "Person") {
			t.Errorf("page %d repeats no table header", i+1)
		}
		for _, it := range pg.texts {
			if it.y > a4Long-margin-footerSpace && !strings.HasPrefix(it.text, "Seite") && !strings.HasPrefix(it.text, "Vertrag") {
				t.Errorf("page %d: %q runs into the footer at %.1f", i+1, it.text, it.y)
			}
		}
	}
	for _, o := range r.Overdue {
		if printed[o.Person] != 1 {
			t.Errorf("%s printed %d times", o.Person, printed[o.Person])
		}
	}
	out := evidencePDF(t, r)
	if n := pdfPageCount(t, out); n != len(l.pages) {
		t.Errorf("PDF has %d pages, layout %d", n, len(l.pages))
	}
	text := pdfText(t, out)
	last := fmt.Sprintf("Seite %d von %d", len(l.pages), len(l.pages))
	for _, want := range []string{"P-0300-XQ2Z", last, "Zuordnung zu Anforderungen"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
}

// An empty report says so instead of printing empty tables.
func TestEvidenceReportWithoutDataSaysSo(t *testing.T) {
	r := evidence.Report{Municipality: "Gemeinde Eichhausen", AGS: "08425002", GeneratedAt: time.Date(2026, 11, 22, 10, 30, 0, 0, berlin(t)),
		Today: wachsam.MustDate("2026-11-22")}
	text := pdfText(t, evidencePDF(t, r))
	for _, want := range []string{"noch nicht freigegeben", "Das Konzept nennt noch kein Thema.", "Bisher wurde keine Schulung durchgeführt.",
		"Für diesen Monat liegen noch keine Zahlen vor.", "Niemand ist mit einer Schulung im Verzug."} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
}

func containsText(texts []string, want string) bool {
	for _, s := range texts {
		if s == want {
			return true
		}
	}
	return false
}

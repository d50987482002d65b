package http_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestBrowserCandidateReadsGradesAndAppliesForHardship walks a candidate
// who failed the retake through reading the grades and deadlines and
// applying for a second retake with evidence, axe checking every page.
func TestBrowserCandidateReadsGradesAndAppliesForHardship(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		h.candFailISMTwice(a, 0, true)
		a.Record(t, db, 0, exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-12-04"), Component: "RECHT", ExamDate: storetest.RechtExamDay})
		h.candAt("2026-12-10", 9, 0)
		evidence := filepath.Join(t.TempDir(), "bescheinigung.pdf")
		if err := os.WriteFile(evidence, candPDF(), 0o600); err != nil {
			t.Fatal(err)
		}
		file := candFile(a, 0)

		b := newBrowser(t, h)
		b.visit("/anmelden")
		b.signInWithPassword(a.Users[0])
		b.follow("Meine Prüfung")
		b.shows(file, http.StatusOK, "Meine Prüfung")
		if got := b.text("#gesamtstand"); !strings.Contains(got, "Prüfung läuft") {
			t.Errorf("overall: %q", got)
		}
		rows := strings.Join(b.texts("#fristen + p + table tbody tr"), "\n")
		for _, want := range []string{"Härtefallantrag für Informationssicherheitsmanagement", "Montag, 04.01.2027", "verschoben vom Freitag, 01.01.2027 (Neujahrstag)"} {
			if !strings.Contains(rows, want) {
				t.Errorf("deadlines lack %q:\n%s", want, rows)
			}
		}
		grades := strings.Join(b.texts("#leistung-ISM ~ table tbody tr"), "\n")
		if !strings.Contains(grades, "Klausur (Anteil 2): 5,0") || !strings.Contains(grades, "5,0 (nicht ausreichend)") {
			t.Errorf("grades:\n%s", grades)
		}

		b.follow("Zweite Wiederholung im Härtefall beantragen")
		b.shows(file+"/haertefall", http.StatusOK, "Zweite Wiederholung im Härtefall beantragen")
		b.press("Härtefallantrag stellen")
		b.shows(file+"/haertefall", http.StatusUnprocessableEntity, "Zweite Wiederholung im Härtefall beantragen")
		if msg := b.text("#text-fehler"); !strings.Contains(msg, "Bitte begründen Sie Ihren Antrag") {
			t.Errorf("empty statement: %q", msg)
		}
		// The textarea is empty after the refusal; chromedp cannot clear an empty one.
		tabRun(b, "type statement", chromedp.SendKeys(chromedp.ID("text"), "Ich habe in der Vorbereitungszeit meine Mutter gepflegt."))
		tabRun(b, "attach evidence", chromedp.SetUploadFiles(chromedp.ID("document"), []string{evidence}))
		b.press("Härtefallantrag stellen")
		b.shows(file, http.StatusOK, "Meine Prüfung")
		if msg := b.text("[role=status]"); !strings.Contains(msg, "Der Prüfungsausschuss entscheidet darüber") {
			t.Errorf("after applying: %q", msg)
		}
		decisions := strings.Join(b.texts("#entscheidungen + table tbody tr"), "\n")
		if !strings.Contains(decisions, "Zweite Wiederholung im Härtefall") || !strings.Contains(decisions, "liegt dem Prüfungsausschuss zur Entscheidung vor") {
			t.Errorf("decisions:\n%s", decisions)
		}
		if docs := b.texts("#dokumente + ul li"); len(docs) != 1 || !strings.Contains(docs[0], "bescheinigung.pdf") {
			t.Errorf("documents: %q", docs)
		}

		b.follow("im eigenen Kalender abonnieren")
		b.shows("/pruefung/kalender", http.StatusOK, "Prüfungstermine im Kalender")
	})
}

// TestBrowserCandidateFormsAreAccessible opens the other application pages
// (reasons, withdrawal, extension) and the page of a person without a
// file, with axe on each.
func TestBrowserCandidateFormsAreAccessible(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		december := wachsam.MustDate("2026-12-14")
		if err := db.AnnounceExamDate(t.Context(), wachsam.SystemActor("test"), &exam.ExamDate{
			ComponentID: a.Recht.ID, ExamDay: december, AnnouncedOn: wachsam.MustDate("2026-10-01"), EnteredReason: "Aushang im Seminar", Place: "Ulm, Raum 3"}); err != nil {
			t.Fatal(err)
		}
		a.Record(t, db, 0,
			exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "ISM", ExamDate: storetest.ISMExamDay},
			exam.Fact{Type: exam.FactAbsent, Date: storetest.ISMExamDay, Component: "ISM", ExamDate: storetest.ISMExamDay},
			exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-10-20"), Component: "RECHT", ExamDate: december})
		h.candAt("2026-11-02", 9, 0)
		file := candFile(a, 0)

		b := newBrowser(t, h)
		b.visit("/anmelden")
		b.signInWithPassword(a.Users[0])
		b.visit(file)
		b.shows(file, http.StatusOK, "Meine Prüfung")
		b.follow("Gründe für Versäumnis oder Rücktritt anzeigen")
		b.shows(file+"/gruende", http.StatusOK, "Gründe für Versäumnis oder Rücktritt anzeigen")
		b.visit(file)
		b.follow("Von der Prüfung zurücktreten")
		b.shows(file+"/ruecktritt", http.StatusOK, "Von der Prüfung zurücktreten")
		b.press("Verbindlich zurücktreten")
		b.shows(file+"/ruecktritt", http.StatusUnprocessableEntity, "Von der Prüfung zurücktreten")
		b.visit(file)
		b.follow("Verlängerung des Prüfungsanspruchs beantragen")
		b.shows(file+"/verlaengerung", http.StatusOK, "Verlängerung des Prüfungsanspruchs beantragen")
		b.signOut()

		nobody := h.user("neu@akademie.example", wachsam.RoleCandidate)
		b.signInWithPassword(nobody)
		b.visit("/pruefung")
		b.shows("/pruefung", http.StatusOK, "Meine Prüfung")
		if !strings.Contains(b.pageText(), "zu keiner Prüfung angemeldet") {
			t.Errorf("no file: %s", b.pageText())
		}
	})
}

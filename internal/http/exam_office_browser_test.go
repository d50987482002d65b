package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// officeTick ticks the checkbox with the id.
func (b *chromiumTab) officeTick(id string) {
	b.t.Helper()
	tabRun(b, "tick #"+id, chromedp.Click(chromedp.ID(id)))
}

// officeSet sets a select box or a date field the way its picker would.
func (b *chromiumTab) officeSet(id, value string) {
	b.t.Helper()
	tabRun(b, "set #"+id, chromedp.SetValue(chromedp.ID(id), value))
}

// TestBrowserOfficeSetsUpASeminarAndRegistersACandidate: the exam office
// creates a seminar (first with a weight the regulation does not know),
// announces an exam date, enrols a candidate, keeps the attendance list,
// notes the written notice, is refused the registration while the fee is
// open (§2(3)), records the payment and registers the candidate. Every page
// passes axe.
func TestBrowserOfficeSetsUpASeminarAndRegistersACandidate(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		newcomer := h.user("dora@akademie.example", wachsam.RoleCandidate)
		b := newBrowser(t, h)

		b.visit("/anmelden")
		b.signInWithPassword(a.Office)
		b.shows("/konto/zwei-faktor/einrichten", http.StatusOK, "einrichten")
		b.enrolWithApp()
		b.follow("Weiter")
		b.follow("Prüfungsamt")
		b.shows("/pruefungsamt", http.StatusOK, "Prüfungsamt")

		b.follow("Neues Seminar anlegen")
		b.shows("/pruefungsamt/seminare/neu", http.StatusOK, "Neues Seminar")
		b.fill("title", "ISB-Seminar Herbst kompakt")
		b.fill("leader", "Dr. Erik Weber")
		b.fill("exam_fee", "450,00 €")
		b.fill("retake_fee", "150,00 €")
		b.officeSet("days", "02.11.2026\n03.11.2026 online")
		b.fill("c0_code", "ISM")
		b.fill("c0_name", "Informationssicherheitsmanagement")
		b.officeSet("c0_examiner", fmt.Sprint(a.Examiners[0].ID))
		b.officeSet("c0_parts", "ISM-K; Klausur; 0")
		b.press("Seminar anlegen")
		b.shows("/pruefungsamt/seminare/neu", http.StatusUnprocessableEntity, "Neues Seminar")
		if msg := b.text("#c0_parts-fehler"); !strings.Contains(msg, "§5(4)") {
			t.Fatalf("weight 0: message %q", msg)
		}
		b.officeSet("c0_parts", "ISM-K; Klausur; 2\nISM-F; Fallstudie; 1")
		b.press("Seminar anlegen")
		seminar := b.path()
		b.shows(seminar, http.StatusOK, "ISB-Seminar Herbst kompakt")
		if text := b.pageText(); !strings.Contains(text, "Di. 03.11.2026 (online)") || !strings.Contains(text, a.Examiners[0].Name) {
			t.Fatalf("seminar page:\n%s", text)
		}

		b.officeSet("exam_day", "2027-01-11")
		b.fill("place", "Ulm, Raum 1")
		b.press("Termin bekannt geben")
		b.shows(seminar, http.StatusOK, "ISB-Seminar Herbst kompakt")
		if msg := b.text("[role=status]"); !strings.Contains(msg, "11.01.2027") {
			t.Fatalf("after announcing: %q", msg)
		}
		b.officeSet("user", fmt.Sprint(newcomer.ID))
		b.press("Als Prüfling aufnehmen")
		b.shows(seminar, http.StatusOK, "ISB-Seminar Herbst kompakt")
		cands, err := db.CandidatesOfUser(context.Background(), newcomer.ID)
		if err != nil || len(cands) != 1 {
			t.Fatalf("enrolled: %+v, %v", cands, err)
		}
		c := cands[0]

		b.follow("Anwesenheitsliste")
		b.shows(seminar+"/anwesenheit", http.StatusOK, "Anwesenheitsliste")
		b.officeTick(fmt.Sprintf("m_%d_2026-11-02", c.ID))
		b.officeTick(fmt.Sprintf("m_%d_2026-11-03", c.ID))
		b.officeSet("entered_reason", "von der Papierliste des Seminars übertragen") // the days lie before today
		b.press("Anwesenheit speichern")
		b.shows(seminar+"/anwesenheit", http.StatusOK, "Anwesenheitsliste")
		if msg := b.text("[role=status]"); msg != "2 Anwesenheiten sind erfasst." {
			t.Fatalf("after the list: %q", msg)
		}

		file := fmt.Sprintf("/pruefungsamt/pruefling/%d", c.ID)
		b.follow(newcomer.Name)
		b.shows(file, http.StatusOK, newcomer.Name)
		b.officeSet("notice_date", "2026-10-20")
		b.officeSet("notice_entered_reason", "Hinweis im Einladungsschreiben vom 20.10.2026")
		b.press("Hinweis vermerken")
		b.shows(file, http.StatusOK, newcomer.Name)
		b.officeSet("reg_exam_date", b.officeOption("reg_exam_date", "11.01.2027"))
		b.press("Zur Prüfung anmelden")
		b.shows(file+"/anmeldungen", http.StatusConflict, newcomer.Name)
		if msg := b.text("#fehler"); !strings.Contains(msg, "§2(3)") {
			t.Fatalf("registration with the fee open: %q", msg)
		}
		b.press("Zahlung erfassen")
		b.shows(file, http.StatusOK, newcomer.Name)
		b.h.clock.Advance(time.Minute)
		b.officeSet("reg_exam_date", b.officeOption("reg_exam_date", "11.01.2027"))
		b.press("Zur Prüfung anmelden")
		b.shows(file, http.StatusOK, newcomer.Name)
		if msg := b.text("[role=status]"); !strings.Contains(msg, "Angemeldet zu Informationssicherheitsmanagement am 11.01.2027") {
			t.Fatalf("after registering: %q", msg)
		}
		s, err := db.ExamState(context.Background(), c.ID)
		if err != nil || !s.Admission.Granted || len(s.Components[0].Attempts) != 1 {
			t.Fatalf("state after the walk: %+v %+v, %v", s.Admission, s.Components, err)
		}
	})
}

// officeOption is the value of the option of a select box whose text
// contains text.
func (b *chromiumTab) officeOption(id, text string) string {
	b.t.Helper()
	return tabRun(b, "find option "+text, chromedp.Evaluate[string](fmt.Sprintf(
		`(Array.from(document.getElementById(%q).options).find(o => o.text.includes(%q)) || {value: ""}).value`, id, text)))
}

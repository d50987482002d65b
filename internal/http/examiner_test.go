package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// examinerWorld is the academy of seeds/004 behind the web server, with
// the IDs of the October exam dates.
type examinerWorld struct {
	h          *harness
	a          *storetest.Academy
	ism, recht int64
}

func newExaminerWorld(t *testing.T, db *store.DB) *examinerWorld {
	t.Helper()
	h := newHarness(t, db)
	w := &examinerWorld{h: h, a: h.academy("")}
	dates, err := db.ExamDates(context.Background(), w.a.Seminar.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dates {
		switch d.ComponentCode {
		case "ISM":
			w.ism = d.ID
		case "RECHT":
			w.recht = d.ID
		}
	}
	return w
}

// register registers candidate i for the October date of the component.
func (w *examinerWorld) register(i int, component string) {
	w.h.t.Helper()
	w.a.Record(w.h.t, w.h.db, i, exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: component, ExamDate: w.a.Dates[component]})
}

func (w *examinerWorld) attempt(date int64, candidate int, suffix string) string {
	return fmt.Sprintf("/pruefende/termine/%d/prueflinge/%d%s", date, w.a.Candidates[candidate].ID, suffix)
}

// counts are the rows a refused request must leave alone.
func (w *examinerWorld) counts() [5]int {
	w.h.t.Helper()
	var out [5]int
	for i, table := range []string{"exam_facts", "audit_entries", "mails", "exam_documents"} {
		n, err := w.h.db.NewSelect().Table(table).Count(context.Background())
		if err != nil {
			w.h.t.Fatal(err)
		}
		out[i] = int(n)
	}
	n, err := w.h.db.NewSelect().Table("exam_facts").Where("revision > 1").Count(context.Background())
	if err != nil {
		w.h.t.Fatal(err)
	}
	out[4] = int(n)
	return out
}

func examinerGradeForm(k, f string) url.Values {
	return url.Values{"grade_ISM-K": {k}, "grade_ISM-F": {f}}
}

// The examiner opens the overview and the attempt, enters the part grades
// and sees the exact mean and the rounded grade (§5(4),(5)).
func TestPara5_4_ExaminerEntersPartGradesOnThePage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newExaminerWorld(t, db)
		w.register(0, "ISM")
		b := w.h.signedIn(w.a.Examiners[0])
		r := b.get("/pruefende")
		if r.status != http.StatusOK || !strings.Contains(r.body, "Informationssicherheitsmanagement (ISM)") || !strings.Contains(r.body, w.a.Candidates[0].Number) ||
			!strings.Contains(r.body, "Termin am 12.10.2026, Ulm, Raum 1") || strings.Contains(r.body, "Recht und Datenschutz") {
			t.Fatalf("overview %d:\n%s", r.status, r.body)
		}
		r = b.get(w.attempt(w.ism, 0, ""))
		if r.status != http.StatusOK || !strings.Contains(r.body, `name="grade_ISM-K"`) || !strings.Contains(r.body, "Bewertung speichern") {
			t.Fatalf("attempt page %d:\n%s", r.status, r.body)
		}
		r = b.post(w.attempt(w.ism, 0, "/bewertung"), examinerGradeForm("1,7", "2,3"))
		if r.status != http.StatusSeeOther || r.location != w.attempt(w.ism, 0, "#bewertung") {
			t.Fatalf("grade: %d → %s\n%s", r.status, r.location, r.body)
		}
		r = b.get(w.attempt(w.ism, 0, ""))
		for _, want := range []string{"Die Bewertung wurde gespeichert: Note 1,9 (gut), gewichtetes Mittel der Einzelleistungen (§5(4)).",
			"<dd>1,9</dd>", "<dd>1,9 (gut)</dd>", "Korrektur speichern", "noch nicht bekannt gegeben"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("attempt page lacks %q", want)
			}
		}
		if s, _ := db.ExamState(context.Background(), w.a.Candidates[0].ID); s.Components[0].Grade != "1,9" {
			t.Fatalf("state: %+v", s.Components[0])
		}

		// RECHT is graded as a whole, with one box, by its own examiner.
		w.register(0, "RECHT")
		roth := w.h.signedIn(w.a.Examiners[1])
		if r := roth.get(w.attempt(w.recht, 0, "")); !strings.Contains(r.body, `<select id="bewertung-note" name="grade" required>`) {
			t.Fatalf("RECHT's grade box:\n%s", r.body)
		}
		if r := roth.post(w.attempt(w.recht, 0, "/bewertung"), url.Values{"grade": {"1,3"}}); r.status != http.StatusSeeOther {
			t.Fatalf("grade RECHT: %d\n%s", r.status, r.body)
		}
		if r := roth.get(w.attempt(w.recht, 0, "")); !strings.Contains(r.body, "Die Bewertung wurde gespeichert: Note 1,3 (sehr gut).") {
			t.Fatalf("after grading RECHT:\n%s", r.body)
		}
	})
}

// §5(2): an off-scale grade comes back beside its box, 422, nothing written;
// the regulation's refusals (§2(3) fee unpaid, §5(2) graded twice) come
// back on top, 409, nothing written.
func TestPara5_2_ExaminerPageRefusesOffScaleGrades(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newExaminerWorld(t, db)
		w.register(0, "ISM")
		b := w.h.signedIn(w.a.Examiners[0])
		before := w.counts()
		for _, form := range []url.Values{examinerGradeForm("1,5", "2,3"), examinerGradeForm("1,7", "abc"), examinerGradeForm("", "2,3"), {"grade_ISM-K": {"1,7"}}, {}} {
			r := b.post(w.attempt(w.ism, 0, "/bewertung"), form)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `aria-invalid="true"`) || !strings.Contains(r.body, "Bitte korrigieren Sie die markierten Angaben.") {
				t.Errorf("%v: %d\n%s", form, r.status, r.body)
			}
		}
		if r := b.post(w.attempt(w.ism, 0, "/bewertung"), examinerGradeForm("1,5", "2,3")); !strings.Contains(r.body, "keine Note der Skala nach §5(2)") {
			t.Errorf("no §5(2) message:\n%s", r.body)
		}
		if after := w.counts(); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
		if r := b.post(w.attempt(w.ism, 0, "/bewertung"), examinerGradeForm("1,7", "2,3")); r.status != http.StatusSeeOther {
			t.Fatalf("grade: %d", r.status)
		}
		before = w.counts()
		r := b.post(w.attempt(w.ism, 0, "/bewertung"), examinerGradeForm("1,0", "1,0"))
		if r.status != http.StatusConflict || !strings.Contains(r.body, "bereits bewertet. (§5(2) der Prüfungsordnung)") {
			t.Fatalf("graded twice: %d\n%s", r.status, r.body)
		}
		if after := w.counts(); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
	})
}

// §2(3): a candidate who paid no fee cannot be graded; the page says so
// with the § before anyone tries, and a post is refused.
func TestPara2_3_ExaminerPageRefusesGradingWithoutFee(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newExaminerWorld(t, db)
		ctx, actor := context.Background(), wachsam.SystemActor("test")
		u := w.h.user("dora.dohle@example.de", wachsam.RoleCandidate)
		c, err := db.AddExamCandidate(ctx, actor, w.a.Seminar.ID, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.a.Candidates = append(w.a.Candidates, *c)
		facts := []exam.Fact{{Type: exam.FactOnlineNoticeGiven, Date: wachsam.MustDate("2026-08-20")}}
		for _, d := range storetest.AcademyDays {
			facts = append(facts, exam.Fact{Type: exam.FactSeminarDayAttended, Date: d.Date, CameraConfirmed: d.Online})
		}
		w.a.Record(t, db, 3, facts...)
		w.register(3, "ISM")
		b := w.h.signedIn(w.a.Examiners[0])
		if r := b.get(w.attempt(w.ism, 3, "")); r.status != http.StatusOK || !strings.Contains(r.body, "Eine Bewertung ist derzeit nicht möglich") || !strings.Contains(r.body, "(§2(3) der Prüfungsordnung)") {
			t.Fatalf("attempt page %d:\n%s", r.status, r.body)
		}
		before := w.counts()
		r := b.post(w.attempt(w.ism, 3, "/bewertung"), examinerGradeForm("1,0", "1,0"))
		if r.status != http.StatusConflict || !strings.Contains(r.body, "Prüfungsgebühr war am Prüfungstag 12.10.2026 nicht entrichtet") {
			t.Fatalf("grade without fee: %d\n%s", r.status, r.body)
		}
		if after := w.counts(); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
	})
}

// Announcing on the overview writes the facts and the mails; a correction
// afterwards needs a reason and is audited with old and new grades.
func TestExaminerAnnouncesAndCorrectsOnThePages(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newExaminerWorld(t, db)
		w.a.SatBoth(t, w.h.db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		w.a.SatBoth(t, w.h.db, 1, exam.Grade30, exam.Grade30, exam.Grade13)
		b := w.h.signedIn(w.a.Examiners[0])
		if r := b.get("/pruefende"); !strings.Contains(r.body, "2 Ergebnisse sind noch nicht bekannt gegeben") {
			t.Fatalf("overview does not offer the announcement:\n%s", r.body)
		}
		before := w.counts()
		path := fmt.Sprintf("/pruefende/termine/%d/bekanntgabe", w.ism)
		r := b.post(path, nil)
		if r.status != http.StatusSeeOther || r.location != fmt.Sprintf("/pruefende#termin-%d", w.ism) {
			t.Fatalf("announce: %d → %s\n%s", r.status, r.location, r.body)
		}
		if after := w.counts(); after[0] != before[0]+2 || after[2] != before[2]+2 {
			t.Fatalf("counts %v → %v: want two facts and two mails", before, after)
		}
		if r := b.get("/pruefende"); !strings.Contains(r.body, "Die Ergebnisse vom 12.10.2026 (Informationssicherheitsmanagement) wurden am 22.11.2026 bekannt gegeben; 2 Prüflinge wurden per E-Mail benachrichtigt.") ||
			!strings.Contains(r.body, "am 22.11.2026</td>") {
			t.Fatalf("after announcing:\n%s", r.body)
		}
		before = w.counts()
		r = b.post(path, nil)
		if r.status != http.StatusConflict || !strings.Contains(r.body, "keine Ergebnisse, die noch bekannt zu geben wären") {
			t.Fatalf("announce again: %d\n%s", r.status, r.body)
		}
		if after := w.counts(); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}

		r = b.post(w.attempt(w.ism, 0, "/korrektur"), examinerGradeForm("1,0", "2,3"))
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "nur mit Begründung") || !strings.Contains(r.body, `<option value="1,0" selected>`) {
			t.Fatalf("correction without reason: %d\n%s", r.status, r.body)
		}
		if after := w.counts(); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
		form := examinerGradeForm("1,0", "2,3")
		form.Set("reason", "Aufgabe 3 falsch addiert")
		r = b.post(w.attempt(w.ism, 0, "/korrektur"), form)
		if r.status != http.StatusSeeOther {
			t.Fatalf("correction: %d\n%s", r.status, r.body)
		}
		if page := b.get(w.attempt(w.ism, 0, "")); !strings.Contains(page.body, "Die Korrektur wurde gespeichert und protokolliert: Note 1,4333… (gut), gewichtetes Mittel der Einzelleistungen (§5(4)).") {
			t.Fatalf("after the correction:\n%s", page.body)
		}
		if after := w.counts(); after[1] != before[1]+1 || after[2] != before[2]+1 || after[4] != before[4]+1 {
			t.Fatalf("counts %v → %v: want an audit entry, a mail and a revised fact", before, after)
		}
		var detail string
		if err := db.NewSelect().Table("audit_entries").Column("detail").Where("action = ?", "exam_fact.corrected").Scan(context.Background(), &detail); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(detail, "ISM-K 1,7") || !strings.Contains(detail, "ISM-K 1,0") || !strings.Contains(detail, "Grund: Aufgabe 3 falsch addiert") {
			t.Fatalf("audit: %s", detail)
		}
	})
}

// §8(2): the examiner records an exclusion; without a report nothing is written.
func TestPara8_2_ExaminerRecordsDisorderOnThePage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newExaminerWorld(t, db)
		w.register(0, "ISM")
		b := w.h.signedIn(w.a.Examiners[0])
		before := w.counts()
		r := b.post(w.attempt(w.ism, 0, "/ordnungsverstoss"), url.Values{"note": {" "}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Bitte beschreiben Sie den Verstoß") {
			t.Fatalf("empty report: %d\n%s", r.status, r.body)
		}
		if after := w.counts(); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
		r = b.post(w.attempt(w.ism, 0, "/ordnungsverstoss"), url.Values{"note": {"Unerlaubtes Hilfsmittel nach Ermahnung weiter benutzt"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("disorder: %d\n%s", r.status, r.body)
		}
		page := b.get(w.attempt(w.ism, 0, ""))
		if !strings.Contains(page.body, "gilt als nicht bestanden (5,0, §8(2))") || !strings.Contains(page.body, "§8(2) Ordnungsverstoß") {
			t.Fatalf("after disorder:\n%s", page.body)
		}
	})
}

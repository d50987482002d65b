package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// officeWorld is the academy with its exam office signed in.
func officeWorld(t *testing.T, db *store.DB) (*harness, *storetest.Academy, *browser) {
	t.Helper()
	h := newHarness(t, db)
	a := h.academy("")
	return h, a, h.signedIn(a.Office)
}

// officeCounts are the rows a refused request must leave as they were.
type officeCounts struct{ seminars, components, parts, dates, candidates, facts, audit int }

func (h *harness) officeCounts() officeCounts {
	h.t.Helper()
	n := func(table string) int {
		c, err := h.db.NewSelect().TableExpr(table).Count(context.Background())
		if err != nil {
			h.t.Fatal(err)
		}
		return int(c)
	}
	return officeCounts{n("exam_seminars"), n("exam_components"), n("exam_component_parts"), n("exam_dates"), n("exam_candidates"), n("exam_facts"), h.auditCount()}
}

func officeWant(t *testing.T, r response, status int, texts ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %.1500s", r.status, status, r.body)
	}
	for _, text := range texts {
		if !strings.Contains(r.body, text) {
			t.Fatalf("answer lacks %q: %.4000s", text, r.body)
		}
	}
}

// officeJSON sends a JSON request with the browser's session.
func (b *browser) officeJSON(method, path string, body any) response {
	b.h.t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		b.h.t.Fatal(err)
	}
	req, _ := http.NewRequest(method, b.h.srv.URL+path, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	return b.do(req)
}

func officeSeminarForm(extra url.Values) url.Values {
	v := url.Values{
		"rows": {"4"}, "title": {"ISB-Seminar Frühjahr 2027"}, "leader": {"Dr. Erik Weber"},
		"exam_fee": {"450,00 €"}, "retake_fee": {"150"}, "days": {"08.03.2027\n09.03.2027\n2027-03-11 online\n"},
		"c0_code": {"ISM"}, "c0_name": {"Informationssicherheitsmanagement"}, "c0_parts": {"ISM-K; Klausur; 2\nISM-F; Fallstudie; 1"},
		"c1_code": {"RECHT"}, "c1_name": {"Recht und Datenschutz"},
	}
	for k, vs := range extra {
		v[k] = vs
	}
	return v
}

func officeFilePath(c exam.CandidateRecord) string {
	return fmt.Sprintf("/pruefungsamt/pruefling/%d", c.ID)
}

func TestOfficeCreatesSeminarThroughThePages(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		officeWant(t, b.get("/pruefungsamt"), http.StatusOK, "Prüfungsamt", a.Seminar.Title)
		officeWant(t, b.get("/pruefungsamt/seminare/neu"), http.StatusOK, "Neues Seminar", a.Examiners[0].Name)
		more := b.post("/pruefungsamt/seminare/neu", officeSeminarForm(url.Values{"more": {"1"}}))
		officeWant(t, more, http.StatusOK, `name="c4_code"`, "ISB-Seminar Frühjahr 2027")
		if strings.Contains(more.body, `name="c5_code"`) {
			t.Fatal("more than one row added")
		}
		before := h.officeCounts()
		r := b.post("/pruefungsamt/seminare/neu", officeSeminarForm(url.Values{"c1_examiner": {fmt.Sprint(a.Examiners[1].ID)}}))
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/pruefungsamt/seminare/") {
			t.Fatalf("create: %d → %s: %.800s", r.status, r.location, r.body)
		}
		page := b.get(r.location)
		officeWant(t, page, http.StatusOK, "ISB-Seminar Frühjahr 2027", "Mo. 08.03.2027", "Do. 11.03.2027 (online)", "450,00 €", "150,00 €",
			"ISM-K Klausur (2)", a.Examiners[1].Name, "Termin bekannt geben", "Prüfung")
		after := h.officeCounts()
		if after.seminars != before.seminars+1 || after.components != before.components+2 || after.parts != before.parts+2 || after.audit != before.audit+1 {
			t.Fatalf("counts %+v → %+v", before, after)
		}
	})
}

// Bad input on the seminar form: a German message beside the field, 422,
// and nothing written.
func TestOfficeSeminarFormRefusesBadInput(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		cases := []struct {
			name  string
			extra url.Values
			field string
			text  string
		}{
			{"empty title", url.Values{"title": {"  "}}, "title", "Titel"},
			{"title too long", url.Values{"title": {strings.Repeat("Seminar ", 30)}}, "title", "Titel: höchstens 200 Zeichen"},
			{"bad euro", url.Values{"exam_fee": {"vierhundert"}}, "exam_fee", "kein Betrag"},
			{"bad date", url.Values{"days": {"08.03.2027\n31.02.2027"}}, "days", "kein Datum"},
			{"no days", url.Values{"days": {""}}, "days", "Seminartage"},
			{"duplicate day", url.Values{"days": {"08.03.2027\n08.03.2027"}}, "days", "doppelt"},
			{"word after date", url.Values{"days": {"08.03.2027 vormittags"}}, "days", "nicht verständlich"},
			{"duplicate code", url.Values{"c1_code": {"ISM"}}, "c1_code", "doppelt"},
			{"weight 0", url.Values{"c0_parts": {"ISM-K; Klausur; 0"}}, "c0_parts", "zwischen 1 und 10000"},
			{"weight not a number", url.Values{"c0_parts": {"ISM-K; Klausur; zwei"}}, "c0_parts", "keine ganze Zahl"},
			{"part without weight", url.Values{"c0_parts": {"ISM-K Klausur"}}, "c0_parts", "Kennung; Name; Gewicht"},
			{"duplicate part", url.Values{"c0_parts": {"ISM-K; Klausur; 2\nISM-K; Fallstudie; 1"}}, "c0_parts", "doppelt"},
			{"name missing", url.Values{"c1_name": {""}}, "c1_name", "Namen"},
			{"code missing", url.Values{"c1_code": {""}}, "c1_code", "Kennung"},
			{"no components", url.Values{"c0_code": {""}, "c0_name": {""}, "c0_parts": {""}, "c1_code": {""}, "c1_name": {""}}, "components", "mindestens eine Prüfungsleistung"},
			{"examiner without the role", url.Values{"c1_examiner": {fmt.Sprint(a.Users[0].ID)}}, "components", "Rolle"},
			{"examiner not a number", url.Values{"c1_examiner": {"x"}}, "c1_examiner", "aus der Liste"},
		}
		before := h.officeCounts()
		for _, c := range cases {
			r := b.post("/pruefungsamt/seminare/neu", officeSeminarForm(c.extra))
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="`+c.field+`-fehler"`) || !strings.Contains(r.body, c.text) {
				t.Fatalf("%s: status %d, want 422 with %q beside %s: %.3000s", c.name, r.status, c.text, c.field, r.body)
			}
		}
		if after := h.officeCounts(); after != before {
			t.Fatalf("refused forms wrote something: %+v → %+v", before, after)
		}
	})
}

// §3(3): announced on 01.09.2026, an exam date on 29.09.2026 is the
// earliest permissible one. The clock says a later day, so the
// announcement is entered later: with a reason, and marked so.
func TestPara3_3_OfficeAnnouncesOnTheLastPermissibleDay(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		_, a, b := officeWorld(t, db)
		path := fmt.Sprintf("/pruefungsamt/seminare/%d", a.Seminar.ID)
		r := b.post(path+"/termine", url.Values{"date_component": {fmt.Sprint(a.Recht.ID)}, "exam_day": {"29.09.2026"}, "announced_on": {"2026-09-01"}, "place": {"Ulm, Raum 3"},
			"entered_reason": {"Aushang im Seminarraum"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("announce: %d %.800s", r.status, r.body)
		}
		officeWant(t, b.get(path), http.StatusOK, "Recht und Datenschutz am 29.09.2026 ist nachgetragen", "Di. 29.09.2026", "Ulm, Raum 3",
			"01.09.2026 <strong>(nachgetragen)</strong>", "Nachgetragen – Grund: Aushang im Seminarraum",
			"gegen das eingetragene Datum 01.09.2026 geprüft")
	})
}

func TestPara3_3_OfficeAnnouncementADayLateRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		path := fmt.Sprintf("/pruefungsamt/seminare/%d/termine", a.Seminar.ID)
		before := h.officeCounts()
		r := b.post(path, url.Values{"date_component": {fmt.Sprint(a.Recht.ID)}, "exam_day": {"29.09.2026"}, "announced_on": {"02.09.2026"}, "entered_reason": {"Brief"}})
		officeWant(t, r, http.StatusUnprocessableEntity, "§3(3) der Prüfungsordnung", "frühestens am 30.09.2026", `id="exam_day-fehler"`)
		for _, bad := range []url.Values{
			{"date_component": {fmt.Sprint(a.Recht.ID)}, "exam_day": {"30.02.2027"}},
			{"date_component": {"999999"}, "exam_day": {"2027-03-01"}},
			{"date_component": {fmt.Sprint(a.Recht.ID)}, "exam_day": {"2027-03-01"}, "announced_on": {"2026-12-01"}},
		} {
			officeWant(t, b.post(path, bad), http.StatusUnprocessableEntity, "error-message")
		}
		// An earlier day without a reason: the message stands beside the reason field.
		officeWant(t, b.post(path, url.Values{"date_component": {fmt.Sprint(a.Recht.ID)}, "exam_day": {"2027-03-01"}, "announced_on": {"2026-11-01"}}),
			http.StatusUnprocessableEntity, `id="entered_reason-fehler"`, "nur mit Begründung nachgetragen")
		if after := h.officeCounts(); after != before {
			t.Fatalf("%+v → %+v", before, after)
		}
	})
}

func TestOfficeChangesAnExaminerUntilGraded(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		path := fmt.Sprintf("/pruefungsamt/seminare/%d/pruefungsleistungen/%d/pruefer", a.Seminar.ID, a.Recht.ID)
		r := b.post(path, url.Values{"examiner": {fmt.Sprint(a.Examiners[0].ID)}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("change: %d %.500s", r.status, r.body)
		}
		a.SatBoth(t, db, 0, exam.Grade20, exam.Grade20, exam.Grade20)
		before := h.officeCounts()
		officeWant(t, b.post(path, url.Values{"examiner": {fmt.Sprint(a.Examiners[1].ID)}}), http.StatusConflict, "bereits bewertet", "§3(2)")
		officeWant(t, b.post(path, url.Values{"examiner": {""}}), http.StatusUnprocessableEntity, "aus der Liste")
		other := fmt.Sprintf("/pruefungsamt/seminare/%d/pruefungsleistungen/%d/pruefer", a.Seminar.ID+1000, a.Recht.ID)
		officeWant(t, b.post(other, url.Values{"examiner": {fmt.Sprint(a.Examiners[1].ID)}}), http.StatusNotFound)
		if after := h.officeCounts(); after != before {
			t.Fatalf("%+v → %+v", before, after)
		}
	})
}

// The office enrols a candidate, keeps the attendance list, notes the
// written notice, records the fee and registers the candidate.
func TestOfficeEnrolsRecordsAndRegisters(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		newcomer := h.user("dora@akademie.example", wachsam.RoleCandidate)
		seminar := fmt.Sprintf("/pruefungsamt/seminare/%d", a.Seminar.ID)
		officeWant(t, b.get(seminar), http.StatusOK, newcomer.Name, a.Candidates[0].Number, "zugelassen")
		r := b.post(seminar+"/prueflinge", url.Values{"user": {fmt.Sprint(newcomer.ID)}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("enrol: %d %.500s", r.status, r.body)
		}
		officeWant(t, b.post(seminar+"/prueflinge", url.Values{"user": {fmt.Sprint(newcomer.ID)}}), http.StatusConflict, "bereits Prüfling")
		officeWant(t, b.post(seminar+"/prueflinge", url.Values{"user": {fmt.Sprint(a.Examiners[0].ID)}}), http.StatusUnprocessableEntity, "Rolle")
		cands, err := db.ExamCandidates(context.Background(), a.Seminar.ID)
		if err != nil || len(cands) != 4 {
			t.Fatalf("candidates %+v %v", cands, err)
		}
		c := cands[3]
		officeWant(t, b.get(seminar), http.StatusOK, c.Number, "kein Nachweis am 07.09.2026, 08.09.2026, 10.09.2026")

		// The announcement of a January date, then the attendance list.
		officeWant(t, b.post(seminar+"/termine", url.Values{"date_component": {fmt.Sprint(a.ISM.ID)}, "exam_day": {"2027-01-11"}}), http.StatusSeeOther)
		h.clock.Advance(time.Minute)
		roster := seminar + "/anwesenheit"
		officeWant(t, b.get(roster), http.StatusOK, "Anwesenheitsliste", c.Name, "erfasst")
		marks := url.Values{"entered_reason": {"von der Papierliste übertragen"}}
		for _, d := range storetest.AcademyDays {
			marks.Set(fmt.Sprintf("m_%d_%s", c.ID, d.Date), "ja")
		}
		marks.Set(fmt.Sprintf("m_%d_%s", a.Candidates[0].ID, storetest.AcademyDays[0].Date), "ja") // recorded already
		officeWant(t, b.post(roster, marks), http.StatusSeeOther)
		officeWant(t, b.get(roster), http.StatusOK, "3 Anwesenheiten sind erfasst.")
		officeWant(t, b.post(roster, marks), http.StatusSeeOther)
		officeWant(t, b.get(roster), http.StatusOK, "Keine Änderungen")

		file := officeFilePath(c)
		officeWant(t, b.get(file), http.StatusOK, "kein schriftlicher Hinweis", "Hinweis vermerken")
		officeWant(t, b.post(file+"/hinweis", url.Values{"notice_entered_reason": {"von der Papierliste übertragen"}, "notice_date": {"20.08.2026"}, "notice_note": {"im Einladungsschreiben"}}), http.StatusSeeOther)
		officeWant(t, b.get(file), http.StatusOK, "Noch offen: Prüfungsgebühr 450,00 €", "am 20.08.2026")
		officeWant(t, b.post(file+"/zahlungen", url.Values{"pay_entered_reason": {"von der Papierliste übertragen"}, "pay_fee": {"exam"}, "pay_amount": {"450,00 €"}, "pay_date": {"2026-11-20"}, "pay_reference": {"RE 2026/117"}}), http.StatusSeeOther)
		dates, _ := db.ExamDates(context.Background(), a.Seminar.ID)
		var jan exam.ExamDate
		for _, d := range dates {
			if d.ExamDay == wachsam.MustDate("2027-01-11") {
				jan = d
			}
		}
		h.clock.Advance(time.Minute)
		officeWant(t, b.post(file+"/anmeldungen", url.Values{"reg_entered_reason": {"von der Papierliste übertragen"}, "reg_exam_date": {fmt.Sprint(jan.ID)}, "reg_date": {""}}), http.StatusSeeOther)
		officeWant(t, b.get(file), http.StatusOK, "Angemeldet zu Informationssicherheitsmanagement am 11.01.2027.", "Teilnahme an allen Seminartagen nachgewiesen",
			"RE 2026/117", "Anmeldung zur Prüfung", a.Office.Name, "Angemeldeter Termin")
		s, err := db.ExamState(context.Background(), c.ID)
		if err != nil || len(s.Components[0].Attempts) != 1 || s.Components[0].Attempts[0].ExamDate != jan.ExamDay {
			t.Fatalf("state: %+v, %v", s.Components[0], err)
		}
	})
}

package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// officeNewcomer enrols a fresh candidate who has done nothing yet and
// announces an ISM date in January 2027; it returns the candidate and
// the date.
func officeNewcomer(t *testing.T, h *harness, a *storetest.Academy) (exam.CandidateRecord, exam.ExamDate) {
	t.Helper()
	ctx := context.Background()
	u := h.user("dora@akademie.example", wachsam.RoleCandidate)
	c, err := h.db.AddExamCandidate(ctx, wachsam.UserActor(a.Office), a.Seminar.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	d := exam.ExamDate{ComponentID: a.ISM.ID, ExamDay: wachsam.MustDate("2027-01-11"), Place: "Ulm"}
	if err := h.db.AnnounceExamDate(ctx, wachsam.UserActor(a.Office), &d); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Minute) // facts of one day are ordered by the time they were recorded
	return *c, d
}

// §2(1) on the candidate's page: the registration is refused, naming the
// day without attendance, and nothing is written.
func TestPara2_1_OfficeRegistrationRefusedNamesTheMissingDay(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		c, jan := officeNewcomer(t, h, a)
		file := officeFilePath(c)
		officeWant(t, b.post(file+"/hinweis", url.Values{"notice_entered_reason": {"von der Papierliste übertragen"}, "notice_date": {"2026-08-20"}}), http.StatusSeeOther)
		officeWant(t, b.post(file+"/zahlungen", url.Values{"pay_entered_reason": {"von der Papierliste übertragen"}, "pay_fee": {"exam"}, "pay_amount": {""}}), http.StatusSeeOther)
		officeWant(t, b.post(file+"/anwesenheit", url.Values{"att_entered_reason": {"von der Papierliste übertragen"}, "att_date": {"2026-09-07"}}), http.StatusSeeOther)
		// The online day without the camera does not count.
		before := h.officeCounts()
		officeWant(t, b.post(file+"/anwesenheit", url.Values{"att_entered_reason": {"von der Papierliste übertragen"}, "att_date": {"2026-09-10"}}), http.StatusConflict, "Kamera", "§2(1)")
		officeWant(t, b.post(file+"/anmeldungen", url.Values{"reg_entered_reason": {"von der Papierliste übertragen"}, "reg_exam_date": {fmt.Sprint(jan.ID)}}), http.StatusConflict,
			"keine nachgewiesene Teilnahme am 08.09.2026, 10.09.2026", "§2(1) der Prüfungsordnung")
		if after := h.officeCounts(); after != before {
			t.Fatalf("%+v → %+v", before, after)
		}
	})
}

// §2(3) on the candidate's page: while the exam fee is open the office
// cannot register the candidate; after the payment it can.
func TestPara2_3_OfficeRegistrationRefusedWhileTheFeeIsOpen(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		c, jan := officeNewcomer(t, h, a)
		file := officeFilePath(c)
		officeWant(t, b.post(file+"/hinweis", url.Values{"notice_entered_reason": {"von der Papierliste übertragen"}, "notice_date": {"2026-08-20"}}), http.StatusSeeOther)
		for _, d := range storetest.AcademyDays {
			v := url.Values{"att_entered_reason": {"von der Papierliste übertragen"}, "att_date": {d.Date.String()}}
			if d.Online {
				v.Set("att_camera", "ja")
			}
			officeWant(t, b.post(file+"/anwesenheit", v), http.StatusSeeOther)
		}
		page := b.get(file)
		officeWant(t, page, http.StatusOK, "Noch offen: Prüfungsgebühr 450,00 €", `name="pay_amount" value="450,00 €"`)
		before := h.officeCounts()
		officeWant(t, b.post(file+"/anmeldungen", url.Values{"reg_entered_reason": {"von der Papierliste übertragen"}, "reg_exam_date": {fmt.Sprint(jan.ID)}}), http.StatusConflict,
			"Prüfungsgebühr (450,00 €)", "noch nicht entrichtet", "§2(3) der Prüfungsordnung")
		if after := h.officeCounts(); after != before {
			t.Fatalf("%+v → %+v", before, after)
		}
		officeWant(t, b.post(file+"/zahlungen", url.Values{"pay_entered_reason": {"von der Papierliste übertragen"}, "pay_fee": {"exam"}, "pay_amount": {"450,00"}, "pay_date": {"22.11.2026"}}), http.StatusSeeOther)
		h.clock.Advance(time.Minute)
		officeWant(t, b.post(file+"/anmeldungen", url.Values{"reg_entered_reason": {"von der Papierliste übertragen"}, "reg_exam_date": {fmt.Sprint(jan.ID)}}), http.StatusSeeOther)
		officeWant(t, b.get(file), http.StatusOK, "Angemeldet zu Informationssicherheitsmanagement am 11.01.2027.", "Derzeit ist keine Gebühr offen.")
	})
}

// §9(1) on the candidate's page: a withdrawal after the registration.
func TestPara9_1_OfficeRecordsAWithdrawal(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		_, jan := officeNewcomer(t, h, a)
		file := officeFilePath(a.Candidates[0])
		officeWant(t, b.post(file+"/anmeldungen", url.Values{"reg_entered_reason": {"von der Papierliste übertragen"}, "reg_exam_date": {fmt.Sprint(jan.ID)}}), http.StatusSeeOther)
		h.clock.Advance(time.Minute)
		officeWant(t, b.post(file+"/versaeumnis", url.Values{"abs_attempt": {fmt.Sprint(jan.ID)}, "abs_kind": {"absent"}}), http.StatusUnprocessableEntity, "Zukunft")
		officeWant(t, b.post(file+"/versaeumnis", url.Values{"abs_attempt": {fmt.Sprint(jan.ID)}, "abs_kind": {"withdrew"}, "abs_note": {"Anruf"}}), http.StatusSeeOther)
		officeWant(t, b.get(file), http.StatusOK, "Der Rücktritt (Informationssicherheitsmanagement, 11.01.2027) ist erfasst.", "Rücktritt (§9(1))", "Gründe für Versäumnis oder Rücktritt anzeigen")
	})
}

// Bad input on every form of the candidate's page: a German message beside
// the field, 422, nothing written.
func TestOfficeFileFormsRefuseBadInput(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		c, jan := officeNewcomer(t, h, a)
		file := officeFilePath(c)
		officeWant(t, b.post(officeFilePath(a.Candidates[0])+"/anmeldungen", url.Values{"reg_entered_reason": {"von der Papierliste übertragen"}, "reg_exam_date": {fmt.Sprint(jan.ID)}}), http.StatusSeeOther)
		cases := []struct {
			path, name string
			form       url.Values
			field      string
			text       string
		}{
			{"/anwesenheit", "bad date", url.Values{"att_entered_reason": {"von der Papierliste übertragen"}, "att_date": {"2026-13-07"}}, "att_date", "kein Datum"},
			{"/anwesenheit", "no seminar day", url.Values{"att_entered_reason": {"von der Papierliste übertragen"}, "att_date": {"09.09.2026"}}, "att_date", "kein Tag des Seminars"},
			{"/anwesenheit", "future day", url.Values{"att_entered_reason": {"von der Papierliste übertragen"}, "att_date": {"2026-12-01"}}, "att_date", "kein Tag des Seminars"},
			{"/hinweis", "bad date", url.Values{"notice_entered_reason": {"von der Papierliste übertragen"}, "notice_date": {"gestern"}}, "notice_date", "kein Datum"},
			{"/zahlungen", "bad euro", url.Values{"pay_entered_reason": {"von der Papierliste übertragen"}, "pay_fee": {"exam"}, "pay_amount": {"450 Euro"}}, "pay_amount", "kein Betrag"},
			{"/zahlungen", "too little", url.Values{"pay_entered_reason": {"von der Papierliste übertragen"}, "pay_fee": {"exam"}, "pay_amount": {"45,00 €"}}, "pay_amount", "weniger als die Prüfungsgebühr"},
			{"/zahlungen", "no fee", url.Values{"pay_entered_reason": {"von der Papierliste übertragen"}, "pay_fee": {""}}, "pay_fee", "welche Gebühr"},
			{"/zahlungen", "unknown component", url.Values{"pay_entered_reason": {"von der Papierliste übertragen"}, "pay_fee": {"retake"}, "pay_component": {"NETZ"}}, "pay_component", "keine Prüfungsleistung dieses Seminars"},
			{"/zahlungen", "retake without component", url.Values{"pay_entered_reason": {"von der Papierliste übertragen"}, "pay_fee": {"retake"}}, "pay_component", "Prüfungsleistung"},
			{"/zahlungen", "bad date", url.Values{"pay_entered_reason": {"von der Papierliste übertragen"}, "pay_fee": {"exam"}, "pay_date": {"32.01.2026"}}, "pay_date", "kein Datum"},
			{"/zahlungen", "future date", url.Values{"pay_entered_reason": {"von der Papierliste übertragen"}, "pay_fee": {"exam"}, "pay_date": {"2026-12-24"}}, "pay_date", "Zukunft"},
			{"/anmeldungen", "unknown date", url.Values{"reg_entered_reason": {"von der Papierliste übertragen"}, "reg_exam_date": {"999999"}}, "reg_exam_date", "aus der Liste"},
			{"/anmeldungen", "no date", url.Values{"reg_entered_reason": {"von der Papierliste übertragen"}, "reg_exam_date": {""}}, "reg_exam_date", "aus der Liste"},
			{"/anmeldungen", "bad registration day", url.Values{"reg_entered_reason": {"von der Papierliste übertragen"}, "reg_exam_date": {fmt.Sprint(jan.ID)}, "reg_date": {"1.1."}}, "reg_date", "kein Datum"},
			{"/versaeumnis", "bad kind", url.Values{"abs_attempt": {fmt.Sprint(jan.ID)}, "abs_kind": {"krank"}}, "abs_kind", "Versäumnis"},
			{"/versaeumnis", "unknown attempt", url.Values{"abs_attempt": {"abc"}, "abs_kind": {"absent"}}, "abs_attempt", "aus der Liste"},
		}
		before := h.officeCounts()
		for _, tc := range cases {
			target := file
			if tc.path == "/versaeumnis" {
				target = officeFilePath(a.Candidates[0])
			}
			r := b.post(target+tc.path, tc.form)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("%s %s: status %d, want 422: %.1500s", tc.path, tc.name, r.status, r.body)
			}
			officeWant(t, r, http.StatusUnprocessableEntity, `id="`+tc.field+`-fehler"`, tc.text)
		}
		// A refusal of the regulation is a conflict, named by its §.
		officeWant(t, b.post(officeFilePath(a.Candidates[0])+"/zahlungen", url.Values{"pay_entered_reason": {"von der Papierliste übertragen"}, "pay_fee": {"exam"}}), http.StatusConflict, "bereits am 25.08.2026", "§2(2)")
		officeWant(t, b.post(file+"/versaeumnis", url.Values{"abs_attempt": {fmt.Sprint(jan.ID)}, "abs_kind": {"absent"}}), http.StatusUnprocessableEntity)
		officeWant(t, b.get("/pruefungsamt/pruefling/999999"), http.StatusNotFound)
		officeWant(t, b.post("/pruefungsamt/pruefling/999999/zahlungen", url.Values{"pay_entered_reason": {"von der Papierliste übertragen"}, "pay_fee": {"exam"}}), http.StatusNotFound)
		officeWant(t, b.get("/pruefungsamt/pruefling/abc"), http.StatusNotFound)
		if after := h.officeCounts(); after != before {
			t.Fatalf("%+v → %+v", before, after)
		}
	})
}

// TestPara2_2_OfficePaymentEnteredLaterOnThePage: the clock says
// 22.11.2026. A payment of 21.11.2026 without a reason is refused beside
// the reason field, in German, and nothing is written; with a reason the
// file's history shows it as nachgetragen with the reason, and the
// candidate's own page lists it.
func TestPara2_2_OfficePaymentEnteredLaterOnThePage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		c, _ := officeNewcomer(t, h, a)
		file := officeFilePath(c)
		before := h.officeCounts()
		officeWant(t, b.post(file+"/zahlungen", url.Values{"pay_fee": {"exam"}, "pay_date": {"2026-11-21"}}), http.StatusUnprocessableEntity,
			`id="pay_entered_reason-fehler">Eine Zahlung vor dem heutigen Tag (21.11.2026) kann nur mit Begründung nachgetragen werden`)
		if after := h.officeCounts(); after != before {
			t.Fatalf("a refused payment wrote: %+v → %+v", before, after)
		}
		officeWant(t, b.post(file+"/zahlungen", url.Values{"pay_fee": {"exam"}, "pay_date": {"2026-11-21"}, "pay_entered_reason": {"Kontoauszug vom Montag"}}), http.StatusSeeOther)
		officeWant(t, b.get(file), http.StatusOK, "(nachgetragen)</strong><br>Grund: Kontoauszug vom Montag")
		u, err := db.User(context.Background(), c.UserID)
		if err != nil {
			t.Fatal(err)
		}
		officeWant(t, h.signedIn(u).get(fmt.Sprintf("/pruefung/%d", c.ID)), http.StatusOK, "Vom Prüfungsamt nachgetragen",
			"vom 21.11.2026, nachgetragen am 22.11.2026 von "+a.Office.Name+" – Grund: Kontoauszug vom Montag")
	})
}

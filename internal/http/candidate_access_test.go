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

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Candidate A gets "not found" for everything of candidate B: the page,
// the API resource, documents, decision letters, the certificate, and
// every application; nothing changes.
func TestCandidateSeesOnlyTheirOwnFile(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		h.candFailISMTwice(a, 1, true)
		h.candAt("2026-12-10", 9, 0)
		bernd := h.signedIn(a.Users[1])
		r := bernd.candPost(candFile(a, 1)+"/haertefall", url.Values{"component": {"ISM"}, "text": {"Pflege"}}, map[string][]byte{"n.pdf": candPDF()})
		if r.status != http.StatusSeeOther {
			t.Fatalf("Bernd's own application: %d %s", r.status, r.body)
		}
		var docID, caseID int64
		if err := db.NewSelect().Table("exam_documents").Column("id").Where("candidate_id = ?", a.Candidates[1].ID).Scan(context.Background(), &docID); err != nil {
			t.Fatal(err)
		}
		if err := db.NewSelect().Table("exam_cases").Column("id").Where("candidate_id = ?", a.Candidates[1].ID).Scan(context.Background(), &caseID); err != nil {
			t.Fatal(err)
		}
		candWant(t, bernd.get(fmt.Sprintf("%s/dokumente/%d", candFile(a, 1), docID)), http.StatusOK, "%PDF")

		anna := h.signedIn(a.Users[0])
		other := candFile(a, 1)
		h.candUnchanged("Anna at Bernd's file", func() {
			for _, path := range []string{other, other + "/haertefall?leistung=ISM", other + "/verlaengerung",
				fmt.Sprintf("%s/dokumente/%d", other, docID), fmt.Sprintf("%s/dokumente/%d", candFile(a, 0), docID),
				fmt.Sprintf("%s/bescheide/%d.pdf", other, caseID), other + "/zeugnis.pdf", "/pruefung/0", "/pruefung/abc"} {
				if r := anna.get(path); r.status != http.StatusNotFound {
					t.Errorf("GET %s: %d", path, r.status)
				}
			}
			if r := anna.get(fmt.Sprintf("/api/v1/candidate/files/%d", a.Candidates[1].ID)); r.status != http.StatusNotFound ||
				!strings.Contains(r.header.Get("Content-Type"), "problem+json") {
				t.Errorf("API: %d %s", r.status, r.body)
			}
			posts := map[string]url.Values{
				"/gruende":       {"component": {"ISM"}, "exam_date": {"2026-11-30"}, "text": {"x"}},
				"/haertefall":    {"component": {"ISM"}, "text": {"x"}},
				"/verlaengerung": {"until": {"2027-12-01"}, "text": {"x"}},
				"/ruecktritt":    {"component": {"ISM"}, "exam_date": {"2026-11-30"}, "confirm": {"ja"}},
				"/einsicht":      {"component": {"ISM"}, "exam_date": {"2026-11-30"}},
			}
			for suffix, form := range posts {
				if r := anna.post(other+suffix, form); r.status != http.StatusNotFound {
					t.Errorf("POST %s: %d", suffix, r.status)
				}
			}
			for _, suffix := range []string{"reasons", "hardship", "extension", "inspection", "withdrawal"} {
				r := anna.candJSON(http.MethodPost, fmt.Sprintf("/api/v1/candidate/files/%d/%s", a.Candidates[1].ID, suffix),
					map[string]any{"component": "ISM", "exam_date": "2026-11-30", "text": "x", "until": "2027-12-01"})
				if r.status != http.StatusNotFound {
					t.Errorf("API POST %s: %d %s", suffix, r.status, r.body)
				}
			}
		})
		// Other roles have no candidate pages at all.
		staff := h.signedIn(h.user("mitarbeiterin@lindenbach.example", wachsam.RoleStaff))
		if r := staff.get("/pruefung"); r.status != http.StatusForbidden {
			t.Errorf("staff at /pruefung: %d", r.status)
		}
	})
}

func (b *browser) candJSON(method, path string, body any) response {
	b.h.t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		b.h.t.Fatal(err)
	}
	req, _ := http.NewRequest(method, b.h.srv.URL+path, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	return b.do(req)
}

// Bad input comes back as the form with a German message beside the
// field (422), or as the German page for a body too large (413); nothing
// is written.
func TestCandidateBadInputIsRefusedInGerman(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		a.Record(t, db, 0,
			exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "ISM", ExamDate: storetest.ISMExamDay},
			exam.Fact{Type: exam.FactAbsent, Date: storetest.ISMExamDay, Component: "ISM", ExamDate: storetest.ISMExamDay})
		h.candAt("2026-10-20", 9, 0)
		b := h.signedIn(a.Users[0])
		reasons := candFile(a, 0) + "/gruende"
		fields := func(text string) url.Values {
			return url.Values{"component": {"ISM"}, "exam_date": {"2026-10-12"}, "text": {text}, "illness": {"ja"}}
		}
		h.candUnchanged("bad input", func() {
			candWant(t, b.candPost(reasons, fields("  "), nil), http.StatusUnprocessableEntity,
				"Bitte schreiben Sie Ihre Gründe auf", `aria-invalid="true"`, "Gründe für Versäumnis oder Rücktritt anzeigen")
			candWant(t, b.candPost(reasons, fields("Grippe"), map[string][]byte{"attest.pdf": []byte("kein PDF, nur Text")}),
				http.StatusUnprocessableEntity, "Bitte laden Sie ein PDF, JPEG oder PNG hoch.", "Grippe")
			big := append(candPDF(), bytes.Repeat([]byte{' '}, 10<<20)...)
			candWant(t, b.candPost(reasons, fields("Grippe"), map[string][]byte{"attest.pdf": big}), http.StatusUnprocessableEntity,
				"Die Datei ist größer als 10 MB.", "Grippe")
			huge := append(big, bytes.Repeat([]byte{' '}, 2<<20)...)
			candWant(t, b.candPost(reasons, fields("Grippe"), map[string][]byte{"attest.pdf": huge}), http.StatusRequestEntityTooLarge, "zu groß")
			bad := fields("Grippe")
			bad.Set("exam_date", "12.13.2026")
			candWant(t, b.candPost(reasons, bad, nil), http.StatusUnprocessableEntity, "ist ungültig")
			candWant(t, b.post(candFile(a, 0)+"/verlaengerung", url.Values{"until": {"31.02.2028"}, "text": {"Pflege"}}),
				http.StatusUnprocessableEntity, "„31.02.2028“ ist kein Datum")
			candWant(t, b.post(candFile(a, 0)+"/verlaengerung", url.Values{"until": {"2027-01-01"}, "text": {"Pflege"}}),
				http.StatusUnprocessableEntity, "nach dem bisherigen Ende Ihres Prüfungsanspruchs am 10.09.2027")
			// An application the file does not offer is refused with its §.
			candWant(t, b.post(candFile(a, 0)+"/einsicht", url.Values{"component": {"RECHT"}, "exam_date": {"2026-10-13"}}),
				http.StatusConflict, "§12(2)", "Meine Prüfung")
			candWant(t, b.get(candFile(a, 0)+"/haertefall?leistung=ISM"), http.StatusConflict, "§6(2),(3)")
			r := b.candJSON(http.MethodPost, fmt.Sprintf("/api/v1/candidate/files/%d/reasons", a.Candidates[0].ID),
				map[string]any{"component": "ISM", "exam_date": "2026-10-12", "text": ""})
			var p struct {
				Status int `json:"status"`
				Errors []struct{ Field, Message string }
			}
			if r.status != http.StatusUnprocessableEntity || json.Unmarshal([]byte(r.body), &p) != nil || len(p.Errors) != 1 || p.Errors[0].Field != "text" {
				t.Errorf("API: %d %s", r.status, r.body)
			}
			if r := b.candJSON(http.MethodPost, fmt.Sprintf("/api/v1/candidate/files/%d/reasons", a.Candidates[0].ID),
				map[string]any{"component": "ISM", "unknown": 1}); r.status != http.StatusBadRequest {
				t.Errorf("API unknown field: %d", r.status)
			}
		})
	})
}

// §9(1): the withdrawal page warns first and takes the withdrawal only
// when the candidate confirms the consequences.
func TestPara9_1_WithdrawalNeedsConfirmation(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		december := wachsam.MustDate("2026-12-14")
		if err := db.AnnounceExamDate(context.Background(), wachsam.SystemActor("test"), &exam.ExamDate{
			ComponentID: a.Recht.ID, ExamDay: december, AnnouncedOn: wachsam.MustDate("2026-11-10"), EnteredReason: "Aushang im Seminar", Place: "Ulm, Raum 3"}); err != nil {
			t.Fatal(err)
		}
		a.Record(t, db, 0, exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-11-16"), Component: "RECHT", ExamDate: december})
		b := h.signedIn(a.Users[0])
		candWant(t, b.get(candFile(a, 0)), http.StatusOK, "Von der Prüfung zurücktreten: Recht und Datenschutz, Termin 14.12.2026")
		page := candFile(a, 0) + "/ruecktritt"
		candWant(t, b.get(page+"?leistung=RECHT&termin=2026-12-14"), http.StatusOK, "nicht bestanden (5,0)", "Ulm, Raum 3", "Verbindlich zurücktreten")
		form := url.Values{"component": {"RECHT"}, "exam_date": {"2026-12-14"}}
		h.candUnchanged("an unconfirmed withdrawal", func() {
			candWant(t, b.post(page, form), http.StatusUnprocessableEntity, "Bitte bestätigen Sie")
		})
		form.Set("confirm", "ja")
		r := b.post(page, form)
		if r.status != http.StatusSeeOther {
			t.Fatalf("withdrawal: %d %s", r.status, r.body)
		}
		candWant(t, b.get(candFile(a, 0)), http.StatusOK, "Gründe können Sie bis Montag, 21.12.2026 anzeigen",
			"Gründe für Versäumnis oder Rücktritt anzeigen: Recht und Datenschutz, Termin 14.12.2026")
	})
}

// A person who is the candidate of two seminars chooses the file from a
// list; each file is theirs.
func TestCandidateWithTwoFilesChoosesFromAList(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		second := storetest.NewAcademy(t, db, "Frühjahr ")
		rec, err := db.AddExamCandidate(context.Background(), wachsam.SystemActor("test"), second.Seminar.ID, a.Users[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		b := h.signedIn(a.Users[0])
		candWant(t, b.get("/pruefung"), http.StatusOK, "Ihre Prüfungen", "ISB/CISO-Seminar Herbst 2026", "Frühjahr ISB/CISO-Seminar Herbst 2026",
			fmt.Sprintf(`href="/pruefung/%d"`, rec.ID), fmt.Sprintf(`href="/pruefung/%d"`, a.Candidates[0].ID))
		candWant(t, b.get(fmt.Sprintf("/pruefung/%d", rec.ID)), http.StatusOK, "Frühjahr ISB/CISO-Seminar Herbst 2026", rec.Number,
			"Zulassung fehlt: keine nachgewiesene Teilnahme am 07.09.2026, 08.09.2026, 10.09.2026")
	})
}

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

// boardHTTP is the academy behind the web server, with a browser per
// person, signed in on first use (the board's members enrol TOTP).
type boardHTTP struct {
	t        *testing.T
	h        *harness
	a        *storetest.Academy
	browsers map[int64]*browser
}

func newBoardHTTP(t *testing.T, db *store.DB) *boardHTTP {
	t.Helper()
	h := newHarness(t, db)
	return &boardHTTP{t: t, h: h, a: h.academy(""), browsers: map[int64]*browser{}}
}

func (w *boardHTTP) as(u *wachsam.User) *browser {
	w.t.Helper()
	if b, ok := w.browsers[u.ID]; ok {
		return b
	}
	b := w.h.signedIn(u)
	w.browsers[u.ID] = b
	return b
}

// signIn signs the people in ahead, so that a test can count what an
// action writes without the sign-in's own audit entries.
func (w *boardHTTP) signIn(us ...*wachsam.User) {
	w.t.Helper()
	for _, u := range us {
		w.as(u)
	}
}

// member is one of the four: 0–2 members, 3 the chair.
func (w *boardHTTP) member(i int) *browser {
	if i == 3 {
		return w.as(w.a.Chair)
	}
	return w.as(w.a.Board[i])
}

// cheating opens, through the page, a case of cheating in ISM against
// candidate i, who sat both components.
func (w *boardHTTP) cheating(i int) int64 {
	w.t.Helper()
	w.a.SatBoth(w.t, w.h.db, i, exam.Grade17, exam.Grade23, exam.Grade13)
	r := w.member(0).post("/ausschuss/faelle", url.Values{"candidate": {fmt.Sprint(w.a.Candidates[i].ID)}, "motion": {"find_cheating"},
		"component": {"ISM"}, "exam_date": {storetest.ISMExamDay.String()}, "summary": {"Bericht der Aufsicht über ein Mobiltelefon."}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/ausschuss/faelle/") {
		w.t.Fatalf("opening a case: %d → %s\n%s", r.status, r.location, r.body)
	}
	var id int64
	fmt.Sscanf(strings.TrimPrefix(r.location, "/ausschuss/faelle/"), "%d", &id)
	return id
}

func (w *boardHTTP) vote(i int, id int64, vote string) response {
	w.t.Helper()
	return w.member(i).post(fmt.Sprintf("/ausschuss/faelle/%d/stimme", id), url.Values{"vote": {vote}, "comment": {""}})
}

// rows counts what board actions write: facts, decided cases, votes, mails, audit entries.
func (w *boardHTTP) rows() [5]int {
	w.t.Helper()
	ctx := context.Background()
	var out [5]int
	for i, q := range []struct{ table, where string }{
		{"exam_facts", ""}, {"exam_cases", "status = 'decided'"}, {"exam_case_votes", ""}, {"mails", ""}, {"audit_entries", ""},
	} {
		sel := w.h.db.NewSelect().Table(q.table)
		if q.where != "" {
			sel = sel.Where(q.where)
		}
		n, err := sel.Count(ctx)
		if err != nil {
			w.t.Fatal(err)
		}
		out[i] = int(n)
	}
	return out
}

func (b *browser) boardJSON(method, path string, body any) response {
	b.h.t.Helper()
	var data []byte
	if s, ok := body.(string); ok {
		data = []byte(s)
	} else if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			b.h.t.Fatal(err)
		}
	}
	req, _ := http.NewRequest(method, b.h.srv.URL+path, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	return b.do(req)
}

func boardWant(t *testing.T, r response, status int, texts ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d:\n%s", r.status, status, r.body)
	}
	for _, s := range texts {
		if !strings.Contains(r.body, s) {
			t.Fatalf("answer lacks %q:\n%s", s, r.body)
		}
	}
}

// Two members vote, the chair closes (§4(4): two of four is a quorum), and
// the case page, the inbox, the letter and the candidate's mail show the
// decision.
func TestBoardVoteCloseAndLetterOnPages(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardHTTP(t, db)
		w.signIn(w.a.Board[0], w.a.Board[1], w.a.Board[2], w.a.Chair)
		id := w.cheating(0)
		path := fmt.Sprintf("/ausschuss/faelle/%d", id)
		boardWant(t, w.member(1).get(path), http.StatusOK, "Fall 1: Feststellung einer Täuschung (§8(1))", "§8(1) der Prüfungsordnung",
			"die Feststellung trifft der Prüfungsausschuss auf Bericht des zuständigen Prüfers", "Annahme: möglich", "Verlauf")
		r := w.vote(0, id, "yes")
		if r.status != http.StatusSeeOther || r.location != path {
			t.Fatalf("vote: %d → %s", r.status, r.location)
		}
		boardWant(t, w.member(0).get(path), http.StatusOK, "Ihre Stimme „Ja“ ist gespeichert.", "1 von 4 Mitgliedern haben abgestimmt",
			"Nicht beschlussfähig: 1 von 4")

		before := w.rows()
		boardWant(t, w.member(3).post(path+"/schliessen", nil), http.StatusConflict, "Nicht beschlussfähig", "(§4(4) der Prüfungsordnung)")
		if got := w.rows(); got != before {
			t.Fatalf("a refused close changed data: %v → %v", before, got)
		}
		boardWant(t, w.member(2).post(path+"/schliessen", nil), http.StatusForbidden, "nur der Vorsitzende")

		w.vote(3, id, "abstain")
		w.vote(3, id, "yes")
		r = w.member(3).post(path+"/schliessen", nil)
		if r.status != http.StatusSeeOther {
			t.Fatalf("close: %d\n%s", r.status, r.body)
		}
		boardWant(t, w.member(3).get(path), http.StatusOK, "Die Abstimmung ist geschlossen: Angenommen mit 2 Ja- gegen 0 Nein-Stimmen",
			"Dem Antrag wurde stattgegeben.", "Bescheid herunterladen (PDF)")
		boardWant(t, w.member(1).get("/ausschuss"), http.StatusOK, "Entschiedene Fälle", "stattgegeben", "Bescheid (PDF)")
		pdf := w.member(1).get(path + "/bescheid.pdf")
		if pdf.status != http.StatusOK || pdf.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.body, "%PDF-") ||
			!strings.Contains(pdf.header.Get("Content-Disposition"), fmt.Sprintf("bescheid-fall-%d.pdf", id)) {
			t.Fatalf("letter: %d %v", pdf.status, pdf.header)
		}
		var m wachsam.Mail
		if err := db.NewSelect().Model(&m).Order("id DESC").Limit(1).Scan(context.Background()); err != nil {
			t.Fatal(err)
		}
		if m.ToAddress != w.a.Users[0].Email || len(m.Attachments) != 1 || !bytes.HasPrefix(m.Attachments[0].Data, []byte("%PDF-")) {
			t.Fatalf("mail to %s with %d attachments", m.ToAddress, len(m.Attachments))
		}
		boardWant(t, w.member(2).post(path+"/stimme", url.Values{"vote": {"no"}}), http.StatusConflict, "bereits am 22.11.2026 entschieden")
	})
}

// Bad input is answered in German beside the field, with the status that
// fits, and writes nothing.
func TestBoardBadInputChangesNothing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardHTTP(t, db)
		w.signIn(w.a.Board[0], w.a.Chair)
		id := w.cheating(0)
		path := fmt.Sprintf("/ausschuss/faelle/%d", id)
		before := w.rows()
		b := w.member(0)
		boardWant(t, b.post(path+"/stimme", url.Values{"vote": {"vielleicht"}}), http.StatusUnprocessableEntity, "Bitte stimmen Sie mit Ja, Nein oder Enthaltung.")
		boardWant(t, b.post(path+"/stimme", url.Values{"vote": {"yes"}, "comment": {strings.Repeat("ä", 2001)}}), http.StatusUnprocessableEntity, "Kommentar: höchstens 2.000 Zeichen")
		boardWant(t, b.post(path+"/anhoerung", url.Values{"date": {"31.02.2026"}, "minutes": {"x"}}), http.StatusUnprocessableEntity, "ist kein Datum")
		boardWant(t, b.post(path+"/anhoerung", url.Values{"date": {"22.11.2026"}, "minutes": {"x"}}), http.StatusConflict, "§11(3)")
		boardWant(t, w.member(3).post(path+"/vorsitz", url.Values{}), http.StatusUnprocessableEntity, "stattgegeben oder ob er abgelehnt")
		boardWant(t, b.post(path+"/feststellungen", url.Values{"not_responsible": {"ja"}}), http.StatusConflict, "Härtefallantrag")
		boardWant(t, b.post("/ausschuss/faelle", url.Values{"candidate": {fmt.Sprint(w.a.Candidates[1].ID)}, "motion": {"find_cheating"},
			"component": {"ISM"}, "exam_date": {storetest.ISMExamDay.String()}, "summary": {""}}),
			http.StatusUnprocessableEntity, "Bitte begründen Sie kurz", `id="summary-fehler"`)
		boardWant(t, b.post("/ausschuss/faelle", url.Values{"candidate": {fmt.Sprint(w.a.Candidates[1].ID)}, "motion": {"find_cheating"},
			"component": {"ISM"}, "exam_date": {storetest.ISMExamDay.String()}, "summary": {"Bericht"}}),
			http.StatusConflict, "(§8(1) der Prüfungsordnung)", "Bericht")
		boardWant(t, b.post("/ausschuss/faelle", url.Values{"candidate": {"abc"}, "motion": {"find_cheating"}}), http.StatusUnprocessableEntity, "Bitte wählen Sie den Prüfling.")
		boardWant(t, b.post("/ausschuss/delegationen", url.Values{"task": {"alles"}}), http.StatusUnprocessableEntity, "Bitte wählen Sie die Aufgabe")
		for _, p := range []string{"/ausschuss/faelle/0", "/ausschuss/faelle/abc", "/ausschuss/faelle/99999", path + "/dokumente/99999", "/ausschuss/faelle/neu?pruefling=x"} {
			if r := b.get(p); r.status != http.StatusNotFound {
				t.Errorf("GET %s: %d", p, r.status)
			}
		}
		if got := w.rows(); got != before {
			t.Fatalf("bad input changed data: %v → %v", before, got)
		}
	})
}

// §4(3) on the pages: the board delegates the decision on reasons to the
// chair, and the chair then decides a substitute examiner case alone —
// which is refused, because only that task was delegated.
func TestPara4_3_DelegationOnPages(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardHTTP(t, db)
		r := w.member(1).post("/ausschuss/delegationen", url.Values{"task": {"name_substitute_examiner"}, "summary": {""}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("delegation: %d\n%s", r.status, r.body)
		}
		var del int64
		fmt.Sscanf(strings.TrimPrefix(r.location, "/ausschuss/faelle/"), "%d", &del)
		boardWant(t, w.member(1).get(r.location), http.StatusOK, "Übertragung einer Aufgabe auf den Vorsitzenden (§4(3))", "§4(3) der Prüfungsordnung")
		for i := range 4 {
			w.vote(i, del, "yes")
		}
		boardWant(t, w.member(0).get(r.location), http.StatusOK, "Dem Antrag wurde stattgegeben.")
		w.h.clock.Advance(5 * time.Minute) // the case comes up a little later

		r = w.member(0).post("/ausschuss/faelle", url.Values{"candidate": {fmt.Sprint(w.a.Candidates[2].ID)}, "motion": {"name_substitute_examiner"},
			"component": {"RECHT"}, "examiner": {fmt.Sprint(w.a.Examiners[0].ID)}, "summary": {"Frau Roth ist verhindert."}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("substitute case: %d\n%s", r.status, r.body)
		}
		boardWant(t, w.member(3).get(r.location), http.StatusOK, "Allein entscheiden (§4(3))")
		boardWant(t, w.member(0).post(r.location+"/vorsitz", url.Values{"decision": {"accept"}}), http.StatusForbidden, "nur der Vorsitzende")
		boardWant(t, w.member(3).post(r.location+"/vorsitz", url.Values{"decision": {"accept"}}), http.StatusSeeOther)
		boardWant(t, w.member(3).get(r.location), http.StatusOK, "Sie haben allein entschieden (§4(3)). Dem Antrag wird stattgegeben.", "Vorsitzender allein (§4(3))")
		s, err := db.ExamState(context.Background(), w.a.Candidates[2].ID)
		if err != nil {
			t.Fatal(err)
		}
		if s.Components[1].Examiner != w.a.Examiners[0].Name {
			t.Fatalf("RECHT examiner: %q", s.Components[1].Examiner)
		}
	})
}

// §11(3) on the pages: the invalidation case shows that no hearing is
// recorded; the hearing is recorded with its minutes.
func TestPara11_3_HearingOnPages(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardHTTP(t, db)
		w.a.SatBoth(t, db, 1, exam.Grade17, exam.Grade23, exam.Grade13)
		w.a.Record(t, db, 1, exam.Fact{Type: exam.FactCertificateIssued, Date: wachsam.MustDate("2026-11-20")})
		r := w.member(0).post("/ausschuss/faelle", url.Values{"candidate": {fmt.Sprint(w.a.Candidates[1].ID)}, "motion": {"invalidate_certificate"},
			"ground": {"admission"}, "summary": {"Ein Seminartag war nicht besucht."}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("invalidation case: %d\n%s", r.status, r.body)
		}
		boardWant(t, w.member(0).get(r.location), http.StatusOK, "Eine Anhörung nach Ausstellung des Zeugnisses ist nicht erfasst",
			"Annahme: <strong>ausgeschlossen</strong>", "(§11(3))", "Zulassungsvoraussetzungen nicht erfüllt (§11(2))")
		boardWant(t, w.member(0).post(r.location+"/anhoerung", url.Values{"date": {"21.11.2026"}, "minutes": {"Der Prüfling räumt ein, am 08.09. gefehlt zu haben."}}),
			http.StatusSeeOther)
		boardWant(t, w.member(0).get(r.location), http.StatusOK, "Die Anhörung vom 21.11.2026 ist erfasst (§11(3)).",
			"Der Prüfling wurde am 21.11.2026 angehört.", "Annahme: möglich", "räumt ein")
	})
}

// The page for a new case lists the candidates and, once one is chosen,
// that candidate's components, exam dates and the examiners.
func TestBoardNewCasePage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardHTTP(t, db)
		w.a.SatBoth(t, db, 2, exam.Grade17, exam.Grade23, exam.Grade13)
		boardWant(t, w.member(0).get("/ausschuss/faelle/neu"), http.StatusOK, w.a.Candidates[2].Number)
		boardWant(t, w.member(0).get(fmt.Sprintf("/ausschuss/faelle/neu?pruefling=%d", w.a.Candidates[2].ID)), http.StatusOK,
			"Fall zu "+w.a.Candidates[2].Number, "12.10.2026 (Informationssicherheitsmanagement)", w.a.Examiners[1].Name, "Feststellung einer Täuschung (§8(1))")
		if r := w.member(0).get("/ausschuss/faelle/neu?pruefling=999999"); r.status != http.StatusNotFound {
			t.Fatalf("unknown candidate: %d", r.status)
		}
	})
}

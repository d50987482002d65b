package http_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
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

// The candidate's pages (/pruefung): their own file only, every refusal in
// German naming the §, and bad input changing nothing.

// candAt moves the harness clock to a time of day in Berlin.
func (h *harness) candAt(day string, hour, minute int) {
	h.t.Helper()
	d := wachsam.MustDate(day)
	h.clock.Set(time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, h.location()))
}

// candRows counts what an application writes, audit entries included.
func (h *harness) candRows() [4]int {
	h.t.Helper()
	var out [4]int
	for i, table := range []string{"exam_facts", "exam_cases", "exam_documents"} {
		n, err := h.db.NewSelect().Table(table).Count(context.Background())
		if err != nil {
			h.t.Fatal(err)
		}
		out[i] = int(n)
	}
	out[3] = h.auditCount()
	return out
}

func (h *harness) candUnchanged(what string, fn func()) {
	h.t.Helper()
	before := h.candRows()
	fn()
	if after := h.candRows(); after != before {
		h.t.Fatalf("%s changed data: facts, cases, documents, audit %v → %v", what, before, after)
	}
}

// candPost posts a multipart form with the files as parts named "document".
func (b *browser) candPost(path string, fields url.Values, files map[string][]byte) response {
	b.h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		part, err := mw.CreateFormFile("document", name)
		if err != nil {
			b.h.t.Fatal(err)
		}
		part.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.h.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

func candPDF() []byte { return []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") }

func candWant(t *testing.T, r response, status int, texts ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d:\n%s", r.status, status, r.body)
	}
	for _, s := range texts {
		if !strings.Contains(r.body, s) {
			t.Errorf("missing %q in:\n%s", s, r.body)
		}
	}
}

// candFailISMTwice: candidate i fails ISM at the first attempt and at the
// retake on 30.11.2026, whose result is announced on Friday 04.12.2026.
// The hardship cut-off would end on New Year's Day and ends on Monday
// 04.01.2027. The clock is left on 04.12.2026.
func (h *harness) candFailISMTwice(a *storetest.Academy, i int, announce bool) {
	h.t.Helper()
	t := h.t
	retake := wachsam.MustDate("2026-11-30")
	h.candAt("2026-11-22", 10, 0)
	a.SatBoth(t, h.db, i, exam.Grade50, exam.Grade50, exam.Grade20)
	a.Record(t, h.db, i, exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-10-23"), Component: "ISM", ExamDate: storetest.ISMExamDay})
	if announce {
		if err := h.db.AnnounceExamDate(context.Background(), wachsam.SystemActor("test"), &exam.ExamDate{
			ComponentID: a.ISM.ID, ExamDay: retake, AnnouncedOn: wachsam.MustDate("2026-10-26"), EnteredReason: "Aushang im Seminar", Place: "Ulm, Raum 2"}); err != nil {
			t.Fatal(err)
		}
	}
	a.Record(t, h.db, i,
		exam.Fact{Type: exam.FactFeePaid, Date: wachsam.MustDate("2026-10-27"), Fee: "retake", Component: "ISM"},
		exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-10-27"), Component: "ISM", ExamDate: retake})
	h.candAt("2026-12-04", 10, 0)
	a.Record(t, h.db, i,
		exam.Fact{Type: exam.FactAttemptGraded, Date: wachsam.MustDate("2026-12-03"), Component: "ISM", ExamDate: retake,
			Grades: []exam.PartGrade{{Part: "ISM-K", Grade: exam.Grade50}, {Part: "ISM-F", Grade: exam.Grade50}}},
		exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-12-04"), Component: "ISM", ExamDate: retake})
}

func candFile(a *storetest.Academy, i int) string {
	return fmt.Sprintf("/pruefung/%d", a.Candidates[i].ID)
}

// The deadline list says the last day with its weekday, the §, and why
// §193 BGB moved it; grades show with their words.
func TestCandidatePageShowsDeadlinesAndGrades(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		h.candFailISMTwice(a, 0, true)
		a.Record(t, db, 0, exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-12-04"), Component: "RECHT", ExamDate: storetest.RechtExamDay})
		h.candAt("2026-12-10", 9, 0)
		b := h.signedIn(a.Users[0])
		r := b.get("/pruefung")
		if r.status != http.StatusSeeOther || r.location != candFile(a, 0) {
			t.Fatalf("/pruefung: %d → %s", r.status, r.location)
		}
		candWant(t, b.get(candFile(a, 0)), http.StatusOK,
			"Härtefallantrag für Informationssicherheitsmanagement", "(§6(3))",
			"<strong>Montag, 04.01.2027</strong>",
			"verschoben vom Freitag, 01.01.2027 (Neujahrstag)", "§193 BGB",
			"Prüfung abschließen", "<strong>Freitag, 10.09.2027</strong>",
			"Klausur (Anteil 2): 5,0", "<strong>5,0</strong> (nicht ausreichend)",
			"Recht und Datenschutz", "<strong>2,0 (gut)</strong>",
			"Wiederholung nicht bestanden; eine zweite Wiederholung nur mit Genehmigung",
			"Zweite Wiederholung im Härtefall beantragen: Informationssicherheitsmanagement",
			"Einsicht beantragen", "Ulm, Raum 2")
	})
}

// §6(3) through the page: on the last day the application goes before
// the board; the day after, it is recorded and the notice says it is out
// of time.
func TestPara6_3_HardshipOnThePage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		h.candFailISMTwice(a, 0, true)
		h.candFailISMTwice(a, 1, false)
		fields := url.Values{"component": {"ISM"}, "text": {"Ich habe meine Mutter gepflegt."}}
		h.candAt("2027-01-04", 18, 0)
		b := h.signedIn(a.Users[0])
		candWant(t, b.get(candFile(a, 0)+"/haertefall?leistung=ISM"), http.StatusOK, "spätestens am <strong>Montag, 04.01.2027</strong>")
		r := b.candPost(candFile(a, 0)+"/haertefall", fields, map[string][]byte{"nachweis.pdf": candPDF()})
		if r.status != http.StatusSeeOther || r.location != candFile(a, 0) {
			t.Fatalf("post: %d %s", r.status, r.body)
		}
		candWant(t, b.get(candFile(a, 0)), http.StatusOK, "Der Prüfungsausschuss entscheidet darüber",
			"Zweite Wiederholung im Härtefall (§6(2),(3))", "liegt dem Prüfungsausschuss zur Entscheidung vor", "nachweis.pdf")

		h.candAt("2027-01-05", 0, 1)
		b = h.signedIn(a.Users[1])
		candWant(t, b.get(candFile(a, 1)+"/haertefall?leistung=ISM"), http.StatusOK, "Die Ausschlussfrist ist abgelaufen.")
		r = b.candPost(candFile(a, 1)+"/haertefall", fields, nil)
		if r.status != http.StatusSeeOther {
			t.Fatalf("late post: %d %s", r.status, r.body)
		}
		candWant(t, b.get(candFile(a, 1)), http.StatusOK, "als verfristet abgelehnt", "nach Ablauf der Ausschlussfrist am 04.01.2027",
			"Verfristete Anträge")
	})
}

// §9(2) through the page, with the medical certificate; a day late, the
// reasons are recorded and rejected as out of time.
func TestPara9_2_ReasonsOnThePage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		for i := range 2 {
			a.Record(t, db, i,
				exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "ISM", ExamDate: storetest.ISMExamDay},
				exam.Fact{Type: exam.FactAbsent, Date: storetest.ISMExamDay, Component: "ISM", ExamDate: storetest.ISMExamDay})
		}
		fields := url.Values{"component": {"ISM"}, "exam_date": {"2026-10-12"}, "text": {"Grippe"}, "illness": {"ja"}}
		h.candAt("2026-11-09", 20, 0)
		b := h.signedIn(a.Users[0])
		candWant(t, b.get(candFile(a, 0)), http.StatusOK, "Gründe zum Prüfungstermin Informationssicherheitsmanagement am 12.10.2026",
			"<strong>Montag, 09.11.2026</strong>")
		r := b.candPost(candFile(a, 0)+"/gruende", fields, map[string][]byte{"attest.pdf": candPDF()})
		if r.status != http.StatusSeeOther {
			t.Fatalf("post: %d %s", r.status, r.body)
		}
		candWant(t, b.get(candFile(a, 0)), http.StatusOK, "Gründe eingegangen, Entscheidung steht aus", "Ärztliches Attest")

		h.candAt("2026-11-10", 8, 0)
		b = h.signedIn(a.Users[1])
		r = b.candPost(candFile(a, 1)+"/gruende", fields, map[string][]byte{"attest.pdf": candPDF()})
		if r.status != http.StatusSeeOther {
			t.Fatalf("late post: %d %s", r.status, r.body)
		}
		candWant(t, b.get(candFile(a, 1)), http.StatusOK, "als verfristet abgelehnt", "nicht berücksichtigt")
	})
}

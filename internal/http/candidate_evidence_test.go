package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// candIllWithoutCertificate: candidate i missed ISM on Monday 12.10.2026
// and reported illness on 20.10.2026 without a medical certificate; the
// cut-off of §9(2) is Monday 09.11.2026.
func (h *harness) candIllWithoutCertificate(a *storetest.Academy, i int) {
	h.t.Helper()
	a.Record(h.t, h.db, i,
		exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "ISM", ExamDate: storetest.ISMExamDay},
		exam.Fact{Type: exam.FactAbsent, Date: storetest.ISMExamDay, Component: "ISM", ExamDate: storetest.ISMExamDay},
		exam.Fact{Type: exam.FactReasonsSubmitted, Date: wachsam.MustDate("2026-10-20"), Component: "ISM", ExamDate: storetest.ISMExamDay, Illness: true, Note: "Grippe"})
}

// candEvidenceRefused posts evidence that must be refused (409, naming
// want) and proves that nothing was written.
func (h *harness) candEvidenceRefused(b *browser, path string, fields url.Values, want string) {
	h.t.Helper()
	before := h.candRows()
	r := b.candPost(path, fields, map[string][]byte{"nachtrag.pdf": candPDF()})
	if r.status != http.StatusConflict || !strings.Contains(r.body, want) {
		h.t.Fatalf("late post: %d %s", r.status, r.body)
	}
	if after := h.candRows(); after != before {
		h.t.Fatalf("a refused post wrote: %v → %v", before, after)
	}
}

// candReasonsApplied: on 20.10.2026 candidate i, absent from ISM on
// 12.10.2026, sends reasons (ill, without a certificate) through the
// application, which opens the board's case.
func (h *harness) candReasonsApplied(a *storetest.Academy, i int) exam.CandidateReceipt {
	h.t.Helper()
	h.clock.Set(wachsam.MustDate("2026-10-20").In(h.location()).Add(9 * time.Hour))
	a.Record(h.t, h.db, i,
		exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "ISM", ExamDate: storetest.ISMExamDay},
		exam.Fact{Type: exam.FactAbsent, Date: storetest.ISMExamDay, Component: "ISM", ExamDate: storetest.ISMExamDay})
	receipt, err := h.db.CandidateApply(h.t.Context(), wachsam.UserActor(a.Users[i]), a.Users[i].ID, a.Candidates[i].ID, exam.CandidateApplication{
		Action: exam.ApplyReasons, Component: "ISM", ExamDate: storetest.ISMExamDay, Text: "Ich hatte hohes Fieber.", Illness: true})
	if err != nil || receipt.CaseID == 0 {
		h.t.Fatalf("reasons: %+v, %v", receipt, err)
	}
	return receipt
}

// TestPara9_2_MedicalCertificateAddedOnThePage: the page shows the reasons
// as incomplete with the day the certificate must arrive; the candidate
// adds it on the last day (09.11.2026), and it is then complete. A day
// later the form is no longer offered and a post is refused; nothing is
// written.
func TestPara9_2_MedicalCertificateAddedOnThePage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		h.candIllWithoutCertificate(a, 0)
		h.candIllWithoutCertificate(a, 1)
		fields := url.Values{"component": {"ISM"}, "exam_date": {"2026-10-12"}, "medical_certificate": {"ja"}}

		h.candAt("2026-11-09", 23, 30)
		b := h.signedIn(a.Users[0])
		candWant(t, b.get(candFile(a, 0)), http.StatusOK, "Unvollständig: das ärztliche Attest fehlt; es muss bis Montag, 09.11.2026 eingehen", "Beweismittel nachreichen")
		candWant(t, b.candPost(candFile(a, 0)+"/nachweis", fields, nil), http.StatusUnprocessableEntity, `id="document-fehler"`, "Bitte laden Sie das Beweismittel hoch")
		r := b.candPost(candFile(a, 0)+"/nachweis", fields, map[string][]byte{"attest.pdf": candPDF()})
		if r.status != http.StatusSeeOther {
			t.Fatalf("post: %d %s", r.status, r.body)
		}
		page := b.get(candFile(a, 0))
		if strings.Contains(page.body, "Unvollständig") || !strings.Contains(page.body, "attest.pdf") {
			t.Fatalf("after adding the certificate:\n%s", page.body)
		}

		h.candAt("2026-11-10", 0, 5)
		b = h.signedIn(a.Users[1])
		if page := b.get(candFile(a, 1)); strings.Contains(page.body, "/nachweis") {
			t.Fatal("the form is offered after the cut-off")
		}
		h.candEvidenceRefused(b, candFile(a, 1)+"/nachweis", fields, "Ausschlussfrist")
	})
}

// TestBrowserCandidateAddsMedicalCertificateAfterReasons: in Chromium, the
// candidate sees the incomplete reasons, follows "Beweismittel
// nachreichen", uploads the certificate, and neither the page nor the
// state says any longer that it is missing.
func TestBrowserCandidateAddsMedicalCertificateAfterReasons(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		h.candIllWithoutCertificate(a, 0)
		h.candAt("2026-11-02", 10, 0)
		attest := filepath.Join(t.TempDir(), "attest.pdf")
		if err := os.WriteFile(attest, candPDF(), 0o600); err != nil {
			t.Fatal(err)
		}
		file := candFile(a, 0)
		b := newBrowser(t, h)
		b.visit("/anmelden")
		b.signInWithPassword(a.Users[0])
		b.follow("Meine Prüfung")
		b.shows(file, http.StatusOK, "Meine Prüfung")
		if got := b.text(".unvollstaendig"); !strings.Contains(got, "Montag, 09.11.2026") {
			t.Errorf("incomplete: %q", got)
		}
		b.follow("Beweismittel nachreichen")
		b.shows(file+"/nachweis", http.StatusOK, "Beweismittel nachreichen")
		if got := b.text("#frist"); !strings.Contains(got, "Montag, 09.11.2026") {
			t.Errorf("cut-off: %q", got)
		}
		tabRun(b, "attach certificate", chromedp.SetUploadFiles(chromedp.ID("document"), []string{attest}))
		tabRun(b, "tick certificate", chromedp.Click(chromedp.CSS("#medical_certificate")))
		b.press("Nachweis absenden")
		b.shows(file, http.StatusOK, "Meine Prüfung")
		if docs := strings.Join(b.texts("#dokumente + ul li"), "\n"); !strings.Contains(docs, "attest.pdf") {
			t.Errorf("documents: %q", docs)
		}
		if got := strings.Join(b.texts("#leistung-ISM ~ table tbody tr"), "\n"); strings.Contains(got, "Unvollständig") {
			t.Errorf("still shown as incomplete:\n%s", got)
		}
		if s, err := db.ExamState(context.Background(), a.Candidates[0].ID); err != nil || s.Components[0].Attempts[0].ReasonsIncompleteUntil != (wachsam.Date{}) {
			t.Fatalf("state: %+v, %v", s.Components[0].Attempts, err)
		}
	})
}

// TestBrowserBoardSeesTheRunningCutOff: on 02.11.2026 a member of the
// board opens the case on reasons sent without a medical certificate and
// sees that the candidate's cut-off runs until 09.11.2026, what is still
// missing, and that a rejection is not possible before it ends; the member
// asks for the certificate and the candidate is mailed with the last day.
func TestBrowserBoardSeesTheRunningCutOff(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		h := newHarness(t, db)
		a := h.academy("")
		receipt := h.candReasonsApplied(a, 1)
		h.candAt("2026-11-02", 9, 0)
		member := newBrowser(t, h)
		member.boardSignIn(a.Board[0])
		path := fmt.Sprintf("/ausschuss/faelle/%d", receipt.CaseID)
		member.visit(path)
		member.shows(path, http.StatusOK, fmt.Sprintf("Fall %d", receipt.CaseID))
		if got := member.text("#frist-stand"); !strings.Contains(got, "läuft bis 09.11.2026") {
			t.Errorf("cut-off: %q", got)
		}
		missing := strings.Join(member.texts("#frist-fehlt li"), "\n")
		if !strings.Contains(missing, "ärztliche Attest") || !strings.Contains(missing, "vollständig") {
			t.Errorf("missing: %q", missing)
		}
		if got := member.text("#pruefung-der-ordnung"); !strings.Contains(got, "Bis zum Ende der Ausschlussfrist am 09.11.2026") {
			t.Errorf("checks: %q", got)
		}
		// Asking without saying what: the message stands beside the field.
		member.press("Beweismittel anfordern")
		member.shows(path+"/beweismittel", http.StatusUnprocessableEntity, fmt.Sprintf("Fall %d", receipt.CaseID))
		if got := member.text("#evidence-fehler"); !strings.Contains(got, "welche Beweismittel") {
			t.Errorf("empty request: %q", got)
		}
		member.boardType("evidence", "Bitte reichen Sie das ärztliche Attest über Ihre Prüfungsunfähigkeit am 12.10.2026 nach.")
		member.press("Beweismittel anfordern")
		member.shows(path, http.StatusOK, fmt.Sprintf("Fall %d", receipt.CaseID))
		var mails []wachsam.Mail
		if err := db.NewSelect().Model(&mails).Where("to_address = ?", a.Users[1].Email).Where("subject = ?", "Prüfungsausschuss: Bitte um Beweismittel").Scan(ctx); err != nil {
			t.Fatal(err)
		}
		if len(mails) != 1 || !strings.Contains(mails[0].Body, "ärztliche Attest") || !strings.Contains(mails[0].Body, "bis einschließlich Montag, 09.11.2026") {
			t.Fatalf("mails to the candidate: %+v", mails)
		}
	})
}

// TestPara9_2_ReasonsDeclaredCompleteThroughTheAPI: on the last day of the
// cut-off (09.11.2026) the candidate declares the reasons complete (201);
// a second declaration, or one by another candidate without reasons, is
// refused (409) and writes nothing; the evidence endpoint without a file
// answers 422 naming the field.
func TestPara9_2_ReasonsDeclaredCompleteThroughTheAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		h.candIllWithoutCertificate(a, 0)
		h.candAt("2026-11-09", 23, 0)
		b := h.signedIn(a.Users[0])
		body := map[string]any{"component": "ISM", "exam_date": "2026-10-12"}
		path := fmt.Sprintf("/api/v1/candidate/files/%d/reasons-complete", a.Candidates[0].ID)
		if r := b.candJSON(http.MethodPost, path, body); r.status != http.StatusCreated || !strings.Contains(r.body, `"action":"complete_reasons"`) {
			t.Fatalf("declare: %d %s", r.status, r.body)
		}
		other := h.signedIn(a.Users[2])
		before := h.candRows()
		if r := b.candJSON(http.MethodPost, path, body); r.status != http.StatusConflict {
			t.Fatalf("second declaration: %d %s", r.status, r.body)
		}
		if r := other.candJSON(http.MethodPost, fmt.Sprintf("/api/v1/candidate/files/%d/reasons-complete", a.Candidates[2].ID), body); r.status != http.StatusConflict {
			t.Fatalf("without reasons: %d %s", r.status, r.body)
		}
		if r := other.candJSON(http.MethodPost, path, body); r.status != http.StatusNotFound {
			t.Fatalf("someone else's file: %d %s", r.status, r.body)
		}
		if r := b.candJSON(http.MethodPost, fmt.Sprintf("/api/v1/candidate/files/%d/evidence", a.Candidates[0].ID), body); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"field":"document"`) {
			t.Fatalf("evidence without a file: %d %s", r.status, r.body)
		}
		if after := h.candRows(); after != before {
			t.Fatalf("refused requests wrote: %v → %v", before, after)
		}
	})
}

// TestPara6_3_EvidenceForAHardshipApplicationOnThePage: the failed retake's
// result was announced on 04.12.2026; the cut-off of §6(3) ends on
// Monday 04.01.2027 (01.01. is a holiday, then a weekend). Evidence for the
// application is taken at 23:30 on that day; at 00:05 the next day it is
// refused with the § and nothing is written.
func TestPara6_3_EvidenceForAHardshipApplicationOnThePage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		h.candFailISMTwice(a, 0, true)
		h.candAt("2026-12-10", 9, 0)
		if _, err := db.CandidateApply(t.Context(), wachsam.UserActor(a.Users[0]), a.Users[0].ID, a.Candidates[0].ID, exam.CandidateApplication{
			Action: exam.ApplyHardship, Component: "ISM", Text: "Ich habe meine Mutter gepflegt."}); err != nil {
			t.Fatal(err)
		}
		fields := url.Values{"component": {"ISM"}}
		h.candAt("2027-01-04", 23, 30)
		b := h.signedIn(a.Users[0])
		candWant(t, b.get(candFile(a, 0)+"/nachweis?leistung=ISM"), http.StatusOK, "Ihr Härtefallantrag ist eingegangen", "Montag, 04.01.2027", "(Ausschlussfrist, §6(3))")
		if r := b.candPost(candFile(a, 0)+"/nachweis", fields, map[string][]byte{"pflegebescheinigung.pdf": candPDF()}); r.status != http.StatusSeeOther {
			t.Fatalf("last day: %d %s", r.status, r.body)
		}
		h.candAt("2027-01-05", 0, 5)
		h.candEvidenceRefused(h.signedIn(a.Users[0]), candFile(a, 0)+"/nachweis", fields, "§6(3)")
	})
}

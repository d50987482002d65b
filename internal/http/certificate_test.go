package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// certificateWorld is the academy with candidate 0 passed (ISM 2,0, RECHT
// 1,3, overall 1,7) and candidate 1 failed in ISM (5,0); nothing issued.
func certificateWorld(h *harness) *storetest.Academy {
	a := h.academy("")
	a.SatBoth(h.t, h.db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
	a.SatBoth(h.t, h.db, 1, exam.Grade50, exam.Grade40, exam.Grade20)
	return a
}

// certIssue issues candidate i's certificate in the store, as the office would.
func certIssue(h *harness, a *storetest.Academy, i int) *exam.CertificateRecord {
	h.t.Helper()
	c, err := h.db.IssueCertificate(context.Background(), wachsam.UserActor(a.Office), a.Candidates[i].ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// certRevoke records the board's §11(1) decision on 03.02.2027 after a
// hearing: four members, three yes votes, ground cheating.
func certRevoke(h *harness, a *storetest.Academy, i int) {
	h.t.Helper()
	h.clock.Set(time.Date(2027, 2, 3, 10, 0, 0, 0, time.UTC))
	a.Record(h.t, h.db, i,
		exam.Fact{Type: exam.FactHearingHeld, Date: wachsam.MustDate("2027-01-20")},
		exam.Fact{Type: exam.FactBoardDecision, Date: wachsam.MustDate("2027-02-03"), Motion: exam.MotionInvalidateCertificate,
			Members: 4, Votes: exam.Votes{Yes: 3}, DecidedBy: exam.ByBoard, Ground: "cheating"})
}

// certificateRows counts the certificates and audit entries, to prove a
// refused request wrote nothing.
func (h *harness) certificateRows() [2]int {
	h.t.Helper()
	n, err := h.db.NewSelect().Table("exam_certificates").Count(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return [2]int{int(n), h.auditCount()}
}

var shownCode = regexp.MustCompile(`Prüfcode ([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})`)

// TestCertificateOfficeIssuesAndDownloads: the office sees who may get a
// certificate, issues it, finds it in the list and downloads the PDF.
func TestCertificateOfficeIssuesAndDownloads(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		office := h.signedIn(a.Office)
		page := office.get("/pruefungsamt/zeugnisse")
		if page.status != http.StatusOK || !strings.Contains(page.body, a.Users[0].Name) || strings.Contains(page.body, a.Users[1].Name) {
			t.Fatalf("due list (status %d) should list only the candidate who passed:\n%s", page.status, page.body)
		}
		r := office.post(fmt.Sprintf("/pruefungsamt/zeugnisse/%d/ausstellen", a.Candidates[0].ID), nil)
		if r.status != http.StatusSeeOther || r.location != "/pruefungsamt/zeugnisse" {
			t.Fatalf("issue: %d → %s\n%s", r.status, r.location, r.body)
		}
		page = office.get("/pruefungsamt/zeugnisse")
		m := shownCode.FindStringSubmatch(page.body)
		if m == nil || !strings.Contains(page.body, "22.11.2026") || !strings.Contains(page.body, "1,7 (gut)") {
			t.Fatalf("after issuing, the page shows no code, date or grade:\n%s", page.body)
		}
		certs, err := db.ExamCertificates(context.Background())
		if err != nil || len(certs) != 1 || certs[0].Code != m[1] {
			t.Fatalf("stored: %+v, %v", certs, err)
		}
		pdf := office.get(fmt.Sprintf("/pruefungsamt/zeugnisse/%d.pdf", certs[0].ID))
		if pdf.status != http.StatusOK || pdf.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.body, "%PDF-") {
			t.Fatalf("PDF: status %d, %s", pdf.status, pdf.header.Get("Content-Type"))
		}
		// §10(3): the certificate names the holder as the record has it,
		// never "die Teilnehmerin / der Teilnehmer" or "zur / zum".
		text := strings.Join(strings.Fields(exportPDFText(t, []byte(pdf.body))), " ")
		if !strings.Contains(text, "dass "+a.Users[0].Name+" die Fachkunde besitzt") || !strings.Contains(text, "Prüfung für Informationssicherheitsbeauftragte") {
			t.Errorf("certificate text does not name the holder:\n%s", text)
		}
		for _, slash := range []string{"zur / zum", "Teilnehmerin / der Teilnehmer", "einer / eines"} {
			if strings.Contains(text, slash) {
				t.Errorf("certificate text contains %q:\n%s", slash, text)
			}
		}
		if !strings.Contains(pdf.header.Get("Content-Disposition"), a.Candidates[0].Number) {
			t.Errorf("file name: %s", pdf.header.Get("Content-Disposition"))
		}
		if r := office.get("/pruefungsamt/zeugnisse/999999.pdf"); r.status != http.StatusNotFound {
			t.Errorf("unknown certificate: %d", r.status)
		}
	})
}

// TestPara10_1_IssueRefusedOnThePage: before all components are passed,
// and a second time, the page says why with the §, and nothing changes.
func TestPara10_1_IssueRefusedOnThePage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		office := h.signedIn(a.Office)
		before := h.certificateRows()
		r := office.post(fmt.Sprintf("/pruefungsamt/zeugnisse/%d/ausstellen", a.Candidates[1].ID), nil)
		if r.status != http.StatusConflict || !strings.Contains(r.body, "§10(1)") || !strings.Contains(r.body, "Informationssicherheitsmanagement") {
			t.Fatalf("issue before passing: %d\n%s", r.status, r.body)
		}
		if h.certificateRows() != before {
			t.Errorf("a refused issue wrote something")
		}
		certIssue(h, a, 0)
		before = h.certificateRows()
		r = office.post(fmt.Sprintf("/pruefungsamt/zeugnisse/%d/ausstellen", a.Candidates[0].ID), nil)
		if r.status != http.StatusConflict || !strings.Contains(r.body, "bereits am 22.11.2026") {
			t.Fatalf("second issue: %d\n%s", r.status, r.body)
		}
		if h.certificateRows() != before {
			t.Errorf("a refused second issue wrote something")
		}
		for _, bad := range []string{"0", "abc", "999999"} {
			if r := office.post("/pruefungsamt/zeugnisse/"+bad+"/ausstellen", nil); r.status != http.StatusNotFound {
				t.Errorf("issue for %q: %d", bad, r.status)
			}
		}
		if h.certificateRows() != before {
			t.Errorf("bad addresses wrote something")
		}
	})
}

// TestCertificateIssueNeedsTheOffice: neither a candidate nor the board
// issues certificates, by page or API.
func TestCertificateIssueNeedsTheOffice(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		users := []*wachsam.User{a.Users[0], a.Board[0], a.Examiners[0]}
		var browsers []*browser
		for _, u := range users {
			browsers = append(browsers, h.signedIn(u)) // signing in is audited; the snapshot comes after
		}
		before := h.certificateRows()
		for i, u := range users {
			b := browsers[i]
			if r := b.post(fmt.Sprintf("/pruefungsamt/zeugnisse/%d/ausstellen", a.Candidates[0].ID), nil); r.status != http.StatusForbidden {
				t.Errorf("%s issues on the page: %d", u.Email, r.status)
			}
			if r := b.post(fmt.Sprintf("/api/v1/exam-office/candidates/%d/certificate", a.Candidates[0].ID), nil); r.status != http.StatusForbidden || !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s issues by API: %d %s", u.Email, r.status, r.header.Get("Content-Type"))
			}
			if r := b.get("/pruefungsamt/zeugnisse"); r.status != http.StatusForbidden {
				t.Errorf("%s sees the office's list: %d", u.Email, r.status)
			}
		}
		if h.certificateRows() != before {
			t.Errorf("refused requests wrote something")
		}
	})
}

// TestCertificateHolderDownloadsOwnOnly: the holder gets their PDF and
// JSON; another candidate, even of the same seminar, gets 404 for it.
func TestCertificateHolderDownloadsOwnOnly(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		c := certIssue(h, a, 0)
		holder := h.signedIn(a.Users[0])
		own := fmt.Sprintf("/pruefung/%d/zeugnis.pdf", a.Candidates[0].ID)
		if r := holder.get(own); r.status != http.StatusOK || !strings.HasPrefix(r.body, "%PDF-") {
			t.Fatalf("holder's PDF: %d", r.status)
		}
		api := fmt.Sprintf("/api/v1/candidate/files/%d/certificate", a.Candidates[0].ID)
		var got struct {
			Code, Status string
			OverallGrade string `json:"overall_grade"`
			VerifyURL    string `json:"verify_url"`
		}
		r := holder.get(api)
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &got) != nil {
			t.Fatalf("holder's API: %d %s", r.status, r.body)
		}
		if got.Code != c.Code || got.Status != "valid" || got.OverallGrade != "1,7" || got.VerifyURL != "http://127.0.0.1/zeugnis/"+c.Code || !strings.Contains(r.body, `"pdf_url":"`+own+`"`) {
			t.Errorf("holder's API: %s", r.body)
		}
		other := h.signedIn(a.Users[1])
		for _, path := range []string{own, api} {
			if r := other.get(path); r.status != http.StatusNotFound || strings.Contains(r.body, c.Code) {
				t.Errorf("another candidate gets %s: %d", path, r.status)
			}
		}
		// Their own file has no certificate: also not found.
		if r := other.get(fmt.Sprintf("/pruefung/%d/zeugnis.pdf", a.Candidates[1].ID)); r.status != http.StatusNotFound {
			t.Errorf("own file without certificate: %d", r.status)
		}
		if r := other.get("/pruefung/abc/zeugnis.pdf"); r.status != http.StatusNotFound {
			t.Errorf("malformed id: %d", r.status)
		}
	})
}

package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The public check of a certificate, without sign-in (§10, §11).

// TestCertificateVerificationShowsOnlyNameDateGrade: the public page
// answers without sign-in and shows the name, the date of issue and the
// overall grade, but not the candidate number, the e-mail address, the
// component grades or the signatories.
func TestCertificateVerificationShowsOnlyNameDateGrade(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		c := certIssue(h, a, 0)
		auditor := h.browser()
		for _, path := range []string{"/zeugnis/" + c.Code, "/zeugnis/" + strings.ToLower(strings.ReplaceAll(c.Code, "-", ""))} {
			r := auditor.get(path)
			if r.status != http.StatusOK {
				t.Fatalf("%s: %d\n%s", path, r.status, r.body)
			}
			for _, want := range []string{"Zeugnis gültig", a.Users[0].Name, "22.11.2026", "1,7 (gut)", "gültig"} {
				if !strings.Contains(r.body, want) {
					t.Errorf("%s lacks %q", path, want)
				}
			}
			for _, secret := range []string{a.Candidates[0].Number, a.Users[0].Email, "Informationssicherheitsmanagement", "Recht und Datenschutz", "2,0", "1,3",
				a.Chair.Name, "Dr. Erik Weber", a.Seminar.Title} {
				if strings.Contains(r.body, secret) {
					t.Errorf("%s shows %q", path, secret)
				}
			}
			if r.header.Get("X-Robots-Tag") != "noindex" {
				t.Errorf("%s may be indexed by search engines", path)
			}
		}
	})
}

// TestPara11_RevokedCertificateShowsWiderrufen: after the board's §11
// decision the public page says "widerrufen am 03.02.2027" without the
// reason; the holder no longer gets the PDF, the office still does.
func TestPara11_RevokedCertificateShowsWiderrufen(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		c := certIssue(h, a, 0)
		certRevoke(h, a, 0)
		r := h.browser().get("/zeugnis/" + c.Code)
		if r.status != http.StatusOK || !strings.Contains(r.body, "Zeugnis widerrufen") || !strings.Contains(r.body, "widerrufen am 03.02.2027") {
			t.Fatalf("revoked: %d\n%s", r.status, r.body)
		}
		if strings.Contains(r.body, "Täuschung") || strings.Contains(r.body, `id="stand">gültig`) || strings.Contains(r.body, "Zeugnis gültig") {
			t.Errorf("the public page shows the reason or says valid:\n%s", r.body)
		}
		holder := h.signedIn(a.Users[0])
		if r := holder.get(fmt.Sprintf("/pruefung/%d/zeugnis.pdf", a.Candidates[0].ID)); r.status != http.StatusGone || !strings.Contains(r.body, "03.02.2027") || strings.HasPrefix(r.body, "%PDF") {
			t.Errorf("holder's PDF after revocation: %d", r.status)
		}
		api := holder.get(fmt.Sprintf("/api/v1/candidate/files/%d/certificate", a.Candidates[0].ID))
		if !strings.Contains(api.body, `"status":"revoked"`) || !strings.Contains(api.body, `"revoked_on":"2027-02-03"`) || strings.Contains(api.body, "pdf_url") {
			t.Errorf("holder's API after revocation: %s", api.body)
		}
		office := h.signedIn(a.Office)
		if r := office.get(fmt.Sprintf("/pruefungsamt/zeugnisse/%d.pdf", c.ID)); r.status != http.StatusOK {
			t.Errorf("office copy: %d", r.status)
		}
		if page := office.get("/pruefungsamt/zeugnisse"); !strings.Contains(page.body, "widerrufen am 03.02.2027") || !strings.Contains(page.body, "§11(1)") {
			t.Errorf("office list does not show the revocation:\n%s", page.body)
		}
	})
}

// TestCertificateVerificationBadInput: malformed codes come back with a
// German message beside the field (422); an unknown one is a 404 page;
// typing a code sends the browser to its page in printed form.
func TestCertificateVerificationBadInput(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		c := certIssue(h, a, 0)
		b := h.browser()
		if r := b.get("/zeugnis"); r.status != http.StatusOK || !strings.Contains(r.body, `<label for="code">Prüfcode</label>`) {
			t.Fatalf("form: %d", r.status)
		}
		for typed, want := range map[string]string{
			"":                          "Bitte geben Sie den Prüfcode",
			"K7QF-2M9X":                 "12 oder 16 Zeichen",
			"<script>alert(1)</script>": "„&lt;“",
			"OOOO-IIII-1111":            "„O“",
		} {
			r := b.get("/zeugnis?" + url.Values{"code": {typed}}.Encode())
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, want) || !strings.Contains(r.body, `aria-invalid="true"`) {
				t.Errorf("%q: %d, want 422 with %q\n%s", typed, r.status, want, r.body)
			}
			if strings.Contains(r.body, "<script>alert") {
				t.Errorf("%q is echoed unescaped", typed)
			}
		}
		r := b.get("/zeugnis?code=" + url.QueryEscape(" "+strings.ToLower(c.Code)+" "))
		if r.status != http.StatusSeeOther || r.location != "/zeugnis/"+c.Code {
			t.Fatalf("typed code: %d → %s", r.status, r.location)
		}
		unknown := "ZZZZ-ZZZZ-ZZZZ"
		if r := b.get("/zeugnis/" + unknown); r.status != http.StatusNotFound || !strings.Contains(r.body, "gibt es kein Zeugnis") || strings.Contains(r.body, a.Users[0].Name) {
			t.Errorf("unknown code: %d\n%s", r.status, r.body)
		}
		if r := b.get("/zeugnis/" + url.PathEscape("<b>x</b>")); r.status != http.StatusNotFound || strings.Contains(r.body, "<b>x") {
			t.Errorf("malformed code in the address: %d", r.status)
		}
	})
}

// TestCertificateVerificationThrottled: after 20 unknown codes from one
// address the page answers 429, even for a real code.
func TestCertificateVerificationThrottled(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		c := certIssue(h, a, 0)
		b := h.browser()
		for i := range store.VerifyFailures {
			if r := b.get(fmt.Sprintf("/zeugnis/ZZZZ-ZZZZ-ZZ%cZ", exam.CertificateCodeAlphabet[i])); r.status != http.StatusNotFound {
				t.Fatalf("guess %d: %d", i, r.status)
			}
		}
		r := b.get("/zeugnis/" + c.Code)
		if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "10 Minuten") || strings.Contains(r.body, a.Users[0].Name) {
			t.Fatalf("after 20 guesses: %d\n%s", r.status, r.body)
		}
		h.clock.Advance(store.VerifyWindow + time.Second)
		if r := b.get("/zeugnis/" + c.Code); r.status != http.StatusOK {
			t.Errorf("after the window: %d", r.status)
		}
	})
}

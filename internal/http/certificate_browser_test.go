package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestBrowserAuditorVerifiesCertificates: an auditor, not signed in,
// types a certificate's code as it might be read off the paper and sees
// it valid; types a wrong one and is told why; then checks a revoked
// certificate and sees it revoked with the date. axe checks every page.
func TestBrowserAuditorVerifiesCertificates(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		valid := certIssue(h, a, 0)
		a.SatBoth(t, db, 2, exam.Grade10, exam.Grade13, exam.Grade17)
		revoked := certIssue(h, a, 2)
		certRevoke(h, a, 2)

		b := newBrowser(t, h)
		b.visit("/zeugnis")
		b.shows("/zeugnis", http.StatusOK, "Zeugnis oder Teilnahmebescheinigung prüfen")
		b.fill("code", strings.ToLower(strings.ReplaceAll(valid.Code, "-", " ")))
		b.press("Prüfen")
		b.shows("/zeugnis/"+valid.Code, http.StatusOK, "Zeugnis gültig")
		if got := b.text("#inhaber"); got != a.Users[0].Name {
			t.Errorf("name %q", got)
		}
		if got := b.text("#gesamtnote"); got != "1,7 (gut)" {
			t.Errorf("grade %q", got)
		}
		if got := b.text("#stand"); got != "gültig" {
			t.Errorf("status %q", got)
		}
		if text := b.pageText(); strings.Contains(text, a.Candidates[0].Number) || strings.Contains(text, "Informationssicherheitsmanagement") {
			t.Errorf("the check shows more than name, date and grade:\n%s", text)
		}

		b.follow("Einen weiteren Prüfcode prüfen")
		b.fill("code", "K7QF-2M9X")
		b.press("Prüfen")
		b.shows("/zeugnis", http.StatusUnprocessableEntity, "Zeugnis oder Teilnahmebescheinigung prüfen")
		if msg := b.text("#code-fehler"); !strings.Contains(msg, "12 oder 16 Zeichen") {
			t.Errorf("message for a short code: %q", msg)
		}

		b.fill("code", revoked.Code)
		b.press("Prüfen")
		b.shows("/zeugnis/"+revoked.Code, http.StatusOK, "Zeugnis widerrufen")
		if got := b.text("#stand"); got != "widerrufen am 03.02.2027" {
			t.Errorf("status %q", got)
		}
		if got := b.text("#inhaber"); got != a.Users[2].Name {
			t.Errorf("name %q", got)
		}
	})
}

// TestBrowserOfficeIssuesCertificate: the exam office signs in, finds the
// candidate who passed on the certificate page, issues the certificate
// and sees it listed as valid with its code. axe checks both pages.
func TestBrowserOfficeIssuesCertificate(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		b := newBrowser(t, h)
		b.visit("/anmelden")
		b.signInWithPassword(a.Office)
		b.enrolWithApp()
		b.visit("/pruefungsamt/zeugnisse")
		b.shows("/pruefungsamt/zeugnisse", http.StatusOK, "Zeugnisse")
		if due := b.texts("#ausstellen + table tbody th"); len(due) != 1 || !strings.Contains(due[0], a.Users[0].Name) {
			t.Fatalf("due: %q", due)
		}
		b.press("Zeugnis ausstellen")
		b.shows("/pruefungsamt/zeugnisse", http.StatusOK, "Zeugnisse")
		if msg := b.text("[role=status]"); !strings.Contains(msg, "Zeugnis für "+a.Users[0].Name) || !shownCode.MatchString(msg) {
			t.Errorf("notice %q", msg)
		}
		rows := b.texts("#ausgestellt + table tbody tr")
		if len(rows) != 1 || !strings.Contains(rows[0], "gültig") || !strings.Contains(rows[0], "1,7 (gut)") {
			t.Errorf("issued: %q", rows)
		}
	})
}

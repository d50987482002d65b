package http_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// evidenceSet sets a field (a date, a select box) the way its picker would.
func (b *chromiumTab) evidenceSet(id, value string) {
	b.t.Helper()
	tabRun(b, "set #"+id, chromedp.SetValue(chromedp.ID(id), value))
}

// evidenceValue reads what a field holds; a read-only input has no inner
// text.
func (b *chromiumTab) evidenceValue(id string) string {
	b.t.Helper()
	return tabRun(b, "read #"+id, chromedp.Evaluate[string](`document.getElementById(`+"`"+id+"`"+`).value`))
}

// TestBrowserCoordinatorManagesISMSEvidence: a coordinator opens the ISMS
// page from the navigation, is refused a token without a name, creates one
// and sees its secret once, which the feed accepts; revokes it, after which
// the feed refuses it; and saves the training concept after a refused
// review date. Every page passes axe.
func TestBrowserCoordinatorManagesISMSEvidence(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 2})
		h.completeTopic(w.Staff[w.Municipalities[0].ID][0], w, "2026-03-01")
		coord := w.Coordinators[w.Municipalities[0].ID]
		b := newBrowser(t, h)
		pull := h.browser()

		b.visit("/anmelden")
		b.signInWithPassword(coord)
		b.shows("/konto/zwei-faktor/einrichten", http.StatusOK, "einrichten")
		b.enrolWithApp()
		b.follow("Weiter")
		b.follow("ISMS-Nachweise")
		b.shows("/koordination/nachweise", http.StatusOK, "ISMS-Nachweise")
		if caption := b.text("table.abdeckung caption"); !strings.Contains(caption, w.Topic.Name) {
			t.Errorf("coverage caption %q", caption)
		}
		if total := b.texts("table.abdeckung tfoot td"); len(total) != 6 || total[0] != "4" || total[1] != "1" || total[5] != "25 %" {
			t.Errorf("total line %q", total)
		}

		b.press("Zugang anlegen")
		b.shows("/koordination/nachweise/zugaenge", http.StatusUnprocessableEntity, "ISMS-Nachweise")
		if msg := b.text("#name-fehler"); !strings.Contains(msg, "Namen") {
			t.Errorf("message beside the name: %q", msg)
		}

		b.fill("name", "ISMS der Stadt")
		b.press("Zugang anlegen")
		b.shows("/koordination/nachweise/zugaenge", http.StatusOK, "Neuer Zugang")
		if !strings.Contains(b.pageText(), "wird nur jetzt angezeigt") {
			t.Error("the page does not say the secret is shown once")
		}
		secret := b.evidenceValue("zugangsschluessel")
		if p := decodePage(t, pull.pull(secret, "/api/v1/evidence")); p.Tenant != w.Municipalities[0].AGS {
			t.Fatalf("the token read %s", p.Tenant)
		}

		b.follow("Zurück zu den ISMS-Nachweisen")
		b.shows("/koordination/nachweise", http.StatusOK, "ISMS-Nachweise")
		if strings.Contains(b.pageText(), secret) {
			t.Fatal("the secret is shown a second time")
		}
		if names := b.texts("#zugaenge-liste tbody th"); len(names) != 1 || names[0] != "ISMS der Stadt" {
			t.Errorf("tokens listed: %q", names)
		}
		b.press("Widerrufen")
		b.shows("/koordination/nachweise", http.StatusOK, "ISMS-Nachweise")
		if flash := b.text("[role=status]"); !strings.Contains(flash, "widerrufen") {
			t.Errorf("after revoking: %q", flash)
		}
		if r := pull.pull(secret, "/api/v1/evidence"); r.status != http.StatusUnauthorized {
			t.Errorf("revoked token: status %d", r.status)
		}

		b.follow("Schulungskonzept bearbeiten")
		b.shows("/koordination/nachweise/konzept", http.StatusOK, "Schulungskonzept")
		b.fill("title", "Sensibilisierung 2027")
		b.fill("approved_by", "Bürgermeisterin Weber")
		b.evidenceSet("approved_on", "2026-11-02")
		b.evidenceSet("review_on", "2026-10-01")
		b.evidenceSet("audience_"+strconv.FormatInt(w.Topic.ID, 10), "management")
		b.press("Schulungskonzept speichern")
		b.shows("/koordination/nachweise/konzept", http.StatusUnprocessableEntity, "Schulungskonzept")
		if msg := b.text("#review_on-fehler"); !strings.Contains(msg, "nach der Freigabe") {
			t.Errorf("message beside the review date: %q", msg)
		}
		if b.evidenceValue("title") != "Sensibilisierung 2027" || b.evidenceValue("audience_"+strconv.FormatInt(w.Topic.ID, 10)) != "management" {
			t.Error("the refused form lost what was typed")
		}
		b.evidenceSet("review_on", "2027-11-01")
		b.press("Schulungskonzept speichern")
		b.shows("/koordination/nachweise", http.StatusOK, "ISMS-Nachweise")
		if flash := b.text("[role=status]"); !strings.Contains(flash, "gespeichert") || !strings.Contains(flash, "Pseudonym") {
			t.Errorf("after saving: %q", flash)
		}
	})
}

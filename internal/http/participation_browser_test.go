package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestBrowserAuditorVerifiesParticipationCertificate: an auditor, not
// signed in, types a participation certificate's code as read off the
// paper and sees name, topic, day, organiser and "gültig"; after the
// coordinator's correction the same code shows "zurückgezogen". axe and
// the 320 px reflow check run on every page (shows).
func TestBrowserAuditorVerifiesParticipationCertificate(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		p := newPartWorld(t, h)
		_, code := partPDF(t, h.signedIn(p.person).get(fmt.Sprintf("/schulungen/mein-stand/teilnahmen/%d/bescheinigung.pdf", p.completion)))

		b := newBrowser(t, h)
		b.visit("/zeugnis")
		b.shows("/zeugnis", http.StatusOK, "Zeugnis oder Teilnahmebescheinigung prüfen")
		b.fill("code", strings.ToLower(strings.ReplaceAll(code, "-", " ")))
		b.press("Prüfen")
		b.shows("/zeugnis/"+code, http.StatusOK, "Teilnahmebescheinigung gültig")
		for sel, want := range map[string]string{"#inhaber": p.person.Name, "#thema": p.w.Topic.Name, "#datum": "01.12.2026",
			"#veranstalter": p.w.Municipalities[0].Name, "#stand": "gültig"} {
			if got := b.text(sel); got != want {
				t.Errorf("%s: %q, want %q", sel, got, want)
			}
		}
		if text := b.pageText(); strings.Contains(text, p.person.Email) || strings.Contains(text, p.w.Trainer.Name) {
			t.Errorf("the check shows more than name, topic, day and organiser:\n%s", text)
		}

		h.clock.Advance(24 * time.Hour)
		p.fix.Present, p.fix.Reason = false, "Falsche Person angehakt"
		p.correct(t, h)
		b.visit("/zeugnis/" + code)
		b.shows("/zeugnis/"+code, http.StatusOK, "Teilnahmebescheinigung zurückgezogen")
		if got := b.text("#stand"); got != "zurückgezogen am 03.12.2026" {
			t.Errorf("status %q", got)
		}
	})
}

// TestBrowserStaffStatusOffersTheCertificate: the status page with the
// download column, and the coordinator's staff list and the person's
// completions, pass axe and reflow at 320 px.
func TestBrowserStaffStatusOffersTheCertificate(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		p := newPartWorld(t, h)
		b := newBrowser(t, h)
		b.visit("/anmelden")
		b.signInWithPassword(p.person)
		b.visit("/schulungen/mein-stand")
		b.shows("/schulungen/mein-stand", http.StatusOK, "Mein Schulungsstand")
		if links := b.texts("#teilnahmen a[download]"); len(links) != 1 || links[0] != "PDF herunterladen" {
			t.Errorf("download links %q", links)
		}

		c := newBrowser(t, h)
		c.visit("/anmelden")
		c.signInWithPassword(p.w.Coordinators[p.town])
		c.shows("/konto/zwei-faktor/einrichten", http.StatusOK, "einrichten")
		c.enrolWithApp()
		c.visit("/koordination/beschaeftigte")
		c.shows("/koordination/beschaeftigte", http.StatusOK, "Beschäftigte")
		c.visit(fmt.Sprintf("/koordination/beschaeftigte/%d/teilnahmen", p.person.ID))
		c.shows(fmt.Sprintf("/koordination/beschaeftigte/%d/teilnahmen", p.person.ID), http.StatusOK, "Teilnahmen von "+p.person.Name)
		if links := c.texts("#teilnahmen a[download]"); len(links) != 1 {
			t.Errorf("download links %q", links)
		}
	})
}

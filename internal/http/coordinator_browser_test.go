package http_test

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// chooseFile puts a file with the content into the file input with the id,
// as a person picking it in the file dialogue would.
func (b *chromiumTab) chooseFile(id, name, content string) {
	b.t.Helper()
	path := filepath.Join(b.t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		b.t.Fatal(err)
	}
	tabRun(b, "choose "+name, chromedp.SetUploadFiles(chromedp.ID(id), []string{path}))
}

// TestBrowserCoordinatorImportsStaff: a coordinator uploads a list with
// two bad lines, sees both by line number and nothing imported, then
// uploads a correct list and finds the new people in the table; every page
// on the way passes axe.
func TestBrowserCoordinatorImportsStaff(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		coord := w.Coordinators[w.Municipalities[0].ID]
		b := newBrowser(t, h)

		b.visit("/anmelden")
		b.signInWithPassword(coord)
		b.shows("/konto/zwei-faktor/einrichten", http.StatusOK, "einrichten")
		b.enrolWithApp()
		b.follow("Weiter")
		b.shows("/", http.StatusOK, "Guten Tag")

		b.follow("Beschäftigte")
		b.shows("/koordination/beschaeftigte", http.StatusOK, "Beschäftigte")

		b.chooseFile("file", "fehlerhaft.csv", "E-Mail;Name;Abteilung\n"+
			"paula@lindenbach.example;Paula Pohl;Kämmerei\n"+
			"keine-adresse;Quentin Quast;Kämmerei\n"+
			"rita@lindenbach.example;;Kämmerei\n")
		b.press("Liste importieren")
		b.shows("/koordination/beschaeftigte/import", http.StatusUnprocessableEntity, "Beschäftigte")
		problems := b.texts("#import-probleme li")
		if len(problems) != 2 || !strings.HasPrefix(problems[0], "Zeile 3:") || !strings.HasPrefix(problems[1], "Zeile 4:") {
			t.Fatalf("problems shown: %q", problems)
		}
		if names := b.texts("#beschaeftigte tbody th"); slices.Contains(names, "Paula Pohl") {
			t.Fatal("a list with errors was partly imported")
		}

		b.chooseFile("file", "richtig.csv", "E-Mail;Name;Abteilung\n"+
			"paula@lindenbach.example;Paula Pohl;Kämmerei\n"+
			"quentin@lindenbach.example;Quentin Quast;Kämmerei\n")
		b.press("Liste importieren")
		b.shows("/koordination/beschaeftigte", http.StatusOK, "Beschäftigte")
		if flash := b.text("[role=status]"); !strings.Contains(flash, "2 neu") || !strings.Contains(flash, "Neu angelegte Abteilungen: Kämmerei") {
			t.Errorf("summary %q", flash)
		}
		names := b.texts("#beschaeftigte tbody th")
		if !slices.Contains(names, "Paula Pohl") || !slices.Contains(names, "Quentin Quast") {
			t.Errorf("table shows %q", names)
		}

		// The other coordinator pages of this area pass axe too.
		b.follow("Abteilungen verwalten")
		b.shows("/koordination/abteilungen", http.StatusOK, "Abteilungen")
		b.visit("/koordination/faelligkeiten")
		b.shows("/koordination/faelligkeiten", http.StatusOK, "Fälligkeiten")
		b.visit("/koordination/beschaeftigte")
		b.press("Passwort erzeugen")
		if h1 := b.text("h1"); !strings.HasPrefix(h1, "Zugang für") || b.status != http.StatusOK {
			t.Errorf("password page: %d %q", b.status, h1)
		}
		b.assertAccessible()
	})
}

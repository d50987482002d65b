package http_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The decision letter the candidate downloads, read back with pdftotext:
// the envelope's window (DIN 5008 form B: 20 mm from the left, 45 mm from
// the top, 85 × 45 mm) shows the return address and the postal address the
// exam office stored, and the letter greets formally and says "Dem Antrag
// wird stattgegeben."
func TestBoardLetterIsAWindowEnvelopeLetter(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardHTTP(t, db)
		cand, user := w.a.Candidates[0], w.a.Users[0]
		addr := exam.PostalAddress{FormOfAddress: "Frau", Extra: "c/o Amsel & Drossel", Street: "Vogelweg 12", PostalCode: "88212", City: "Ravensburg"}
		if _, err := db.SetCandidateAddress(context.Background(), wachsam.UserActor(w.a.Office), cand.ID, addr); err != nil {
			t.Fatal(err)
		}
		id := w.cheating(0)
		w.vote(0, id, "yes")
		w.vote(1, id, "yes")
		boardWant(t, w.member(3).post(fmt.Sprintf("/ausschuss/faelle/%d/schliessen", id), nil), http.StatusSeeOther)
		r := w.as(user).get(fmt.Sprintf("/pruefung/%d/bescheide/%d.pdf", cand.ID, id))
		if r.status != http.StatusOK || !strings.HasPrefix(r.body, "%PDF-") {
			t.Fatalf("letter: %d", r.status)
		}
		window := strings.Join(strings.Fields(letterText(t, []byte(r.body), 20, 45, 85, 45)), " ")
		want := "udis Ulmer Akademie für Datenschutz und IT-Sicherheit gGmbH · Ulm Frau " + user.Name + " c/o Amsel & Drossel Vogelweg 12 88212 Ravensburg"
		if window != want {
			t.Errorf("window shows %q, want %q", window, want)
		}
		all := strings.Join(strings.Fields(letterText(t, []byte(r.body), 0, 0, 210, 297)), " ")
		for _, s := range []string{"Unser Zeichen Fall", "Sehr geehrte Frau " + user.Name + ",", "Dem Antrag wird stattgegeben.",
			"Begründung", "Rechtsbehelfsbelehrung", "Mit freundlichen Grüßen"} {
			if !strings.Contains(all, s) {
				t.Errorf("letter lacks %q:\n%s", s, all)
			}
		}
	})
}

// letterText is pdftotext's text of page 1 inside a rectangle in
// millimetres from the top-left corner.
func letterText(t *testing.T, pdf []byte, x, y, w, h float64) string {
	t.Helper()
	pt := func(mm float64) string { return fmt.Sprint(int(mm * 72 / 25.4)) }
	return pdftotext(t, pdf, "-f", "1", "-l", "1", "-x", pt(x), "-y", pt(y), "-W", pt(w), "-H", pt(h))
}

// pdftotext runs poppler's pdftotext with the extra arguments, or skips
// without it outside CI.
func pdftotext(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (poppler-utils) is missing; CI must install it")
		}
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	path := filepath.Join(t.TempDir(), "dokument.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(append([]string{"-enc", "UTF-8"}, args...), path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

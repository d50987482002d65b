package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// On a phone 320 CSS px wide (WCAG 2.1 1.4.10): the first visit, the start
// page of every role, and a booking from "Buchen" through "In den
// Kalender" to "Termin absagen", each button pressed at that width.

// TestBrowserPhoneStaffBooksAndCancels books, downloads the calendar file
// and cancels with confirmation, all on a phone.
func TestBrowserPhoneStaffBooksAndCancels(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, w, u, _ := twoColleagues(t, db)
		b := newBrowser(t, h)
		b.usePhone()

		// The first visit shows the login, with no error box.
		b.visit("/")
		b.shows("/anmelden", http.StatusOK, "Anmelden")
		if boxes := b.texts(".alert"); len(boxes) != 0 {
			t.Fatalf("first visit shows %q", boxes)
		}
		b.signInWithPassword(u)
		b.shows("/", http.StatusOK, "Guten Tag")
		if next := b.text("#naechster-termin"); !strings.Contains(next, "keinen Termin") {
			t.Fatalf("start page before booking: %q", next)
		}
		if due := b.text("#faellig"); !strings.Contains(due, "überfällig") {
			t.Fatalf("start page shows nothing due: %q", due)
		}

		b.follow("Termine buchen oder absagen")
		b.shows("/schulungen", http.StatusOK, "Meine Schulungen")
		b.submit(fmt.Sprintf("/schulungen/termine/%d/buchen", w.Round.Sessions[0].ID))
		b.shows("/schulungen", http.StatusOK, "Meine Schulungen")
		mine, err := db.MyBookings(context.Background(), u.ID)
		if err != nil || len(mine) != 1 {
			t.Fatalf("bookings %+v, %v", mine, err)
		}
		file := fmt.Sprintf("/schulungen/buchungen/%d/termin.ics", mine[0].ID)
		if links := b.texts(fmt.Sprintf(`a[href=%q]`, file)); len(links) != 1 || links[0] != "In den Kalender" {
			t.Fatalf("calendar links %q", links)
		}
		if got := b.boardFetch(file); got != "200 text/calendar; charset=UTF-8 BEGIN" {
			t.Fatalf("calendar download: %q", got)
		}

		b.visit("/")
		b.shows("/", http.StatusOK, "Guten Tag")
		if next := b.text("#naechster-termin"); !strings.Contains(next, "Di. 01.12.2026") {
			t.Fatalf("start page after booking: %q", next)
		}

		b.visit("/schulungen")
		b.follow("Termin absagen")
		b.shows(fmt.Sprintf("/schulungen/buchungen/%d/stornieren", mine[0].ID), http.StatusOK, "Termin absagen")
		b.press("Ja, Termin absagen")
		b.shows("/schulungen", http.StatusOK, "Meine Schulungen")
		if msg := b.text("[role=status]"); !strings.Contains(msg, "Termin abgesagt") {
			t.Fatalf("after cancelling: %q", msg)
		}
		if h.staffActiveBookings() != 0 {
			t.Fatal("the booking stands")
		}
		b.signOut() // "Abmelden" still signs out
	})
}

// TestBrowserStartPageOfEveryRole signs in as each role with tasks waiting
// and checks its start page on a phone and a desktop (in shows).
func TestBrowserStartPageOfEveryRole(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		a := h.academy("")
		// Work for each exam role: an attempt to grade, an exam date to
		// come, a case awaiting the board.
		a.Record(t, db, 2, exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "RECHT", ExamDate: storetest.RechtExamDay})
		if err := db.AnnounceExamDate(ctx, wachsam.SystemActor("test"), &exam.ExamDate{
			ComponentID: a.Recht.ID, ExamDay: wachsam.MustDate("2027-01-14"), AnnouncedOn: wachsam.MustDate("2026-11-22"), Place: "Ulm, Raum 2"}); err != nil {
			t.Fatal(err)
		}
		a.SatBoth(t, db, 1, exam.Grade17, exam.Grade23, exam.Grade13)
		if _, err := db.OpenBoardCase(ctx, wachsam.UserActor(a.Board[0]), a.Board[0].ID, exam.BoardNewCase{CandidateID: a.Candidates[1].ID,
			Motion: exam.MotionFindCheating, Component: "ISM", ExamDate: storetest.ISMExamDay, Summary: "Bericht der Aufsicht."}); err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			role       string
			who        *wachsam.User
			privileged bool
			section    string
			want       string
		}{
			{"trainer", w.Trainer, false, "#naechste-schulung", "01.12.2026"},
			{"coordinator", w.Coordinators[w.Municipalities[0].ID], true, "#ueberfaellig", "6 Beschäftigte sind überfällig"},
			{"candidate", a.Users[0], false, "#aufgaben-pruefung ~ ul", "letzter Tag"},
			{"examiner", a.Examiners[1], true, "#zu-bewerten", "1 noch nicht bewertet"},
			{"exam office", a.Office, true, "#pruefungstermine", "14.01.2027"},
			{"board", a.Board[1], true, "#offene-faelle", "Täuschung"},
		} {
			b := newBrowser(t, h)
			if c.privileged {
				b.boardSignIn(c.who)
			} else {
				b.visit("/anmelden")
				b.signInWithPassword(c.who)
				b.shows("/", http.StatusOK, "Guten Tag")
			}
			if got := strings.Join(b.texts(c.section), " | "); !strings.Contains(got, c.want) {
				t.Errorf("%s: start page %s says %q, want %q", c.role, c.section, got, c.want)
			}
		}
	})
}

// TestBrowserReflowCheckFindsWhatScrollsSideways proves that the width
// check of shows can fail: a table too wide for a phone, put into the
// login page, is found at 320 px and named, but not at 1280 px.
func TestBrowserReflowCheckFindsWhatScrollsSideways(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		b := newBrowser(t, newHarness(t, db))
		b.visit("/anmelden")
		if problems := b.reflowProblems(); len(problems) != 0 {
			t.Fatalf("the login page itself: %q", problems)
		}
		tabRun(b, "add a wide element", chromedp.Evaluate[chromedp.Void](`(() => {
			const wide = document.createElement('div');
			wide.id = 'zu-breit';
			wide.style.width = '600px';
			wide.textContent = 'breit';
			document.querySelector('main').append(wide);
		})()`))
		problems := b.reflowProblems()
		if len(problems) != 1 || !strings.Contains(problems[0], "at 320 px") || !strings.Contains(problems[0], "div#zu-breit") {
			t.Fatalf("reflow problems %q, want one at 320 px naming div#zu-breit", problems)
		}
	})
}

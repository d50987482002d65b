package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// roundEditForm is the change form of sess as the page fills it, with
// extra values replacing its own.
func roundEditForm(sess courses.Session, extra url.Values) url.Values {
	v := url.Values{
		"date": {sess.Days[0].String()}, "start": {"09:00"}, "end": {"12:00"}, "more_days": {""},
		"host": {fmt.Sprint(sess.HostMunicipalityID)}, "location": {sess.Location}, "join_url": {""},
		"trainer": {fmt.Sprint(sess.TrainerID)},
	}
	for k, vs := range extra {
		v[k] = vs
	}
	return v
}

// roundSessionStart reads a session's start as stored, to prove a refusal
// left it alone.
func roundSessionStart(t *testing.T, db *store.DB, town, roundID, sessionID int64) courses.Session {
	t.Helper()
	rd, err := db.RoundFor(context.Background(), town, roundID)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := rd.Session(sessionID)
	if !ok {
		t.Fatalf("session %d gone", sessionID)
	}
	return s
}

// A coordinator opens the change form from the session page, sees who will
// be told, moves the session by an hour and then hands it to another
// trainer: the booked staff of every town and the trainers get their mails
// queued, the session page shows the new time and a flash says who was told.
func TestRoundSessionEditPageMovesTimeAndChangesTrainer(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		sess := w.Round.Sessions[0]
		for _, m := range w.Municipalities[:2] {
			u := w.Staff[m.ID][0]
			if _, err := db.Book(ctx, wachsam.UserActor(u), u.ID, sess.ID); err != nil {
				t.Fatal(err)
			}
		}
		home := w.Municipalities[0]
		b := h.signedIn(w.Coordinators[home.ID])
		page := fmt.Sprintf("/koordination/runden/%d/termine/%d", w.Round.ID, sess.ID)
		roundWantStatus(t, b.get(page), http.StatusOK, `href="`+page+`/aendern"`, "Termin ändern")
		roundWantStatus(t, b.get(page+"/aendern"), http.StatusOK, "Termin ändern", `value="09:00"`, `value="2026-12-01"`,
			"erhalten die 2 angemeldeten Personen eine aktualisierte Einladung", "Die Schulungsleitung erhält")

		notices := h.roundCount("jobs", "kind = ?", wachsam.BookingNoticeJob)
		r := b.post(page+"/aendern", roundEditForm(sess, url.Values{"start": {"10:00"}, "end": {"13:30"}}))
		if r.status != http.StatusSeeOther || r.location != page {
			t.Fatalf("save: %d → %q: %.800s", r.status, r.location, r.body)
		}
		roundWantStatus(t, b.get(page), http.StatusOK, "10:00–13:30 Uhr", "2 angemeldete Personen erhalten eine aktualisierte Einladung")
		if got := h.roundCount("jobs", "kind = ?", wachsam.BookingNoticeJob); got != notices+2 {
			t.Fatalf("%d booking notices, want %d", got, notices+2)
		}
		if h.roundCount("bookings", "session_id = ? AND sequence = 1", sess.ID) != 2 {
			t.Fatal("the bookings' SEQUENCE did not rise")
		}
		trainerNotices := func(id int64) int {
			return h.roundCount("jobs", "kind = ? AND payload LIKE ?", wachsam.TrainerNoticeJob, fmt.Sprintf(`%%"trainer_id":%d}`, id))
		}
		before := trainerNotices(w.Trainer.ID)
		if before == 0 {
			t.Fatal("the trainer was not told of the new time")
		}
		if got := roundSessionStart(t, db, home.ID, w.Round.ID, sess.ID); got.StartsAt.In(h.location()).Format("15:04") != "10:00" {
			t.Fatalf("stored start %v", got.StartsAt)
		}

		// Another trainer: the old one gets the cancellation, the new one
		// the invitation; the staff's invitations stay as they were.
		other := h.user("zweite.trainerin@example.org", wachsam.RoleTrainer)
		notices = h.roundCount("jobs", "kind = ?", wachsam.BookingNoticeJob)
		r = b.post(page+"/aendern", roundEditForm(sess, url.Values{"start": {"10:00"}, "end": {"13:30"}, "trainer": {fmt.Sprint(other.ID)}}))
		if r.status != http.StatusSeeOther {
			t.Fatalf("trainer change: %d: %.800s", r.status, r.body)
		}
		roundWantStatus(t, b.get(page), http.StatusOK, "Die neue Schulungsleitung erhält eine Einladung, die bisherige eine Absage.")
		if trainerNotices(w.Trainer.ID) != before+1 || trainerNotices(other.ID) != 1 {
			t.Fatalf("trainer notices: old %d (was %d), new %d", trainerNotices(w.Trainer.ID), before, trainerNotices(other.ID))
		}
		if h.roundCount("jobs", "kind = ?", wachsam.BookingNoticeJob) != notices {
			t.Fatal("a trainer change re-mailed the staff")
		}
		if got := roundSessionStart(t, db, home.ID, w.Round.ID, sess.ID); got.TrainerID != other.ID {
			t.Fatalf("trainer %d, want %d", got.TrainerID, other.ID)
		}
		if h.roundCount("audit_entries", "action = ?", "session.update") != 2 {
			t.Fatal("the changes were not audited")
		}

		// Saving the form unchanged tells no one.
		jobs := h.roundCount("jobs", "")
		r = b.post(page+"/aendern", roundEditForm(sess, url.Values{"start": {"10:00"}, "end": {"13:30"}, "trainer": {fmt.Sprint(other.ID)}}))
		if r.status != http.StatusSeeOther || h.roundCount("jobs", "") != jobs {
			t.Fatalf("unchanged save: %d, jobs %d → %d", r.status, jobs, h.roundCount("jobs", ""))
		}
		roundWantStatus(t, b.get(page), http.StatusOK, "Sie haben nichts geändert; niemand wurde benachrichtigt.")
	})
}

// Bad input comes back on the form with the add-session form's German
// messages beside the field, the typed values kept, and nothing written.
func TestRoundSessionEditRefusesBadInputAndWritesNothing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		sess := w.Round.Sessions[0]
		home := w.Municipalities[0]
		b := h.signedIn(w.Coordinators[home.ID])
		path := fmt.Sprintf("/koordination/runden/%d/termine/%d/aendern", w.Round.ID, sess.ID)
		staff := w.Staff[home.ID][0]
		cases := []struct {
			name  string
			extra url.Values
			field string
			text  string
		}{
			{"end before start", url.Values{"start": {"14:00"}, "end": {"13:00"}}, "end", "Das Ende muss nach dem Beginn liegen."},
			{"no date", url.Values{"date": {"kein Datum"}}, "date", "ist kein Datum"},
			{"clock", url.Values{"start": {"25:00"}}, "start", "keine Uhrzeit"},
			{"long room", url.Values{"location": {strings.Repeat("R", 10_000)}}, "location", "Ort: höchstens 300 Zeichen (eingegeben: 10.000)."},
			{"unknown trainer", url.Values{"trainer": {"999999"}}, "trainer", "Bitte wählen Sie eine Trainerin oder einen Trainer aus der Liste."},
			{"staff as trainer", url.Values{"trainer": {fmt.Sprint(staff.ID)}}, "trainer", "Bitte wählen Sie eine Trainerin oder einen Trainer aus der Liste."},
			{"bad trainer id", url.Values{"trainer": {"-3"}}, "trainer", "Bitte wählen Sie eine Trainerin oder einen Trainer aus der Liste."},
			{"bad link", url.Values{"host": {"online"}, "join_url": {"http://unsicher.example"}}, "join_url", "https-Adresse"},
			{"later day before first", url.Values{"more_days": {"30.11.2026"}}, "more_days", "Weitere Tage müssen nach dem ersten Tag liegen"},
		}
		audits, jobs := h.auditCount(), h.roundCount("jobs", "")
		for _, c := range cases {
			r := b.post(path, roundEditForm(sess, c.extra))
			roundWantStatus(t, r, http.StatusUnprocessableEntity, "Termin ändern", c.text, `id="`+c.field+`-fehler"`)
			if c.field != "location" {
				if v := c.extra.Get(c.field); v != "" && !strings.Contains(r.body, `value="`+v+`"`) && c.field != "trainer" {
					t.Errorf("%s: the typed %q is not kept", c.name, v)
				}
			}
		}
		if h.auditCount() != audits || h.roundCount("jobs", "") != jobs {
			t.Fatal("a refused change wrote something")
		}
		got := roundSessionStart(t, db, home.ID, w.Round.ID, sess.ID)
		if !got.StartsAt.Equal(sess.StartsAt) || got.Location != sess.Location || got.TrainerID != sess.TrainerID || got.Online {
			t.Fatalf("the session changed: %+v", got)
		}
	})
}

// Only a coordinator of a town in the round reaches the form; a called-off
// session and a closed round say plainly why they cannot be changed.
func TestRoundSessionEditScopeAndRefusals(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		sess := w.Round.Sessions[0]
		home := w.Municipalities[0]
		path := fmt.Sprintf("/koordination/runden/%d/termine/%d/aendern", w.Round.ID, sess.ID)
		move := roundEditForm(sess, url.Values{"start": {"10:00"}, "end": {"13:00"}})
		// Signing in is audited too; count the changes of sessions.
		changes := func() int { return h.roundCount("audit_entries", "action = ?", "session.update") }

		_, stranger := h.roundStrangers()
		roundWantStatus(t, stranger.get(path), http.StatusNotFound)
		roundWantStatus(t, stranger.post(path, move), http.StatusNotFound)
		for _, u := range []*wachsam.User{w.Staff[home.ID][0], w.Trainer} {
			b := h.signedIn(u)
			for _, r := range []response{b.get(path), b.post(path, move)} {
				if r.status != http.StatusForbidden && r.status != http.StatusNotFound {
					t.Fatalf("%s: status %d", u.Email, r.status)
				}
			}
		}
		if changes() != 0 || !roundSessionStart(t, db, home.ID, w.Round.ID, sess.ID).StartsAt.Equal(sess.StartsAt) {
			t.Fatal("someone outside the round changed the session")
		}

		// A session of another round of the same town's URL is not found.
		b := h.signedIn(w.Coordinators[home.ID])
		roundWantStatus(t, b.get(fmt.Sprintf("/koordination/runden/%d/termine/%d/aendern", w.Round.ID, 999999)), http.StatusNotFound)

		// Called off: the form is gone and a post is refused with the reason.
		if err := db.CancelSession(ctx, wachsam.SystemActor("test"), home.ID, sess.ID); err != nil {
			t.Fatal(err)
		}
		const cancelled = "Der Termin ist abgesagt und kann nicht mehr geändert werden."
		r := b.get(path)
		roundWantStatus(t, r, http.StatusOK, cancelled)
		if strings.Contains(r.body, "<form class=\"stacked\"") {
			t.Fatal("the form is offered for a cancelled session")
		}
		roundWantStatus(t, b.post(path, move), http.StatusConflict, cancelled)
		if strings.Contains(b.get(path[:len(path)-len("/aendern")]).body, `/aendern"`) {
			t.Fatal("the session page links a cancelled session's change form")
		}
		if changes() != 0 {
			t.Fatal("a refused change was audited")
		}
	})
}

// TestBrowserCoordinatorChangesASession: from the session's page to the
// change form and back, on a phone's width, with a refused and a saved
// change; every page passes axe and reflows at 320 px.
func TestBrowserCoordinatorChangesASession(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		home := w.Municipalities[0]
		sess := w.Round.Sessions[0]
		u := w.Staff[home.ID][0]
		if _, err := db.Book(ctx, wachsam.UserActor(u), u.ID, sess.ID); err != nil {
			t.Fatal(err)
		}
		b := newBrowser(t, h)
		b.usePhone()
		b.visit("/anmelden")
		b.signInWithPassword(w.Coordinators[home.ID])
		b.enrolWithApp()
		page := fmt.Sprintf("/koordination/runden/%d/termine/%d", w.Round.ID, sess.ID)
		b.visit(page)
		b.shows(page, http.StatusOK, "Teilnehmende")
		b.follow("Termin ändern")
		b.shows(page+"/aendern", http.StatusOK, "Termin ändern")
		if notice := b.text("#benachrichtigung"); !strings.Contains(notice, "erhält die angemeldete Person eine aktualisierte Einladung") {
			t.Fatalf("notice %q", notice)
		}
		b.roundChoose("start", "14:00")
		b.roundChoose("end", "13:00")
		b.press("Änderung speichern und Beteiligte benachrichtigen")
		b.shows(page+"/aendern", http.StatusUnprocessableEntity, "Termin ändern")
		if msg := b.text("#end-fehler"); !strings.Contains(msg, "Das Ende muss nach dem Beginn liegen") {
			t.Fatalf("message %q", msg)
		}
		b.roundChoose("end", "17:00")
		b.fill("location", "Bürgersaal, 2. OG")
		b.press("Änderung speichern und Beteiligte benachrichtigen")
		b.shows(page, http.StatusOK, "Teilnehmende")
		if text := b.pageText(); !strings.Contains(text, "14:00–17:00 Uhr") || !strings.Contains(text, "Die angemeldete Person erhält eine aktualisierte Einladung.") {
			t.Fatalf("session page after the change:\n%s", text)
		}
		if got := roundSessionStart(t, db, home.ID, w.Round.ID, sess.ID); got.Location != "Bürgersaal, 2. OG" {
			t.Fatalf("location %q", got.Location)
		}
	})
}

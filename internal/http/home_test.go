package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The start page shows each role its own tasks (issue 15), read with the
// signed-in user's ID or municipality: a colleague's, another town's or
// another academy's data never appears on it.

func homeWant(t *testing.T, who string, r response, texts ...string) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("%s: start page status %d:\n%s", who, r.status, r.body)
	}
	for _, s := range texts {
		if !strings.Contains(r.body, s) {
			t.Errorf("%s: start page lacks %q:\n%s", who, s, r.body)
		}
	}
}

func homeWantNot(t *testing.T, who string, r response, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(r.body, s) {
			t.Errorf("%s: start page shows %q, which is not theirs:\n%s", who, s, r.body)
		}
	}
}

func TestHomeShowsEachCourseRoleItsOwnTasks(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		// A second group of towns with its own round, trainer and topic,
		// its sessions a day after this group's.
		far := storetest.NewNeighboursIn(t, db, "Fern", storetest.NeighbourOptions{Start: time.Date(2026, 12, 2, 9, 0, 0, 0, h.location())})
		town, neighbour := w.Municipalities[0], w.Municipalities[1]
		me, them := w.Staff[town.ID][0], w.Staff[neighbour.ID][0]
		for _, b := range []struct {
			who     *wachsam.User
			session int
		}{{me, 0}, {them, 1}} {
			if _, err := db.Book(ctx, wachsam.UserActor(b.who), b.who.ID, w.Round.Sessions[b.session].ID); err != nil {
				t.Fatal(err)
			}
		}

		// Staff: their own next session (not the neighbour's a week later)
		// and the topic they have never attended.
		r := h.signedIn(me).get("/")
		homeWant(t, "staff", r, "Ihr nächster Termin", w.Topic.Name+"</strong> am Di. 01.12.2026, 09:00",
			w.Topic.Name+": <strong>überfällig</strong> (noch nie teilgenommen)")
		homeWantNot(t, "staff", r, "08.12.2026", far.Topic.Name, "Tanja Trainerin")

		// Coordinator: the open round of their town and their own six
		// overdue staff, not the eighteen of all three towns.
		r = h.signedIn(w.Coordinators[town.ID]).get("/")
		homeWant(t, "coordinator", r, fmt.Sprintf(`href="/koordination/runden/%d">%s: %s</a>`, w.Round.ID, w.Topic.Name, w.Round.Name),
			"6 Beschäftigte sind überfällig")
		homeWantNot(t, "coordinator", r, far.Topic.Name, "18 Beschäftigte")

		// Trainer: nothing today on 22.11., the next session on 01.12.;
		// on 01.12. that session is today's. The other group's trainer's
		// session on 02.12. is never theirs.
		homeWant(t, "trainer", h.signedIn(w.Trainer).get("/"), "Heute haben Sie keinen Termin.",
			fmt.Sprintf(`Nächster Termin: <a href="/trainer/termine/%d">%s am 01.12.2026`, w.Round.Sessions[0].ID, w.Topic.Name))
		h.clock.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, h.location()))
		r = h.signedIn(w.Trainer).get("/") // a new sign-in: nine days idle ended the last one
		homeWant(t, "trainer", r, fmt.Sprintf(`<a href="/trainer/termine/%d">Heute: %s`, w.Round.Sessions[0].ID, w.Topic.Name),
			"1 gebucht", "Nächster Termin", "08.12.2026")
		homeWantNot(t, "trainer", r, far.Topic.Name, fmt.Sprintf("/trainer/termine/%d", far.Round.Sessions[0].ID))
	})
}

func TestHomeShowsEachExamRoleItsOwnTasks(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardHTTP(t, db)
		h, a := w.h, w.a
		other := h.academy("Zweite ")
		// Candidate 0 failed ISM twice; the §6(3) hardship application is
		// due by 04.01.2027 (moved from New Year's Day by §193 BGB).
		h.candFailISMTwice(a, 0, true)
		h.candAt("2026-12-10", 9, 0)
		hardship := []string{"Härtefallantrag für Informationssicherheitsmanagement", "Montag, 04.01.2027"}
		homeWant(t, "candidate", h.signedIn(a.Users[0]).get("/"), append([]string{"Ihre Fristen"}, hardship...)...)
		homeWantNot(t, "another candidate", h.signedIn(a.Users[1]).get("/"), hardship...)
		homeWantNot(t, "another academy's candidate", h.signedIn(other.Users[0]).get("/"), hardship...)

		// Board: a case waits for each member until they have voted.
		id := w.cheating(1)
		link := fmt.Sprintf(`href="/ausschuss/faelle/%d"`, id)
		homeWant(t, "board member", w.member(1).get("/"), "Fälle, die auf Ihre Stimme warten", link)
		if r := w.vote(1, id, "yes"); r.status != http.StatusSeeOther {
			t.Fatalf("vote: %d\n%s", r.status, r.body)
		}
		homeWantNot(t, "board member after voting", w.member(1).get("/"), link)
		homeWant(t, "board member yet to vote", w.member(2).get("/"), link)
		homeWantNot(t, "the candidate of the case", h.signedIn(a.Users[1]).get("/"), link)

		// Examiner: candidate 2's Recht attempt of 13.10. is not graded.
		a.Record(t, db, 2, exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "RECHT", ExamDate: storetest.RechtExamDay})
		homeWant(t, "examiner", h.signedIn(a.Examiners[1]).get("/"), "Zu bewerten", "Recht und Datenschutz am 13.10.2026", "1 noch nicht bewertet")
		homeWantNot(t, "another academy's examiner", h.signedIn(other.Examiners[1]).get("/"), "Zu bewerten")

		// Exam office: the next exam date of the seminar.
		if err := db.AnnounceExamDate(context.Background(), wachsam.SystemActor("test"), &exam.ExamDate{
			ComponentID: a.Recht.ID, ExamDay: wachsam.MustDate("2027-01-14"), AnnouncedOn: wachsam.MustDate("2026-12-10"), Place: "Ulm, Raum 2"}); err != nil {
			t.Fatal(err)
		}
		homeWant(t, "exam office", h.signedIn(a.Office).get("/"), "Nächste Prüfungstermine",
			fmt.Sprintf(`<a href="/pruefungsamt/seminare/%d">%s</a>: 14.01.2027`, a.Seminar.ID, a.Seminar.Title))
	})
}

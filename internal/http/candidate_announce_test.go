package http_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/emersion/go-ical"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestPara3_3_AnnouncedDateIsPublishedToCandidates: an exam date announced
// in the app on 02.11.2026 is on the candidate's page and in their
// calendar feed before they register (an entry under the UID the
// attempt will have), and a mail tells every candidate of the seminar.
func TestPara3_3_AnnouncedDateIsPublishedToCandidates(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		h.candAt("2026-11-02", 9, 0)
		d := exam.ExamDate{ComponentID: a.Recht.ID, ExamDay: wachsam.MustDate("2026-12-14"), Place: "Ulm, Raum 4"}
		if err := db.AnnounceExamDate(context.Background(), wachsam.UserActor(a.Office), &d); err != nil {
			t.Fatal(err)
		}
		b := h.signedIn(a.Users[2])
		candWant(t, b.get(candFile(a, 2)), http.StatusOK, "14.12.2026", "Ulm, Raum 4", "(bekannt gegeben am 02.11.2026)")
		m := candFeedPattern.FindStringSubmatch(b.get("/pruefung/kalender").body)
		if m == nil {
			t.Fatal("no feed address")
		}
		cal, err := ical.NewDecoder(bytes.NewReader([]byte(h.browser().get(m[1]).body))).Decode()
		if err != nil {
			t.Fatal(err)
		}
		uid := fmt.Sprintf("exam-date-%d-RECHT-20261214@127.0.0.1", a.Candidates[2].ID)
		found := false
		for _, e := range cal.Events() {
			if u, _ := e.Props.Text(ical.PropUID); u == uid {
				summary, _ := e.Props.Text(ical.PropSummary)
				desc, _ := e.Props.Text(ical.PropDescription)
				found = summary == "Prüfungstermin (angekündigt): Recht und Datenschutz" && strings.Contains(desc, "bekannt gegeben am 02.11.2026")
			}
		}
		if !found {
			t.Fatalf("no announced entry %s in the feed", uid)
		}
		mails := 0
		for _, u := range a.Users {
			var got []wachsam.Mail
			if err := db.NewSelect().Model(&got).Where("to_address = ?", u.Email).Where("subject LIKE ?", "Prüfungstermin%").Scan(context.Background()); err != nil {
				t.Fatal(err)
			}
			for _, m := range got {
				if strings.Contains(m.Body, "Recht und Datenschutz") && strings.Contains(m.Body, "Montag, 14.12.2026") && strings.Contains(m.Body, "Ulm, Raum 4") {
					mails++
				}
			}
		}
		if mails != len(a.Users) {
			t.Fatalf("%d of %d candidates were mailed", mails, len(a.Users))
		}
	})
}

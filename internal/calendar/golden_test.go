package calendar

import (
	"testing"
	"time"
)

func TestGoldenRequest(t *testing.T) {
	e := booking(t)
	golden(t, "request.ics", ok(t)(Invitation(e, Request, berlinLoc(t))))
}

func TestGoldenCancel(t *testing.T) {
	e := booking(t)
	e.Sequence = 1
	e.Stamp = time.Date(2026, time.July, 2, 10, 0, 0, 0, time.UTC)
	golden(t, "cancel.ics", ok(t)(Invitation(e, Cancel, berlinLoc(t))))
}

func TestGoldenSeminar(t *testing.T) {
	golden(t, "seminar.ics", ok(t)(Invitation(seminar(t), Request, berlinLoc(t))))
}

func TestGoldenFeed(t *testing.T) {
	loc := berlinLoc(t)
	winter := booking(t)
	winter.UID = "booking-44@wachsam.example.de"
	winter.Sequence = 2
	winter.Summary = "Sicheres Passwort, sichere Zukunft"
	winter.Description = "Auffrischung"
	winter.URL = ""
	winter.Start = time.Date(2026, time.December, 8, 13, 0, 0, 0, loc)
	winter.End = time.Date(2026, time.December, 8, 15, 0, 0, 0, loc)
	b := ok(t)(Feed("Schulungen – Jürgen Müller", []Event{booking(t), winter}, loc))
	golden(t, "feed.ics", b)
}

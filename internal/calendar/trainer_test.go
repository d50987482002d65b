package calendar

import (
	"strings"
	"testing"
)

// The trainer's invitation: the same session, but their own UID and the
// attendee as the session's chair.
func TestGoldenTrainerRequest(t *testing.T) {
	e := seminar(t)
	e.UID = TrainerUID(7, "wachsam.example.de")
	e.Sequence = 3
	e.Attendee = Person{Name: "Tanja Trainerin", Email: "trainerin@example.org"}
	e.AttendeeRole = Chair
	b := ok(t)(Invitation(e, Request, berlinLoc(t)))
	golden(t, "trainer_request.ics", b)
	text := strings.ReplaceAll(string(b), "\r\n ", "")
	for _, want := range []string{"UID:session-7-leitung@wachsam.example.de\r\n", "ROLE=CHAIR", "SEQUENCE:3\r\n",
		"RRULE:FREQ=DAILY;COUNT=3\r\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("trainer invitation lacks %q:\n%s", want, text)
		}
	}
}

func TestTrainerUIDDiffersFromBookingUID(t *testing.T) {
	if TrainerUID(42, "h") == BookingUID(42, "h") {
		t.Fatal("a session's trainer entry and a booking with the same number share a UID")
	}
}

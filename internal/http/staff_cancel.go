package http

import (
	"net/http"
	"strconv"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/calendar"
)

// Cancelling a booking asks first: the list links to a confirmation page
// (GET), whose form posts to the same address with confirm=ja. A post
// without it changes nothing and shows the question again, so no stray
// click and no page without JavaScript cancels a seat by accident. The
// word is "Termin absagen" everywhere, so it cannot be mistaken for
// signing out ("Abmelden").

// cancelConfirmPage serves GET /schulungen/buchungen/{id}/stornieren.
func (s *Server) cancelConfirmPage(w http.ResponseWriter, r *http.Request) {
	b, ok := s.bookingOfCaller(w, r)
	if ok {
		s.renderCancelConfirm(w, r, http.StatusOK, b)
	}
}

func (s *Server) renderCancelConfirm(w http.ResponseWriter, r *http.Request, status int, b courses.BookingView) {
	s.render(w, r, status, "staff_cancel", page{Title: "Termin absagen", Section: "trainings", Data: b})
}

// bookingOfCaller finds the booking {id} among the signed-in person's own;
// anyone else's answers as not found.
func (s *Server) bookingOfCaller(w http.ResponseWriter, r *http.Request) (courses.BookingView, bool) {
	u := currentUser(r)
	id, err := staffIDParam(r, "Die Buchung")
	if err == nil {
		if b, ok := s.myBooking(r.Context(), u.ID, id); ok {
			return b, true
		}
		err = wachsam.Errorf(wachsam.ENOTFOUND, "Die Buchung wurde nicht gefunden.")
	}
	s.refuse(w, r, err, func(status int) { s.renderTrainings(w, r, status, formWithError(nil, err)) })
	return courses.BookingView{}, false
}

// bookingICS serves GET /schulungen/buchungen/{id}/termin.ics: the one
// booking as a calendar file, with the UID of its invitation mail, so a
// calendar that has both shows one entry.
func (s *Server) bookingICS(w http.ResponseWriter, r *http.Request) {
	b, ok := s.bookingOfCaller(w, r)
	if !ok {
		return
	}
	if !b.Active() {
		s.failStatus(w, r, http.StatusNotFound, "Dieser Termin ist abgesagt und steht nicht mehr in Ihrem Kalender.")
		return
	}
	feed := courses.CalendarFeed{PersonName: currentUser(r).Name, Bookings: []courses.BookingView{b}}
	body, err := calendar.Feed("Schulung – "+b.Topic.Name, s.feedEvents(feed), s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeCalendarFile(w, `attachment; filename="schulung-`+strconv.FormatInt(b.ID, 10)+`.ics"`, body)
}

package http

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The page "Meine Schulungen": seats offered to the person first (they
// expire), then their bookings, then the sessions they can book or wait for.

type trainingsData struct {
	Offers   []offeredSeat
	Upcoming []courses.BookingView
	Past     []courses.BookingView
	Rounds   []courses.RoundView
}

type offeredSeat struct {
	Round   courses.RoundView
	Session courses.SessionView
}

func (s *Server) trainingsPage(w http.ResponseWriter, r *http.Request) {
	s.renderTrainings(w, r, http.StatusOK, form{})
}

func (s *Server) renderTrainings(w http.ResponseWriter, r *http.Request, status int, f form) {
	u := currentUser(r)
	rounds, err := s.courses.OpenSessionsFor(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	bookings, err := s.courses.MyBookings(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.cfg.Now()
	var d trainingsData
	for _, b := range bookings {
		if now.Before(b.Session.LastEnd(s.cfg.Location)) {
			d.Upcoming = append(d.Upcoming, b)
		} else {
			d.Past = append(d.Past, b)
		}
	}
	for _, rv := range rounds {
		// Sessions that have begun can no longer be booked or waited for;
		// the person's own booking of one is in the list of bookings.
		shown := rv.Sessions[:0:0]
		for _, sv := range rv.Sessions {
			if sv.Mine.HasOffer() {
				d.Offers = append(d.Offers, offeredSeat{Round: rv, Session: sv})
			}
			if now.Before(sv.StartsAt) {
				shown = append(shown, sv)
			}
		}
		rv.Sessions = shown
		d.Rounds = append(d.Rounds, rv)
	}
	s.render(w, r, status, "staff_trainings", page{Title: "Meine Schulungen", Section: "trainings", Form: f, Data: d})
}

// staffIDParam reads the {id} of a path; a malformed one names nothing.
func staffIDParam(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, wachsam.Errorf(wachsam.ENOTFOUND, "%s wurde nicht gefunden.", what)
	}
	return id, nil
}

// staffAction runs one self-service action for the signed-in person. On
// success it goes back to the list with notice(); a refusal shows the list
// again with the store's German message and the status that fits, nothing
// changed.
func (s *Server) staffAction(w http.ResponseWriter, r *http.Request, what string,
	act func(ctx context.Context, actor wachsam.Actor, userID, id int64) error, notice func(userID, id int64) string) {
	u := currentUser(r)
	id, err := staffIDParam(r, what)
	if err == nil {
		err = act(r.Context(), wachsam.UserActor(u), u.ID, id)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderTrainings(w, r, status, formWithError(nil, err)) })
		return
	}
	s.setFlash(w, flashOK, notice(u.ID, id))
	http.Redirect(w, r, "/schulungen", http.StatusSeeOther)
}

func (s *Server) bookSession(w http.ResponseWriter, r *http.Request) {
	var booking courses.BookingView
	s.staffAction(w, r, "Der Termin", func(ctx context.Context, a wachsam.Actor, userID, id int64) (err error) {
		booking, err = s.courses.Book(ctx, a, userID, id)
		return err
	}, func(int64, int64) string { return s.bookedNotice(booking) })
}

func (s *Server) acceptOffer(w http.ResponseWriter, r *http.Request) {
	var booking courses.BookingView
	s.staffAction(w, r, "Der Termin", func(ctx context.Context, a wachsam.Actor, userID, id int64) (err error) {
		booking, err = s.courses.AcceptOffer(ctx, a, userID, id)
		return err
	}, func(int64, int64) string { return s.bookedNotice(booking) })
}

// cancelMyBooking cancels only with confirm=ja from the confirmation page
// (staff_cancel.go); without it the question is asked again.
func (s *Server) cancelMyBooking(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("confirm") != "ja" {
		if b, ok := s.bookingOfCaller(w, r); ok {
			s.renderCancelConfirm(w, r, http.StatusOK, b)
		}
		return
	}
	s.staffAction(w, r, "Die Buchung", s.courses.CancelBooking, func(userID, id int64) string {
		if b, ok := s.myBooking(r.Context(), userID, id); ok {
			return "Termin abgesagt: " + b.Topic.Name + " am " + sessionWhen(b.Session, s.cfg.Location) +
				". Die Absage für Ihren Kalender kommt per E-Mail."
		}
		return "Ihr Termin ist abgesagt."
	})
}

func (s *Server) joinWaitlist(w http.ResponseWriter, r *http.Request) {
	s.staffAction(w, r, "Der Termin", s.courses.JoinWaitlist, func(userID, id int64) string {
		if sv, ok := s.openSession(r.Context(), userID, id); ok && sv.Mine.Position > 0 {
			return "Sie stehen auf Platz " + strconv.Itoa(sv.Mine.Position) + " der Warteliste für den Termin am " +
				sessionWhen(sv, s.cfg.Location) + ". Wird ein Platz für Sie frei, bekommen Sie eine E-Mail."
		}
		return "Sie stehen auf der Warteliste. Wird ein Platz für Sie frei, bekommen Sie eine E-Mail."
	})
}

func (s *Server) leaveWaitlist(w http.ResponseWriter, r *http.Request) {
	s.staffAction(w, r, "Der Termin", s.courses.LeaveWaitlist, func(int64, int64) string {
		return "Sie stehen nicht mehr auf der Warteliste dieses Termins."
	})
}

func (s *Server) declineOffer(w http.ResponseWriter, r *http.Request) {
	s.staffAction(w, r, "Der Termin", s.courses.LeaveWaitlist, func(int64, int64) string {
		return "Sie haben das Platzangebot abgelehnt; der Platz geht an die nächste Person auf der Warteliste."
	})
}

// bookedNotice describes the booking as its transaction wrote it.
func (s *Server) bookedNotice(b courses.BookingView) string {
	msg := "Gebucht: " + b.Topic.Name + " am " + sessionWhen(b.Session, s.cfg.Location)
	if place := b.Session.Place(); place != "" {
		msg += ", " + place
	}
	return msg + ". Die Einladung für Ihren Kalender kommt per E-Mail."
}

// myBooking finds one of the person's bookings for a notice; a failure
// only makes the notice shorter.
func (s *Server) myBooking(ctx context.Context, userID, bookingID int64) (courses.BookingView, bool) {
	all, err := s.courses.MyBookings(ctx, userID)
	if err != nil {
		return courses.BookingView{}, false
	}
	for _, b := range all {
		if b.ID == bookingID {
			return b, true
		}
	}
	return courses.BookingView{}, false
}

func (s *Server) openSession(ctx context.Context, userID, sessionID int64) (courses.SessionView, bool) {
	rounds, err := s.courses.OpenSessionsFor(ctx, userID)
	if err != nil {
		return courses.SessionView{}, false
	}
	for _, rv := range rounds {
		for _, sv := range rv.Sessions {
			if sv.ID == sessionID {
				return sv, true
			}
		}
	}
	return courses.SessionView{}, false
}

// germanDeadline: "29.11.2026, 09:00 Uhr".
func germanDeadline(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("02.01.2006, 15:04 Uhr")
}

package http

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// CoordinatorBehalf is what a coordinator needs to book, cancel and move
// for a member of their own staff. The store checks the municipality of
// the person and of the booking again inside its transaction; the rules of
// seats and quotas are those of self-service.
type CoordinatorBehalf interface {
	BookOnBehalf(ctx context.Context, o courses.OnBehalf, userID, sessionID int64) (courses.BookingView, error)
	CancelOnBehalf(ctx context.Context, o courses.OnBehalf, bookingID int64) error
	MoveOnBehalf(ctx context.Context, o courses.OnBehalf, bookingID, toSessionID int64) (courses.BookingView, error)
}

func (s *Server) coordinatorBehalfPages(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Get("/koordination/beschaeftigte/{id}/buchungen", s.behalfPage)
		r.Post("/koordination/beschaeftigte/{id}/buchungen", s.behalfBook)
		r.Post("/koordination/beschaeftigte/{id}/buchungen/{booking}/absagen", s.behalfCancel)
		r.Post("/koordination/beschaeftigte/{id}/buchungen/{booking}/verlegen", s.behalfMove)
	})
}

// behalfData is the page of one person's bookings. Failed names the form a
// refusal came from ("buchen", "absagen-7", "verlegen-7"), so its message
// stands beside that form's fields and no other.
type behalfData struct {
	Person   *wachsam.User
	Bookings []courses.BookingView
	Rounds   []courses.RoundView
	Failed   string
}

// behalfFormView is one form of the page for the shared field templates:
// Mine tells whether the refusal shown came from this form.
type behalfFormView struct {
	Form   form
	ID     string
	Mine   bool
	Rounds []courses.RoundView
	Except int64 // the session a move starts from, not offered as its target
	Label  string
}

func behalfForm(f form, id, failed string, rounds []courses.RoundView, except int64, label string) behalfFormView {
	return behalfFormView{Form: f, ID: id, Mine: id == failed, Rounds: rounds, Except: except, Label: label}
}

// behalfFor is the signed-in coordinator's acting context with the member
// of their staff named by {id}; anyone else answers as not found.
func (s *Server) behalfFor(w http.ResponseWriter, r *http.Request) (courses.OnBehalf, *wachsam.User, bool) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return courses.OnBehalf{}, nil, false
	}
	const missing = "Diese Person gibt es unter den Beschäftigten Ihrer Kommune nicht."
	id, err := staffIDParam(r, "Die Person")
	var u *wachsam.User
	if err == nil {
		u, err = s.directory.User(r.Context(), id)
	}
	switch {
	case wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND:
		s.failStatus(w, r, http.StatusNotFound, missing)
		return courses.OnBehalf{}, nil, false
	case err != nil:
		s.fail(w, r, err)
		return courses.OnBehalf{}, nil, false
	case u.MunicipalityID == nil || *u.MunicipalityID != town || !u.Has(wachsam.RoleStaff):
		s.failStatus(w, r, http.StatusNotFound, missing)
		return courses.OnBehalf{}, nil, false
	}
	return courses.OnBehalf{Actor: wachsam.UserActor(currentUser(r)), MunicipalityID: town}, u, true
}

func (s *Server) behalfPage(w http.ResponseWriter, r *http.Request) {
	if _, u, ok := s.behalfFor(w, r); ok {
		s.renderBehalf(w, r, http.StatusOK, u, form{}, "")
	}
}

func (s *Server) renderBehalf(w http.ResponseWriter, r *http.Request, status int, u *wachsam.User, f form, failed string) {
	bookings, err := s.courses.MyBookings(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rounds, err := s.courses.OpenSessionsFor(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := behalfData{Person: u, Rounds: rounds, Failed: failed}
	for _, b := range bookings {
		if b.Active() {
			d.Bookings = append(d.Bookings, b)
		}
	}
	s.render(w, r, status, "coordinator_behalf", page{Title: "Buchungen von " + u.Name, Section: "staff", Form: f, Data: d})
}

// behalfAction runs one action on behalf; a refusal shows the page again
// with the message beside the form it came from, nothing changed.
func (s *Server) behalfAction(w http.ResponseWriter, r *http.Request, failed func() string,
	act func(o courses.OnBehalf, u *wachsam.User) (string, error)) {
	o, u, ok := s.behalfFor(w, r)
	if !ok {
		return
	}
	o.Reason = r.PostFormValue("reason")
	notice, err := act(o, u)
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderBehalf(w, r, status, u, formWithError(r.PostForm, err), failed()) })
		return
	}
	s.setFlash(w, flashOK, notice)
	http.Redirect(w, r, "/koordination/beschaeftigte/"+strconv.FormatInt(u.ID, 10)+"/buchungen", http.StatusSeeOther)
}

// formID reads a positive ID from a form field; anything else is a field
// error for that field.
func formID(r *http.Request, field, message string) (int64, error) {
	id, err := strconv.ParseInt(r.PostFormValue(field), 10, 64)
	if err != nil || id <= 0 {
		return 0, wachsam.FieldError(field, "%s", message)
	}
	return id, nil
}

const chooseSession = "Bitte wählen Sie einen Termin aus."

func (s *Server) behalfBook(w http.ResponseWriter, r *http.Request) {
	s.behalfAction(w, r, func() string { return "buchen" }, func(o courses.OnBehalf, u *wachsam.User) (string, error) {
		sessionID, err := formID(r, "session", chooseSession)
		if err != nil {
			return "", err
		}
		b, err := s.courses.BookOnBehalf(r.Context(), o, u.ID, sessionID)
		if err != nil {
			return "", err
		}
		return u.Name + " ist für „" + b.Topic.Name + "“ am " + sessionWhen(b.Session, s.cfg.Location) + " gebucht und erhält eine E-Mail mit dem Termin.", nil
	})
}

func (s *Server) behalfCancel(w http.ResponseWriter, r *http.Request) {
	booking := chi.URLParam(r, "booking")
	s.behalfAction(w, r, func() string { return "absagen-" + booking }, func(o courses.OnBehalf, u *wachsam.User) (string, error) {
		id, err := s.bookingOf(r, u)
		if err == nil {
			err = s.courses.CancelOnBehalf(r.Context(), o, id)
		}
		return "Der Termin von " + u.Name + " ist abgesagt; die Person erhält eine E-Mail.", err
	})
}

func (s *Server) behalfMove(w http.ResponseWriter, r *http.Request) {
	booking := chi.URLParam(r, "booking")
	s.behalfAction(w, r, func() string { return "verlegen-" + booking }, func(o courses.OnBehalf, u *wachsam.User) (string, error) {
		id, err := s.bookingOf(r, u)
		if err != nil {
			return "", err
		}
		to, err := formID(r, "session", chooseSession)
		if err != nil {
			return "", err
		}
		b, err := s.courses.MoveOnBehalf(r.Context(), o, id, to)
		if err != nil {
			return "", err
		}
		return u.Name + " ist auf den " + sessionWhen(b.Session, s.cfg.Location) + " umgebucht und erhält eine E-Mail mit der Änderung.", nil
	})
}

// bookingOf reads {booking} and makes sure it is one of the person's: the
// address names the person, so a booking of someone else (even of the same
// town) is not found under it.
func (s *Server) bookingOf(r *http.Request, u *wachsam.User) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "booking"), 10, 64)
	if err == nil && id > 0 {
		if _, ok := s.myBooking(r.Context(), u.ID, id); ok {
			return id, nil
		}
	}
	return 0, wachsam.Errorf(wachsam.ENOTFOUND, "Die Buchung wurde nicht gefunden.")
}

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
		s.behalfRoutes(r, s.coordinatorDesk())
	})
}

// behalfDesk is who acts on behalf and for whom: the coordinator for the
// staff of their town, a department head for the members of their
// department. actFor resolves {id} to the person and the acting context,
// or answers (404 for anyone out of reach) and reports false.
type behalfDesk struct {
	actFor    func(w http.ResponseWriter, r *http.Request) (courses.OnBehalf, *wachsam.User, bool)
	list      string // a person's page is list/{id}/buchungen
	back      string // the page listing the people
	backLabel string
	section   string
}

func (s *Server) coordinatorDesk() behalfDesk {
	return behalfDesk{actFor: s.behalfFor, list: "/koordination/beschaeftigte", back: "/koordination/beschaeftigte",
		backLabel: "Zurück zu den Beschäftigten", section: "staff"}
}

// page is the address of the person's bookings page at the desk.
func (d behalfDesk) page(u *wachsam.User) string {
	return d.list + "/" + strconv.FormatInt(u.ID, 10) + "/buchungen"
}

func (s *Server) behalfRoutes(r chi.Router, d behalfDesk) {
	r.Get(d.list+"/{id}/buchungen", s.behalfPage(d))
	r.Post(d.list+"/{id}/buchungen", s.behalfBook(d))
	r.Post(d.list+"/{id}/buchungen/{booking}/absagen", s.behalfCancel(d))
	r.Post(d.list+"/{id}/buchungen/{booking}/verlegen", s.behalfMove(d))
}

// behalfData is the page of one person's bookings. Failed names the form a
// refusal came from ("buchen", "absagen-7", "verlegen-7"), so its message
// stands beside that form's fields and no other. Page is the page's own
// address, the forms' base; Back and BackLabel lead to the list.
type behalfData struct {
	Person    *wachsam.User
	Bookings  []courses.BookingView
	Rounds    []courses.RoundView
	Failed    string
	Page      string
	Back      string
	BackLabel string
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
	u, ok := s.staffMemberFor(w, r, "Diese Person gibt es unter den Beschäftigten Ihrer Kommune nicht.", func(u *wachsam.User) bool {
		return u.MunicipalityID != nil && *u.MunicipalityID == town
	})
	return courses.OnBehalf{Actor: wachsam.UserActor(currentUser(r)), MunicipalityID: town}, u, ok
}

// staffMemberFor loads the member of staff named by {id} whom the caller
// may act for (inScope). Someone who does not exist, is not staff or is
// out of the caller's scope answers alike, as not found with missing, so
// the answer does not tell another town's people from nobody.
func (s *Server) staffMemberFor(w http.ResponseWriter, r *http.Request, missing string, inScope func(*wachsam.User) bool) (*wachsam.User, bool) {
	id, err := staffIDParam(r, "Die Person")
	var u *wachsam.User
	if err == nil {
		u, err = s.directory.User(r.Context(), id)
	}
	switch {
	case wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND:
		s.failStatus(w, r, http.StatusNotFound, missing)
		return nil, false
	case err != nil:
		s.fail(w, r, err)
		return nil, false
	case !u.Has(wachsam.RoleStaff) || !inScope(u):
		s.failStatus(w, r, http.StatusNotFound, missing)
		return nil, false
	}
	return u, true
}

func (s *Server) behalfPage(d behalfDesk) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, u, ok := d.actFor(w, r); ok {
			s.renderBehalf(w, r, d, http.StatusOK, u, form{}, "")
		}
	}
}

func (s *Server) renderBehalf(w http.ResponseWriter, r *http.Request, desk behalfDesk, status int, u *wachsam.User, f form, failed string) {
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
	d := behalfData{Person: u, Rounds: rounds, Failed: failed, Page: desk.page(u), Back: desk.back, BackLabel: desk.backLabel}
	for _, b := range bookings {
		if b.Active() {
			d.Bookings = append(d.Bookings, b)
		}
	}
	s.render(w, r, status, "coordinator_behalf", page{Title: "Buchungen von " + u.Name, Section: desk.section, Form: f, Data: d})
}

// behalfAction runs one action on behalf; a refusal shows the page again
// with the message beside the form it came from, nothing changed.
func (s *Server) behalfAction(w http.ResponseWriter, r *http.Request, d behalfDesk, failed func() string,
	act func(o courses.OnBehalf, u *wachsam.User) (string, error)) {
	o, u, ok := d.actFor(w, r)
	if !ok {
		return
	}
	o.Reason = r.PostFormValue("reason")
	notice, err := act(o, u)
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderBehalf(w, r, d, status, u, formWithError(r.PostForm, err), failed()) })
		return
	}
	s.setFlash(w, flashOK, notice)
	http.Redirect(w, r, d.page(u), http.StatusSeeOther)
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

func (s *Server) behalfBook(d behalfDesk) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.behalfBookAt(w, r, d) }
}

func (s *Server) behalfBookAt(w http.ResponseWriter, r *http.Request, d behalfDesk) {
	s.behalfAction(w, r, d, func() string { return "buchen" }, func(o courses.OnBehalf, u *wachsam.User) (string, error) {
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

func (s *Server) behalfCancel(d behalfDesk) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.behalfCancelAt(w, r, d) }
}

func (s *Server) behalfCancelAt(w http.ResponseWriter, r *http.Request, d behalfDesk) {
	booking := chi.URLParam(r, "booking")
	s.behalfAction(w, r, d, func() string { return "absagen-" + booking }, func(o courses.OnBehalf, u *wachsam.User) (string, error) {
		id, err := s.bookingOf(r, u)
		if err == nil {
			err = s.courses.CancelOnBehalf(r.Context(), o, id)
		}
		return "Der Termin von " + u.Name + " ist abgesagt; die Person erhält eine E-Mail.", err
	})
}

func (s *Server) behalfMove(d behalfDesk) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.behalfMoveAt(w, r, d) }
}

func (s *Server) behalfMoveAt(w http.ResponseWriter, r *http.Request, d behalfDesk) {
	booking := chi.URLParam(r, "booking")
	s.behalfAction(w, r, d, func() string { return "verlegen-" + booking }, func(o courses.OnBehalf, u *wachsam.User) (string, error) {
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

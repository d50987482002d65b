package http

import (
	"context"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// StaffCourses is what the staff pages need of the store: the sessions
// open to a person, their bookings, the self-service actions (each checked
// again by the store under the session's lock) and the private calendar
// feed. The person is always the signed-in user; no form or request body
// ever names whom an action is for.
type StaffCourses interface {
	OpenSessionsFor(ctx context.Context, userID int64) ([]courses.RoundView, error)
	MyBookings(ctx context.Context, userID int64) ([]courses.BookingView, error)
	Book(ctx context.Context, actor wachsam.Actor, userID, sessionID int64) (courses.BookingView, error)
	CancelBooking(ctx context.Context, actor wachsam.Actor, userID, bookingID int64) error
	JoinWaitlist(ctx context.Context, actor wachsam.Actor, userID, sessionID int64) error
	LeaveWaitlist(ctx context.Context, actor wachsam.Actor, userID, sessionID int64) error
	AcceptOffer(ctx context.Context, actor wachsam.Actor, userID, sessionID int64) (courses.BookingView, error)
	CalendarFeedToken(ctx context.Context, userID int64) (string, time.Time, error)
	RenewCalendarFeedToken(ctx context.Context, actor wachsam.Actor, userID int64) (string, error)
	CalendarFeedEvents(ctx context.Context, token string) (courses.CalendarFeed, error)
	// DueFor is the person's own due dates, for the start page.
	DueFor(ctx context.Context, userID int64, today wachsam.Date) ([]courses.DueRow, error)
}

func (s *Server) staffPages(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleStaff))
		r.Get("/schulungen", s.trainingsPage)
		r.Post("/schulungen/termine/{id}/buchen", s.bookSession)
		r.Get("/schulungen/buchungen/{id}/stornieren", s.cancelConfirmPage)
		r.Post("/schulungen/buchungen/{id}/stornieren", s.cancelMyBooking)
		r.Get("/schulungen/buchungen/{id}/termin.ics", s.bookingICS)
		r.Post("/schulungen/termine/{id}/warteliste", s.joinWaitlist)
		r.Post("/schulungen/termine/{id}/warteliste/verlassen", s.leaveWaitlist)
		r.Post("/schulungen/termine/{id}/angebot/annehmen", s.acceptOffer)
		r.Post("/schulungen/termine/{id}/angebot/ablehnen", s.declineOffer)
		r.Get("/schulungen/kalender", s.calendarPage)
		r.Post("/schulungen/kalender/erneuern", s.renewCalendar)
	})
}

func (s *Server) staffAPI(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleStaff))
		r.Get("/sessions", s.apiOpenSessions)
		r.Get("/bookings", s.apiMyBookings)
		r.Post("/sessions/{id}/booking", s.apiBook)
		r.Delete("/bookings/{id}", s.apiCancelBooking)
		r.Post("/sessions/{id}/waitlist", s.apiJoinWaitlist)
		r.Delete("/sessions/{id}/waitlist", s.apiLeaveWaitlist)
		r.Post("/sessions/{id}/offer/accept", s.apiAcceptOffer)
	})
}

// publicCourseRoutes serve what needs no sign-in: the private calendar
// feeds of staff and of trainers.
func (s *Server) publicCourseRoutes(r chi.Router) {
	r.Get("/kalender/{token}.ics", s.calendarFeed)
	r.Get("/kalender/leitung/{token}.ics", s.trainerFeed)
}

func staffFuncs(loc *time.Location) template.FuncMap {
	return template.FuncMap{
		// sessionWhen: "Di. 01.12.2026, 09:00–12:00 Uhr", or for a
		// seminar "Di. 01.12.2026 und Mi. 02.12.2026, jeweils 09:00–16:00 Uhr".
		"sessionWhen": func(v courses.SessionView) string { return sessionWhen(v, loc) },
		// seatsText: "3 von 10 Plätzen frei".
		"seatsText": seatsText,
	}
}

func sessionWhen(v courses.SessionView, loc *time.Location) string {
	weekdays := [...]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."}
	days := make([]string, 0, len(v.Days))
	for _, d := range v.Days {
		days = append(days, weekdays[d.Weekday()]+" "+d.German())
	}
	if len(days) == 0 {
		t := v.StartsAt.In(loc)
		days = append(days, weekdays[t.Weekday()]+" "+t.Format("02.01.2006"))
	}
	hours := v.StartsAt.In(loc).Format("15:04") + "–" + v.EndsAt.In(loc).Format("15:04") + " Uhr"
	if len(days) == 1 {
		return days[0] + ", " + hours
	}
	return strings.Join(days[:len(days)-1], ", ") + " und " + days[len(days)-1] + ", jeweils " + hours
}

func seatsText(v courses.SessionView) string {
	unit := "Plätzen"
	if v.Capacity == 1 {
		unit = "Platz"
	}
	return fmt.Sprintf("%d von %d %s frei", v.Free(), v.Capacity, unit)
}

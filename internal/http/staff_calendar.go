package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/calendar"
)

// The private calendar feed: a subscription address with a secret token,
// because calendar programs cannot sign in. Every event's UID is the one
// the booking's invitation mail carries (calendar.BookingUID), so a subscribed
// calendar and an accepted invitation show the same entry, not two.

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) {
	s.showFeedPage(w, r, "staff_calendar", "Schulungen im Kalender", "trainings", s.feedURL)
}

func (s *Server) renewCalendar(w http.ResponseWriter, r *http.Request) {
	s.renewFeedToken(w, r, "staff_calendar", "Schulungen im Kalender", "trainings", s.feedURL)
}

// showFeedPage shows the calendar address. Only the token's hash is
// stored, so the address appears once, when it is made; later visits say
// when it was made and offer a new one.
func (s *Server) showFeedPage(w http.ResponseWriter, r *http.Request, tmpl, title, section string, url func(token string) string) {
	token, since, err := s.courses.CalendarFeedToken(r.Context(), currentUser(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderFeedPage(w, r, tmpl, title, section, url, token, since)
}

func (s *Server) renderFeedPage(w http.ResponseWriter, r *http.Request, tmpl, title, section string, url func(token string) string, token string, since time.Time) {
	data := map[string]any{"FeedSince": since}
	if token != "" {
		data["FeedURL"] = url(token)
	}
	s.render(w, r, http.StatusOK, tmpl, page{Title: title, Section: section, Data: data})
}

// renewFeedToken gives the person a new calendar address (one token serves
// the training and the exam calendar) and shows it, this once.
func (s *Server) renewFeedToken(w http.ResponseWriter, r *http.Request, tmpl, title, section string, url func(token string) string) {
	u := currentUser(r)
	token, err := s.courses.RenewCalendarFeedToken(r.Context(), wachsam.UserActor(u), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderFeedPage(w, r, tmpl, title, section, url, token, s.cfg.Now())
}

func (s *Server) feedURL(token string) string {
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + "/kalender/" + token + ".ics"
}

// uidHost is the host part of calendar UIDs: the host name of the public
// address, as the invitation mails use it (calendar.BookingUID).
func uidHost(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "wachsam"
}

// calendarFeed serves GET /kalender/{token}.ics.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) {
	s.serveCalendarFeed(w, r, "schulungen.ics", func(ctx context.Context, token string) ([]byte, error) {
		feed, err := s.courses.CalendarFeedEvents(ctx, token)
		if err != nil {
			return nil, err
		}
		return calendar.Feed("Schulungen – "+feed.PersonName, s.feedEvents(feed), s.cfg.Location)
	})
}

// serveCalendarFeed answers a private calendar address with the file build
// makes for its token. An unknown token gets the same answer as any address
// that does not exist, so probing tells nothing.
func (s *Server) serveCalendarFeed(w http.ResponseWriter, r *http.Request, filename string, build func(ctx context.Context, token string) ([]byte, error)) {
	token := chi.URLParam(r, "token")
	notFound := func() {
		s.failStatus(w, r, http.StatusNotFound, "Unter dieser Adresse gibt es nichts. Bitte prüfen Sie die Adresse oder gehen Sie zur Startseite.")
	}
	if !feedTokenShape(token) {
		notFound()
		return
	}
	body, err := build(r.Context(), token)
	if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
		notFound()
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	writeCalendarFile(w, `inline; filename="`+filename+`"`, body)
}

// writeCalendarFile answers with a personal calendar: never cached by
// anyone but the person's own client.
func writeCalendarFile(w http.ResponseWriter, disposition string, body []byte) {
	w.Header().Set("Content-Type", calendar.ContentType(""))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Disposition", disposition)
	w.Write(body)
}

func (s *Server) feedEvents(feed courses.CalendarFeed) []calendar.Event {
	now := s.cfg.Now()
	base := strings.TrimSuffix(s.cfg.BaseURL, "/")
	host := uidHost(s.cfg.BaseURL)
	events := make([]calendar.Event, 0, len(feed.Bookings))
	for _, b := range feed.Bookings {
		starts := b.Session.DayStarts(s.cfg.Location)
		desc := "Schulungsrunde: " + b.RoundName
		if b.Session.TrainerName != "" {
			desc += "\nSchulung durch: " + b.Session.TrainerName
		}
		desc += "\nAbsage möglich bis " + germanDeadline(b.Session.CancellationDeadline, s.cfg.Location)
		e := calendar.Event{
			UID: calendar.BookingUID(b.ID, host), Sequence: b.Sequence,
			Summary: "Schulung: " + b.Topic.Name, Description: desc, Location: b.Session.Place(),
			Start: b.Session.StartsAt, End: b.Session.EndsAt, ExtraStarts: starts[1:], Stamp: now,
		}
		if strings.HasPrefix(base, "http") {
			e.URL = base + "/schulungen"
			e.Description += " unter " + e.URL
		}
		events = append(events, e)
	}
	return events
}

// feedTokenShape accepts what CalendarFeedToken makes: 43 characters of
// unpadded URL-safe base64. Anything else is not looked up at all.
func feedTokenShape(token string) bool {
	if len(token) != 43 {
		return false
	}
	for _, c := range token {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

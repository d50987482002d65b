package http

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/calendar"
)

// The trainer's calendar (issue 14 §3): a private subscription address of
// the sessions they train, made, replaced and revoked on their sessions
// page. Like the staff feed it carries a secret token, of which only the
// hash is stored, so the address is shown once, right after it is made.
// Every event has the UID of the trainer's invitation mails
// (calendar.TrainerUID), so a subscribed calendar and an accepted
// invitation show one entry, not two.

// TrainerFeeds is what the trainer's calendar needs of the store. A token
// belongs to one trainer; the feed lists only the sessions they train.
type TrainerFeeds interface {
	TrainerFeedSince(ctx context.Context, trainerID int64) (time.Time, error)
	RenewTrainerFeedToken(ctx context.Context, actor wachsam.Actor, trainerID int64) (string, error)
	RevokeTrainerFeedToken(ctx context.Context, actor wachsam.Actor, trainerID int64) error
	TrainerFeed(ctx context.Context, token string, loc *time.Location) (courses.TrainerFeed, error)
}

// trainerRenewFeed makes a new address (the first, or one replacing the
// old) and shows it on the sessions page, this once.
func (s *Server) trainerRenewFeed(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	token, err := s.courses.RenewTrainerFeedToken(r.Context(), wachsam.UserActor(u), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderTrainerSessions(w, r, s.trainerFeedURL(token))
}

// trainerRevokeFeed ends the address; calendars subscribed to it get
// "not found" from then on.
func (s *Server) trainerRevokeFeed(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	if err := s.courses.RevokeTrainerFeedToken(r.Context(), wachsam.UserActor(u), u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, flashOK, "Ihre Kalenderadresse ist gesperrt. Kalenderprogramme, die sie abonniert haben, erhalten keine Termine mehr.")
	http.Redirect(w, r, "/trainer/#kalender", http.StatusSeeOther)
}

func (s *Server) trainerFeedURL(token string) string {
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + "/kalender/leitung/" + token + ".ics"
}

// webcalURL is the address with the webcal scheme, which hands it to the
// calendar program instead of downloading the file once.
func webcalURL(feed string) string {
	if _, rest, ok := strings.Cut(feed, "://"); ok {
		return "webcal://" + rest
	}
	return feed
}

// trainerFeed serves GET /kalender/leitung/{token}.ics: no sign-in, the
// token is the key; an unknown, replaced or revoked token is not found.
func (s *Server) trainerFeed(w http.ResponseWriter, r *http.Request) {
	s.serveCalendarFeed(w, r, "schulungsleitung.ics", func(ctx context.Context, token string) ([]byte, error) {
		feed, err := s.courses.TrainerFeed(ctx, token, s.cfg.Location)
		if err != nil {
			return nil, err
		}
		return calendar.Feed("Schulungsleitung – "+feed.TrainerName, s.trainerFeedEvents(feed), s.cfg.Location)
	})
}

func (s *Server) trainerFeedEvents(feed courses.TrainerFeed) []calendar.Event {
	now := s.cfg.Now()
	base := strings.TrimSuffix(s.cfg.BaseURL, "/")
	host := uidHost(s.cfg.BaseURL)
	events := make([]calendar.Event, 0, len(feed.Sessions))
	for _, t := range feed.Sessions {
		sess := t.Session
		end := sess.CalendarEnd()
		desc := fmt.Sprintf("Schulungsrunde: %s\nAngemeldet: %d von %d Plätzen", t.Round, t.Booked, sess.Capacity)
		if sess.Online && sess.JoinURL != "" {
			desc += "\nZugang: " + sess.JoinURL
		}
		e := calendar.Event{
			UID: calendar.TrainerUID(sess.ID, host), Sequence: t.Sequence,
			Summary: "Schulung leiten: " + t.Topic.Name, Description: desc, Location: t.Place(),
			Start: sess.StartsAt, End: end, ExtraStarts: sess.DayStarts(s.cfg.Location)[1:], Stamp: now,
		}
		if strings.HasPrefix(base, "http") {
			e.URL = fmt.Sprintf("%s/trainer/termine/%d", base, sess.ID)
			e.Description += "\nTeilnehmerliste: " + e.URL
		}
		events = append(events, e)
	}
	return events
}

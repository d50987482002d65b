package http

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/calendar"
)

// The candidate's exam calendar: a private subscription address with the
// account's calendar feed token (the one the training calendar uses, so
// there is one secret to renew), showing the exam dates of every attempt
// and the last day of every deadline the candidate must keep.

func (s *Server) candidateCalendarPage(w http.ResponseWriter, r *http.Request) {
	s.showFeedPage(w, r, "candidate_calendar", "Prüfungstermine im Kalender", "exam", s.candidateFeedURL)
}

func (s *Server) candidateRenewCalendar(w http.ResponseWriter, r *http.Request) {
	s.renewFeedToken(w, r, "candidate_calendar", "Prüfungstermine im Kalender", "exam", s.candidateFeedURL)
}

func (s *Server) candidateFeedURL(token string) string {
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + "/pruefung/kalender/" + token + ".ics"
}

// candidateFeed serves GET /pruefung/kalender/{token}.ics.
func (s *Server) candidateFeed(w http.ResponseWriter, r *http.Request) {
	s.serveCalendarFeed(w, r, "pruefung.ics", func(ctx context.Context, token string) ([]byte, error) {
		cal, err := s.exams.CandidateCalendar(ctx, token)
		if err != nil {
			return nil, err
		}
		return calendar.ExamFeed("Prüfung – "+cal.PersonName, s.candidateFeedEvents(cal), s.cfg.Location)
	})
}

// candidateFeedEvents are the entries of the feed: every attempt on its
// exam day, and the last day of every deadline the candidate must keep.
func (s *Server) candidateFeedEvents(cal exam.CandidateCalendar) []calendar.DayEvent {
	now := s.cfg.Now()
	host := uidHost(s.cfg.BaseURL)
	base := strings.TrimSuffix(s.cfg.BaseURL, "/")
	var events []calendar.DayEvent
	for _, v := range cal.Files {
		link := ""
		if strings.HasPrefix(base, "http") {
			link = base + candidateFileURL(v.Record.ID)
		}
		for _, c := range v.Components {
			for _, a := range c.Attempts {
				e := calendar.DayEvent{
					UID: calendar.ExamDateUID(v.Record.ID, c.ID, a.ExamDate, host), Day: a.ExamDate,
					Summary:     fmt.Sprintf("Prüfung: %s (%d. Versuch)", c.Name, a.Number),
					Description: fmt.Sprintf("Stand: %s.\nAngemeldet am %s. Prüfungsnummer %s.", a.StatusText, a.RegisteredOn.German(), v.Record.Number),
					Location:    v.Place(c.ID, a.ExamDate), URL: link, Stamp: now,
				}
				if a.Status == "registered" {
					e.RemindDays = []int{7, 1}
				} else {
					e.Summary += " – " + a.StatusText
				}
				events = append(events, e)
			}
		}
		events = append(events, announcedDateEvents(v, wachsam.DateIn(now, s.cfg.Location), host, link, now)...)
		for _, d := range v.Deadlines {
			if !d.Own {
				continue
			}
			var examDay wachsam.Date
			if d.Kind == exam.ReasonsCutoff || d.Kind == exam.InspectionCutoff {
				examDay = d.ExamDate
			}
			desc := d.Text
			if d.Shift != "" {
				desc += "\n" + strings.ToUpper(d.Shift[:1]) + d.Shift[1:]
			}
			events = append(events, calendar.DayEvent{
				UID: calendar.ExamDeadlineUID(v.Record.ID, string(d.Kind), d.Component, examDay, host), Day: d.LastDay,
				Summary: d.Summary(), Description: desc, URL: link, Transparent: true, RemindDays: []int{7, 1}, Stamp: now,
			})
		}
	}
	return events
}

// announcedDateEvents publish the exam dates announced for the seminar
// (§3(3)) that the candidate may still take and has not registered for:
// each under the UID its attempt gets once registered, so the entry turns
// into the registered one. Dates past, or of a component passed or
// finally failed, are left out.
func announcedDateEvents(v exam.CandidateView, today wachsam.Date, host, link string, now time.Time) []calendar.DayEvent {
	var events []calendar.DayEvent
	for _, d := range v.Dates {
		if d.ExamDay.Before(today) {
			continue
		}
		for _, c := range v.Components {
			if c.ID != d.ComponentCode || c.Status == exam.StatusPassed || c.Status == exam.StatusFailedFinally ||
				slices.ContainsFunc(c.Attempts, func(a exam.CandidateAttempt) bool { return a.ExamDate == d.ExamDay }) {
				continue
			}
			desc := fmt.Sprintf("Prüfungstermin bekannt gegeben am %s (§3(3)); noch nicht angemeldet. Prüfungsnummer %s.", d.AnnouncedOn.German(), v.Record.Number)
			if d.EnteredLater() {
				desc += " Die Bekanntgabe wurde außerhalb von wachsam gemacht und nachgetragen."
			}
			events = append(events, calendar.DayEvent{
				UID: calendar.ExamDateUID(v.Record.ID, c.ID, d.ExamDay, host), Day: d.ExamDay,
				Summary: "Prüfungstermin (angekündigt): " + c.Name, Description: desc, Location: d.Place,
				URL: link, Transparent: true, Stamp: now,
			})
		}
	}
	return events
}

package http

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/pdf"
)

// The trainer's pages: their sessions, the attendance list of one session
// (on screen and as PDF) and the check-in code for the projector.

func (s *Server) trainerSessionsPage(w http.ResponseWriter, r *http.Request) {
	s.renderTrainerSessions(w, r, "")
}

// renderTrainerSessions shows the trainer's sessions and their calendar
// address: feedURL right after it was made, else when it was made.
func (s *Server) renderTrainerSessions(w http.ResponseWriter, r *http.Request, feedURL string) {
	list, err := s.courses.TrainerSessions(r.Context(), currentUser(r).ID, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	since, err := s.courses.TrainerFeedSince(r.Context(), currentUser(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var coming, past []courses.TrainerSession
	for _, t := range list {
		if t.Past {
			past = append(past, t)
		} else {
			coming = append(coming, t)
		}
	}
	s.render(w, r, http.StatusOK, "trainer_sessions", page{Title: "Meine Termine", Section: "trainer", Data: map[string]any{
		"Coming": coming, "Past": past, "FeedURL": feedURL, "FeedWebcal": template.URL(webcalURL(feedURL)), // our own address, not input
		"HasFeed": !since.IsZero(), "FeedSince": since,
	}})
}

// attendanceCell is one status choice of the attendance table: a select
// per person and day, which stays usable on a 320 px phone where a row of
// radio buttons would not.
type attendanceCell struct {
	ID, Key, Label string
	Options        []statusOption
	Was            courses.AttendanceStatus // the status when the page was shown
	Disabled       bool                     // a day still to come
	Source         courses.AttendanceSource
}

type statusOption struct {
	Value    courses.AttendanceStatus
	Label    string
	Selected bool
}

type attendanceLine struct {
	Participant courses.Participant
	Cells       []attendanceCell
}

func cellKey(userID int64, day wachsam.Date) string { return fmt.Sprintf("%d_%s", userID, day) }

// statusField and wasField name a cell's select and the hidden field with
// the status it showed (the template writes the same names).
func statusField(key string) string { return "status_" + key }
func wasField(key string) string    { return "vorher_" + key }

// statusLabel names a status in the list; online, present means the
// camera presence was confirmed.
func statusLabel(st courses.AttendanceStatus, online bool) string {
	if st == courses.AttendanceUnrecorded {
		return "–"
	}
	if st == courses.AttendancePresent && online {
		return "anwesend (Kamera bestätigt)"
	}
	return st.German()
}

// attendanceTable lays out the status choices; submitted holds a refused
// form, whose choices are shown again instead of the stored ones.
func (s *Server) attendanceTable(roster courses.Roster, submitted url.Values) []attendanceLine {
	sess := roster.Session.Session
	today := wachsam.DateIn(s.cfg.Now(), s.cfg.Location)
	lines := make([]attendanceLine, len(roster.Participants))
	for i, p := range roster.Participants {
		lines[i].Participant = p
		for _, d := range sess.Days {
			key := cellKey(p.UserID, d)
			c := attendanceCell{ID: "status-" + key, Key: key, Label: fmt.Sprintf("Status von %s am %s", p.Name, d.German()),
				Was: p.StatusOn(d), Disabled: d.After(today), Source: p.SourceOn(d)}
			chosen := c.Was
			if submitted != nil {
				chosen = courses.AttendanceStatus(submitted.Get(statusField(key)))
				c.Was = courses.AttendanceStatus(submitted.Get(wasField(key)))
			}
			for _, st := range courses.AttendanceStatuses {
				c.Options = append(c.Options, statusOption{Value: st, Label: statusLabel(st, sess.Online), Selected: st == chosen})
			}
			lines[i].Cells = append(lines[i].Cells, c)
		}
	}
	return lines
}

func (s *Server) trainerSessionPage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.trainerSessionID(w, r)
	if !ok {
		return
	}
	s.renderTrainerSession(w, r, http.StatusOK, id, form{})
}

func (s *Server) renderTrainerSession(w http.ResponseWriter, r *http.Request, status int, id int64, f form) {
	roster, err := s.courses.SessionParticipants(r.Context(), currentUser(r).ID, id, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var submitted url.Values
	if f.Values != nil {
		submitted = f.Values
	}
	s.render(w, r, status, "trainer_session", page{Title: roster.Session.Topic.Name, Section: "trainer", Form: f, Data: map[string]any{
		"Session": roster.Session, "Lines": s.attendanceTable(roster, submitted),
		"Base": "/trainer/termine/" + strconv.FormatInt(id, 10),
	}})
}

// trainerSaveAttendance saves the table. Only the statuses the trainer
// changed are written: a person who checked in with the room's code while
// the page was open keeps that mark.
func (s *Server) trainerSaveAttendance(w http.ResponseWriter, r *http.Request) {
	id, ok := s.trainerSessionID(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	roster, err := s.courses.SessionParticipants(r.Context(), u.ID, id, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var marks []courses.AttendanceMark
	for _, p := range roster.Participants {
		for _, d := range roster.Session.Session.Days {
			key := cellKey(p.UserID, d)
			chosen, sent := r.PostForm[statusField(key)]
			if !sent { // a day still to come: its select is disabled
				continue
			}
			if now, was := courses.AttendanceStatus(chosen[0]), courses.AttendanceStatus(r.PostForm.Get(wasField(key))); now != was {
				marks = append(marks, courses.AttendanceMark{UserID: p.UserID, Day: d, Status: now,
					Present: now == courses.AttendancePresent})
			}
		}
	}
	n, err := s.courses.SaveAttendance(r.Context(), wachsam.UserActor(u), u.ID, id, marks, s.cfg.Location)
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			f := formWithError(r.PostForm, err)
			f.Errors = nil // the message names the person and the day; it goes on top
			f.General = wachsam.ErrorMessageOf(err)
			s.renderTrainerSession(w, r, status, id, f)
		})
		return
	}
	msg := "Die Anwesenheit wurde gespeichert."
	if n == 0 {
		msg = "Es gab keine Änderungen."
	}
	s.setFlash(w, flashOK, msg)
	http.Redirect(w, r, "/trainer/termine/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) trainerAttendancePDF(w http.ResponseWriter, r *http.Request) {
	id, ok := s.trainerSessionID(w, r)
	if !ok {
		return
	}
	u := currentUser(r)
	roster, err := s.courses.SessionParticipants(r.Context(), u.ID, id, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sess := roster.Session
	sheet := pdf.AttendanceSheet{
		Title: sess.Topic.Name, Round: sess.Round, Place: sess.Place(), Trainer: u.Name, Days: sess.Session.Days,
		Times: trainerTimes(sess.Session, s.cfg.Location), PrintedAt: s.cfg.Now(), Zone: s.cfg.Location, Online: sess.Session.Online,
	}
	for _, p := range roster.Participants { // sorted by name
		row := pdf.SheetParticipant{Name: p.Name, Municipality: p.Municipality, Department: p.Department}
		for _, a := range p.Attendance {
			if a.Source == courses.AttendanceCamera {
				row.Camera = append(row.Camera, a.Day)
			}
		}
		sheet.Participants = append(sheet.Participants, row)
	}
	var buf bytes.Buffer
	if err := pdf.AttendanceList(&buf, sheet); err != nil {
		s.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("anwesenheitsliste-%s-termin-%d.pdf", sess.Session.Days[0], id)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// trainerCodePage is the screen for the projector. It reloads itself when
// the code changes, by the Refresh header: no script, and no <meta
// refresh>, which accessibility checkers rightly flag on ordinary pages.
func (s *Server) trainerCodePage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.trainerSessionID(w, r)
	if !ok {
		return
	}
	sess, secret, err := s.courses.CheckInCodeFor(r.Context(), currentUser(r).ID, id, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.cfg.Now()
	today := wachsam.DateIn(now, s.cfg.Location)
	data := map[string]any{"Session": sess, "Today": sess.Session.Runs(today), "Base": "/trainer/termine/" + strconv.FormatInt(id, 10)}
	if !sess.Session.Online && !sess.Session.Cancelled {
		win := newCheckInWindow(secret, now)
		data["Window"] = win
		w.Header().Set("Refresh", strconv.Itoa(max(win.ChangesIn, 1)))
	}
	s.render(w, r, http.StatusOK, "trainer_code", page{Title: "Code zum Einchecken", Section: "trainer", Data: data})
}

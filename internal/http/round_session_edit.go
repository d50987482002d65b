package http

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The coordinator's page to change a session: the same fields, parsing and
// messages as adding one (sessionFromForm), saved by store.UpdateSession,
// which mails everyone concerned. The capacity is not on the form because
// UpdateSession never changes it.

// roundSessionEditView is what the change form shows.
type roundSessionEditView struct {
	Round    courses.Round
	Session  courses.Session
	Towns    []wachsam.Municipality // taking part: the possible hosts
	Trainers []wachsam.User
	Notice   string // who will be told, in plain words
	Refused  string // why the session cannot be changed at all, if so
}

func (s *Server) roundSessionEditPage(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok {
		return
	}
	sess, ok := s.roundSessionParam(w, r, rd)
	if !ok {
		return
	}
	s.renderRoundSessionEdit(w, r, http.StatusOK, rd, town, sess, form{Values: roundSessionFormValues(sess, s.cfg.Location)})
}

func (s *Server) roundSessionEditSave(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok {
		return
	}
	old, ok := s.roundSessionParam(w, r, rd)
	if !ok || !s.parseForm(w, r) {
		return
	}
	booked, err := s.roundSessionBooked(r, town, rd.ID, old.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sess, err := sessionFromForm(r.PostForm, s.cfg.Location)
	if err == nil {
		sess.ID, sess.RoundID = old.ID, rd.ID
		err = s.courses.UpdateSession(r.Context(), wachsam.UserActor(currentUser(r)), town, sess)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			s.renderRoundSessionEdit(w, r, status, rd, town, old, roundFormError(r.PostForm, err))
		})
		return
	}
	s.setFlash(w, flashOK, roundSessionSavedText(old, sess, booked))
	http.Redirect(w, r, fmt.Sprintf("/koordination/runden/%d/termine/%d", rd.ID, old.ID), http.StatusSeeOther)
}

func (s *Server) renderRoundSessionEdit(w http.ResponseWriter, r *http.Request, status int, rd courses.Round, town int64, sess courses.Session, f form) {
	v := roundSessionEditView{Round: rd, Session: sess}
	all, err := s.directory.Municipalities(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, m := range all {
		if slices.Contains(rd.Municipalities, m.ID) {
			v.Towns = append(v.Towns, m)
		}
	}
	if v.Trainers, err = s.courses.TrainersList(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	booked, err := s.roundSessionBooked(r, town, rd.ID, sess.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Notice = roundSessionNoticeText(booked, rd.Status == courses.StatusCollecting)
	// The same refusals as the store's, said before anyone fills the form.
	switch {
	case sess.Cancelled:
		v.Refused = "Der Termin ist abgesagt und kann nicht mehr geändert werden."
	case rd.Status == courses.StatusClosed:
		v.Refused = "Die Runde ist abgeschlossen; ihre Termine können nicht mehr geändert werden."
	}
	s.render(w, r, status, "round_session_edit", page{Title: "Termin ändern", Section: "rounds", Form: f, Data: v})
}

// roundSessionBooked counts the session's active bookings over all towns:
// everyone who will get the updated invitation.
func (s *Server) roundSessionBooked(r *http.Request, town, roundID, sessionID int64) (int, error) {
	seats, err := s.courses.RoundSeatCounts(r.Context(), town, roundID)
	return seats[sessionID].Taken, err
}

// roundSessionFormValues fills the form with the session as it is, in the
// formats the form reads back (sessionFromForm).
func roundSessionFormValues(sess courses.Session, loc *time.Location) url.Values {
	v := url.Values{
		"start": {sess.StartsAt.In(loc).Format("15:04")}, "end": {sess.EndsAt.In(loc).Format("15:04")},
		"location": {sess.Location}, "join_url": {sess.JoinURL}, "host": {"online"}, "trainer": {""},
	}
	if len(sess.Days) > 0 {
		v.Set("date", sess.Days[0].String())
		more := make([]string, 0, len(sess.Days)-1)
		for _, d := range sess.Days[1:] {
			more = append(more, d.German())
		}
		v.Set("more_days", strings.Join(more, ", "))
	}
	if !sess.Online {
		v.Set("host", roundIDText(sess.HostMunicipalityID))
	}
	if sess.TrainerID != 0 {
		v.Set("trainer", roundIDText(sess.TrainerID))
	}
	return v
}

// roundSessionNoticeText says before saving who will be told.
func roundSessionNoticeText(booked int, collecting bool) string {
	var people string
	switch booked {
	case 0:
		people = "Für diesen Termin ist bisher niemand angemeldet."
	case 1:
		people = "Ändern Sie Tag, Uhrzeit oder Ort, erhält die angemeldete Person eine aktualisierte Einladung per E-Mail."
	default:
		people = fmt.Sprintf("Ändern Sie Tag, Uhrzeit oder Ort, erhalten die %d angemeldeten Personen eine aktualisierte Einladung per E-Mail.", booked)
	}
	text := people + " Die Schulungsleitung erhält bei jeder Änderung eine aktualisierte Einladung; wählen Sie eine andere, erhält die bisherige eine Absage."
	if collecting {
		// UpdateSession discards the allocation: it weighed the old days.
		text += " Ändern Sie Tag oder Uhrzeit, wird eine bereits berechnete Zuteilung verworfen und muss neu berechnet werden."
	}
	return text
}

// roundSessionSavedText says after saving what changed and who was told,
// by the same comparison the store acts on (courses.ChangeOf).
func roundSessionSavedText(old, s courses.Session, booked int) string {
	change := courses.ChangeOf(old, s)
	if change.None() {
		return "Sie haben nichts geändert; niemand wurde benachrichtigt."
	}
	parts := []string{"Der Termin wurde geändert."}
	if change.Reinvites() && booked > 0 {
		parts = append(parts, fmt.Sprintf("%d angemeldete Personen erhalten eine aktualisierte Einladung.", booked))
		if booked == 1 {
			parts[len(parts)-1] = "Die angemeldete Person erhält eine aktualisierte Einladung."
		}
	}
	switch {
	case change.Trainer && old.TrainerID != 0 && s.TrainerID != 0:
		parts = append(parts, "Die neue Schulungsleitung erhält eine Einladung, die bisherige eine Absage.")
	case change.Trainer && s.TrainerID != 0:
		parts = append(parts, "Die Schulungsleitung erhält eine Einladung.")
	case change.Trainer:
		parts = append(parts, "Die bisherige Schulungsleitung erhält eine Absage.")
	case s.TrainerID != 0:
		parts = append(parts, "Die Schulungsleitung erhält eine aktualisierte Einladung.")
	}
	return strings.Join(parts, " ")
}

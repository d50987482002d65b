package http

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// remindData is the reminder page: the group chosen, and the preview of
// whom a reminder reaches (or why the round cannot be reminded about now).
type remindData struct {
	Round   courses.Round
	Group   courses.ReminderGroup
	Groups  []courses.ReminderGroup
	Plan    courses.ReminderPlan
	Refusal string
}

// remindGroupOf reads the group of the page's address; without one, the
// group that fits the round's state.
func remindGroupOf(value string, rd courses.Round) (courses.ReminderGroup, error) {
	if value == "" {
		if rd.Status == courses.StatusCollecting {
			return courses.RemindNoPreferences, nil
		}
		return courses.RemindNotBooked, nil
	}
	return courses.ParseReminderGroup(value)
}

func (s *Server) remindPage(w http.ResponseWriter, r *http.Request) {
	town, roundID, ok := s.bulkRound(w, r)
	if !ok {
		return
	}
	s.renderRemind(w, r, http.StatusOK, town, roundID, r.URL.Query().Get("gruppe"), form{})
}

func (s *Server) renderRemind(w http.ResponseWriter, r *http.Request, status int, town, roundID int64, group string, f form) {
	rd, _, err := s.courses.BulkStaff(r.Context(), town, roundID, s.bulkToday())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := remindData{Round: rd, Groups: []courses.ReminderGroup{courses.RemindNoPreferences, courses.RemindNotBooked}}
	g, err := remindGroupOf(group, rd)
	if err != nil {
		f = formWithError(url.Values{"gruppe": {group}}, err)
		status = http.StatusUnprocessableEntity
		g = courses.RemindNotBooked
	}
	d.Group = g
	if err := rd.CanRemind(g); err != nil {
		d.Refusal = wachsam.ErrorMessageOf(err)
	} else if d.Plan, err = s.courses.PlanReminders(r.Context(), town, roundID, g, s.bulkToday()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "coordinator_bulk_remind", page{Title: "Erinnern: " + rd.Name, Section: "rounds", Form: f, Data: d})
}

func (s *Server) remindSend(w http.ResponseWriter, r *http.Request) {
	town, roundID, ok := s.bulkRound(w, r)
	if !ok {
		return
	}
	group := r.PostFormValue("gruppe")
	g, err := courses.ParseReminderGroup(group)
	var plan courses.ReminderPlan
	if err == nil {
		plan, err = s.courses.RemindRound(r.Context(), wachsam.UserActor(currentUser(r)), town, roundID, g, s.bulkToday())
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			s.renderRemind(w, r, status, town, roundID, group, formWithError(url.Values{"gruppe": {group}}, err))
		})
		return
	}
	notice := remindNotice(plan)
	s.setFlash(w, flashOK, notice)
	http.Redirect(w, r, "/koordination/runden/"+strconv.FormatInt(roundID, 10)+"/erinnern?gruppe="+string(g), http.StatusSeeOther)
}

// remindNotice says what a reminder run did, in German.
func remindNotice(p courses.ReminderPlan) string {
	var out string
	switch n := len(p.Recipients); n {
	case 0:
		out = "Niemand erhält eine neue Erinnerung."
	case 1:
		out = "1 Person erhält eine Erinnerung per E-Mail."
	default:
		out = fmt.Sprintf("%s Personen erhalten eine Erinnerung per E-Mail.", germanInt(n))
	}
	switch n := p.AlreadyToday; n {
	case 0:
	case 1:
		out += " 1 Person wurde heute bereits erinnert und erhält keine weitere E-Mail."
	default:
		out += fmt.Sprintf(" %s Personen wurden heute bereits erinnert und erhalten keine weitere E-Mail.", germanInt(n))
	}
	return out
}

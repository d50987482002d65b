package http

import (
	"net/http"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/export"
)

// A round's lists as files, each scoped exactly as its page: a session's
// participants and the allocation name only the coordinator's own staff,
// the cost split names every town of the round, as the round page does.

// participantList is who of the own town comes to one session, booked
// first, then the waiting list in its order.
func participantList(rd courses.Round, sess courses.Session) export.List[courses.RosterPerson] {
	return export.List[courses.RosterPerson]{Name: "teilnehmende-" + sess.Days[0].String(), Columns: []export.Column[courses.RosterPerson]{
		{Header: "Runde", Width: 28, Value: func(courses.RosterPerson) any { return rd.Name }},
		{Header: "Termin", Width: 12, Value: func(courses.RosterPerson) any { return sess.Days[0] }},
		{Header: "Beginn", Width: 17, Value: func(courses.RosterPerson) any { return sess.StartsAt }},
		{Header: "Name", Width: 30, Value: func(p courses.RosterPerson) any { return p.Name }},
		{Header: "Abteilung", Width: 24, Value: func(p courses.RosterPerson) any { return p.Department }},
		{Header: "Stand", Width: 14, Value: func(p courses.RosterPerson) any {
			switch {
			case p.Position == 0:
				return "angemeldet"
			case p.Offered:
				return "Platz angeboten"
			}
			return "Warteliste"
		}},
		{Header: "Platz auf der Warteliste", Width: 12, Value: func(p courses.RosterPerson) any {
			if p.Position == 0 {
				return nil
			}
			return p.Position
		}},
		{Header: "Seit", Width: 17, Value: func(p courses.RosterPerson) any { return p.Since }},
	}}
}

// allocationRow is one of the own staff in an allocation: placed in a
// session (Session set) or left without a place (Person.Reason set).
type allocationRow struct {
	Session *courses.Session
	Person  courses.AllocatedPerson
}

// allocationList is the own staff's allocation: the session and choice of
// everyone placed, then everyone left without a place and why.
func allocationList(rd courses.Round) export.List[allocationRow] {
	return export.List[allocationRow]{Name: "zuteilung-runde-" + roundIDText(rd.ID), Columns: []export.Column[allocationRow]{
		{Header: "Name", Width: 30, Value: func(a allocationRow) any { return a.Person.Name }},
		{Header: "Abteilung", Width: 24, Value: func(a allocationRow) any { return a.Person.Department }},
		{Header: "Termin", Width: 12, Value: func(a allocationRow) any {
			if a.Session == nil {
				return nil
			}
			return a.Session.Days[0]
		}},
		{Header: "Beginn", Width: 17, Value: func(a allocationRow) any {
			if a.Session == nil {
				return nil
			}
			return a.Session.StartsAt
		}},
		{Header: "Wahl", Width: 8, Value: func(a allocationRow) any {
			if a.Session == nil {
				return nil
			}
			return a.Person.Rank
		}},
		{Header: "Ohne Platz, weil", Width: 40, Value: func(a allocationRow) any {
			if a.Session != nil {
				return nil
			}
			return a.Person.Reason.German()
		}},
	}}
}

// costRow is one town's share of a round's cost.
type costRow struct {
	Town  wachsam.Municipality
	Cents int64
}

// costList is the round's cost split; the share is a number in euros.
func costList(rd courses.Round) export.List[costRow] {
	return export.List[costRow]{Name: "kosten-runde-" + roundIDText(rd.ID), Columns: []export.Column[costRow]{
		{Header: "Gemeindeschlüssel", Width: 18, Value: func(c costRow) any { return c.Town.AGS }},
		{Header: "Kommune", Width: 30, Value: func(c costRow) any { return c.Town.Name }},
		{Header: "Einwohner", Width: 12, Value: func(c costRow) any { return c.Town.Population }},
		{Header: "Anteil in Euro", Width: 14, Value: func(c costRow) any { return float64(c.Cents) / 100 }},
	}}
}

// roundExport answers one of a round's lists, as a file in the format the
// request names; these addresses have no other answer.
func (s *Server) roundExport(send func(w http.ResponseWriter, r *http.Request, rd courses.Round, town int64, f export.Format)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rd, town, ok := s.roundParam(w, r)
		if !ok {
			return
		}
		if f, ok := s.pageExportFormat(w, r); ok {
			send(w, r, rd, town, f)
		}
	}
}

func (s *Server) sendParticipants(w http.ResponseWriter, r *http.Request, rd courses.Round, town int64, f export.Format) {
	sess, roster, ok := s.roundSessionRoster(w, r, rd, town)
	if !ok {
		return
	}
	sendList(s, w, r, participantList(rd, sess), f, eachOf(append(roster.Booked, roster.Waiting...)))
}

func (s *Server) sendAllocation(w http.ResponseWriter, r *http.Request, rd courses.Round, town int64, f export.Format) {
	out, err := s.courses.AllocationFor(r.Context(), town, rd.ID)
	if err == nil && !out.Computed {
		err = wachsam.Errorf(wachsam.ENOTFOUND, "Für diese Runde ist noch keine Zuteilung berechnet.")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var rows []allocationRow
	for i := range out.Sessions {
		for _, p := range out.Sessions[i].Own {
			rows = append(rows, allocationRow{Session: &out.Sessions[i].Session, Person: p})
		}
	}
	for _, p := range out.OwnUnplaced {
		rows = append(rows, allocationRow{Person: p})
	}
	sendList(s, w, r, allocationList(rd), f, eachOf(rows))
}

func (s *Server) sendCostSplit(w http.ResponseWriter, r *http.Request, rd courses.Round, town int64, f export.Format) {
	v, err := s.roundViewOf(r, rd, town)
	if err == nil && v.CostError != "" {
		err = wachsam.Errorf(wachsam.ECONFLICT, "%s", v.CostError)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]costRow, len(v.Costs))
	for i := range v.Costs {
		rows[i] = costRow{Town: v.Towns[i], Cents: v.Costs[i].Cents}
	}
	sendList(s, w, r, costList(rd), f, eachOf(rows))
}

// roundSessionRoster is the session of the URL and who of town comes to
// it, for the session page and its download.
func (s *Server) roundSessionRoster(w http.ResponseWriter, r *http.Request, rd courses.Round, town int64) (courses.Session, courses.SessionRoster, bool) {
	sess, ok := s.roundSessionParam(w, r, rd)
	if !ok {
		return sess, courses.SessionRoster{}, false
	}
	roster, err := s.courses.SessionRoster(r.Context(), town, rd.ID, sess.ID)
	if err != nil {
		s.fail(w, r, err)
		return sess, roster, false
	}
	return sess, roster, true
}

package http

import (
	"net/http"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// apiPreferencesIn is a member of staff's ranking: session ids best first
// and the days (YYYY-MM-DD) they cannot attend.
type apiPreferencesIn struct {
	Sessions    []int64        `json:"sessions"`
	Unavailable []wachsam.Date `json:"unavailable"`
}

func (s *Server) apiSetPreferences(w http.ResponseWriter, r *http.Request) {
	rd, ok := s.staffRound(w, r)
	if !ok {
		return
	}
	var in apiPreferencesIn
	if !s.decodeJSON(w, r, &in) {
		return
	}
	u := currentUser(r)
	if err := s.courses.SetPreferences(r.Context(), wachsam.UserActor(u), u.ID, rd.ID, in.Sessions, in.Unavailable); err != nil {
		s.fail(w, r, err)
		return
	}
	set, err := s.courses.Preferences(r.Context(), u.ID, rd.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiPreferencesIn{Sessions: set.Sessions, Unavailable: set.Unavailable}
	if out.Sessions == nil {
		out.Sessions = []int64{}
	}
	if out.Unavailable == nil {
		out.Unavailable = []wachsam.Date{}
	}
	writeJSON(w, http.StatusOK, out)
}

type apiAllocatedPerson struct {
	UserID     int64  `json:"user_id"`
	Name       string `json:"name"`
	Department string `json:"department"`
	Rank       int    `json:"rank,omitempty"`
	Reason     string `json:"reason,omitempty"`
	ReasonDE   string `json:"reason_de,omitempty"`
}

type apiAllocatedSession struct {
	SessionID int64                `json:"session_id"`
	Placed    int                  `json:"placed"`
	Own       []apiAllocatedPerson `json:"own"`
}

// apiAllocation is the computed allocation as the caller's municipality
// may see it: its own staff by name, the others as counts.
type apiAllocation struct {
	Computed       bool                  `json:"computed"`
	Published      bool                  `json:"published"`
	Placed         int                   `json:"placed"`
	Unplaced       int                   `json:"unplaced"`
	Sessions       []apiAllocatedSession `json:"sessions"`
	OwnUnplaced    []apiAllocatedPerson  `json:"own_unplaced"`
	OthersUnplaced int                   `json:"others_unplaced"`
}

func allocationOut(o courses.AllocationOutcome) apiAllocation {
	person := func(p courses.AllocatedPerson) apiAllocatedPerson {
		out := apiAllocatedPerson{UserID: p.UserID, Name: p.Name, Department: p.Department, Rank: p.Rank, Reason: string(p.Reason)}
		if p.Reason != "" {
			out.ReasonDE = p.Reason.German()
		}
		return out
	}
	out := apiAllocation{Computed: o.Computed, Published: o.Published, Placed: o.Placed, Unplaced: o.Unplaced,
		OthersUnplaced: o.OthersUnplaced, Sessions: []apiAllocatedSession{}, OwnUnplaced: []apiAllocatedPerson{}}
	for _, s := range o.Sessions {
		a := apiAllocatedSession{SessionID: s.Session.ID, Placed: s.Placed, Own: []apiAllocatedPerson{}}
		for _, p := range s.Own {
			a.Own = append(a.Own, person(p))
		}
		out.Sessions = append(out.Sessions, a)
	}
	for _, p := range o.OwnUnplaced {
		out.OwnUnplaced = append(out.OwnUnplaced, person(p))
	}
	return out
}

func (s *Server) apiRunAllocation(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok {
		return
	}
	out, err := s.courses.RunAllocation(r.Context(), wachsam.UserActor(currentUser(r)), town, rd.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, allocationOut(out))
}

func (s *Server) apiPublishAllocation(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok {
		return
	}
	n, err := s.courses.PublishAllocation(r.Context(), wachsam.UserActor(currentUser(r)), town, rd.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"bookings": n})
}

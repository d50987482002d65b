package http

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// preferencesView is the staff page for ranking the sessions of a round.
type preferencesView struct {
	Round    courses.Round
	Sessions []courses.Session // those not cancelled
	Ranks    []int             // 1 … number of sessions
	Days     []wachsam.Date    // every day of those sessions
	Open     bool              // the round collects preferences now
	Places   map[int64]string  // courses.PlaceLabel by session ID
}

// staffRound loads the round of the URL for the signed-in member of staff:
// only a round their municipality shares and that is no longer a draft.
func (s *Server) staffRound(w http.ResponseWriter, r *http.Request) (courses.Round, bool) {
	u := currentUser(r)
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || u.MunicipalityID == nil {
		s.failStatus(w, r, http.StatusNotFound, "Diese Schulungsrunde gibt es nicht.")
		return courses.Round{}, false
	}
	rd, err := s.courses.RoundFor(r.Context(), *u.MunicipalityID, id)
	if err == nil && (rd.Status == courses.StatusDraft || rd.Mode != courses.ModeAllocation) {
		err = wachsam.Errorf(wachsam.ENOTFOUND, "Für diese Schulungsrunde werden keine Wünsche gesammelt.")
	}
	if err != nil {
		s.fail(w, r, err)
		return courses.Round{}, false
	}
	return rd, true
}

func preferencesViewOf(rd courses.Round) preferencesView {
	v := preferencesView{Round: rd, Open: rd.Status == courses.StatusCollecting}
	for _, sess := range rd.Sessions {
		if sess.Cancelled {
			continue
		}
		v.Sessions = append(v.Sessions, sess)
		v.Ranks = append(v.Ranks, len(v.Sessions))
		for _, d := range sess.Days {
			if !slices.Contains(v.Days, d) {
				v.Days = append(v.Days, d)
			}
		}
	}
	slices.SortFunc(v.Days, wachsam.Date.Compare)
	return v
}

func (s *Server) preferencesPage(w http.ResponseWriter, r *http.Request) {
	rd, ok := s.staffRound(w, r)
	if !ok {
		return
	}
	set, err := s.courses.Preferences(r.Context(), currentUser(r).ID, rd.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	values := url.Values{}
	for i, id := range set.Sessions {
		values.Set("rank_"+roundIDText(id), strconv.Itoa(i+1))
	}
	for _, d := range set.Unavailable {
		values.Add("unavailable", d.String())
	}
	s.renderPreferences(w, r, http.StatusOK, rd, form{Values: values})
}

func (s *Server) renderPreferences(w http.ResponseWriter, r *http.Request, status int, rd courses.Round, f form) {
	v := preferencesViewOf(rd)
	places, err := s.sessionPlaces(r.Context(), v.Sessions)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Places = places
	s.render(w, r, status, "preferences", page{Title: "Wunschtermine: " + rd.Name, Section: "trainings", Form: f, Data: v})
}

// preferencesFromForm reads one select box per session ("1. Wahl" …, or
// empty for "nicht möglich") and the days ticked as impossible.
func preferencesFromForm(v url.Values, rd courses.Round) ([]int64, []wachsam.Date, error) {
	type choice struct {
		rank int
		id   int64
	}
	var choices []choice
	taken := map[int]bool{}
	n := rd.ActiveSessions()
	for _, sess := range rd.Sessions {
		field := "rank_" + roundIDText(sess.ID)
		text := v.Get(field)
		if sess.Cancelled || text == "" {
			continue
		}
		rank, err := strconv.Atoi(text)
		if err != nil || rank < 1 || rank > n {
			return nil, nil, wachsam.FieldError(field, "Bitte wählen Sie eine Angabe aus der Liste.")
		}
		if taken[rank] {
			return nil, nil, wachsam.FieldError(field, "Die %d. Wahl haben Sie mehrfach vergeben; jede Wahl nur einmal, bitte.", rank)
		}
		taken[rank] = true
		choices = append(choices, choice{rank, sess.ID})
	}
	slices.SortFunc(choices, func(a, b choice) int { return cmp.Compare(a.rank, b.rank) })
	ranked := make([]int64, len(choices))
	for i, c := range choices {
		ranked[i] = c.id
	}
	var days []wachsam.Date
	for _, text := range v["unavailable"] {
		d, err := wachsam.ParseDate(text)
		if err != nil {
			return nil, nil, wachsam.FieldError("unavailable", "Bitte wählen Sie die Tage aus der Liste.")
		}
		days = append(days, d)
	}
	return ranked, days, nil
}

func (s *Server) preferencesSave(w http.ResponseWriter, r *http.Request) {
	rd, ok := s.staffRound(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	ranked, days, err := preferencesFromForm(r.PostForm, rd)
	if err == nil {
		err = s.courses.SetPreferences(r.Context(), wachsam.UserActor(u), u.ID, rd.ID, ranked, days)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderPreferences(w, r, status, rd, formWithError(r.PostForm, err)) })
		return
	}
	s.setFlash(w, flashOK, "Ihre Wünsche wurden gespeichert. Sie können sie ändern, solange die Wünsche gesammelt werden.")
	http.Redirect(w, r, "/schulungen/runden/"+roundIDText(rd.ID)+"/wuensche", http.StatusSeeOther)
}

type allocationView struct {
	Round    courses.Round
	Progress courses.PreferenceProgress
	Outcome  courses.AllocationOutcome
	Open     bool // preferences are being collected: running and publishing are possible
}

func (s *Server) allocationPage(w http.ResponseWriter, r *http.Request) {
	if rd, town, ok := s.roundParam(w, r); ok {
		s.renderAllocation(w, r, http.StatusOK, rd, town, form{})
	}
}

func (s *Server) renderAllocation(w http.ResponseWriter, r *http.Request, status int, rd courses.Round, town int64, f form) {
	v := allocationView{Round: rd, Open: rd.Status == courses.StatusCollecting}
	var err error
	if v.Outcome, err = s.courses.AllocationFor(r.Context(), town, rd.ID); err == nil {
		v.Progress, err = s.courses.PreferenceProgress(r.Context(), town, rd.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "round_allocation", page{Title: "Zuteilung: " + rd.Name, Section: "rounds", Form: f, Data: v})
}

func (s *Server) allocationRun(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok {
		return
	}
	out, err := s.courses.RunAllocation(r.Context(), wachsam.UserActor(currentUser(r)), town, rd.ID)
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderAllocation(w, r, status, rd, town, formWithError(nil, err)) })
		return
	}
	s.setFlash(w, flashOK, "Die Zuteilung ist berechnet: "+strconv.Itoa(out.Placed)+" Personen haben einen Platz, "+
		strconv.Itoa(out.Unplaced)+" keinen. Sie wird erst mit dem Veröffentlichen verbindlich.")
	http.Redirect(w, r, "/koordination/runden/"+roundIDText(rd.ID)+"/zuteilung", http.StatusSeeOther)
}

func (s *Server) allocationPublish(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok {
		return
	}
	n, err := s.courses.PublishAllocation(r.Context(), wachsam.UserActor(currentUser(r)), town, rd.ID)
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderAllocation(w, r, status, rd, town, formWithError(nil, err)) })
		return
	}
	s.setFlash(w, flashOK, "Die Zuteilung ist veröffentlicht: "+strconv.Itoa(n)+" Buchungen, alle Zugeteilten erhalten eine Einladung. Freie Plätze können jetzt gebucht werden.")
	http.Redirect(w, r, "/koordination/runden/"+roundIDText(rd.ID)+"/zuteilung", http.StatusSeeOther)
}

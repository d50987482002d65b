package http

import (
	"context"
	"html/template"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// RoundCourses is what the round pages need of the store. Every method
// that names a municipality is scoped to it: a round it does not take part
// in does not exist (404).
type RoundCourses interface {
	Topics(ctx context.Context) ([]courses.Topic, error)
	RoundsOf(ctx context.Context, municipalityID int64) ([]courses.Round, error)
	RoundFor(ctx context.Context, municipalityID, roundID int64) (courses.Round, error)
	CreateRound(ctx context.Context, actor wachsam.Actor, r *courses.Round) error
	AddSession(ctx context.Context, actor wachsam.Actor, municipalityID int64, s *courses.Session) error
	CancelSession(ctx context.Context, actor wachsam.Actor, municipalityID, sessionID int64) error
	UpdateSession(ctx context.Context, actor wachsam.Actor, municipalityID int64, s courses.Session) error
	SetRoundStatus(ctx context.Context, actor wachsam.Actor, municipalityID, roundID int64, next courses.RoundStatus) error
	TrainersList(ctx context.Context) ([]wachsam.User, error)
	RoundSeatCounts(ctx context.Context, municipalityID, roundID int64) (map[int64]courses.Seats, error)
	SessionRoster(ctx context.Context, municipalityID, roundID, sessionID int64) (courses.SessionRoster, error)
	SetPreferences(ctx context.Context, actor wachsam.Actor, userID, roundID int64, ranked []int64, unavailable []wachsam.Date) error
	Preferences(ctx context.Context, userID, roundID int64) (courses.PreferenceSet, error)
	PreferenceProgress(ctx context.Context, municipalityID, roundID int64) (courses.PreferenceProgress, error)
	RunAllocation(ctx context.Context, actor wachsam.Actor, municipalityID, roundID int64) (courses.AllocationOutcome, error)
	AllocationFor(ctx context.Context, municipalityID, roundID int64) (courses.AllocationOutcome, error)
	PublishAllocation(ctx context.Context, actor wachsam.Actor, municipalityID, roundID int64) (int, error)
}

// roundPages are the coordinator's round pages and the staff's page for
// entering preferences. Full paths in groups, not sub-routers, so that they
// sit beside the other areas' routes under /koordination and /schulungen.
func (s *Server) roundPages(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Get("/koordination/runden", s.roundList)
		r.Get("/koordination/runden/neu", s.roundNewPage)
		r.Post("/koordination/runden/neu", s.roundCreate)
		r.Get("/koordination/runden/{id}", s.roundPage)
		r.Post("/koordination/runden/{id}/status", s.roundSetStatus)
		r.Post("/koordination/runden/{id}/termine", s.roundAddSession)
		r.Get("/koordination/runden/{id}/termine/{sid}", s.roundSessionPage)
		r.Post("/koordination/runden/{id}/termine/{sid}/absagen", s.roundCancelSession)
		r.Get("/koordination/runden/{id}/termine/{sid}/aendern", s.roundSessionEditPage)
		r.Post("/koordination/runden/{id}/termine/{sid}/aendern", s.roundSessionEditSave)
		r.Get("/koordination/runden/{id}/zuteilung", s.allocationPage)
		r.Post("/koordination/runden/{id}/zuteilung/berechnen", s.allocationRun)
		r.Post("/koordination/runden/{id}/zuteilung/veroeffentlichen", s.allocationPublish)
		r.Get("/koordination/runden/{id}/termine/{sid}/export", s.roundExport(s.sendParticipants))
		r.Get("/koordination/runden/{id}/zuteilung/export", s.roundExport(s.sendAllocation))
		r.Get("/koordination/runden/{id}/kosten/export", s.roundExport(s.sendCostSplit))
	})
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleStaff))
		r.Get("/schulungen/runden/{id}/wuensche", s.preferencesPage)
		r.Post("/schulungen/runden/{id}/wuensche", s.preferencesSave)
	})
}

func (s *Server) roundAPI(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Get("/rounds", s.apiRounds)
		r.Post("/rounds", s.apiCreateRound)
		r.Get("/rounds/{id}", s.apiRound)
		r.Post("/rounds/{id}/sessions", s.apiAddSession)
		r.Put("/rounds/{id}/sessions/{sid}", s.apiUpdateSession)
		r.Post("/rounds/{id}/sessions/{sid}/cancel", s.apiCancelSession)
		r.Post("/rounds/{id}/status", s.apiSetRoundStatus)
		r.Post("/rounds/{id}/allocation", s.apiRunAllocation)
		r.Post("/rounds/{id}/allocation/publish", s.apiPublishAllocation)
		r.Get("/rounds/{id}/sessions/{sid}/participants", s.roundExport(s.sendParticipants))
		r.Get("/rounds/{id}/allocation", s.roundExport(s.sendAllocation))
		r.Get("/rounds/{id}/cost-split", s.roundExport(s.sendCostSplit))
	})
	r.With(s.requireRole(wachsam.RoleStaff)).Put("/rounds/{id}/preferences", s.apiSetPreferences)
}

// roundFuncs are the round pages' template functions.
func roundFuncs(loc *time.Location) template.FuncMap {
	return template.FuncMap{
		// roundEuro: 125000 cents as "1.250,00 €".
		"roundEuro": formatEuro,
		// roundShare: a quota share as "1/3", or the default named.
		"roundShare": func(r *big.Rat, fallback string) string {
			if r == nil {
				return fallback
			}
			return r.RatString()
		},
		// roundDays: "Di. 01.12.2026" or "Di. 01.12.2026, Mi. 02.12.2026".
		"roundDays": func(days []wachsam.Date) string {
			names := [...]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."}
			parts := make([]string, len(days))
			for i, d := range days {
				parts[i] = names[d.Weekday()] + " " + d.German()
			}
			return strings.Join(parts, ", ")
		},
		"roundHours":   func(d time.Duration) int { return int(d / time.Hour) },
		"roundISODate": func(d wachsam.Date) string { return d.String() },
		"roundAdd":     func(a, b int) int { return a + b },
		"roundID":      func(id int64) string { return strconv.FormatInt(id, 10) },
		"roundItoa":    strconv.Itoa,
		// roundField: one labelled input of a round form with its error.
		"roundField": func(p page, name, label, kind string) roundFieldView {
			return roundFieldView{Form: p.Form, Name: name, Label: label, Kind: kind}
		},
	}
}

// roundFieldView is what the "round-field" template shows.
type roundFieldView struct {
	Form              form
	Name, Label, Kind string
}

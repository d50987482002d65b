package http

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// roundFromForm reads the new-round form, with its first session.
func roundFromForm(v url.Values, own int64, loc *time.Location) (courses.Round, error) {
	r := courses.Round{Name: strings.TrimSpace(v.Get("name")), CreatedBy: own, Mode: courses.RoundMode(v.Get("mode"))}
	if r.Name == "" {
		return r, wachsam.FieldError("name", "Bitte geben Sie der Runde einen Namen.")
	}
	if _, err := courses.ParseRoundMode(v.Get("mode")); err != nil {
		return r, err
	}
	var err error
	if v.Get("topic") == "neu" {
		r.Topic.Name = strings.TrimSpace(v.Get("new_topic_name"))
		if r.Topic.Name == "" {
			return r, wachsam.FieldError("new_topic_name", "Bitte geben Sie den Namen des neuen Themas an.")
		}
		if r.Topic.ValidityMonths, err = roundParseCount("new_topic_validity", v.Get("new_topic_validity"), 0, "Bitte geben Sie die Gültigkeit in ganzen Monaten an."); err != nil {
			return r, err
		}
		if r.Topic.RemindDays, err = roundParseCount("new_topic_remind", v.Get("new_topic_remind"), 30, "Bitte geben Sie die Erinnerung in ganzen Tagen an."); err != nil {
			return r, err
		}
	} else if r.Topic.ID, err = roundParseID("topic", v.Get("topic"), "Bitte wählen Sie ein Thema aus dem Katalog."); err != nil || r.Topic.ID == 0 {
		return r, wachsam.FieldError("topic", "Bitte wählen Sie ein Thema aus dem Katalog oder legen Sie ein neues an.")
	}
	for _, m := range v["municipalities"] {
		id, err := roundParseID("municipalities", m, "Eine der gewählten Kommunen gibt es nicht.")
		if err != nil {
			return r, err
		}
		r.Municipalities = append(r.Municipalities, id)
	}
	if r.Policy, err = policyFromForm(v); err != nil {
		return r, err
	}
	if r.CostCents, err = parseEuro("cost", v.Get("cost")); err != nil {
		return r, err
	}
	r.CostBasis = courses.CostBasis(v.Get("cost_basis"))
	if r.CostBasis != courses.CostByPopulation && r.CostBasis != courses.CostBySeats {
		return r, wachsam.FieldError("cost_basis", "Bitte wählen Sie, wie die Kosten aufgeteilt werden.")
	}
	s, err := sessionFromForm(v, loc)
	if err != nil {
		return r, err
	}
	r.Sessions = []courses.Session{s}
	return r, nil
}

func policyFromForm(v url.Values) (courses.RoundPolicy, error) {
	var p courses.RoundPolicy
	var err error
	if p.MunicipalityShare, err = parseShare("municipality_share", v.Get("municipality_share")); err != nil {
		return p, err
	}
	if p.DepartmentShare, err = parseShare("department_share", v.Get("department_share")); err != nil {
		return p, err
	}
	lead, err := roundParseCount("cancellation_lead", v.Get("cancellation_lead"), 0, "Bitte geben Sie die Absagefrist als ganze Zahl an.")
	if err != nil {
		return p, err
	}
	unit := time.Hour
	if v.Get("cancellation_unit") == "days" {
		unit = 24 * time.Hour
	}
	if lead > 366*24 {
		return p, wachsam.FieldError("cancellation_lead", "Die Absagefrist muss zwischen 0 und 366 Tagen vor Beginn liegen.")
	}
	p.CancellationLead = time.Duration(lead) * unit
	ttl, err := roundParseCount("offer_ttl", v.Get("offer_ttl"), 0, "Bitte geben Sie die Gültigkeit eines Platzangebots in ganzen Stunden an.")
	if err != nil {
		return p, err
	}
	if ttl > 366*24 {
		return p, wachsam.FieldError("offer_ttl", "Die Gültigkeit eines Platzangebots muss zwischen 0 (Standard: 24 Stunden) und 366 Tagen liegen.")
	}
	p.OfferTTL = time.Duration(ttl) * time.Hour
	return p, p.Validate()
}

// sessionFromForm reads the session fields: the first day with its times,
// further days, capacity, place and trainer.
func sessionFromForm(v url.Values, loc *time.Location) (courses.Session, error) {
	var s courses.Session
	day, err := roundParseDate("date", v.Get("date"))
	if err != nil {
		return s, err
	}
	if s.StartsAt, err = roundParseClock("start", v.Get("start"), day, loc); err != nil {
		return s, err
	}
	if s.EndsAt, err = roundParseClock("end", v.Get("end"), day, loc); err != nil {
		return s, err
	}
	if !s.EndsAt.After(s.StartsAt) {
		return s, wachsam.FieldError("end", "Das Ende muss nach dem Beginn liegen.")
	}
	s.Days = []wachsam.Date{day}
	for _, text := range strings.FieldsFunc(v.Get("more_days"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		d, err := roundParseDate("more_days", text)
		if err != nil {
			return s, err
		}
		if !d.After(day) || slices.Contains(s.Days, d) {
			return s, wachsam.FieldError("more_days", "Weitere Tage müssen nach dem ersten Tag liegen und verschieden sein (%s).", d.German())
		}
		s.Days = append(s.Days, d)
	}
	slices.SortFunc(s.Days, wachsam.Date.Compare)
	if s.Capacity, err = roundParseCount("capacity", v.Get("capacity"), 0, "Bitte geben Sie die Zahl der Plätze als ganze Zahl an."); err != nil {
		return s, err
	}
	if host := v.Get("host"); host == "online" {
		s.Online = true
	} else if s.HostMunicipalityID, err = roundParseID("host", host, "Bitte wählen Sie das gastgebende Rathaus oder „online“."); err != nil {
		return s, err
	}
	s.Location = strings.TrimSpace(v.Get("location"))
	s.JoinURL = strings.TrimSpace(v.Get("join_url"))
	s.TrainerID, err = roundParseID("trainer", v.Get("trainer"), "Bitte wählen Sie eine Trainerin oder einen Trainer aus der Liste.")
	return s, err
}

var roundSessionPathPattern = regexp.MustCompile(`^sessions\[\d+\]\.`)

// roundFormField names the form field of a store error's field: the store names
// fields by their path in the round (sessions[0].capacity, topic.name).
func roundFormField(field string) string {
	field = roundSessionPathPattern.ReplaceAllString(field, "")
	if strings.HasPrefix(field, "days") {
		return "more_days"
	}
	switch field {
	case "starts_at":
		return "date"
	case "cost_cents":
		return "cost"
	case "ends_at":
		return "end"
	case "topic.name":
		return "new_topic_name"
	case "topic.validity_months":
		return "new_topic_validity"
	case "topic.remind_days":
		return "new_topic_remind"
	case "id", "sessions":
		return ""
	}
	return field
}

// roundFormError turns a store error into form messages beside the
// form's own fields.
func roundFormError(values url.Values, err error) form {
	f := formWithError(values, err)
	for field, msg := range f.Errors {
		if to := roundFormField(field); to != field {
			delete(f.Errors, field)
			if to == "" {
				f.General = msg
			} else {
				f.Errors[to] = msg
			}
		}
	}
	return f
}

func roundIDText(id int64) string { return strconv.FormatInt(id, 10) }

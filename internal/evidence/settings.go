package evidence

import (
	"strconv"
	"unicode/utf8"

	"github.com/wachsam/wachsam"
)

// Settings are what a municipality's coordinator decides about its
// evidence: the training concept and whether people appear by name.
type Settings struct {
	// ShowNames puts people's names in the records instead of their
	// pseudonyms. It is off until the municipality turns it on.
	ShowNames  bool
	Title      string
	ApprovedBy string
	ApprovedOn wachsam.Date
	ReviewOn   wachsam.Date
	Notes      string
	// Audiences are the topics the municipality trains, each with whom it
	// is meant for.
	Audiences []TopicAudience
}

// TopicAudience is one topic of the concept with its audience.
type TopicAudience struct {
	TopicID  int64
	Topic    string
	Audience Audience
	// FrequencyMonths and RemindDays come from the topic: how long a
	// training counts and how early reminders go out.
	FrequencyMonths int
	RemindDays      int
}

// Check refuses settings a concept cannot have, in German, naming the
// field the refusal is about (audiences as AudienceField of the topic).
func (s Settings) Check() error {
	switch {
	case utf8.RuneCountInString(s.Title) > 200:
		return wachsam.FieldError("title", "Der Titel des Schulungskonzepts darf höchstens 200 Zeichen lang sein.")
	case utf8.RuneCountInString(s.ApprovedBy) > 200:
		return wachsam.FieldError("approved_by", "„Freigegeben von“ darf höchstens 200 Zeichen lang sein.")
	case utf8.RuneCountInString(s.Notes) > 4000:
		return wachsam.FieldError("notes", "Die Anmerkungen dürfen höchstens 4.000 Zeichen lang sein.")
	case s.ApprovedOn.IsZero() && s.ApprovedBy != "":
		return wachsam.FieldError("approved_on", "Bitte geben Sie zur Freigabe beides an: wer freigegeben hat und an welchem Tag.")
	case !s.ApprovedOn.IsZero() && s.ApprovedBy == "":
		return wachsam.FieldError("approved_by", "Bitte geben Sie zur Freigabe beides an: wer freigegeben hat und an welchem Tag.")
	case !s.ReviewOn.IsZero() && !s.ApprovedOn.IsZero() && !s.ReviewOn.After(s.ApprovedOn):
		return wachsam.FieldError("review_on", "Die nächste Überprüfung muss nach der Freigabe liegen.")
	}
	for _, a := range s.Audiences {
		if !a.Audience.Valid() {
			return wachsam.FieldError(AudienceField(a.TopicID), "Die Zielgruppe für „%s“ ist unbekannt.", a.Topic)
		}
	}
	return nil
}

// AudienceField names the audience of a topic in forms and errors.
func AudienceField(topicID int64) string { return "audience_" + strconv.FormatInt(topicID, 10) }

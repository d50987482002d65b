package evidence

import (
	"strconv"

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
	if err := wachsam.CheckLine("title", "Titel des Schulungskonzepts", s.Title, wachsam.MaxTitleLen); err != nil {
		return err
	}
	if err := wachsam.CheckLine("approved_by", "Freigegeben von", s.ApprovedBy, wachsam.MaxNameLen); err != nil {
		return err
	}
	if err := wachsam.CheckText("notes", "Anmerkungen", s.Notes, wachsam.MaxNoteLen); err != nil {
		return err
	}
	switch {
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

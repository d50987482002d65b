package evidence

import "github.com/wachsam/wachsam"

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

// Check refuses settings a concept cannot have, in German.
func (s Settings) Check() error {
	switch {
	case len([]rune(s.Title)) > 200:
		return wachsam.Errorf(wachsam.EINVALID, "Der Titel des Schulungskonzepts darf höchstens 200 Zeichen lang sein.")
	case len([]rune(s.ApprovedBy)) > 200:
		return wachsam.Errorf(wachsam.EINVALID, "„Freigegeben von“ darf höchstens 200 Zeichen lang sein.")
	case len([]rune(s.Notes)) > 4000:
		return wachsam.Errorf(wachsam.EINVALID, "Die Anmerkungen dürfen höchstens 4.000 Zeichen lang sein.")
	case s.ApprovedOn.IsZero() != (s.ApprovedBy == ""):
		return wachsam.Errorf(wachsam.EINVALID, "Bitte geben Sie zur Freigabe beides an: wer freigegeben hat und an welchem Tag.")
	case !s.ReviewOn.IsZero() && !s.ApprovedOn.IsZero() && !s.ReviewOn.After(s.ApprovedOn):
		return wachsam.Errorf(wachsam.EINVALID, "Die nächste Überprüfung muss nach der Freigabe liegen.")
	}
	for _, a := range s.Audiences {
		if !a.Audience.Valid() {
			return wachsam.Errorf(wachsam.EINVALID, "Die Zielgruppe für „%s“ ist unbekannt.", a.Topic)
		}
	}
	return nil
}

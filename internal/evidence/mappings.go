package evidence

// Mapping names a requirement a record is evidence for.
type Mapping struct {
	Framework string `json:"framework"`
	Control   string `json:"control"`
	Title     string `json:"title"`
}

// Audience is whom a topic of the concept is meant for. It decides which
// requirement of ORP.3 the sessions and attendance of the topic prove.
type Audience string

const (
	AudienceAll        Audience = "all"        // every member of staff: ORP.3.A3
	AudienceManagement Audience = "management" // the leadership: ORP.3.A1
	AudienceRole       Audience = "role"       // people in particular roles: ORP.3.A6
	AudienceISB        Audience = "isb"        // information security officers: ORP.3.A7
)

// Audiences lists the audiences in the order forms offer them.
var Audiences = [...]Audience{AudienceAll, AudienceManagement, AudienceRole, AudienceISB}

// Valid tells whether a is one of the known audiences.
func (a Audience) Valid() bool {
	for _, known := range Audiences {
		if a == known {
			return true
		}
	}
	return false
}

// German names the audience.
func (a Audience) German() string {
	switch a {
	case AudienceAll:
		return "alle Beschäftigten"
	case AudienceManagement:
		return "Leitungsebene"
	case AudienceRole:
		return "bestimmte Rollen"
	case AudienceISB:
		return "Informationssicherheitsbeauftragte"
	}
	return string(a)
}

var (
	mapCISIS12 = Mapping{"CISIS12", "Schritt 2", "Beschäftigte sensibilisieren"}
	mapISO     = Mapping{"ISO/IEC 27001:2022", "A.6.3", "Information security awareness, education and training"}
	mapORP3A1  = Mapping{"BSI IT-Grundschutz", "ORP.3.A1", "Sensibilisierung der Institutionsleitung für Informationssicherheit"}
	mapORP3A3  = Mapping{"BSI IT-Grundschutz", "ORP.3.A3", "Einweisung des Personals in den sicheren Umgang mit IT"}
	mapORP3A4  = Mapping{"BSI IT-Grundschutz", "ORP.3.A4", "Konzeption und Planung eines Sensibilisierungs- und Schulungsprogramms zur Informationssicherheit"}
	mapORP3A6  = Mapping{"BSI IT-Grundschutz", "ORP.3.A6", "Durchführung von Sensibilisierungen und Schulungen zur Informationssicherheit"}
	mapORP3A7  = Mapping{"BSI IT-Grundschutz", "ORP.3.A7", "Schulung zur Vorgehensweise nach IT-Grundschutz"}
	mapORP3A8  = Mapping{"BSI IT-Grundschutz", "ORP.3.A8", "Messung und Auswertung des Lernerfolgs"}
)

// Basis is what the data behind a record prove. It decides which
// requirements the record may claim: a record claims only what its data
// show (docs/evidence.md, "Mappings").
type Basis struct {
	// Audience is whom the record's topic is meant for.
	Audience Audience
	// Approved: the leadership has approved the training concept
	// (programme records); only then is the concept evidence for ORP.3.A1.
	Approved bool
	// Held: the session took place (Session.Held), or the record is a
	// person's attendance. A planned or cancelled session proves no
	// training of anyone.
	Held bool
}

// MappingsFor lists the requirements a record of kind k is evidence for.
// Every record belongs to CISIS12 step 2 and ISO/IEC 27001 A.6.3. The
// concept is the programme ORP.3.A4 asks for, and evidence for A1 only
// once the leadership has approved it. A session that took place, and a
// person's attendance, prove the training of their topic's audience (A1,
// A3, A6 or A7); a planned or cancelled session proves no requirement of
// ORP.3. Coverage counts
// participation, which is not the measured learning success of ORP.3.A8
// (that would need test results, which wachsam does not record), so it
// claims no ORP.3 requirement.
func MappingsFor(k Kind, b Basis) []Mapping {
	var specific []Mapping
	switch k {
	case KindProgramme:
		if b.Approved {
			specific = append(specific, mapORP3A1)
		}
		specific = append(specific, mapORP3A4)
	case KindCoverage:
	case KindSession, KindAttendance:
		if b.Held {
			specific = append(specific, audienceMapping(b.Audience))
		}
	}
	out := make([]Mapping, 0, len(specific)+2)
	out = append(out, mapCISIS12)
	out = append(out, specific...)
	return append(out, mapISO)
}

func audienceMapping(a Audience) Mapping {
	switch a {
	case AudienceManagement:
		return mapORP3A1
	case AudienceRole:
		return mapORP3A6
	case AudienceISB:
		return mapORP3A7
	}
	return mapORP3A3
}

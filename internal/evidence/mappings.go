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

// MappingsFor lists the requirements a record of kind k is evidence for.
// The concept is the programme ORP.3.A4 asks for and is approved by the
// leadership (A1); sessions and attendance prove the training of their
// topic's audience; coverage measures the success of the programme (A8).
// Every record belongs to CISIS12 step 2 and ISO/IEC 27001 A.6.3.
func MappingsFor(k Kind, a Audience) []Mapping {
	var specific []Mapping
	switch k {
	case KindProgramme:
		specific = []Mapping{mapORP3A1, mapORP3A4}
	case KindCoverage:
		specific = []Mapping{mapORP3A8}
	default:
		specific = []Mapping{audienceMapping(a)}
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

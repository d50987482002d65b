package exam

import (
	"fmt"
	"time"
)

// Warning is something the regulation does not forbid but the office
// should look at again. It refuses nothing.
type Warning struct {
	Paragraph string `json:"paragraph"`
	Component string `json:"component,omitempty"`
	ExamDate  string `json:"exam_date,omitempty"`
	Reason    string `json:"reason"`
}

// examDayWarnings warns of every announced exam date (§3(3)) that falls on
// a Sunday or a public holiday at the seat. The regulation does not forbid
// it, but such a date is more often a typing error than an intention, and
// candidates who cannot come would have good reasons (§9(1)). Saturdays are
// usual exam days and get no warning.
func (e *evaluation) examDayWarnings() []Warning {
	var ws []Warning
	for _, c := range e.comps {
		for k, d := range c.announced {
			if k > 0 && c.announced[k-1] == d {
				continue
			}
			what := ""
			switch h := e.reg.Holiday(d); {
			case h != "":
				what = fmt.Sprintf("ein gesetzlicher Feiertag am Sitz der Akademie (%s: %s)", e.reg.Seat, h)
			case d.Weekday() == time.Sunday:
				what = "ein Sonntag"
			default:
				continue
			}
			ws = append(ws, Warning{Paragraph: "§3(3)", Component: c.def.ID, ExamDate: d.String(),
				Reason: fmt.Sprintf("Der Prüfungstermin %s für %s ist %s. Bitte prüfen, ob der Termin so gemeint ist.", d.German(), c.def.Name, what)})
		}
	}
	return ws
}

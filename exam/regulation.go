package exam

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/de"

	"github.com/wachsam/wachsam"
)

// Regulation is an examination regulation as a value: every number the
// regulation text fixes. The academy's regulation in force from 2025-09-01
// is the preset UdisISB2025; another academy's regulation is another value,
// not another code path.
type Regulation struct {
	ID          string       // stable name used in files: "udis-isb-2025-09-01"
	Title       string       // for display
	InForceFrom wachsam.Date // §13: the day it takes effect

	Scale    []Grade      // §5(2): the only grades, best first
	PassMark Grade        // §5(3): the worst passing grade (4,0)
	Rounding RoundingRule // §5(5): where an exact midpoint goes
	// RoundComponents rounds a component's grade (the weighted mean of its
	// parts, §5(4)) to the scale before it is judged passed and enters the
	// overall grade. Off in the udis preset: its §5(4) says "gewichtet und
	// gemittelt" and only §5(5) rounds, once, for the overall grade. An
	// academy whose regulation rounds components sets it.
	RoundComponents bool
	// ComponentWeights weighs the components in the overall grade (§5(5)),
	// by component ID. Nil or empty: all components weigh equally.
	ComponentWeights map[string]int64

	Retakes         int // §6(1): ordinary retakes of a failed component (1)
	HardshipRetakes int // §6(2),(4): further retakes the board may allow (1)

	Periods Periods

	// Quorum of §4(4): the board has a quorum when at least
	// QuorumNum/QuorumDen of its members take part in a vote (1/2).
	QuorumNum, QuorumDen int

	// Seat is the federal state of the academy's seat, whose public
	// holidays end no period (§193 BGB); Holidays are that state's public
	// holidays from github.com/rickar/cal/v2.
	Seat     string
	Holidays []*cal.Holiday
	// Location is the legal time of the seat; a deadline ends at 24:00
	// there. It is a field, not loaded here, because loading a time zone
	// reads the system's zone files and this package does no I/O: the
	// caller loads Europe/Berlin once (cmd/wachsam embeds time/tzdata).
	Location *time.Location
}

// Periods are the periods of the regulation.
type Periods struct {
	ExamNotice        Period // §3(3): exam dates announced at least 4 weeks before
	RetakeWindow      Period // §6(1): a retake within one year of the result
	HardshipCutoff    Period // §6(3): hardship application within 4 weeks of the result
	Entitlement       Period // §7(1) Nr. 1: passed within 1 year after the seminar ends
	ReasonsCutoff     Period // §9(2): reasons within 4 weeks of the absence or withdrawal
	InvalidationLimit Period // §11(4): no invalidation after 5 years from the certificate
	Retention         Period // §12(1): papers kept 2 years after the last performance
	InspectionCutoff  Period // §12(2): inspection request within 4 weeks of the result
}

// IDUdisISB2025 names the academy's regulation in force from 2025-09-01.
const IDUdisISB2025 = "udis-isb-2025-09-01"

// UdisISB2025 returns the regulation of the udis Ulmer Akademie für
// Datenschutz und IT-Sicherheit for the ISB/CISO exam, in force from
// 1 September 2025 (§13). berlin must be the Europe/Berlin location. A
// fresh value on every call: no caller can change another's regulation.
func UdisISB2025(berlin *time.Location) Regulation {
	return Regulation{
		ID:          IDUdisISB2025,
		Title:       "Prüfungsordnung ISB/CISO der udis (in Kraft ab 01.09.2025)",
		InForceFrom: wachsam.NewDate(2025, time.September, 1),
		Scale:       StandardScale(),
		PassMark:    Grade40,
		Rounding:    MidpointToWorse,
		Retakes:     1,
		// §6(2) allows a second retake in a hardship case; §6(4) excludes a third.
		HardshipRetakes: 1,
		Periods: Periods{
			ExamNotice:        Period{4, Weeks},
			RetakeWindow:      Period{1, Years},
			HardshipCutoff:    Period{4, Weeks},
			Entitlement:       Period{1, Years},
			ReasonsCutoff:     Period{4, Weeks},
			InvalidationLimit: Period{5, Years},
			Retention:         Period{2, Years},
			InspectionCutoff:  Period{4, Weeks},
		},
		QuorumNum: 1, QuorumDen: 2,
		Seat:     "Baden-Württemberg",
		Holidays: slices.Clone(de.HolidaysBW),
		Location: berlin,
	}
}

// Presets returns the regulations this build knows, oldest first.
func Presets(berlin *time.Location) []Regulation {
	return []Regulation{UdisISB2025(berlin)}
}

// Preset returns the known regulation with the given ID.
func Preset(id string, berlin *time.Location) (Regulation, bool) {
	for _, r := range Presets(berlin) {
		if r.ID == id {
			return r, true
		}
	}
	return Regulation{}, false
}

// RegulationInForce returns the regulation in force on day (§13): of those
// already in force, the one that took effect last.
func RegulationInForce(regs []Regulation, day wachsam.Date) (Regulation, bool) {
	var best Regulation
	found := false
	for _, r := range regs {
		if r.InForceFrom.After(day) {
			continue
		}
		if !found || r.InForceFrom.After(best.InForceFrom) {
			best, found = r, true
		}
	}
	return best, found
}

// Validate checks that the regulation is complete and consistent.
func (r Regulation) Validate() error {
	var errs []error
	if r.ID == "" || r.InForceFrom.IsZero() {
		errs = append(errs, errors.New("Prüfungsordnung ohne Kennung oder Tag des Inkrafttretens"))
	}
	if len(r.Scale) == 0 || !slices.IsSorted(r.Scale) || !OnScale(r.PassMark, r.Scale) {
		errs = append(errs, errors.New("Notenskala leer, nicht aufsteigend oder ohne Bestehensgrenze"))
	}
	for _, g := range r.Scale {
		if g <= 0 || g > maxGradeTenths {
			errs = append(errs, fmt.Errorf("Note %s außerhalb des zulässigen Bereichs", g))
		}
	}
	for id, w := range r.ComponentWeights {
		if w <= 0 || w > MaxWeight {
			errs = append(errs, fmt.Errorf("Gewicht der Prüfungsleistung %s muss zwischen 1 und %d liegen", id, MaxWeight))
		}
	}
	if r.Retakes < 0 || r.HardshipRetakes < 0 {
		errs = append(errs, errors.New("negative Zahl von Wiederholungen"))
	}
	if r.QuorumDen <= 0 || r.QuorumNum < 0 || r.QuorumNum > r.QuorumDen {
		errs = append(errs, errors.New("Beschlussfähigkeit muss ein Anteil zwischen 0 und 1 sein"))
	}
	if r.Location == nil {
		errs = append(errs, errors.New("keine Zeitzone des Sitzes angegeben"))
	}
	for _, k := range DeadlineKinds() {
		if p := r.Period(k); p.N <= 0 {
			errs = append(errs, fmt.Errorf("Frist %s ohne Dauer", k))
		}
	}
	return errors.Join(errs...)
}

// MaxAttempts is the number of counted attempts a component can ever have:
// the first, the ordinary retakes and the hardship retakes (§6(1),(2),(4)).
func (r Regulation) MaxAttempts() int { return 1 + r.Retakes + r.HardshipRetakes }

// Round rounds a mean to the regulation's scale with its rounding rule (§5(5)).
func (r Regulation) Round(m Mean) Grade { return roundTo(m, r.Scale, r.Rounding) }

func (r Regulation) roundRat(m *big.Rat) Grade { return roundRat(m, r.Scale, r.Rounding) }

// Passed reports whether g passes (§5(3): at least "ausreichend").
func (r Regulation) Passed(g Grade) bool { return g <= r.PassMark }

// PassedMean reports whether a component's exact grade passes (§5(3)):
// it is 4,0 or better. 4,15 is not: only §5(5) rounds, and only the
// overall grade.
func (r Regulation) PassedMean(m Mean) bool { return m.Cmp(MeanOf(r.PassMark)) <= 0 }

// ComponentGrade is the grade of a component from the exact weighted mean
// of its parts (§5(4)): that mean itself, or rounded to the scale when the
// regulation rounds components (RoundComponents).
func (r Regulation) ComponentGrade(m Mean) Mean {
	if r.RoundComponents {
		return MeanOf(r.Round(m))
	}
	return m
}

// Word is the German grade word of §5(2) for an exact grade: the word of the
// best grade of the scale the mean reaches (not better than it), so a word
// never claims more than the mean earned — 1,3 "sehr gut", 1,31 "gut",
// 4,0 "ausreichend", 4,15 "nicht ausreichend".
func (r Regulation) Word(m Mean) string {
	for _, g := range r.Scale {
		if m.Cmp(MeanOf(g)) <= 0 {
			return g.Word()
		}
	}
	return r.Scale[len(r.Scale)-1].Word()
}

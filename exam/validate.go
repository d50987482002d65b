package exam

import (
	"errors"
	"io"

	"github.com/wachsam/wachsam"
)

// ResolveRegulation returns the regulation a file is judged by (§13): the
// regulation in force on the first seminar day, the day the case begins. A
// file may name its regulation; then it must be that one, so a file never
// silently changes the rules it is judged by.
func ResolveRegulation(regs []Regulation, f File) (Regulation, error) {
	if len(f.Seminar.Days) == 0 {
		return Regulation{}, invalid("seminar.days", "fehlt")
	}
	start := f.Seminar.Days[0].Date
	inForce, ok := RegulationInForce(regs, start)
	if f.Regulation != "" {
		named := false
		for _, r := range regs {
			named = named || r.ID == f.Regulation
		}
		if !named {
			return Regulation{}, invalid("regulation", "%q ist keine bekannte Prüfungsordnung", f.Regulation)
		}
	}
	if !ok {
		return Regulation{}, invalid("seminar.days[0].date", "am %s war keine bekannte Prüfungsordnung in Kraft (§13)", start.German())
	}
	if f.Regulation != "" && f.Regulation != inForce.ID {
		return Regulation{}, invalid("regulation", "für ein Seminar ab %s gilt %q, nicht %q (§13)", start.German(), inForce.ID, f.Regulation)
	}
	return inForce, nil
}

// Validate checks the file against the regulation it is judged by: the
// regulation itself is complete, every grade lies on its scale (§5(2)), and
// where the regulation weighs components, every component has a weight.
func (f File) Validate(reg Regulation) error {
	if err := reg.Validate(); err != nil {
		return invalid("regulation", "Prüfungsordnung %q ist unvollständig: %v", reg.ID, err)
	}
	for i, fact := range f.Facts {
		for j, pg := range fact.Grades {
			if OnScale(pg.Grade, reg.Scale) {
				continue
			}
			path := join(index("facts", i), "grade")
			if fact.has.grades {
				path = join(index(join(index("facts", i), "grades"), j), "grade")
			}
			return invalid(path, "%s ist keine Note der Skala nach §5(2)", pg.Grade)
		}
	}
	if err := f.checkDateRange(reg); err != nil {
		return err
	}
	if len(reg.ComponentWeights) > 0 {
		for i, c := range f.Components {
			if _, ok := reg.ComponentWeights[c.ID]; !ok {
				return invalid(join(index("components", i), "id"), "die Prüfungsordnung legt für %q kein Gewicht fest (§5(5))", c.ID)
			}
		}
	}
	return nil
}

// Check does what `wachsam exam check` does: read a candidate's file,
// resolve its regulation among regs, validate it, and evaluate it as of
// asOf — or, if asOf is the zero date, as of the file's as_of. An invalid
// file or a missing day yields a *wachsam.Error naming the field.
func Check(r io.Reader, regs []Regulation, asOf wachsam.Date) (State, error) {
	f, err := ParseFile(r)
	if err != nil {
		return State{}, err
	}
	reg, err := ResolveRegulation(regs, f)
	if err != nil {
		return State{}, err
	}
	if err := f.Validate(reg); err != nil {
		return State{}, err
	}
	if asOf.IsZero() {
		asOf = f.AsOf
	}
	if asOf.IsZero() {
		// No clock here: the day must be given, nothing is guessed.
		return State{}, invalid("as_of", "fehlt: Stichtag in der Datei (as_of) oder mit --as-of angeben")
	}
	return Evaluate(reg, f, asOf), nil
}

// ErrorText renders an error of Check for people: "facts[3].grade: 1,5 ist
// keine Note der Skala nach §5(2)".
func ErrorText(err error) string {
	var e *wachsam.Error
	if errors.As(err, &e) {
		if e.Field != "" {
			return e.Field + ": " + e.Message
		}
		return e.Message
	}
	return err.Error()
}

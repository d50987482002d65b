package exam

import "slices"

// CheckFact checks that a fact built in code (not parsed from a file) has
// what its type needs and names only what exists in file: a known type, the
// component and exam date it must name, a seminar day for attendance, and
// part grades of the component's parts. ParseFile checks the same for
// files; Evaluate relies on it. The error is a *wachsam.Error naming the
// field.
func (f File) CheckFact(fact Fact) error {
	required, _, ok := factFields(fact.Type)
	if !ok {
		return invalid("type", "%q ist keine bekannte Art von Fakt", fact.Type)
	}
	if fact.Type == FactBoardDecision {
		more, ok := motionFields(fact.Motion)
		if !ok {
			return invalid("motion", "%q ist kein bekannter Beschlussgegenstand", fact.Motion)
		}
		required = append(slices.Clone(required), more...)
	}
	if fact.Date.IsZero() {
		return invalid("date", "Das Datum fehlt.")
	}
	needsComponent := slices.Contains(required, "component") || fact.Fee == "retake"
	var comp *Component
	if needsComponent || fact.Component != "" {
		k := slices.IndexFunc(f.Components, func(c Component) bool { return c.ID == fact.Component })
		if k < 0 {
			return invalid("component", "%q ist keine Prüfungsleistung dieses Seminars", fact.Component)
		}
		comp = &f.Components[k]
	}
	if slices.Contains(required, "exam_date") && fact.ExamDate.IsZero() {
		return invalid("exam_date", "Der Prüfungstermin fehlt.")
	}
	switch fact.Type {
	case FactSeminarDayAttended:
		if !slices.ContainsFunc(f.Seminar.Days, func(d SeminarDay) bool { return d.Date == fact.Date }) {
			return invalid("date", "%s ist kein Seminartag", fact.Date.German())
		}
	case FactFeePaid:
		if fact.Fee != "exam" && fact.Fee != "retake" {
			return invalid("fee", "muss \"exam\" oder \"retake\" sein")
		}
	case FactAttemptGraded:
		return checkGradesOf(fact.Grades, comp)
	case FactBoardDelegated:
		if _, ok := motionFields(fact.Task); !ok {
			return invalid("task", "%q ist kein bekannter Beschlussgegenstand", fact.Task)
		}
	}
	if fact.Type == FactBoardDecision && fact.DecidedBy != ByBoard && fact.DecidedBy != ByChair {
		return invalid("decided_by", "muss \"board\" oder \"chair\" sein")
	}
	return nil
}

// checkGradesOf: one grade for a component graded as a whole, or one per
// part of it (§5(4)).
func checkGradesOf(gs []PartGrade, c *Component) error {
	if len(c.Parts) == 0 {
		if len(gs) != 1 || gs[0].Part != "" {
			return invalid("grade", "%s wird als Ganzes mit einer Note bewertet", c.ID)
		}
		return nil
	}
	return checkPartGrades(gs, c, "grades")
}

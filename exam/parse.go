package exam

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"

	"github.com/wachsam/wachsam"
)

// MaxFileSize bounds what ParseFile reads (a real file is a few kilobytes).
const MaxFileSize = 4 << 20

// ParseFile reads a candidate's file in the JSON format of
// docs/exam-file-format.md. It is strict: unknown or duplicate fields,
// missing required fields, wrong types, invalid dates, unknown fact types,
// references to unknown components or parts and facts out of chronological
// order are all errors. Every error is a *wachsam.Error whose Field is the
// JSON path of the offending field ("facts[3].grades[0].grade") and whose
// Message says why, in German. Whether grades lie on the scale depends on
// the regulation: see File.Validate.
func ParseFile(r io.Reader) (File, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return File{}, invalid("(Datei)", "kann nicht gelesen werden: %v", err)
	}
	if len(data) > MaxFileSize {
		return File{}, invalid("(Datei)", "ist größer als %d Bytes", MaxFileSize)
	}
	data = trimBOM(data)
	if !json.Valid(data) {
		return File{}, invalid("(Datei)", "ist kein gültiges JSON")
	}
	if err := checkText(data); err != nil {
		return File{}, err
	}
	root, err := parseObject(bytes.TrimSpace(data), "")
	if err != nil {
		return File{}, err
	}
	if err := root.allow("regulation", "as_of", "candidate", "seminar", "components", "facts"); err != nil {
		return File{}, err
	}
	var f File
	if f.Regulation, err = root.str("regulation", false); err != nil {
		return File{}, err
	}
	if f.AsOf, err = root.date("as_of", false); err != nil {
		return File{}, err
	}
	if f.Candidate, err = parseCandidate(root); err != nil {
		return File{}, err
	}
	if f.Seminar, err = parseSeminar(root); err != nil {
		return File{}, err
	}
	if f.Components, err = parseComponents(root); err != nil {
		return File{}, err
	}
	facts, err := root.array("facts", true)
	if err != nil {
		return File{}, err
	}
	f.Facts = make([]Fact, len(facts))
	for i, raw := range facts {
		if f.Facts[i], err = parseFact(raw, index("facts", i)); err != nil {
			return File{}, err
		}
	}
	if err := f.checkReferences(); err != nil {
		return File{}, err
	}
	return f, nil
}

func parseCandidate(root *object) (Candidate, error) {
	o, err := root.child("candidate", true)
	if err != nil {
		return Candidate{}, err
	}
	if err := o.allow("id", "name"); err != nil {
		return Candidate{}, err
	}
	var c Candidate
	if c.ID, err = o.str("id", true); err != nil {
		return Candidate{}, err
	}
	if c.Name, err = o.str("name", true); err != nil {
		return Candidate{}, err
	}
	return c, nil
}

func parseSeminar(root *object) (Seminar, error) {
	o, err := root.child("seminar", true)
	if err != nil {
		return Seminar{}, err
	}
	if err := o.allow("days"); err != nil {
		return Seminar{}, err
	}
	days, err := o.array("days", true)
	if err != nil {
		return Seminar{}, err
	}
	if len(days) == 0 {
		return Seminar{}, invalid("seminar.days", "muss mindestens einen Seminartag enthalten")
	}
	var s Seminar
	for i, raw := range days {
		d, err := parseObject(raw, index("seminar.days", i))
		if err != nil {
			return Seminar{}, err
		}
		if err := d.allow("date", "online"); err != nil {
			return Seminar{}, err
		}
		var day SeminarDay
		if day.Date, err = d.date("date", true); err != nil {
			return Seminar{}, err
		}
		if day.Online, err = d.boolean("online", false); err != nil {
			return Seminar{}, err
		}
		if i > 0 && !day.Date.After(s.Days[i-1].Date) {
			return Seminar{}, invalid(join(d.path, "date"), "muss nach dem vorigen Seminartag liegen")
		}
		s.Days = append(s.Days, day)
	}
	return s, nil
}

func parseComponents(root *object) ([]Component, error) {
	list, err := root.array("components", true)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, invalid("components", "muss mindestens eine Prüfungsleistung enthalten")
	}
	var cs []Component
	seen := make(map[string]bool, len(list))
	for i, raw := range list {
		o, err := parseObject(raw, index("components", i))
		if err != nil {
			return nil, err
		}
		if err := o.allow("id", "name", "examiner", "parts"); err != nil {
			return nil, err
		}
		var c Component
		if c.ID, err = o.str("id", true); err != nil {
			return nil, err
		}
		if seen[c.ID] {
			return nil, invalid(join(o.path, "id"), "%q ist doppelt vergeben", c.ID)
		}
		seen[c.ID] = true
		if c.Name, err = o.str("name", true); err != nil {
			return nil, err
		}
		if c.Examiner, err = o.str("examiner", false); err != nil {
			return nil, err
		}
		if c.Parts, err = parseParts(o); err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, nil
}

func parseParts(c *object) ([]Part, error) {
	list, err := c.array("parts", false)
	if err != nil || list == nil {
		return nil, err
	}
	if len(list) == 0 || len(list) > MaxParts {
		return nil, invalid(join(c.path, "parts"), "muss zwischen 1 und %d Einzelleistungen enthalten (oder fehlen)", MaxParts)
	}
	var ps []Part
	for i, raw := range list {
		o, err := parseObject(raw, index(join(c.path, "parts"), i))
		if err != nil {
			return nil, err
		}
		if err := o.allow("id", "weight"); err != nil {
			return nil, err
		}
		var p Part
		if p.ID, err = o.str("id", true); err != nil {
			return nil, err
		}
		if slices.ContainsFunc(ps, func(x Part) bool { return x.ID == p.ID }) {
			return nil, invalid(join(o.path, "id"), "%q ist doppelt vergeben", p.ID)
		}
		if p.Weight, err = o.integer("weight", true, 1, MaxWeight); err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// checkReferences checks what only the whole file can tell: order of the
// facts, and that they name components, parts and seminar days that exist.
func (f File) checkReferences() error {
	// Maps, not a search per fact: a file's size must not make the check
	// quadratic.
	compAt := make(map[string]int, len(f.Components))
	for k, c := range f.Components {
		compAt[c.ID] = k
	}
	dayAt := make(map[wachsam.Date]int, len(f.Seminar.Days))
	for k, d := range f.Seminar.Days {
		dayAt[d.Date] = k
	}
	for i, fact := range f.Facts {
		path := index("facts", i)
		if i > 0 && fact.Date.Before(f.Facts[i-1].Date) {
			// Facts are a history: the order in the file is the order in
			// which they happened; nothing is re-sorted behind the
			// reader's back.
			return invalid(join(path, "date"), "%s liegt vor dem Datum des vorigen Fakts (%s); Fakten stehen in zeitlicher Reihenfolge", fact.Date.German(), f.Facts[i-1].Date.German())
		}
		needsComponent := fact.Component != "" || fact.Fee == "retake"
		var comp *Component
		if needsComponent {
			k, ok := compAt[fact.Component]
			if !ok {
				return invalid(join(path, "component"), "%q ist keine Prüfungsleistung dieser Datei", fact.Component)
			}
			comp = &f.Components[k]
		}
		switch fact.Type {
		case FactSeminarDayAttended:
			k, ok := dayAt[fact.Date]
			if !ok {
				return invalid(join(path, "date"), "%s ist kein Seminartag", fact.Date.German())
			}
			if !f.Seminar.Days[k].Online && fact.has.camera {
				return invalid(join(path, "camera_confirmed"), "gilt nur für Online-Seminartage")
			}
			if f.Seminar.Days[k].Online && !fact.has.camera {
				return invalid(join(path, "camera_confirmed"), "fehlt: am Online-Seminartag %s ist die Anwesenheit über die Kamera nachzuweisen (§2(1))", fact.Date.German())
			}
		case FactAttemptGraded:
			if err := checkGrades(fact, comp, path); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkGrades(fact Fact, c *Component, path string) error {
	if len(c.Parts) == 0 {
		if !fact.has.grade {
			return invalid(join(path, "grade"), "fehlt: %s wird als Ganzes bewertet", c.ID)
		}
		return nil
	}
	if !fact.has.grades {
		return invalid(join(path, "grades"), "fehlt: %s besteht aus Einzelleistungen (§5(4))", c.ID)
	}
	return checkPartGrades(fact.Grades, c, join(path, "grades"))
}

// checkPartGrades checks that every part of c is graded once and nothing
// else is (§5(4)); path is where the grades stand, for the error.
func checkPartGrades(gs []PartGrade, c *Component, path string) error {
	for j, pg := range gs {
		if !slices.ContainsFunc(c.Parts, func(p Part) bool { return p.ID == pg.Part }) {
			return invalid(index(path, j)+".part", "%q ist keine Einzelleistung von %s", pg.Part, c.ID)
		}
		if slices.ContainsFunc(gs[:j], func(x PartGrade) bool { return x.Part == pg.Part }) {
			return invalid(index(path, j)+".part", "%q ist doppelt bewertet", pg.Part)
		}
	}
	for _, p := range c.Parts {
		if !slices.ContainsFunc(gs, func(x PartGrade) bool { return x.Part == p.ID }) {
			return invalid(path, "Note der Einzelleistung %q fehlt", p.ID)
		}
	}
	return nil
}

package exam

import (
	"encoding/json"
	"slices"
)

// factFields returns the fields a fact of type t must and may have, besides
// "type", "date" and "note". ok is false for an unknown type.
func factFields(t FactType) (required, optional []string, ok bool) {
	ref := []string{"component", "exam_date"}
	switch t {
	case FactSeminarDayAttended:
		return nil, []string{"camera_confirmed"}, true
	case FactOnlineNoticeGiven, FactExtensionApplied, FactHearingHeld, FactCertificateIssued, FactPapersDeleted:
		return nil, nil, true
	case FactFeePaid:
		return []string{"fee"}, []string{"component"}, true
	case FactExamDateAnnounced, FactRegistered, FactWithdrew, FactAbsent, FactResultAnnounced,
		FactDisorderFound, FactRejectionLetterSent, FactInspectionRequested:
		return ref, nil, true
	case FactAttemptGraded:
		return ref, []string{"grades", "grade"}, true
	case FactReasonsSubmitted:
		return append(ref, "illness", "medical_certificate"), nil, true
	case FactEvidenceAdded:
		// With exam_date: evidence for reasons (§9(2)); without: for the
		// component's hardship application (§6(3)).
		return []string{"component"}, []string{"exam_date", "medical_certificate"}, true
	case FactReasonsCompleted:
		// With exam_date: the reasons are complete (§9(2)); without: the
		// component's hardship application is (§6(3)).
		return []string{"component"}, []string{"exam_date"}, true
	case FactHardshipApplied:
		return []string{"component"}, nil, true
	case FactBoardDelegated:
		return []string{"task", "members", "votes"}, []string{"circular"}, true
	case FactBoardDecision:
		return []string{"motion", "votes", "decided_by"}, []string{"members", "circular"}, true
	}
	return nil, nil, false
}

// motionFields returns the fields a board decision on motion m must have.
func motionFields(m Motion) ([]string, bool) {
	switch m {
	case MotionAcceptReasons, MotionFindCheating, MotionRecogniseEquivalent:
		return []string{"component", "exam_date"}, true
	case MotionApproveHardshipRetake:
		return []string{"component", "findings"}, true
	case MotionExtendEntitlement:
		return []string{"until"}, true
	case MotionNameSubstituteExaminer:
		return []string{"component", "examiner"}, true
	case MotionInvalidateCertificate:
		return []string{"ground"}, true
	}
	return nil, false
}

func parseFact(raw json.RawMessage, path string) (Fact, error) {
	o, err := parseObject(raw, path)
	if err != nil {
		return Fact{}, err
	}
	var f Fact
	typ, err := o.str("type", true)
	if err != nil {
		return Fact{}, err
	}
	f.Type = FactType(typ)
	required, optional, ok := factFields(f.Type)
	if !ok {
		return Fact{}, invalid(join(path, "type"), "%q ist keine bekannte Art von Fakt", typ)
	}
	if f.Type == FactBoardDecision {
		m, err := o.str("motion", true)
		if err != nil {
			return Fact{}, err
		}
		more, ok := motionFields(Motion(m))
		if !ok {
			return Fact{}, invalid(join(path, "motion"), "%q ist kein bekannter Beschlussgegenstand", m)
		}
		required = append(slices.Clone(required), more...)
	}
	if err := o.allow(slices.Concat([]string{"type", "date", "note"}, required, optional)...); err != nil {
		return Fact{}, err
	}
	if f.Date, err = o.date("date", true); err != nil {
		return Fact{}, err
	}
	if f.Note, err = o.str("note", false); err != nil {
		return Fact{}, err
	}
	for _, key := range slices.Concat(required, optional) {
		if err := readFactField(o, key, slices.Contains(required, key), &f); err != nil {
			return Fact{}, err
		}
	}
	return f, checkFact(o, &f)
}

func readFactField(o *object, key string, required bool, f *Fact) error {
	var err error
	switch key {
	case "component":
		f.Component, err = o.str(key, required)
	case "exam_date":
		f.ExamDate, err = o.date(key, required)
	case "camera_confirmed":
		f.has.camera = o.has(key)
		f.CameraConfirmed, err = o.boolean(key, required)
	case "fee":
		f.Fee, err = o.str(key, required)
	case "grade":
		f.has.grade = o.has(key)
		if f.has.grade {
			var s string
			if s, err = o.str(key, true); err == nil {
				var g Grade
				if g, err = parseTenths(s); err != nil {
					err = invalid(join(o.path, key), "%s", err.Error())
				}
				f.Grades = []PartGrade{{Grade: g}}
			}
		}
	case "grades":
		f.has.grades = o.has(key)
		if f.has.grades {
			f.Grades, err = parsePartGrades(o, key)
		}
	case "illness":
		f.Illness, err = o.boolean(key, required)
	case "medical_certificate":
		f.MedicalCertificate, err = o.boolean(key, required)
	case "motion":
		var s string
		s, err = o.str(key, required)
		f.Motion = Motion(s)
	case "task":
		var s string
		if s, err = o.str(key, required); err == nil {
			f.Task = Motion(s)
			if _, ok := motionFields(f.Task); !ok {
				err = invalid(join(o.path, key), "%q ist kein bekannter Beschlussgegenstand", s)
			}
		}
	case "members":
		f.has.members = o.has(key)
		var n int64
		n, err = o.integer(key, required, 1, 1000)
		f.Members = int(n)
	case "votes":
		f.Votes, err = parseVotes(o, key)
	case "circular":
		f.Circular, err = o.boolean(key, required)
	case "decided_by":
		var s string
		if s, err = o.str(key, required); err == nil {
			f.DecidedBy = Decider(s)
			if f.DecidedBy != ByBoard && f.DecidedBy != ByChair {
				err = invalid(join(o.path, key), "muss \"board\" oder \"chair\" sein")
			}
		}
	case "findings":
		f.Findings, err = parseFindings(o, key)
	case "until":
		f.Until, err = o.date(key, required)
	case "ground":
		if f.Ground, err = o.str(key, required); err == nil && f.Ground != "cheating" && f.Ground != "admission" {
			err = invalid(join(o.path, key), "muss \"cheating\" (§11(1)) oder \"admission\" (§11(2)) sein")
		}
	case "examiner":
		f.Examiner, err = o.str(key, required)
	default:
		panic("exam: no reader for fact field " + key)
	}
	return err
}

// checkFact checks the rules within one fact.
func checkFact(o *object, f *Fact) error {
	switch f.Type {
	case FactFeePaid:
		switch f.Fee {
		case "exam":
			if f.Component != "" {
				return invalid(join(o.path, "component"), "die Prüfungsgebühr gilt für die ganze Prüfung (§2(2)); nur eine Wiederholungsgebühr nennt eine Prüfungsleistung")
			}
		case "retake":
			if f.Component == "" {
				return invalid(join(o.path, "component"), "fehlt: eine Wiederholungsgebühr gilt für eine Prüfungsleistung (§2(2))")
			}
		default:
			return invalid(join(o.path, "fee"), "muss \"exam\" oder \"retake\" sein")
		}
	case FactAttemptGraded:
		if f.has.grade && f.has.grades {
			return invalid(join(o.path, "grade"), "entweder grade oder grades, nicht beides")
		}
	case FactBoardDecision:
		if f.DecidedBy == ByBoard && !f.has.members {
			return invalid(join(o.path, "members"), "fehlt: ohne die Zahl der Mitglieder ist die Beschlussfähigkeit (§4(4)) nicht zu prüfen")
		}
	}
	return nil
}

func parsePartGrades(o *object, key string) ([]PartGrade, error) {
	list, err := o.array(key, true)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 || len(list) > MaxParts {
		return nil, invalid(join(o.path, key), "muss zwischen 1 und %d Noten enthalten", MaxParts)
	}
	out := make([]PartGrade, 0, len(list))
	for i, raw := range list {
		p, err := parseObject(raw, index(join(o.path, key), i))
		if err != nil {
			return nil, err
		}
		if err := p.allow("part", "grade"); err != nil {
			return nil, err
		}
		var pg PartGrade
		if pg.Part, err = p.str("part", true); err != nil {
			return nil, err
		}
		s, err := p.str("grade", true)
		if err != nil {
			return nil, err
		}
		if pg.Grade, err = parseTenths(s); err != nil {
			return nil, invalid(join(p.path, "grade"), "%s", err.Error())
		}
		out = append(out, pg)
	}
	return out, nil
}

func parseVotes(o *object, key string) (Votes, error) {
	v, err := o.child(key, true)
	if err != nil {
		return Votes{}, err
	}
	if err := v.allow("yes", "no", "abstain"); err != nil {
		return Votes{}, err
	}
	var vs Votes
	var n int64
	if n, err = v.integer("yes", true, 0, 1000); err != nil {
		return Votes{}, err
	}
	vs.Yes = int(n)
	if n, err = v.integer("no", true, 0, 1000); err != nil {
		return Votes{}, err
	}
	vs.No = int(n)
	if n, err = v.integer("abstain", false, 0, 1000); err != nil {
		return Votes{}, err
	}
	vs.Abstain = int(n)
	return vs, nil
}

func parseFindings(o *object, key string) (Findings, error) {
	v, err := o.child(key, true)
	if err != nil {
		return Findings{}, err
	}
	if err := v.allow("not_responsible", "expectation_of_success"); err != nil {
		return Findings{}, err
	}
	var fs Findings
	if fs.NotResponsible, err = v.boolean("not_responsible", true); err != nil {
		return Findings{}, err
	}
	if fs.ExpectationOfSuccess, err = v.boolean("expectation_of_success", true); err != nil {
		return Findings{}, err
	}
	return fs, nil
}

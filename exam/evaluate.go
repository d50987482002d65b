package exam

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wachsam/wachsam"
)

// evaluation is the fold of a file's facts, one at a time, in order.
type evaluation struct {
	reg  Regulation
	file File
	asOf wachsam.Date

	attended      []bool       // per seminar day (§2(1))
	noticeOn      wachsam.Date // written notice for online days (§2(1))
	examFeeOn     wachsam.Date // §2(2)
	comps         []*comp
	byID          map[string]*comp
	dayAt         map[wachsam.Date]int // seminar day → index
	failing       []*comp              // components with an attempt that did not pass
	delegated     []Motion             // tasks delegated to the chair (§4(3))
	extensionOn   wachsam.Date         // pending application for an extension (§7(2))
	extendedUntil wachsam.Date         // §7(2)
	certificate   *CertState           // §10, §11
	lastHearing   wachsam.Date         // §11(3)
	papersDeleted wachsam.Date         // §12(1)

	decisions     []DecisionState
	refused       []Refusal
	deadlineCache map[cachedDeadline]wachsam.Date
}

type comp struct {
	def       *Component
	examiner  string
	announced []wachsam.Date // valid exam dates (§3(3))
	retakeFee []wachsam.Date // payment days of retake fees (§2(2))
	attempts  []*attempt
	hardship  []*hardshipApp
	approvals int  // hardship retakes approved (§6(2))
	index     int  // position in the file
	failing   bool // listed in evaluation.failing
}

type hardshipApp struct {
	failed   *attempt // the failed retake it is about
	on       wachsam.Date
	inTime   bool
	complete bool // declared complete by the candidate (FactReasonsCompleted without exam date)
	decided  bool
	approved bool
}

type attempt struct {
	examDate, registeredOn wachsam.Date
	graded                 bool
	grade                  Mean // the component's grade from this attempt (§5(4))
	mean                   Mean // the exact weighted mean of the parts
	parts                  []PartGrade
	absent, withdrew       bool
	missedOn               wachsam.Date // the day of the absence or withdrawal (§9(2))
	reasons                *reasons
	disorder, cheating     bool
	resultOn               wachsam.Date
	equivalent             bool
	inspectionOn           wachsam.Date
}

type reasons struct {
	on                  wachsam.Date
	illness, medicalCer bool
	inTime              bool
	complete            bool // declared complete by the candidate (FactReasonsCompleted)
	decided, accepted   bool
	letterSent          bool
}

// refusal is why a fact has no effect: the provision and a German sentence.
type refusal struct{ para, reason string }

func refuse(para, format string, args ...any) *refusal {
	return &refusal{para, fmt.Sprintf(format, args...)}
}

// Evaluate folds the facts of file, up to and including asOf, into the
// candidate's state under reg. It assumes file was validated against reg
// (File.Validate); facts dated after asOf are left out. A fact the
// regulation does not allow is listed in State.Refused with its § and a
// German sentence, and has no other effect.
func Evaluate(reg Regulation, file File, asOf wachsam.Date) State {
	e := newEvaluation(reg, file, asOf)
	ignored := 0
	for i, f := range file.Facts {
		if f.Date.After(asOf) {
			ignored = len(file.Facts) - i
			break
		}
		if r := e.apply(i, f); r != nil {
			e.refused = append(e.refused, Refusal{Fact: i, Date: f.Date, Action: string(f.Type), Component: f.Component, Paragraph: r.para, Reason: r.reason})
		}
	}
	s := e.state()
	s.IgnoredFacts = ignored
	return s
}

// newEvaluation starts the fold with no fact applied yet.
func newEvaluation(reg Regulation, file File, asOf wachsam.Date) *evaluation {
	e := &evaluation{reg: reg, file: file, asOf: asOf, attended: make([]bool, len(file.Seminar.Days)),
		byID: make(map[string]*comp, len(file.Components)), dayAt: make(map[wachsam.Date]int, len(file.Seminar.Days)),
		deadlineCache: map[cachedDeadline]wachsam.Date{}}
	for k, day := range file.Seminar.Days {
		e.dayAt[day.Date] = k
	}
	for i := range file.Components {
		c := &comp{def: &file.Components[i], examiner: file.Components[i].Examiner, index: i}
		e.comps = append(e.comps, c)
		e.byID[c.def.ID] = c
	}
	return e
}

func (e *evaluation) comp(id string) *comp {
	if c, ok := e.byID[id]; ok {
		return c
	}
	panic("exam: unknown component " + id + "; was the file parsed with ParseFile?")
}

// attemptOn finds the component's attempt for an exam date.
func (c *comp) attemptOn(d wachsam.Date) *attempt {
	for i := len(c.attempts) - 1; i >= 0; i-- {
		if c.attempts[i].examDate == d {
			return c.attempts[i]
		}
	}
	return nil
}

func (e *evaluation) apply(i int, f Fact) *refusal {
	d := f.Date
	switch f.Type {
	case FactSeminarDayAttended:
		k := e.dayAt[d]
		if e.file.Seminar.Days[k].Online && !f.CameraConfirmed {
			return refuse("§2(1)", "Am Online-Seminartag %s ist die Anwesenheit nicht über die Kamera nachgewiesen; der Tag zählt nicht als Teilnahme.", d.German())
		}
		e.attended[k] = true
	case FactOnlineNoticeGiven:
		if e.noticeOn.IsZero() {
			e.noticeOn = d
		}
	case FactFeePaid:
		if f.Fee == "exam" {
			if !e.examFeeOn.IsZero() {
				return refuse("§2(2)", "Die Prüfungsgebühr wurde bereits am %s entrichtet.", e.examFeeOn.German())
			}
			e.examFeeOn = d
		} else {
			c := e.comp(f.Component)
			c.retakeFee = append(c.retakeFee, d)
		}
	case FactExamDateAnnounced:
		if earliest := e.reg.EarliestExamDate(d); f.ExamDate.Before(earliest) {
			return refuse("§3(3)", "Der Termin %s wurde am %s bekannt gegeben, weniger als %s vorher; frühestens zulässig wäre der %s.", f.ExamDate.German(), d.German(), e.reg.Periods.ExamNotice, earliest.German())
		}
		c := e.comp(f.Component)
		c.announced = append(c.announced, f.ExamDate)
	case FactRegistered:
		return e.register(f)
	case FactWithdrew, FactAbsent:
		return e.miss(f)
	case FactAttemptGraded:
		return e.grade(f)
	case FactResultAnnounced:
		return e.announce(f)
	case FactDisorderFound:
		a := e.comp(f.Component).attemptOn(f.ExamDate)
		if a == nil || a.absent || a.withdrew || d.Before(f.ExamDate) {
			return refuse("§8(2)", "Ein Ordnungsverstoß kann nur bei einer angetretenen Prüfung am %s festgestellt werden.", f.ExamDate.German())
		}
		a.disorder = true
		e.markFailing(e.comp(f.Component))
	case FactReasonsSubmitted:
		return e.submitReasons(f)
	case FactEvidenceAdded:
		return e.addEvidence(f)
	case FactReasonsCompleted:
		if f.ExamDate.IsZero() {
			return e.completeHardship(f)
		}
		a := e.comp(f.Component).attemptOn(f.ExamDate)
		if a == nil || a.reasons == nil || !a.reasons.inTime || a.reasons.decided {
			return refuse("§9(2)", "Zum Termin %s liegen keine offenen Gründe vor, die für vollständig erklärt werden könnten.", f.ExamDate.German())
		}
		a.reasons.complete = true
	case FactRejectionLetterSent:
		a := e.comp(f.Component).attemptOn(f.ExamDate)
		if a == nil || a.reasons == nil || !a.reasons.decided || a.reasons.accepted {
			return refuse("§9(3)", "Es gibt keine ablehnende Entscheidung über Gründe zum Termin %s, die mitzuteilen wäre.", f.ExamDate.German())
		}
		a.reasons.letterSent = true
	case FactHardshipApplied:
		return e.applyHardship(f)
	case FactExtensionApplied:
		e.extensionOn = d
	case FactBoardDelegated:
		t := e.reg.TallyVote(Vote{Members: f.Members, Votes: f.Votes, Circular: f.Circular, DecidedBy: ByBoard})
		e.decisions = append(e.decisions, DecisionState{Fact: i, Date: d, Motion: "delegate:" + f.Task, DecidedBy: ByBoard, Tally: t, Effective: t.Valid && t.Accepted})
		if !t.Valid {
			return refuse(t.Paragraph, "%s", t.Reason)
		}
		if t.Accepted && !slices.Contains(e.delegated, f.Task) {
			e.delegated = append(e.delegated, f.Task)
		}
	case FactBoardDecision:
		return e.decide(i, f)
	case FactHearingHeld:
		e.lastHearing = d
	case FactCertificateIssued:
		return e.issueCertificate(d)
	case FactPapersDeleted:
		last, ok := e.lastPerformance()
		if !ok {
			return refuse("§12(1)", "Es gibt keine schriftlichen Prüfungsleistungen, die zu löschen wären.")
		}
		if end := e.deadlineOf(Retention, last); !d.After(end) {
			return refuse("§12(1)", "Die schriftlichen Prüfungsleistungen sind zwei Jahre ab der letzten Prüfungsleistung (%s) aufzubewahren, also bis einschließlich %s.", last.German(), end.German())
		}
		e.papersDeleted = d
	case FactInspectionRequested:
		a := e.comp(f.Component).attemptOn(f.ExamDate)
		switch {
		case a == nil || a.resultOn.IsZero():
			return refuse("§12(2)", "Das Ergebnis der Prüfungsleistung vom %s ist noch nicht bekannt gegeben.", f.ExamDate.German())
		case !e.papersDeleted.IsZero():
			return refuse("§12(1)", "Die schriftlichen Prüfungsleistungen wurden am %s nach Ablauf der Aufbewahrungsfrist gelöscht.", e.papersDeleted.German())
		case d.After(e.deadlineOf(InspectionCutoff, a.resultOn)):
			return refuse("§12(2)", "Der Antrag auf Einsichtnahme muss spätestens 4 Wochen nach Bekanntgabe des Ergebnisses (%s) gestellt werden, also bis %s; er ging am %s ein.", a.resultOn.German(), e.deadlineOf(InspectionCutoff, a.resultOn).German(), d.German())
		}
		a.inspectionOn = d
	default:
		panic("exam: unhandled fact type " + string(f.Type))
	}
	return nil
}

// admission is §2(1) as of day d: every seminar day attended (online days
// with camera presence), and online participants told so in writing no
// later than the first online day.
func (e *evaluation) admission() AdmissionState {
	a := AdmissionState{Paragraph: "§2(1)"}
	var firstOnline wachsam.Date
	for k, day := range e.file.Seminar.Days {
		if !e.attended[k] {
			a.MissingDays = append(a.MissingDays, day.Date)
		}
		if day.Online && firstOnline.IsZero() {
			firstOnline = day.Date
		}
	}
	var why []string
	if len(a.MissingDays) > 0 {
		days := make([]string, len(a.MissingDays))
		for k, d := range a.MissingDays {
			days[k] = d.German()
		}
		why = append(why, "keine nachgewiesene Teilnahme am "+strings.Join(days, ", "))
	}
	if !firstOnline.IsZero() && (e.noticeOn.IsZero() || e.noticeOn.After(firstOnline)) {
		why = append(why, fmt.Sprintf("kein schriftlicher Hinweis auf den Kameranachweis bis zum ersten Online-Seminartag (%s)", firstOnline.German()))
	}
	if len(why) == 0 {
		a.Granted = true
		a.Reason = "Teilnahme an allen Seminartagen nachgewiesen."
		return a
	}
	a.Reason = "Zulassung fehlt: " + strings.Join(why, "; ") + "."
	return a
}

// lastPerformance is the day of the candidate's last exam performance
// (§12(1)): the latest exam date of an attempt that took place.
func (e *evaluation) lastPerformance() (wachsam.Date, bool) {
	var last wachsam.Date
	for _, c := range e.comps {
		for _, a := range c.attempts {
			if (a.graded || a.disorder || a.cheating) && a.examDate.After(last) {
				last = a.examDate
			}
		}
	}
	return last, !last.IsZero()
}

// entitlementLastDay is the last day of §7(1) Nr. 1: one year after the end
// of the seminar, or the later day the board allowed (§7(2)).
func (e *evaluation) entitlementLastDay() wachsam.Date {
	last := e.deadlineOf(Entitlement, e.file.Seminar.End())
	if e.extendedUntil.After(last) {
		return e.extendedUntil
	}
	return last
}

// deadlineOf is reg.Deadline, remembered for the evaluation: the same few
// periods are asked for again and again while the facts are folded, and
// each answer looks up public holidays.
func (e *evaluation) deadlineOf(k DeadlineKind, event wachsam.Date) wachsam.Date {
	key := cachedDeadline{k, event}
	if last, ok := e.deadlineCache[key]; ok {
		return last
	}
	last := e.reg.Deadline(k, event)
	e.deadlineCache[key] = last
	return last
}

type cachedDeadline struct {
	kind  DeadlineKind
	event wachsam.Date
}

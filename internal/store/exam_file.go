package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// A candidate's file is assembled from three sources, in the order things
// happened: the candidate's own facts (exam_facts), the exam dates the
// board announced for the seminar's components (exam_dates) and the tasks
// the board delegated to its chair (exam_delegations). Package exam folds
// it into the state; nothing of the state is stored (DESIGN.md §3).

// candidateFile is a candidate's file with the rows it came from.
type candidateFile struct {
	*seminarCanon // shared with the other files of the seminar loaded at once
	Candidate     examCandidateRow
	User          wachsam.User
	Reg           exam.Regulation
	File          exam.File
	// Sources says where each of File.Facts came from, index by index.
	Sources []factSource
	// unjudged is set when no regulation was in force on the first
	// seminar day (§13): then Reg and File are empty.
	unjudged error
}

// factSource identifies one fact of the file: a row of exam_facts (Fact),
// of exam_dates (Date) or of exam_delegations (Delegation); one is set.
type factSource struct {
	Fact, Date, Delegation int64
	at                     time.Time // when it was recorded: orders facts of one day
}

// factDetail is what exam_facts.detail holds: the fields of exam.Fact that
// have no column, plus what the office records beside them.
type factDetail struct {
	CameraConfirmed    bool          `json:"camera_confirmed,omitempty"`
	Fee                string        `json:"fee,omitempty"`
	Grades             []detailGrade `json:"grades,omitempty"`
	Illness            bool          `json:"illness,omitempty"`
	MedicalCertificate bool          `json:"medical_certificate,omitempty"`
	Motion             exam.Motion   `json:"motion,omitempty"`
	Members            int           `json:"members,omitempty"`
	Votes              exam.Votes    `json:"votes,omitzero"`
	Circular           bool          `json:"circular,omitempty"`
	DecidedBy          exam.Decider  `json:"decided_by,omitempty"`
	Findings           exam.Findings `json:"findings,omitzero"`
	Until              wachsam.Date  `json:"until,omitzero"`
	Ground             string        `json:"ground,omitempty"`
	Examiner           string        `json:"examiner,omitempty"`

	// Beside the regulation's fields:
	ExaminerID  int64  `json:"examiner_id,omitempty"`  // name_substitute_examiner: the account named
	AmountCents int64  `json:"amount_cents,omitempty"` // fee_paid: the amount received
	Reference   string `json:"reference,omitempty"`    // fee_paid: the payment's reference
}

// detailGrade is one part grade in integer tenths; Part is empty for a
// component graded as a whole.
type detailGrade struct {
	Part   string `json:"part,omitempty"`
	Tenths int    `json:"tenths"`
}

// factExtra is what a caller records beside the regulation's fields.
type factExtra struct {
	ExaminerID  int64
	AmountCents int64
	Reference   string
	CaseID      *int64
	// KeepRefused records the fact even if the regulation refuses it: an
	// application that arrives after a cut-off is a fact of the file, noted
	// and rejected as out of time (§6(3), §9(2)), not an input error.
	KeepRefused bool
	// EnteredReason: the fact is entered later than its legal date, for
	// this reason (checked by enteredLater).
	EnteredReason string
}

// enteredLater checks the reason for a fact the office enters with a
// typed legal date on. Entering is dated by the server's clock: a date of
// today needs no reason (a reason given is dropped), one before today is
// entered later ("nachgetragen") and needs a reason, which is kept and
// shown wherever the fact is, so a typed date never passes for a fact
// recorded when it happened. The regulation's checks then run against the
// typed date, and the office sees that they did. what names the fact in
// German ("Eine Bekanntgabe", "Eine Zahlung").
func enteredLater(what string, on, today wachsam.Date, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if !on.Before(today) {
		return "", nil
	}
	if reason == "" {
		return "", wachsam.FieldError("entered_reason", "%s vor dem heutigen Tag (%s) kann nur mit Begründung nachgetragen werden: wann und wie ist es geschehen, warum wird es erst jetzt erfasst?", what, on.German())
	}
	return reason, wachsam.CheckLine("entered_reason", "Begründung", reason, maxEnteredReasonLen)
}

// maxEnteredReasonLen bounds the reason for a fact entered later.
const maxEnteredReasonLen = 500

// legalToday is today in legal time.
func (db *DB) legalToday() wachsam.Date { return wachsam.DateIn(db.now(), db.Legal) }

// lockCandidate serialises every change of one candidate's file: the
// candidate's row is locked (FOR UPDATE on PostgreSQL; SQLite's immediate
// transaction already holds the write lock).
func (db *DB) lockCandidate(ctx context.Context, tx bun.IDB, candidateID int64) error {
	q := tx.NewSelect().Model((*examCandidateRow)(nil)).Column("id").Where("id = ?", candidateID)
	if db.Dialect == Postgres {
		q = q.For("UPDATE")
	}
	var id int64
	if err := q.Scan(ctx, &id); err != nil {
		return lookupError(err, "Prüfling")
	}
	return nil
}

// factOf turns a stored fact into the regulation's vocabulary.
func (cf *candidateFile) factOf(r examFactRow) (exam.Fact, error) {
	var d factDetail
	if err := json.Unmarshal([]byte(r.Detail), &d); err != nil {
		return exam.Fact{}, fmt.Errorf("exam fact %d: %w", r.ID, err)
	}
	f := exam.Fact{
		Type: exam.FactType(r.Type), Date: r.Day, Note: r.Note, ExamDate: r.ExamDay,
		CameraConfirmed: d.CameraConfirmed, Fee: d.Fee, Illness: d.Illness, MedicalCertificate: d.MedicalCertificate,
		Motion: d.Motion, Members: d.Members, Votes: d.Votes, Circular: d.Circular, DecidedBy: d.DecidedBy,
		Findings: d.Findings, Until: d.Until, Ground: d.Ground, Examiner: d.Examiner,
	}
	if r.ComponentID != nil {
		f.Component = cf.codeOf(*r.ComponentID)
	}
	for _, g := range d.Grades {
		f.Grades = append(f.Grades, exam.PartGrade{Part: g.Part, Grade: exam.Grade(g.Tenths)})
	}
	return f, nil
}

// detailOf is the inverse of factOf for the detail column.
func detailOf(f exam.Fact, extra factExtra) (string, error) {
	d := factDetail{
		CameraConfirmed: f.CameraConfirmed, Fee: f.Fee, Illness: f.Illness, MedicalCertificate: f.MedicalCertificate,
		Motion: f.Motion, Members: f.Members, Votes: f.Votes, Circular: f.Circular, DecidedBy: f.DecidedBy,
		Findings: f.Findings, Until: f.Until, Ground: f.Ground, Examiner: f.Examiner,
		ExaminerID: extra.ExaminerID, AmountCents: extra.AmountCents, Reference: extra.Reference,
	}
	for _, g := range f.Grades {
		d.Grades = append(d.Grades, detailGrade{Part: g.Part, Tenths: int(g.Grade)})
	}
	b, err := json.Marshal(d)
	return string(b), err
}

// evaluate folds the file as of day.
func (cf *candidateFile) evaluate(day wachsam.Date) exam.State {
	return exam.Evaluate(cf.Reg, cf.File, day)
}

// refusalOf returns the refusal of the fact at index i, if any.
func refusalOf(s exam.State, i int) (exam.Refusal, bool) {
	for _, r := range s.Refused {
		if r.Fact == i {
			return r, true
		}
	}
	return exam.Refusal{}, false
}

// RegulationError is the German refusal of the regulation, naming its §.
func regulationError(r exam.Refusal) error {
	return wachsam.Errorf(wachsam.ECONFLICT, "%s (%s der Prüfungsordnung)", r.Reason, r.Paragraph)
}

// withFact returns a copy of the file with f inserted where it happened:
// after every fact of the same day or earlier, since it is recorded now.
func (cf *candidateFile) withFact(f exam.Fact, src factSource) (exam.File, []factSource, int) {
	k := len(cf.File.Facts)
	for k > 0 && cf.File.Facts[k-1].Date.After(f.Date) {
		k--
	}
	file := cf.File
	file.Facts = slices.Insert(slices.Clone(cf.File.Facts), k, f)
	sources := slices.Insert(slices.Clone(cf.Sources), k, src)
	return file, sources, k
}

// recordFact adds f to the candidate's file inside tx, if the regulation
// allows it: package exam evaluates the file with the fact as of today, and
// a refused fact is not written (unless extra.KeepRefused) but returned as
// an error naming the §. A fact that would turn an earlier, accepted fact
// into a refused one is refused too: the file's history stays consistent.
// The caller holds the candidate's lock (lockCandidate) and audits nothing:
// recordFact writes the audit entry itself. It returns the new row, the
// state after it, and the refusal when KeepRefused recorded a refused fact.
func (db *DB) recordFact(ctx context.Context, tx bun.IDB, actor wachsam.Actor, cf *candidateFile, f exam.Fact, extra factExtra) (*examFactRow, exam.State, *exam.Refusal, error) {
	today := db.legalToday()
	if f.Date.IsZero() {
		f.Date = today
	}
	if f.Date.After(today) {
		return nil, exam.State{}, nil, wachsam.FieldError("date", "Der %s liegt in der Zukunft; erfasst wird nur, was geschehen ist.", f.Date.German())
	}
	if err := cf.File.CheckFact(f); err != nil {
		return nil, exam.State{}, nil, err
	}
	var componentID *int64
	if c, ok := cf.component(f.Component); ok {
		componentID = &c.ID
	}
	before := cf.evaluate(today)
	file, sources, k := cf.withFact(f, factSource{})
	after := exam.Evaluate(cf.Reg, file, today)
	refusal, refused := refusalOf(after, k)
	if refused && !extra.KeepRefused {
		return nil, after, nil, regulationError(refusal)
	}
	if err := newlyRefused(before, cf.Sources, after, sources); err != nil {
		return nil, after, nil, err
	}
	detail, err := detailOf(f, extra)
	if err != nil {
		return nil, exam.State{}, nil, err
	}
	now := db.now()
	row := &examFactRow{
		CandidateID: cf.Candidate.ID, Type: string(f.Type), Day: f.Date, ComponentID: componentID, ExamDay: f.ExamDate,
		Detail: detail, Note: f.Note, CaseID: extra.CaseID, Revision: 1, RecordedBy: actor.UserID, RecordedAt: now, UpdatedAt: now,
		EnteredReason: extra.EnteredReason,
	}
	if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return nil, exam.State{}, nil, err
	}
	auditDetail := factSummary(f)
	if extra.EnteredReason != "" {
		auditDetail += fmt.Sprintf(" (nachgetragen am %s; Grund: %s)", today.German(), extra.EnteredReason)
	}
	if refused {
		auditDetail += "; vermerkt und abgelehnt: " + refusal.Reason + " (" + refusal.Paragraph + ")"
	}
	if err := db.audit(ctx, tx, actor, "exam_fact."+string(f.Type), "exam_candidate", cf.Candidate.ID, auditDetail); err != nil {
		return nil, exam.State{}, nil, err
	}
	if err := db.revokeIfInvalidated(ctx, tx, cf, f, after); err != nil {
		return nil, exam.State{}, nil, err
	}
	cf.File, cf.Sources = file, sources
	cf.Sources[k] = factSource{Fact: row.ID, at: now}
	if refused {
		return row, after, &refusal, nil
	}
	return row, after, nil, nil
}

// newlyRefused refuses a change after which a fact that was accepted before
// is refused: the new fact would rewrite the file's history.
func newlyRefused(before exam.State, beforeSrc []factSource, after exam.State, afterSrc []factSource) error {
	was := map[factSource]bool{}
	for _, r := range before.Refused {
		was[beforeSrc[r.Fact].key()] = true
	}
	for _, r := range after.Refused {
		src := afterSrc[r.Fact]
		if src == (factSource{}) || was[src.key()] {
			continue
		}
		return wachsam.Errorf(wachsam.ECONFLICT, "Das widerspräche einem früher erfassten Vorgang vom %s: %s (%s der Prüfungsordnung)", r.Date.German(), r.Reason, r.Paragraph)
	}
	return nil
}

// candidateOwn is 1 for a fact of the candidate's own, 0 for one that
// comes from the seminar (an exam date) or the board (a delegation).
func (s factSource) candidateOwn() int {
	if s.Fact != 0 {
		return 1
	}
	return 0
}

func (s factSource) key() factSource {
	return factSource{Fact: s.Fact, Date: s.Date, Delegation: s.Delegation}
}

// factSummary describes a fact for the audit log.
func factSummary(f exam.Fact) string {
	s := string(f.Type) + " am " + f.Date.German()
	if f.Component != "" {
		s += ", " + f.Component
	}
	if !f.ExamDate.IsZero() {
		s += ", Termin " + f.ExamDate.German()
	}
	for _, g := range f.Grades {
		s += ", " + cmp.Or(g.Part, "Note") + " " + g.Grade.String()
	}
	if f.Motion != "" {
		s += ", " + string(f.Motion) + " (ja " + strconv.Itoa(f.Votes.Yes) + ", nein " + strconv.Itoa(f.Votes.No) + ", Enthaltung " + strconv.Itoa(f.Votes.Abstain) + ")"
	}
	return s
}

// correctFact replaces the grades of a recorded attempt_graded fact (a
// correction, e.g. after an objection) inside tx: the corrected file must
// still be accepted by the regulation, the revision rises, and the audit
// log keeps the old and the new grades with the reason.
func (db *DB) correctFact(ctx context.Context, tx bun.IDB, actor wachsam.Actor, cf *candidateFile, factID int64, grades []exam.PartGrade, reason string) (exam.State, error) {
	k := slices.IndexFunc(cf.Sources, func(s factSource) bool { return s.Fact == factID })
	if k < 0 || cf.File.Facts[k].Type != exam.FactAttemptGraded {
		return exam.State{}, notFound("Bewertung")
	}
	today := db.legalToday()
	before := cf.evaluate(today)
	old := cf.File.Facts[k]
	file := cf.File
	file.Facts = slices.Clone(cf.File.Facts)
	file.Facts[k].Grades = grades
	after := exam.Evaluate(cf.Reg, file, today)
	if r, refused := refusalOf(after, k); refused {
		return after, regulationError(r)
	}
	if err := newlyRefused(before, cf.Sources, after, cf.Sources); err != nil {
		return after, err
	}
	var row examFactRow
	if err := tx.NewSelect().Model(&row).Where("id = ?", factID).Scan(ctx); err != nil {
		return exam.State{}, err
	}
	var d factDetail
	if err := json.Unmarshal([]byte(row.Detail), &d); err != nil {
		return exam.State{}, err
	}
	d.Grades = d.Grades[:0]
	for _, g := range grades {
		d.Grades = append(d.Grades, detailGrade{Part: g.Part, Tenths: int(g.Grade)})
	}
	b, err := json.Marshal(d)
	if err != nil {
		return exam.State{}, err
	}
	if _, err := tx.NewUpdate().Model((*examFactRow)(nil)).Set("detail = ?", string(b)).Set("revision = revision + 1").
		Set("updated_at = ?", db.now()).Where("id = ?", factID).Exec(ctx); err != nil {
		return exam.State{}, err
	}
	corrected := old
	corrected.Grades = grades
	detail := "Korrektur: vorher " + factSummary(old) + "; nachher " + factSummary(corrected) + "; Grund: " + reason
	if err := db.audit(ctx, tx, actor, "exam_fact.corrected", "exam_candidate", cf.Candidate.ID, detail); err != nil {
		return exam.State{}, err
	}
	cf.File = file
	return after, nil
}

// revokeIfInvalidated marks the certificate revoked when the fact just
// recorded is the board's effective decision that the exam is invalid
// (§11): the certificate row stays, with the day and the ground, so the
// public verification shows it as revoked.
func (db *DB) revokeIfInvalidated(ctx context.Context, tx bun.IDB, cf *candidateFile, f exam.Fact, after exam.State) error {
	if f.Type != exam.FactBoardDecision || f.Motion != exam.MotionInvalidateCertificate {
		return nil
	}
	cert := after.Certificate
	if cert == nil || cert.InvalidatedOn != f.Date {
		return nil
	}
	reason := "Täuschung nachträglich bekannt geworden (§11(1))"
	if f.Ground == "admission" {
		reason = "Zulassung zu Unrecht erteilt (§11(2))"
	}
	_, err := tx.NewUpdate().Model((*examCertificateRow)(nil)).Set("revoked_on = ?", f.Date).Set("revoke_reason = ?", reason).
		Where("candidate_id = ? AND revoked_on IS NULL", cf.Candidate.ID).Exec(ctx)
	return err
}

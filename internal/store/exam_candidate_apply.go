package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The candidate's applications. Each is a fact of the file, judged by
// package exam like any other (recordFact), in one transaction with its
// documents, the board's case, the audit entries and the receipt mail.
// Only what the state offers the candidate (State.CandidateMay) is taken;
// an application after its cut-off is the one exception: the regulation
// records it and rejects it as out of time (§6(3), §9(2)).

const (
	maxCandidateText    = 10000 // characters of written reasons or statement
	maxCandidateUploads = 5
)

// CandidateApply records an application in the candidate's own file; a
// file of someone else is not found. It returns the receipt; a late
// application is recorded and comes back with Late and the refusal.
func (db *DB) CandidateApply(ctx context.Context, actor wachsam.Actor, userID, candidateID int64, app exam.CandidateApplication) (exam.CandidateReceipt, error) {
	f, err := candidateFact(app)
	if err != nil {
		return exam.CandidateReceipt{}, err
	}
	var receipt exam.CandidateReceipt
	err = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := db.candidateOfUser(ctx, tx, userID, candidateID); err != nil {
			return err
		}
		cf, err := db.lockedFile(ctx, tx, candidateID)
		if err != nil {
			return err
		}
		if _, ok := cf.component(f.Component); f.Component != "" && !ok {
			return wachsam.FieldError("component", "Diese Prüfungsleistung gehört nicht zu Ihrem Seminar.")
		}
		today := db.legalToday()
		f.Date = today
		before := cf.evaluate(today)
		keep, err := cf.candidateMayApply(before, app.Action, f, today)
		if err != nil {
			return err
		}
		if app.Action == exam.ApplyExtension && !app.Until.After(before.Overall.EntitlementLastDay) {
			return wachsam.FieldError("until", "Der gewünschte letzte Tag muss nach dem bisherigen Ende Ihres Prüfungsanspruchs am %s liegen (§7(2)).",
				before.Overall.EntitlementLastDay.German())
		}
		row, after, refusal, err := db.recordFact(ctx, tx, actor, cf, f, factExtra{KeepRefused: keep})
		if err != nil {
			return err
		}
		receipt = exam.CandidateReceipt{Action: app.Action, FactID: row.ID, Received: today, Late: refusal != nil, Refusal: refusal}
		for _, up := range app.Uploads {
			kind := "evidence"
			if app.Action == exam.ApplyReasons && app.Illness || app.Action == exam.ApplyEvidence && app.MedicalCertificate {
				kind = "medical_certificate"
			}
			if _, err := db.storeDocument(ctx, tx, actor, candidateID, &row.ID, ExamDocumentUpload{
				Kind: kind, Filename: up.Filename, Content: up.Content, ComponentID: row.ComponentID, ExamDay: f.ExamDate}); err != nil {
				return err
			}
			receipt.Documents++
		}
		if refusal == nil {
			if err := db.openCandidateCase(ctx, tx, actor, cf, app, f, row, before, after, &receipt); err != nil {
				return err
			}
		}
		candidateReceiptNotes(app, f, after, &receipt)
		return db.EnqueueMail(ctx, tx, candidateReceiptMail(cf, app, f, receipt))
	})
	if err != nil {
		return exam.CandidateReceipt{}, err
	}
	return receipt, nil
}

// candidateFact checks what the candidate typed and makes the fact of it.
func candidateFact(app exam.CandidateApplication) (exam.Fact, error) {
	text := strings.TrimSpace(app.Text)
	if err := wachsam.CheckText("text", "Text", text, maxCandidateText); err != nil {
		return exam.Fact{}, err
	}
	switch {
	case len(app.Uploads) > maxCandidateUploads:
		return exam.Fact{}, wachsam.FieldError("document", "Bitte laden Sie höchstens %d Dateien hoch.", maxCandidateUploads)
	case len(app.Uploads) > 0 && app.Action != exam.ApplyReasons && app.Action != exam.ApplyHardship && app.Action != exam.ApplyEvidence:
		return exam.Fact{}, wachsam.FieldError("document", "Zu diesem Antrag werden keine Dateien hochgeladen.")
	}
	needsAttempt := func() error {
		if app.Component == "" {
			return wachsam.FieldError("component", "Bitte wählen Sie die Prüfungsleistung.")
		}
		if app.ExamDate.IsZero() {
			return wachsam.FieldError("exam_date", "Bitte wählen Sie den Prüfungstermin.")
		}
		return nil
	}
	f := exam.Fact{Component: app.Component, ExamDate: app.ExamDate, Note: text}
	switch app.Action {
	case exam.ApplyReasons:
		f.Type, f.Illness, f.MedicalCertificate = exam.FactReasonsSubmitted, app.Illness, app.Illness && len(app.Uploads) > 0
		if err := needsAttempt(); err != nil {
			return f, err
		}
		if text == "" {
			return f, wachsam.FieldError("text", "Bitte schreiben Sie Ihre Gründe auf: Sie sind schriftlich anzuzeigen und glaubhaft zu machen (§9(2)).")
		}
	case exam.ApplyHardship:
		f.Type, f.ExamDate = exam.FactHardshipApplied, wachsam.Date{}
		if app.Component == "" {
			return f, wachsam.FieldError("component", "Bitte wählen Sie die Prüfungsleistung.")
		}
		if text == "" {
			return f, wachsam.FieldError("text", "Bitte begründen Sie Ihren Antrag: warum Sie das Nichtbestehen nicht zu vertreten haben (§6(3)).")
		}
	case exam.ApplyExtension:
		f.Type, f.Component, f.ExamDate = exam.FactExtensionApplied, "", wachsam.Date{}
		if app.Until.IsZero() {
			return f, wachsam.FieldError("until", "Bitte geben Sie den Tag an, bis zu dem Sie die Prüfung abschließen möchten.")
		}
		if text == "" {
			return f, wachsam.FieldError("text", "Bitte begründen Sie Ihren Antrag: Eine Verlängerung ist nur in Härtefällen möglich (§7(2)).")
		}
		f.Note = "Beantragt bis " + app.Until.German() + ": " + text
	case exam.ApplyEvidence:
		// With an exam date: evidence for reasons (§9(2)); without: for
		// the component's hardship application (§6(3)).
		f.Type, f.MedicalCertificate = exam.FactEvidenceAdded, app.MedicalCertificate
		if app.Component == "" {
			return f, wachsam.FieldError("component", "Bitte wählen Sie die Prüfungsleistung.")
		}
		if len(app.Uploads) == 0 {
			return f, wachsam.FieldError("document", "Bitte laden Sie das Beweismittel hoch, zum Beispiel das ärztliche Attest.")
		}
	case exam.ApplyComplete:
		// With an exam date: the reasons are complete (§9(2)); without:
		// the component's hardship application is (§6(3)).
		f.Type = exam.FactReasonsCompleted
		if app.Component == "" {
			return f, wachsam.FieldError("component", "Bitte wählen Sie die Prüfungsleistung.")
		}
	case exam.ApplyInspection:
		f.Type = exam.FactInspectionRequested
		if err := needsAttempt(); err != nil {
			return f, err
		}
	case exam.ApplyWithdrawal:
		f.Type = exam.FactWithdrew
		if err := needsAttempt(); err != nil {
			return f, err
		}
	default:
		return f, wachsam.Errorf(wachsam.EINVALID, "Diesen Antrag gibt es nicht.")
	}
	return f, nil
}

// candidateMayApply decides whether the application is taken: it must be
// open in the state before (State.CandidateMay), or be one the regulation
// records and rejects as late (keep). Otherwise the regulation's own
// refusal is returned if it has one, or a refusal naming the action's §.
func (cf *candidateFile) candidateMayApply(before exam.State, action string, f exam.Fact, today wachsam.Date) (keep bool, err error) {
	for _, a := range before.CandidateMay {
		if a.Action == action && a.Component == f.Component && a.ExamDate == f.ExamDate {
			return false, nil
		}
	}
	file, _, k := cf.withFact(f, factSource{})
	if exam.LateApplication(cf.Reg, file, today, k) {
		return true, nil
	}
	if r, refused := refusalOf(exam.Evaluate(cf.Reg, file, today), k); refused {
		return false, regulationError(r)
	}
	return false, wachsam.Errorf(wachsam.ECONFLICT, "%s (%s der Prüfungsordnung)", candidateNotOpen(action), exam.ActionParagraph(action))
}

// candidateNotOpen says in German what an application needs, for one the
// state does not offer and the regulation has no sentence of its own for.
func candidateNotOpen(action string) string {
	switch action {
	case exam.ApplyWithdrawal:
		return "Ein Rücktritt ist nur von einer Prüfung möglich, zu der Sie angemeldet sind, und nur bis zum Prüfungstag."
	case exam.ApplyReasons:
		return "Zu diesem Termin können Sie keine Gründe für ein Versäumnis oder einen Rücktritt anzeigen."
	case exam.ApplyHardship:
		return "Ein Härtefallantrag ist zu dieser Prüfungsleistung nicht möglich: nur nach Nichtbestehen der Wiederholungsprüfung und nur einmal."
	case exam.ApplyExtension:
		return "Eine Verlängerung des Prüfungsanspruchs können Sie nur beantragen, solange Ihre Prüfung nicht abgeschlossen ist, und erst wieder, wenn über einen früheren Antrag entschieden ist."
	case exam.ApplyInspection:
		return "Einsicht können Sie nur in eine Prüfungsleistung beantragen, deren Ergebnis bekannt gegeben ist, und nur innerhalb von 4 Wochen danach."
	}
	return "Dieser Antrag ist zurzeit nicht möglich."
}

// openCandidateCase puts an application the regulation took before the
// board, where the board decides it: reasons (§9(2)), a hardship retake
// (§6(2)), an extension (§7(2)). The state after the fact must list the
// board's decision as due; anything else is a fault of ours.
func (db *DB) openCandidateCase(ctx context.Context, tx bun.IDB, actor wachsam.Actor, cf *candidateFile, app exam.CandidateApplication,
	f exam.Fact, row *examFactRow, before, after exam.State, receipt *exam.CandidateReceipt) error {
	spec := caseSpec{CandidateID: &cf.Candidate.ID, ComponentID: row.ComponentID, ExamDay: f.ExamDate, ApplicationID: &row.ID}
	name := candComponentLabel(cf, f.Component)
	var due string
	switch app.Action {
	case exam.ApplyReasons:
		spec.Motion, due = exam.MotionAcceptReasons, "decide_reasons"
		spec.Summary = fmt.Sprintf("Gründe für %s zum Termin %s (%s)", cf.missWord(f), f.ExamDate.German(), name)
		switch {
		case f.Illness && f.MedicalCertificate:
			spec.Summary += "; Krankheit, ärztliches Attest liegt bei"
		case f.Illness:
			spec.Summary += "; Krankheit, ohne ärztliches Attest"
		}
	case exam.ApplyHardship:
		spec.Motion, due = exam.MotionApproveHardshipRetake, "decide_hardship"
		spec.Summary = fmt.Sprintf("Antrag auf eine zweite Wiederholung von %s im Härtefall", name)
	case exam.ApplyExtension:
		spec.Motion, due = exam.MotionExtendEntitlement, "decide_extension"
		spec.Detail.Until = app.Until
		spec.Summary = fmt.Sprintf("Antrag auf Verlängerung des Prüfungsanspruchs bis %s (bisher bis %s)", app.Until.German(), before.Overall.EntitlementLastDay.German())
	default:
		return nil
	}
	found := false
	for _, a := range after.BoardMay {
		found = found || a.Action == due && a.Component == f.Component && (a.ExamDate.IsZero() || a.ExamDate == f.ExamDate)
	}
	if !found {
		return fmt.Errorf("exam candidate %d: %s accepted, but the state lists no %s", cf.Candidate.ID, app.Action, due)
	}
	c, err := db.openCase(ctx, tx, actor, spec)
	if err != nil {
		return err
	}
	receipt.CaseID = c.ID
	return nil
}

// missWord is "das Versäumnis" or "den Rücktritt" of the attempt f names.
func (cf *candidateFile) missWord(f exam.Fact) string {
	for _, x := range cf.File.Facts {
		if x.Type == exam.FactWithdrew && x.Component == f.Component && x.ExamDate == f.ExamDate {
			return "den Rücktritt"
		}
	}
	return "das Versäumnis"
}

func candComponentLabel(cf *candidateFile, code string) string {
	if c, ok := cf.component(code); ok {
		return c.Name
	}
	return code
}

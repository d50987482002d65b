package store

import (
	"context"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// Cases the board puts before itself (§4(2)): cheating (§8(1)), a
// substitute examiner (§3(2)), an equivalent performance under force
// majeure (§3(5)), the invalidity of a certificate (§11) and delegations to
// the chair (§4(3)). The candidates' applications open their cases through
// their own pages.

func checkBoardSummary(summary string) (string, error) {
	summary = strings.TrimSpace(summary)
	switch {
	case summary == "":
		return "", wachsam.FieldError("summary", "Bitte begründen Sie kurz, warum der Fall vor den Prüfungsausschuss kommt.")
	}
	return summary, wachsam.CheckText("summary", "Begründung", summary, wachsam.MaxNoteLen)
}

// OpenBoardCase opens a case about a candidate. Before it is opened,
// package exam is asked whether the motion could be carried at all today
// (for an invalidation: once the candidate is heard); a motion the
// regulation excludes is refused with its §.
func (db *DB) OpenBoardCase(ctx context.Context, actor wachsam.Actor, userID int64, in exam.BoardNewCase) (*exam.BoardCase, error) {
	if !slices.Contains(exam.BoardOpenableMotions(), in.Motion) {
		return nil, wachsam.FieldError("motion", "Bitte wählen Sie, worüber der Prüfungsausschuss entscheiden soll.")
	}
	summary, err := checkBoardSummary(in.Summary)
	if err != nil {
		return nil, err
	}
	var out exam.BoardCase
	err = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		_, members, err := db.boardViewer(ctx, tx, userID)
		if err != nil {
			return err
		}
		if n, err := tx.NewSelect().Model((*examCandidateRow)(nil)).Where("id = ?", in.CandidateID).Count(ctx); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return wachsam.FieldError("candidate", "Diesen Prüfling gibt es nicht.")
		}
		cf, err := db.lockedFile(ctx, tx, in.CandidateID)
		if err != nil {
			return err
		}
		spec, err := db.boardCaseSpec(ctx, tx, cf, in)
		if err != nil {
			return err
		}
		spec.Summary = summary
		if err := boardWhetherPossible(cf, spec, db.legalToday()); err != nil {
			return err
		}
		if err := boardNoOpenTwin(ctx, tx, spec); err != nil {
			return err
		}
		row, err := db.openCase(ctx, tx, actor, spec)
		if err != nil {
			return err
		}
		out, err = db.boardCaseView(ctx, tx, *row, members, userID)
		return err
	})
	return &out, err
}

// boardCaseSpec checks the fields the motion needs and turns them into a case.
func (db *DB) boardCaseSpec(ctx context.Context, tx bun.IDB, cf *candidateFile, in exam.BoardNewCase) (caseSpec, error) {
	spec := caseSpec{CandidateID: &cf.Candidate.ID, Motion: in.Motion}
	if in.Motion != exam.MotionInvalidateCertificate {
		c, ok := cf.component(in.Component)
		if !ok {
			return spec, wachsam.FieldError("component", "Bitte wählen Sie eine Prüfungsleistung aus dem Seminar des Prüflings.")
		}
		spec.ComponentID = &c.ID
	}
	switch in.Motion {
	case exam.MotionFindCheating, exam.MotionRecogniseEquivalent:
		if in.ExamDate.IsZero() {
			return spec, wachsam.FieldError("exam_date", "Bitte wählen Sie den Prüfungstermin, um den es geht.")
		}
		spec.ExamDay = in.ExamDate
	case exam.MotionNameSubstituteExaminer:
		if in.ExaminerID == 0 {
			return spec, wachsam.FieldError("examiner", "Bitte wählen Sie die Prüferin oder den Prüfer.")
		}
		if err := checkHasRole(ctx, tx, in.ExaminerID, wachsam.RoleExaminer, "examiner"); err != nil {
			return spec, err
		}
		names, err := db.boardUserNames(ctx, tx, []int64{in.ExaminerID})
		if err != nil {
			return spec, err
		}
		spec.Detail.Examiner, spec.Detail.ExaminerID = names[in.ExaminerID], in.ExaminerID
	case exam.MotionInvalidateCertificate:
		if in.Ground != "cheating" && in.Ground != "admission" {
			return spec, wachsam.FieldError("ground", "Bitte wählen Sie den Grund: Täuschung (§11(1)) oder fehlende Zulassungsvoraussetzungen (§11(2)).")
		}
		spec.Detail.Ground = in.Ground
	}
	return spec, nil
}

// boardWhetherPossible asks package exam whether the motion, carried
// today, would be effective. For an invalidation the hearing of §11(3) is
// assumed, since it follows the opening of the case.
func boardWhetherPossible(cf *candidateFile, spec caseSpec, today wachsam.Date) error {
	row := examCaseRow{Motion: string(spec.Motion), ComponentID: spec.ComponentID, ExamDay: spec.ExamDay}
	f := boardDecisionFact(cf, row, boardCaseDetail{caseDetail: spec.Detail}, exam.ByBoard, 1, exam.Votes{Yes: 1}, today)
	probe := cf
	if spec.Motion == exam.MotionInvalidateCertificate {
		file, sources, _ := cf.withFact(exam.Fact{Type: exam.FactHearingHeld, Date: today}, factSource{})
		heard := *cf
		heard.File, heard.Sources = file, sources
		probe = &heard
	}
	if r, refused := boardRefusalIfAdded(probe, f, today); refused {
		return regulationError(r)
	}
	return nil
}

// boardNoOpenTwin refuses a second open case on the same motion and matter.
func boardNoOpenTwin(ctx context.Context, tx bun.IDB, spec caseSpec) error {
	q := tx.NewSelect().Model((*examCaseRow)(nil)).Column("id").Where("status = ?", exam.BoardCaseOpen).Where("motion = ?", string(spec.Motion))
	if spec.CandidateID != nil {
		q = q.Where("candidate_id = ?", *spec.CandidateID)
	}
	if spec.ComponentID != nil {
		q = q.Where("component_id = ?", *spec.ComponentID)
	}
	if !spec.ExamDay.IsZero() {
		q = q.Where("exam_day = ?", spec.ExamDay)
	}
	var ids []int64
	if err := q.Scan(ctx, &ids); err != nil {
		return err
	}
	for _, id := range ids {
		var row examCaseRow
		if err := tx.NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
			return err
		}
		d, err := decodeBoardDetail(row)
		if err != nil {
			return err
		}
		if d.Task == spec.Detail.Task {
			return wachsam.Errorf(wachsam.ECONFLICT, "Darüber ist bereits ein Fall offen (Fall %d).", id)
		}
	}
	return nil
}

// OpenBoardDelegation puts before the board the motion to delegate a task
// to its chair (§4(3)).
func (db *DB) OpenBoardDelegation(ctx context.Context, actor wachsam.Actor, userID int64, task exam.Motion, summary string) (*exam.BoardCase, error) {
	if !slices.Contains(exam.BoardDelegableTasks(), task) {
		return nil, wachsam.FieldError("task", "Bitte wählen Sie die Aufgabe, die dem Vorsitzenden übertragen werden soll.")
	}
	summary = strings.TrimSpace(summary)
	if summary == "" {
		summary = "Übertragung der Aufgabe „" + task.German() + "“ auf den Vorsitzenden nach §4(3)."
	}
	summary, err := checkBoardSummary(summary)
	if err != nil {
		return nil, err
	}
	var out exam.BoardCase
	err = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		_, members, err := db.boardViewer(ctx, tx, userID)
		if err != nil {
			return err
		}
		var done []examDelegationRow
		if err := tx.NewSelect().Model(&done).Where("task = ?", string(task)).Scan(ctx); err != nil {
			return err
		}
		if len(done) > 0 {
			return wachsam.Errorf(wachsam.ECONFLICT, "Diese Aufgabe hat der Prüfungsausschuss dem Vorsitzenden bereits am %s übertragen (§4(3)).", done[0].DecidedOn.German())
		}
		spec := caseSpec{Motion: MotionDelegate, Detail: caseDetail{Task: task}, Summary: summary}
		if err := boardNoOpenTwin(ctx, tx, spec); err != nil {
			return err
		}
		row, err := db.openCase(ctx, tx, actor, spec)
		if err != nil {
			return err
		}
		out, err = db.boardCaseView(ctx, tx, *row, members, userID)
		return err
	})
	return &out, err
}

// RecordBoardHearing records that the candidate was heard before the
// decision on an invalidation (§11(3)): the day (not in the future) and
// the minutes.
func (db *DB) RecordBoardHearing(ctx context.Context, actor wachsam.Actor, userID, caseID int64, on wachsam.Date, minutes string) error {
	minutes = strings.TrimSpace(minutes)
	switch {
	case on.IsZero():
		return wachsam.FieldError("date", "Bitte geben Sie den Tag der Anhörung an.")
	case minutes == "":
		return wachsam.FieldError("minutes", "Bitte halten Sie fest, was der Prüfling geäußert hat.")
	}
	if err := wachsam.CheckText("minutes", "Protokoll", minutes, wachsam.MaxApplicationLen); err != nil {
		return err
	}
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		lc, err := db.lockBoardCase(ctx, tx, userID, caseID)
		if err != nil {
			return err
		}
		if exam.Motion(lc.row.Motion) != exam.MotionInvalidateCertificate || lc.row.CandidateID == nil {
			return wachsam.Errorf(wachsam.ECONFLICT, "Eine Anhörung nach §11(3) wird im Verfahren über die Ungültigkeit des Zeugnisses erfasst.")
		}
		cf, err := db.loadFile(ctx, tx, *lc.row.CandidateID)
		if err != nil {
			return err
		}
		f := exam.Fact{Type: exam.FactHearingHeld, Date: on, Note: minutes}
		_, _, _, err = db.recordFact(ctx, tx, actor, cf, f, factExtra{CaseID: &lc.row.ID})
		return err
	})
}

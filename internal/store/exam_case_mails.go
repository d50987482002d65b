package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// caseOpenedMails tell those a new case concerns: every member of the
// board, whose vote it needs (§4(4)), and the candidate it is about — unless
// the candidate opened it by their own application, whose receipt already
// says that the board decides. The decision reaches the candidate as a
// letter (sendBoardLetter).
func (db *DB) caseOpenedMails(ctx context.Context, tx bun.IDB, row *examCaseRow) error {
	var members []struct {
		ID          int64
		Name, Email string
	}
	if err := tx.NewSelect().TableExpr("users AS u").ColumnExpr("DISTINCT u.id, u.name, u.email").
		Join("JOIN user_roles AS r ON r.user_id = u.id").
		Where("r.role IN (?)", bun.In([]wachsam.Role{wachsam.RoleBoard, wachsam.RoleBoardChair})).
		Where("u.disabled = ?", false).OrderExpr("u.id").Scan(ctx, &members); err != nil {
		return err
	}
	for _, m := range members {
		body := fmt.Sprintf("Guten Tag %s,\n\nvor dem Prüfungsausschuss liegt ein neuer Fall, der Ihre Stimme braucht:\n\nFall %d: %s\n\n"+
			"Sie finden ihn in wachsam unter „Prüfungsausschuss“ und stimmen dort im Umlaufverfahren ab (§4(4) der Prüfungsordnung).\n\n"+
			"Mit freundlichen Grüßen\nIhr Prüfungsamt\n", m.Name, row.ID, row.Summary)
		if err := db.EnqueueMail(ctx, tx, &wachsam.Mail{ToAddress: m.Email, ToName: m.Name,
			Subject: fmt.Sprintf("Prüfungsausschuss: Fall %d braucht Ihre Stimme", row.ID), Body: body}); err != nil {
			return err
		}
	}
	if row.CandidateID == nil || row.ApplicationFactID != nil {
		return nil
	}
	var cand struct {
		Name, Email, Number string
	}
	if err := tx.NewSelect().TableExpr("exam_candidates AS c").Join("JOIN users AS u ON u.id = c.user_id").
		ColumnExpr("u.name, u.email, c.number").Where("c.id = ?", *row.CandidateID).Scan(ctx, &cand); err != nil {
		return err
	}
	body := fmt.Sprintf("Guten Tag %s,\n\nder Prüfungsausschuss befasst sich mit einem Fall, der Sie betrifft:\n\n%s\n\n"+
		"Über seine Entscheidung erhalten Sie einen schriftlichen Bescheid. Ihre Prüfungsakte sehen Sie in wachsam unter „Meine Prüfung“.\n\n"+
		"Ihre Prüfungsnummer: %s\n\nMit freundlichen Grüßen\nIhr Prüfungsamt\n", cand.Name, row.Summary, cand.Number)
	return db.EnqueueMail(ctx, tx, &wachsam.Mail{ToAddress: cand.Email, ToName: cand.Name, Subject: "Prüfungsausschuss: ein Fall zu Ihrer Prüfung", Body: body})
}

// RequestBoardEvidence asks the candidate of an open case for evidence
// (what, in the board's words): the request is audited and mailed to the
// candidate, with the last day of their cut-off while it runs, when the
// case is about reasons (§9(2)) or a hardship application (§6(3)). Only a member of the board may ask.
func (db *DB) RequestBoardEvidence(ctx context.Context, actor wachsam.Actor, userID, caseID int64, what string) error {
	what = strings.TrimSpace(what)
	if what == "" {
		return wachsam.FieldError("evidence", "Bitte schreiben Sie, welche Beweismittel der Prüfling nachreichen soll.")
	}
	if err := wachsam.CheckText("evidence", "Bitte um Beweismittel", what, wachsam.MaxCommentLen); err != nil {
		return err
	}
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		lc, err := db.lockBoardCase(ctx, tx, userID, caseID)
		if err != nil {
			return err
		}
		if lc.row.CandidateID == nil {
			return wachsam.Errorf(wachsam.ECONFLICT, "Dieser Fall betrifft keinen Prüfling, der Beweismittel nachreichen könnte.")
		}
		cf, err := db.loadFile(ctx, tx, *lc.row.CandidateID)
		if err != nil {
			return err
		}
		code := ""
		for _, c := range cf.Components {
			if lc.row.ComponentID != nil && c.ID == *lc.row.ComponentID {
				code = c.Code
			}
		}
		until := ""
		state := cf.evaluate(db.legalToday())
		file := exam.BoardCaseFile{Case: exam.BoardCase{Motion: exam.Motion(lc.row.Motion), Component: code, ExamDate: lc.row.ExamDay}, State: &state}
		if cut := file.Cutoff(); cut != nil && cut.Running {
			until = fmt.Sprintf("\nSie können sie bis einschließlich %s nachreichen (Ausschlussfrist, %s der Prüfungsordnung).\n", exam.WeekdayDate(cut.LastDay), cut.Paragraph)
		}
		if err := db.audit(ctx, tx, actor, "exam_case.evidence_requested", "exam_case", caseID, "Beweismittel angefordert: "+what); err != nil {
			return err
		}
		body := fmt.Sprintf("Guten Tag %s,\n\nder Prüfungsausschuss bittet Sie im Fall „%s“ um folgende Beweismittel:\n\n%s\n%s\n"+
			"Nachreichen können Sie sie in wachsam unter „Meine Prüfung“.\n\nMit freundlichen Grüßen\nIhr Prüfungsamt\n",
			cf.User.Name, lc.row.Summary, what, until)
		return db.EnqueueMail(ctx, tx, &wachsam.Mail{ToAddress: cf.User.Email, ToName: cf.User.Name, Subject: "Prüfungsausschuss: Bitte um Beweismittel", Body: body})
	})
}

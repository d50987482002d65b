package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
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

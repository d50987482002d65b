package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// Certificates (§10). Issuing records the certificate_issued fact through
// package exam — which refuses it unless every component is passed and
// refuses a second one (§10(1)) — and, in the same transaction, the
// certificate row: a snapshot of names and grades with a random
// verification code. Revocation (§11) is the board's decision; recordFact
// marks the row then (revokeIfInvalidated).

// IssueCertificate issues the certificate of a candidate today, if the
// regulation allows it, and tells the candidate by mail.
func (db *DB) IssueCertificate(ctx context.Context, actor wachsam.Actor, candidateID int64) (*exam.CertificateRecord, error) {
	var out *exam.CertificateRecord
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		cf, err := db.lockedFile(ctx, tx, candidateID)
		if err != nil {
			return err
		}
		today := db.legalToday()
		_, state, _, err := db.recordFact(ctx, tx, actor, cf, exam.Fact{Type: exam.FactCertificateIssued, Date: today}, factExtra{})
		if err != nil {
			return err
		}
		director, err := certificateDirector(ctx, tx)
		if err != nil {
			return err
		}
		leader, err := certificateLeader(cf)
		if err != nil {
			return err
		}
		grades, err := json.Marshal(certificateGrades(state))
		if err != nil {
			return err
		}
		code, err := newCertificateCode(ctx, tx)
		if err != nil {
			return err
		}
		row := &examCertificateRow{
			CandidateID: cf.Candidate.ID, Code: code, HolderName: cf.User.Name, IssuedOn: today,
			OverallGrade: state.Overall.Grade, Grades: string(grades), DirectorName: director, LeaderName: leader, CreatedAt: db.now(),
		}
		if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
			if isUniqueViolation(err) {
				return wachsam.Errorf(wachsam.ECONFLICT, "Für diesen Prüfling wurde bereits ein Zeugnis ausgestellt (§10(1) der Prüfungsordnung).")
			}
			return err
		}
		detail := fmt.Sprintf("%s, Gesamtnote %s, ausgestellt am %s, Prüfcode %s…", cf.Candidate.Number, row.OverallGrade, today.German(), code[:4])
		if err := db.audit(ctx, tx, actor, "exam_certificate.issue", "exam_candidate", cf.Candidate.ID, detail); err != nil {
			return err
		}
		if err := db.EnqueueMail(ctx, tx, certificateMail(cf, row)); err != nil {
			return err
		}
		rec, err := db.certificateRecords(ctx, tx, byCertificate(row.ID))
		if err != nil || len(rec) == 0 {
			return cmp.Or(err, notFound("Zeugnis"))
		}
		out = &rec[0]
		return nil
	})
	return out, err
}

// certificateDirector is the scientific director who signs the certificate
// (§10(2)): the chair of the board, who is the director by §4(2). Of
// several active chair accounts the oldest signs.
func certificateDirector(ctx context.Context, tx bun.IDB) (string, error) {
	var names []string
	err := tx.NewSelect().TableExpr("users AS u").Join("JOIN user_roles AS r ON r.user_id = u.id").
		ColumnExpr("u.name").Where("r.role = ? AND u.disabled = ?", wachsam.RoleBoardChair, false).
		OrderExpr("u.id").Limit(1).Scan(ctx, &names)
	if err != nil {
		return "", err
	}
	if len(names) == 0 {
		return "", wachsam.Errorf(wachsam.ECONFLICT, "Das Zeugnis unterzeichnet der wissenschaftliche Leiter, der den Prüfungsausschuss leitet (§10(2), §4(2) der Prüfungsordnung); es gibt kein aktives Konto mit der Rolle %s.", wachsam.RoleBoardChair.Label())
	}
	return names[0], nil
}

// certificateLeader is the second signatory (§10(2)): the seminar leader,
// or else another examiner of the seminar (§3(2)).
func certificateLeader(cf *candidateFile) (string, error) {
	if name := strings.TrimSpace(cf.Seminar.LeaderName); name != "" {
		return name, nil
	}
	for _, c := range cf.Components {
		if c.ExaminerID != nil && cf.Examiners[*c.ExaminerID] != "" {
			return cf.Examiners[*c.ExaminerID], nil
		}
	}
	return "", wachsam.Errorf(wachsam.ECONFLICT, "Das Zeugnis unterzeichnet neben dem wissenschaftlichen Leiter der Seminarleiter oder ein weiterer Prüfer (§10(2) der Prüfungsordnung); für das Seminar ist keiner erfasst.")
}

// certificateGrades is the snapshot of the component grades the state
// holds once every component is passed.
func certificateGrades(s exam.State) []exam.CertificateGrade {
	out := make([]exam.CertificateGrade, 0, len(s.Components))
	for _, c := range s.Components {
		out = append(out, exam.CertificateGrade{Component: c.ID, Name: c.Name, Grade: c.Grade, Word: c.GradeWord})
	}
	return out
}

// newCertificateCode draws a verification code that no certificate has.
// With 2^60 codes a collision is practically impossible; the check and the
// unique index make it impossible in fact.
func newCertificateCode(ctx context.Context, tx bun.IDB) (string, error) {
	for range 5 {
		code, err := randomVerificationCode(exam.CertificateCodeLength)
		if err != nil {
			return "", err
		}
		n, err := tx.NewSelect().Model((*examCertificateRow)(nil)).Where("code = ?", code).Count(ctx)
		if err != nil {
			return "", err
		}
		if n == 0 {
			return code, nil
		}
	}
	return "", fmt.Errorf("store: no free certificate code after 5 draws")
}

// certificateMail tells the holder that the certificate is ready; it
// carries no grades, because mail leaves the academy's systems.
func certificateMail(cf *candidateFile, row *examCertificateRow) *wachsam.Mail {
	body := fmt.Sprintf(`Guten Tag %s,

Sie haben die Prüfung bestanden: Ihr Zeugnis wurde am %s ausgestellt (§10 der Prüfungsordnung).

Sie können es in wachsam unter „Meine Prüfung“ als PDF herunterladen. Das unterschriebene und gesiegelte Original erhalten Sie von der Akademie.

Wer die Echtheit Ihres Zeugnisses prüfen möchte, gibt auf der Seite „Zeugnis prüfen“ den Prüfcode ein, der auf dem Zeugnis steht.

Mit freundlichen Grüßen
Ihr Prüfungsamt
`, cf.User.Name, row.IssuedOn.German())
	return &wachsam.Mail{ToAddress: cf.User.Email, ToName: cf.User.Name, Subject: "Ihr Zeugnis wurde ausgestellt", Body: body}
}

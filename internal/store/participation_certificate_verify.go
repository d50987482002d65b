package store

import (
	"context"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// VerifyParticipation looks a participation certificate up by its code
// (any spelling wachsam.NormalizeVerificationCode accepts) for the client
// at clientIP, for the public check. It returns only what the public may
// see. Every lookup is counted against the client's address before it is
// answered (ClaimAttempt, under the key the exam certificates' check
// uses, so guesses at either kind count together), and a found code is
// released again: parallel guessing cannot pass the limit.
func (db *DB) VerifyParticipation(ctx context.Context, code, clientIP string) (*courses.ParticipationCheck, error) {
	normal, err := wachsam.NormalizeVerificationCode(code, courses.ParticipationCodeLength)
	if err != nil {
		return nil, err
	}
	claim, err := db.claimLookup(ctx, clientIP)
	if err != nil {
		return nil, err
	}
	var rows []participationCertificateRow
	if err := db.NewSelect().Model(&rows).Where("code = ?", normal).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	if len(rows) == 0 {
		return nil, &wachsam.Error{Code: wachsam.ENOTFOUND, Field: "code", Message: "Zum Prüfcode " + normal +
			" gibt es keine Teilnahmebescheinigung. Bitte vergleichen Sie den Code Zeichen für Zeichen mit der Bescheinigung."}
	}
	if err := db.ReleaseAttempt(ctx, claim); err != nil {
		return nil, err
	}
	r := rows[0]
	return &courses.ParticipationCheck{Code: r.Code, HolderName: r.HolderName, Topic: r.Topic, FirstDay: r.FirstDay,
		LastDay: r.LastDay, Issuer: r.Issuer, WithdrawnOn: r.WithdrawnOn}, nil
}

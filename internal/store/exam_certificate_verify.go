package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The public verification of a certificate (§10, §11): anyone who holds
// the code learns whether the certificate stands. Guessing codes is
// throttled per client address with the table that throttles sign-ins, so
// the limit holds across instances.

const (
	// VerifyWindow and VerifyFailures bound guessing: a client address
	// that looked up this many unknown codes within the window gets no
	// answers until the window has passed.
	VerifyWindow   = 10 * time.Minute
	VerifyFailures = 20
)

// VerifyCertificate looks a certificate up by its code (any spelling
// NormalizeCertificateCode accepts) for the client at clientIP. It returns
// only what the public may see; an unknown code counts against the
// client's address.
func (db *DB) VerifyCertificate(ctx context.Context, code, clientIP string) (*exam.CertificateCheck, error) {
	normal, err := exam.NormalizeCertificateCode(code)
	if err != nil {
		return nil, err
	}
	claim, err := db.claimLookup(ctx, clientIP)
	if err != nil {
		return nil, err
	}
	var row examCertificateRow
	err = db.NewSelect().Model(&row).Column("code", "holder_name", "issued_on", "overall_grade", "revoked_on").Where("code = ?", normal).Scan(ctx)
	if err != nil {
		err = lookupError(err, "Zeugnis")
		if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
			return nil, &wachsam.Error{Code: wachsam.ENOTFOUND, Field: "code", Message: "Zum Prüfcode " + normal + " gibt es kein Zeugnis. Bitte vergleichen Sie den Code Zeichen für Zeichen mit dem Zeugnis."}
		}
		return nil, err
	}
	if err := db.ReleaseAttempt(ctx, claim); err != nil {
		return nil, err
	}
	out := &exam.CertificateCheck{Code: row.Code, HolderName: row.HolderName, IssuedOn: row.IssuedOn, OverallGrade: row.OverallGrade, RevokedOn: row.RevokedOn}
	if g, err := exam.ParseGrade(row.OverallGrade); err == nil {
		out.OverallWord = g.Word()
	}
	return out, nil
}

// claimLookup counts a lookup by code from the client as a failure before
// it is made, so parallel guesses cannot slip past the limit between a
// count and a record (ClaimAttempt); a lookup that finds its document
// releases the claim (ReleaseAttempt).
func (db *DB) claimLookup(ctx context.Context, clientIP string) ([]int64, error) {
	ids, _, ok, err := db.ClaimAttempt(ctx, db.now().Add(-VerifyWindow), []string{verifyThrottleKey(clientIP)}, []int{VerifyFailures})
	if err != nil {
		return nil, translate(err)
	}
	if !ok {
		return nil, tooManyLookups()
	}
	return ids, nil
}

// tooManyLookups refuses a client that guessed too many codes, of either
// kind of document.
func tooManyLookups() error {
	return wachsam.Errorf(wachsam.ETOOMANY, "Von Ihrem Anschluss wurden zu viele unbekannte Prüfcodes abgefragt. Bitte warten Sie %d Minuten und versuchen Sie es dann erneut.", int(VerifyWindow.Minutes()))
}

// verifyThrottleKey keys a client's failed lookups apart from its failed
// sign-ins, hashed like those so the table holds no address.
func verifyThrottleKey(clientIP string) string {
	sum := sha256.Sum256([]byte("certificate:" + clientIP))
	return hex.EncodeToString(sum[:])
}

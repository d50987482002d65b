package auth

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/wachsam/wachsam"
)

// RecoveryCodeCount is how many one-time codes an account gets.
const RecoveryCodeCount = 10

// BeginEnrolment offers a fresh TOTP secret, kept pending until confirmed.
func (s *Service) BeginEnrolment(ctx context.Context, u *wachsam.User) (string, error) {
	key, err := newTOTPKey(s.Policy.Issuer, u.Email)
	if err != nil {
		return "", err
	}
	if err := s.Store.SetPendingTOTP(ctx, u.ID, key.Secret()); err != nil {
		return "", err
	}
	return key.Secret(), nil
}

// EnrolmentQRCode renders the pending secret as a QR code.
func (s *Service) EnrolmentQRCode(u *wachsam.User) ([]byte, error) {
	if u.TOTPPending == nil {
		return nil, wachsam.Errorf(wachsam.ENOTFOUND, "Es wird gerade keine Zwei-Faktor-Anmeldung eingerichtet.")
	}
	return QRCodePNG(s.Policy.Issuer, u.Email, *u.TOTPPending)
}

var errWrongCode = wachsam.FieldError("code", "Der Code ist nicht richtig. Bitte geben Sie den aktuellen sechsstelligen Code aus Ihrer App ein.")

// ConfirmEnrolment activates the pending secret if code matches it and
// returns the recovery codes (shown once, stored only hashed) and the token
// of a new, fully signed-in session that replaces sess: the code just
// proved possession of the second factor.
func (s *Service) ConfirmEnrolment(ctx context.Context, u *wachsam.User, sess *wachsam.Session, code string) ([]string, string, error) {
	if u.TOTPPending == nil {
		return nil, "", wachsam.Errorf(wachsam.ECONFLICT, "Die Einrichtung ist abgelaufen. Bitte beginnen Sie sie erneut.")
	}
	step, ok := matchTOTP(*u.TOTPPending, code, s.Now())
	if !ok {
		return nil, "", errWrongCode
	}
	codes, hashes := newRecoveryCodes()
	if err := s.Store.ConfirmTOTP(ctx, wachsam.UserActor(u), u.ID, *u.TOTPPending, step, hashes); err != nil {
		return nil, "", err
	}
	token, _, err := s.replaceSession(ctx, u, sess)
	return codes, token, err
}

// replaceSession ends a half-signed-in session and starts a fully signed-in
// one with a new token, so a token seen before the second factor is worth
// nothing afterwards.
func (s *Service) replaceSession(ctx context.Context, u *wachsam.User, sess *wachsam.Session) (string, *wachsam.Session, error) {
	if err := s.Store.DeleteSession(ctx, sess.ID); err != nil {
		return "", nil, err
	}
	return s.StartSession(ctx, u, true)
}

func newRecoveryCodes() (codes, hashes []string) {
	for range RecoveryCodeCount {
		c := NewRecoveryCode()
		codes = append(codes, c)
		hashes = append(hashes, HashToken(c))
	}
	return codes, hashes
}

// RenewRecoveryCodes replaces all recovery codes of an account.
func (s *Service) RenewRecoveryCodes(ctx context.Context, u *wachsam.User) ([]string, error) {
	if !u.HasTOTP() {
		return nil, wachsam.Errorf(wachsam.ECONFLICT, "Richten Sie zuerst die Zwei-Faktor-Anmeldung ein.")
	}
	codes, hashes := newRecoveryCodes()
	return codes, s.Store.ReplaceRecoveryCodes(ctx, wachsam.UserActor(u), u.ID, hashes)
}

// VerifyCode completes a sign-in with a TOTP code. Each code is accepted
// once only; wrong codes count against the account and the client address
// (secondFactor). On success the half-signed-in session is replaced
// (replaceSession).
func (s *Service) VerifyCode(ctx context.Context, u *wachsam.User, sess *wachsam.Session, clientIP, code string) (string, *wachsam.Session, error) {
	return s.secondFactor(ctx, u, sess, clientIP, errWrongCode, func() (bool, error) {
		if !u.HasTOTP() {
			return false, nil
		}
		step, ok := matchTOTP(*u.TOTPSecret, code, s.Now())
		if !ok {
			return false, nil
		}
		fresh, err := s.Store.ClaimTOTPStep(ctx, u.ID, step)
		if err != nil {
			return false, err
		}
		if !fresh {
			return false, wachsam.FieldError("code", "Dieser Code wurde bereits verwendet. Bitte warten Sie auf den nächsten Code Ihrer App.")
		}
		return true, nil
	})
}

// VerifyRecoveryCode completes a sign-in with a one-time recovery code.
func (s *Service) VerifyRecoveryCode(ctx context.Context, u *wachsam.User, sess *wachsam.Session, clientIP, code string) (string, *wachsam.Session, error) {
	return s.secondFactor(ctx, u, sess, clientIP, errWrongRecoveryCode, func() (bool, error) {
		return s.Store.UseRecoveryCode(ctx, u.ID, HashToken(normalizeRecoveryCode(code)))
	})
}

var errWrongRecoveryCode = wachsam.FieldError("code", "Dieser Wiederherstellungscode ist nicht richtig oder wurde bereits verwendet.")

// secondFactor runs one attempt at the second step. Its failures are kept
// under keys of their own, per account and per client address, over
// SecondFactorWindow; a correct password clears only the password's
// failures, so signing in again buys no fresh guesses. The attempt is
// claimed before the code is checked (claimAttempt); the failure that
// reaches the account's limit shuts the step for SecondFactorLock, which
// the audit log records and the owner is told of by mail.
func (s *Service) secondFactor(ctx context.Context, u *wachsam.User, sess *wachsam.Session, clientIP string, wrong error, check func() (bool, error)) (string, *wachsam.Session, error) {
	until, err := s.Store.SecondFactorLockedUntil(ctx, u.ID)
	if err != nil {
		return "", nil, err
	}
	if s.Now().Before(until) {
		return "", nil, errTooMany(until.Sub(s.Now()).Round(time.Minute))
	}
	acctKey := throttleKey("second-factor-account", strconv.FormatInt(u.ID, 10))
	claim, counts, err := s.claimAttempt(ctx, s.Policy.SecondFactorWindow,
		limit{acctKey, s.Policy.MaxSecondFactorFailures},
		limit{throttleKey("second-factor-client", clientIP), s.Policy.MaxSecondFactorFailuresClient})
	if err != nil {
		return "", nil, err
	}
	ok, err := check()
	if err != nil || !ok {
		s.Store.Audit(ctx, wachsam.UserActor(u), "login.second_factor_failed", "user", u.ID, "")
		if counts[0] >= s.Policy.MaxSecondFactorFailures {
			if lerr := s.lockSecondFactor(ctx, u); lerr != nil {
				return "", nil, lerr
			}
		}
		if err != nil {
			return "", nil, err
		}
		return "", nil, wrong
	}
	if err := s.Store.ReleaseAttempt(ctx, claim); err != nil {
		return "", nil, err
	}
	return s.replaceSession(ctx, u, sess)
}

// lockSecondFactor shuts the account's second step and tells its owner:
// whoever entered the codes knows the password.
func (s *Service) lockSecondFactor(ctx context.Context, u *wachsam.User) error {
	until := s.Now().Add(s.Policy.SecondFactorLock)
	notice := mailTo(u, "wachsam: Anmeldung nach falschen Bestätigungscodes gesperrt",
		fmt.Sprintf("Guten Tag %s,\n\n"+
			"bei der Anmeldung mit Ihrem Konto wurde %d-mal ein falscher Bestätigungs- oder Wiederherstellungscode eingegeben. "+
			"Der zweite Anmeldeschritt ist deshalb für %d Minuten gesperrt.\n\n"+
			"Wer diese Codes eingegeben hat, kannte Ihr Passwort. Waren Sie das nicht, ändern Sie bitte sofort Ihr Passwort "+
			"und informieren Sie Ihre Administration.\n",
			u.Name, s.Policy.MaxSecondFactorFailures, int(s.Policy.SecondFactorLock.Minutes())))
	_, err := s.Store.LockSecondFactor(ctx, wachsam.SystemActor("Anmeldung"), u.ID, until, notice)
	return err
}

// mailTo addresses a notice about the account to its owner.
func mailTo(u *wachsam.User, subject, body string) *wachsam.Mail {
	return &wachsam.Mail{ToAddress: u.Email, ToName: u.Name, Subject: subject, Body: body}
}

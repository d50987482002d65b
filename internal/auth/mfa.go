package auth

import (
	"context"

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
// once only; wrong codes count towards the account's throttle. On success
// the half-signed-in session is replaced (replaceSession).
func (s *Service) VerifyCode(ctx context.Context, u *wachsam.User, sess *wachsam.Session, code string) (string, *wachsam.Session, error) {
	return s.secondFactor(ctx, u, sess, errWrongCode, func() (bool, error) {
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
func (s *Service) VerifyRecoveryCode(ctx context.Context, u *wachsam.User, sess *wachsam.Session, code string) (string, *wachsam.Session, error) {
	return s.secondFactor(ctx, u, sess, errWrongRecoveryCode, func() (bool, error) {
		return s.Store.UseRecoveryCode(ctx, u.ID, HashToken(normalizeRecoveryCode(code)))
	})
}

var errWrongRecoveryCode = wachsam.FieldError("code", "Dieser Wiederherstellungscode ist nicht richtig oder wurde bereits verwendet.")

func (s *Service) secondFactor(ctx context.Context, u *wachsam.User, sess *wachsam.Session, wrong error, check func() (bool, error)) (string, *wachsam.Session, error) {
	acctKey := throttleKey("account", u.Email)
	if err := s.checkThrottle(ctx, map[string]int{acctKey: s.Policy.MaxFailuresAccount}); err != nil {
		return "", nil, err
	}
	ok, err := check()
	if err != nil || !ok {
		s.Store.RecordLoginFailure(ctx, acctKey)
		s.Store.Audit(ctx, wachsam.UserActor(u), "login.second_factor_failed", "user", u.ID, "")
		if err != nil {
			return "", nil, err
		}
		return "", nil, wrong
	}
	if err := s.Store.ClearLoginFailures(ctx, acctKey); err != nil {
		return "", nil, err
	}
	return s.replaceSession(ctx, u, sess)
}

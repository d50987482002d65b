package auth

import (
	"bytes"
	"crypto/subtle"
	"image/png"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// The TOTP parameters are those every authenticator app supports: 30 s,
// 6 digits, SHA-1 (RFC 6238 defaults).
const (
	totpPeriod = 30
	totpDigits = otp.DigitsSix
)

// newTOTPKey creates a fresh secret for an account.
func newTOTPKey(issuer, account string) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: totpPeriod, Digits: totpDigits})
}

// totpURL rebuilds the otpauth:// URL of a stored secret, for the QR code.
func totpURL(issuer, account, secret string) string {
	return "otpauth://totp/" + urlPathEscape(issuer) + ":" + urlPathEscape(account) +
		"?algorithm=SHA1&digits=6&issuer=" + urlQueryEscape(issuer) + "&period=30&secret=" + secret
}

// QRCodePNG renders the enrolment QR code for an authenticator app.
func QRCodePNG(issuer, account, secret string) ([]byte, error) {
	key, err := otp.NewKeyFromURL(totpURL(issuer, account, secret))
	if err != nil {
		return nil, err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = png.Encode(&buf, img)
	return buf.Bytes(), err
}

// matchTOTP returns the time step whose code equals code, looking one step
// back and ahead to forgive clock drift, and whether one matched. The step
// is what makes a code single-use: it is recorded and never accepted again.
func matchTOTP(secret, code string, now time.Time) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / totpPeriod
	for _, s := range []int64{step - 1, step, step + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*totpPeriod, 0), totp.ValidateOpts{
			Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1,
		})
		if err == nil && constantTimeEqual(want, code) {
			return s, true
		}
	}
	return 0, false
}

// GenerateTOTP computes the current code of a secret; for tests and demos.
func GenerateTOTP(secret string, now time.Time) (string, error) {
	return totp.GenerateCode(secret, now)
}

func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// The label of an otpauth URL may not contain a raw colon except the one
// between issuer and account.
func urlPathEscape(s string) string { return strings.ReplaceAll(url.PathEscape(s), ":", "%3A") }

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

package courses

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"
)

// CheckInStep is how long one self check-in code is shown in the room
// before the next replaces it (DESIGN.md §4): short enough that a code
// passed on by messenger is useless to someone outside.
const CheckInStep = 30 * time.Second

// MinCheckInSecret is the least length of a session's check-in secret, in
// bytes; VerifyCheckInCode refuses every code for a shorter one, so a
// missing secret never opens the check-in.
const MinCheckInSecret = 16

// CheckInCode is the six-digit code shown in the room at t: HMAC-SHA256 of
// the session's secret and the number of the 30-second step, truncated the
// way RFC 4226 truncates HOTP values; that is RFC 6238's TOTP with SHA-256,
// a construction with published test vectors rather than one of our own.
// Only who knows the secret (the server, and the trainer's screen through
// it) can compute it.
func CheckInCode(secret []byte, t time.Time) string {
	return checkInCodeAt(secret, checkInStepOf(t))
}

// VerifyCheckInCode reports whether code is the code of the current step at
// now or of the one before: someone who reads the code just before it
// changes still gets in, while a code two steps old (30 to 60 s) is refused.
func VerifyCheckInCode(secret []byte, code string, now time.Time) bool {
	if len(secret) < MinCheckInSecret || len(code) != 6 {
		return false
	}
	step := checkInStepOf(now)
	ok := false
	for _, s := range []int64{step, step - 1} {
		// Both are compared in constant time, and both always, so the
		// answer's timing tells nothing about the code.
		if hmac.Equal([]byte(checkInCodeAt(secret, s)), []byte(code)) {
			ok = true
		}
	}
	return ok
}

// checkInStepOf numbers the 30-second steps since the Unix epoch, flooring
// so that instants before 1970 still fall into distinct steps.
func checkInStepOf(t time.Time) int64 {
	sec, size := t.Unix(), int64(CheckInStep/time.Second)
	step := sec / size
	if sec%size != 0 && sec < 0 {
		step--
	}
	return step
}

func checkInCodeAt(secret []byte, step int64) string {
	mac := hmac.New(sha256.New, secret)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	offset := sum[len(sum)-1] & 0x0f
	value := binary.BigEndian.Uint32(sum[offset:offset+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", value%1_000_000)
}

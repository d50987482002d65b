package courses

import (
	"regexp"
	"testing"
	"time"
)

func checkInSecret() []byte { return []byte("0123456789abcdef0123456789abcdef") }

// TestCheckInCodeRFC6238: with a 32-byte secret the code is the TOTP of
// RFC 6238 (HMAC-SHA256, 30-second steps, six digits), whose appendix B
// gives 119246 at 59 s; a known answer pins the derivation.
func TestCheckInCodeRFC6238(t *testing.T) {
	secret := []byte("12345678901234567890123456789012")
	for _, tt := range []struct {
		unix int64
		want string
	}{{59, "119246"}, {1111111109, "084774"}, {1234567890, "819424"}, {2000000000, "698825"}} {
		if got := CheckInCode(secret, time.Unix(tt.unix, 0)); got != tt.want {
			t.Errorf("CheckInCode at %d = %s, want %s", tt.unix, got, tt.want)
		}
	}
}

// TestVerifyCheckInCode: DESIGN.md §4, the code in the room changes every
// 30 s; the current and the previous code are accepted, one two steps old
// is not.
func TestVerifyCheckInCode(t *testing.T) {
	secret := checkInSecret()
	step := time.Date(2026, 11, 10, 9, 0, 30, 0, time.UTC) // a step boundary
	shown := CheckInCode(secret, step)
	if !regexp.MustCompile(`^[0-9]{6}$`).MatchString(shown) {
		t.Fatalf("code %q is not six digits", shown)
	}
	tests := []struct {
		name string
		now  time.Time
		want bool
	}{
		{"same instant", step, true},
		{"end of the same step", step.Add(CheckInStep - time.Nanosecond), true},
		{"next step: previous code still accepted", step.Add(CheckInStep), true},
		{"end of the next step", step.Add(2*CheckInStep - time.Nanosecond), true},
		{"two steps on: rejected", step.Add(2 * CheckInStep), false},
		{"before it was shown: rejected", step.Add(-time.Nanosecond), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VerifyCheckInCode(secret, shown, tt.now); got != tt.want {
				t.Errorf("VerifyCheckInCode = %v, want %v", got, tt.want)
			}
		})
	}
	if CheckInCode(secret, step.Add(-time.Nanosecond)) == shown {
		t.Error("the code did not change at the step boundary")
	}
	if VerifyCheckInCode([]byte("another session's secret"), shown, step) {
		t.Error("accepted a code of another session")
	}
	if VerifyCheckInCode(secret[:MinCheckInSecret-1], CheckInCode(secret[:MinCheckInSecret-1], step), step) {
		t.Error("accepted a code for a too short secret")
	}
	for _, bad := range []string{"", shown[:5], shown + "0", " " + shown[1:]} {
		if VerifyCheckInCode(secret, bad, step) {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestCheckInStepBeforeEpoch(t *testing.T) {
	if got := checkInStepOf(time.Unix(-1, 0)); got != -1 {
		t.Errorf("step of -1 s = %d, want -1", got)
	}
	if got := checkInStepOf(time.Unix(-30, 0)); got != -1 {
		t.Errorf("step of -30 s = %d, want -1", got)
	}
	if got := checkInStepOf(time.Unix(-31, 0)); got != -2 {
		t.Errorf("step of -31 s = %d, want -2", got)
	}
}

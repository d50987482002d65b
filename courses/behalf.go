package courses

import (
	"strings"
	"unicode/utf8"

	"github.com/wachsam/wachsam"
)

// MaxBehalfReason bounds the reason a coordinator gives for acting on
// behalf of someone; it goes into the audit log.
const MaxBehalfReason = 500

// OnBehalf names who acts for a member of staff — a coordinator of
// MunicipalityID, which comes from their account — and why. The reason is
// required: acting for someone else, possibly after the self-service
// deadline, must be explainable afterwards.
type OnBehalf struct {
	Actor          wachsam.Actor
	MunicipalityID int64
	// DepartmentID, when not zero, narrows whom the actor may act for to
	// the members of one department of the town: a department head's.
	DepartmentID int64
	Reason       string
}

// Check trims the reason and refuses a missing or overlong one, naming the
// field "reason".
func (o *OnBehalf) Check() error {
	o.Reason = strings.TrimSpace(o.Reason)
	switch {
	case o.Reason == "":
		return wachsam.FieldError("reason", "Bitte geben Sie einen Grund an; er wird protokolliert.")
	case utf8.RuneCountInString(o.Reason) > MaxBehalfReason:
		return wachsam.FieldError("reason", "Der Grund darf höchstens %d Zeichen lang sein.", MaxBehalfReason)
	}
	return nil
}

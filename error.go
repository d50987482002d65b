package wachsam

import (
	"errors"
	"fmt"
)

// ErrorCode classifies a domain error; the HTTP layer maps each code to one
// status (internal/http) so every handler answers alike.
type ErrorCode string

const (
	ECONFLICT     ErrorCode = "conflict"     // the change collides with existing data
	EINTERNAL     ErrorCode = "internal"     // a fault of ours, never shown in detail
	EINVALID      ErrorCode = "invalid"      // the input breaks a rule
	ENOTFOUND     ErrorCode = "not_found"    // nothing the caller may see has that name
	EUNAUTHORIZED ErrorCode = "unauthorized" // the caller is not signed in
	EFORBIDDEN    ErrorCode = "forbidden"    // signed in, but not allowed
	ETOOMANY      ErrorCode = "too_many"     // throttled
	EUNAVAILABLE  ErrorCode = "unavailable"  // the database or a service we depend on (a town's directory) does not answer now; the same request may succeed later
)

// Error is a domain error with a German message meant for the user. Field
// names the input that caused it, when there is one, so forms can show the
// message beside the field.
type Error struct {
	Code    ErrorCode
	Message string
	Field   string
	Err     error // the underlying cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a domain error with a formatted German message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError builds an EINVALID error tied to one input field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCodeOf returns the code of the first domain error in err's chain, or
// EINTERNAL for any other error.
func ErrorCodeOf(err error) ErrorCode {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessageOf returns the user-facing message of err; internal errors get
// a generic sentence so that no detail leaks.
func ErrorMessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut."
}

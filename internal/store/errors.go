package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/wachsam/wachsam"
)

// translate turns driver errors into domain errors, so that no caller ever
// inspects a driver's error type (DESIGN.md §2). Domain errors pass through.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var domain *wachsam.Error
	if errors.As(err, &domain) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &wachsam.Error{Code: wachsam.ENOTFOUND, Message: "Der Eintrag wurde nicht gefunden.", Err: err}
	}
	if isUniqueViolation(err) {
		return &wachsam.Error{Code: wachsam.ECONFLICT, Message: "Ein Eintrag mit diesen Angaben existiert bereits.", Err: err}
	}
	if isCheckViolation(err) {
		// The domain checks every bound first with a message naming the
		// field; reaching the database's backstop (migration 00007) means
		// a path without that check, still the caller's input, not our fault.
		return &wachsam.Error{Code: wachsam.EINVALID, Message: "Eine Angabe ist zu lang oder liegt außerhalb des zulässigen Bereichs.", Err: err}
	}
	if isForeignKeyViolation(err) {
		return &wachsam.Error{Code: wachsam.ECONFLICT, Message: "Der Eintrag wird noch verwendet oder verweist auf etwas, das es nicht gibt.", Err: err}
	}
	if isUnavailable(err) {
		return &wachsam.Error{Code: wachsam.EUNAVAILABLE, Message: "Die Datenbank ist gerade nicht erreichbar; es wurde nichts gespeichert. Bitte versuchen Sie es in einigen Sekunden erneut.", Err: err}
	}
	return &wachsam.Error{Code: wachsam.EINTERNAL, Message: "Datenbankfehler", Err: err}
}

// isUnavailable tells a database that does not answer (connection refused,
// cut or terminated, server shutting down) from a fault in the query: the
// first passes, so the request may be repeated (issue 13 §4).
func isUnavailable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		// Class 08: connection exception; 57P01-57P03: the server ends or
		// refuses the session (pg_terminate_backend, shutdown, start-up).
		return strings.HasPrefix(pg.Code, "08") || pg.Code == "57P01" || pg.Code == "57P02" || pg.Code == "57P03"
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connect) || errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || pgconn.SafeToRetry(err)
}

func isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	// modernc.org/sqlite reports constraint failures in its message text;
	// matching the text avoids importing its internal error codes.
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "PRIMARY KEY constraint failed") ||
		strings.Contains(msg, "constraint failed: UNIQUE")
}

// isCheckViolation recognises a failed CHECK constraint, and on SQLite the
// bound triggers of migration 00007, which raise the same message text. On
// PostgreSQL a value its column type cannot hold (2^62 in an integer, year
// 0 in a date, a NUL byte in text) is the same kind of refusal: SQLite
// would have stored it, and the bounds keep the two alike.
func isCheckViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23514", // check_violation
			"22003", // numeric_value_out_of_range
			"22008", // datetime_field_overflow
			"22021", // character_not_in_repertoire
			"22P05": // untranslatable_character
			return true
		}
		return false
	}
	return strings.Contains(err.Error(), "CHECK constraint failed")
}

func isForeignKeyViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23503"
	}
	return strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
}

// notFound is the domain error for a lookup that found nothing the caller
// may see; it names what was looked for.
func notFound(what string) error {
	return &wachsam.Error{Code: wachsam.ENOTFOUND, Message: what + " wurde nicht gefunden."}
}

// lookupError translates the error of a lookup by key; "not found" names
// what was looked for.
func lookupError(err error, what string) error {
	err = translate(err)
	if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
		return notFound(what)
	}
	return err
}

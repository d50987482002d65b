// Package calendar writes the iCalendar files of the shared awareness
// sessions (DESIGN.md §4): the invitation mailed with every booking
// (METHOD:REQUEST), the cancellation (METHOD:CANCEL, same UID, higher
// SEQUENCE) and each person's private subscription feed.
//
// github.com/emersion/go-ical does the escaping and the encoding. Two things
// it leaves to us, and this package adds: a VTIMEZONE for the TZID it writes
// (only Europe/Berlin and UTC are accepted, so the fixed Europe/Berlin
// definition here is always the right one), and folding lines at 75 octets
// (RFC 5545 §3.1; go-ical declines to fold, see emersion/go-ical#18), because
// some mail programs reject longer lines in invitations.
//
// The package reads no clock: DTSTAMP is the caller's Event.Stamp.
package calendar

// Package wachsam holds the domain types shared by every part of the
// service: calendar dates and the error kinds that the HTTP layer maps to
// status codes. It imports nothing of the project's own, so the pure domain
// packages (exam, courses) and the technology packages under internal/ can
// all depend on it.
package wachsam

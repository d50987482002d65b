// Package demodir serves a small, read-only LDAP directory in memory for
// `wachsam serve --demo`: a town's staff with their passwords and a service
// account, over LDAPS with a CA made at start, so the demo connects to it
// exactly as wachsam connects to a town's OpenLDAP or Active Directory.
//
// It answers simple binds and searches (with the paged results control of
// RFC 2696, which wachsam's sync sends) and refuses everything else. It is
// a stand-in for the demo, not a directory server: the protocol tests of
// internal/directory run against a real slapd.
package demodir

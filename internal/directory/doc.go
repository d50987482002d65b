// Package directory speaks LDAP to a town's directory (OpenLDAP, Active
// Directory): it checks a person's password by a bind, and it lists the
// people the scheduled sync compares with the municipality's staff
// (DESIGN.md §6, issue 14 §1).
//
// Connections are encrypted: ldaps:// uses TLS from the start, ldap://
// upgrades with StartTLS before anything is sent. Plain LDAP is used only
// where the configuration asks for it and the operator allowed it
// (Connector.AllowPlain, for tests and the demo).
package directory

// Package exam is the examination regulation as code: the single source of
// truth for what the regulation allows. The exam office and the board only
// ever ask it.
//
// It follows the academy's regulation (Prüfungsordnung für die Prüfung zu
// Informationssicherheitsbeauftragten - ISB, udis, in force from 2025-09-01)
// and the German Civil Code's rules for periods (§§187(1), 188(2), 188(3),
// 193 BGB). Paragraph references in comments ("§6(3)") are to the regulation
// unless they say BGB.
//
// The package is pure: no I/O, no clock, no database. "As of" is always a
// parameter, and the time zone of the academy's seat is part of the
// Regulation value, handed in by the caller (see UdisISB2025).
//
// The flow is: ParseFile reads a candidate's file (a list of dated facts),
// ResolveRegulation picks the regulation in force for it (§13), Validate
// checks the file against that regulation, and Evaluate folds the facts into
// a State. Check does all four, for the command line.
package exam

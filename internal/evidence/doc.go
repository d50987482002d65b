// Package evidence is the contract training-evidence/1 between wachsam and
// the ISMS of each municipality (DESIGN.md §5, seeds/000: CISIS12 step 2
// "Beschäftigte sensibilisieren"): the record kinds and their fields, the
// mappings to CISIS12, BSI IT-Grundschutz ORP.3 and ISO/IEC 27001:2022
// A.6.3, content hashes, opaque cursors, pseudonyms, the CSV and ZIP
// export, and the reference importer that pulls the feed into a directory.
//
// It is a leaf: it imports no other internal package. The store builds
// records with it, the HTTP layer serves them, the PDF package prints the
// auditor's report from its Report type.
package evidence

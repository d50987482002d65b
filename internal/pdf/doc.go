// Package pdf prints the paper a trainer takes into a training session: the
// attendance list (Anwesenheitsliste) that participants sign, one signature
// column per day.
//
// The work is split in two so it can be tested without reading PDF bytes:
// layout computes every page as positioned texts and a table grid in pure
// Go, measuring text with the same embedded Go fonts the PDF uses; draw then
// paints that layout with github.com/signintech/gopdf. The golden tests
// compare the layout as plain text.
//
// Every text is NFC-normalised, and a character the fonts cannot show is an
// error that names the text, because a silent empty box on a signed list
// would hide whose signature a row carries (DESIGN.md §8).
package pdf

package courses

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/wachsam/wachsam"
)

// This file holds what concerns a staff list as bytes and CSV syntax rather
// than as people: encoding, delimiter, and records that cannot be parsed.
//
// Spreadsheets write CSV in one of two encodings that matter here: UTF-8
// ("CSV UTF-8", often with a byte order mark) and Windows-1252, which is
// what German Excel writes for "CSV (Trennzeichen-getrennt)". Any byte
// sequence decodes as Windows-1252, while text with umlauts in Windows-1252
// is practically never valid UTF-8, so "valid UTF-8, else Windows-1252" is
// a safe guess that needs no question to the user.
const (
	staffEncodingUTF8        = "UTF-8"
	staffEncodingWindows1252 = "Windows-1252"
)

var (
	staffBOM        = []byte{0xEF, 0xBB, 0xBF}
	staffSigZIP     = []byte("PK\x03\x04")                                   // .xlsx and .ods are ZIP archives
	staffSigOLE2    = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // old .xls
	staffSigPDF     = []byte("%PDF-")
	staffSaveAsCSV  = "Bitte speichern Sie die Tabelle als CSV-Datei."
	staffSaveAsUTF8 = "Bitte speichern Sie die Tabelle in Excel mit „Speichern unter“ als „CSV UTF-8 (durch Trennzeichen getrennt)“."
)

// decodeStaffCSV turns the uploaded bytes into text and names the encoding.
// It refuses, with a message a coordinator can act on, the files that are
// not CSV at all: the usual mistakes are uploading the .xlsx itself or
// saving as "Unicode-Text" (UTF-16).
func decodeStaffCSV(data []byte) (string, string, error) {
	switch {
	case len(bytes.TrimSpace(data)) == 0 || bytes.Equal(bytes.TrimSpace(data), staffBOM):
		return "", "", wachsam.Errorf(wachsam.EINVALID, "Die Datei ist leer.")
	case bytes.HasPrefix(data, staffSigZIP):
		return "", "", wachsam.Errorf(wachsam.EINVALID, "Die Datei ist eine Excel- oder LibreOffice-Tabelle (.xlsx, .ods) und keine CSV-Datei. %s", staffSaveAsCSV)
	case bytes.HasPrefix(data, staffSigOLE2):
		return "", "", wachsam.Errorf(wachsam.EINVALID, "Die Datei ist eine ältere Excel-Tabelle (.xls) und keine CSV-Datei. %s", staffSaveAsCSV)
	case bytes.HasPrefix(data, staffSigPDF):
		return "", "", wachsam.Errorf(wachsam.EINVALID, "Die Datei ist ein PDF-Dokument und keine CSV-Datei. %s", staffSaveAsCSV)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}), staffLooksUTF16(data):
		return "", "", wachsam.Errorf(wachsam.EINVALID, "Die Datei ist im Format UTF-16 („Unicode-Text“) gespeichert, das hier nicht gelesen werden kann. %s", staffSaveAsUTF8)
	case bytes.IndexByte(data, 0) >= 0:
		// No text format a spreadsheet writes (other than UTF-16, caught
		// above) contains NUL bytes; images and archives almost always do.
		return "", "", wachsam.Errorf(wachsam.EINVALID, "Die Datei enthält keinen lesbaren Text und ist keine CSV-Datei. %s", staffSaveAsCSV)
	}
	var text, enc string
	if rest, ok := bytes.CutPrefix(data, staffBOM); ok {
		// The mark promises UTF-8; guessing Windows-1252 for the rest
		// would garble the umlauts that are correctly encoded.
		if !utf8.Valid(rest) {
			return "", "", wachsam.Errorf(wachsam.EINVALID, "Die Datei ist als UTF-8 gekennzeichnet, enthält aber ungültige Zeichen. %s", staffSaveAsUTF8)
		}
		text, enc = string(rest), staffEncodingUTF8
	} else if utf8.Valid(data) {
		text, enc = string(data), staffEncodingUTF8
	} else {
		decoded, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil { // cannot happen for a single-byte charmap; kept for safety
			return "", "", wachsam.Errorf(wachsam.EINVALID, "Die Zeichenkodierung der Datei ist unbekannt. %s", staffSaveAsUTF8)
		}
		text, enc = string(decoded), staffEncodingWindows1252
	}
	// Old Mac spreadsheets end lines with CR alone; encoding/csv would see
	// one endless line. Only when there is no LF at all, so that CRs inside
	// fields of an ordinary file stay as they are.
	if !strings.Contains(text, "\n") {
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return text, enc, nil
}

// staffLooksUTF16 recognises UTF-16 without a byte order mark: German and
// ASCII text in UTF-16 has a NUL in every other byte, always at the same
// parity.
func staffLooksUTF16(data []byte) bool {
	n := min(len(data), 512) &^ 1
	if n < 4 {
		return false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	return (even == 0 && odd*2 > pairs) || (odd == 0 && even*2 > pairs)
}

// detectStaffDelimiter chooses the field separator from the first non-empty
// line (the header): the candidate that occurs most often outside quotes, with
// ties going to the semicolon of German Excel. An Excel "sep=;" line names
// it outright; that line is blanked, not cut, so that line numbers keep
// counting physical lines.
func detectStaffDelimiter(text string) (rune, string) {
	first, _, _ := strings.Cut(text, "\n")
	if hint := strings.TrimSpace(first); len(hint) == 5 && strings.EqualFold(hint[:4], "sep=") && strings.ContainsRune(";,\t|", rune(hint[4])) {
		return rune(hint[4]), text[len(first):]
	}
	counts := map[rune]int{}
	inQuotes, content := false, false
	for _, r := range text {
		switch {
		case r == '"':
			inQuotes, content = !inQuotes, true
		case inQuotes:
		case r == '\n' && content:
			return staffBestDelimiter(counts), text
		case r == '\n': // a blank line or one of bare separators precedes the header
			clear(counts)
		case r == ';' || r == ',' || r == '\t':
			counts[r]++
		case r != ' ' && r != '\r':
			content = true
		}
	}
	return staffBestDelimiter(counts), text
}

func staffBestDelimiter(counts map[rune]int) rune {
	best := ';'
	for _, r := range []rune{',', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// staffDelimiterName is the word a German user knows for the separator.
func staffDelimiterName(r rune) string {
	switch r {
	case ';':
		return "Semikolon"
	case ',':
		return "Komma"
	case '\t':
		return "Tabulator"
	}
	return "„" + string(r) + "“"
}

// nextStaffRecord reads one record and the line where it starts. A record
// that encoding/csv cannot parse comes back with a German explanation in
// bad; ok is false only at the end of the file.
func nextStaffRecord(r *csv.Reader) (rec []string, line int, bad string, ok bool) {
	rec, err := r.Read()
	var pe *csv.ParseError
	switch {
	case err == nil:
		line, _ = r.FieldPos(0)
		return rec, line, "", true
	case !errors.As(err, &pe):
		return nil, 0, "", false // io.EOF: a strings.Reader fails in no other way
	}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		bad = `Ein Wert enthält ein Anführungszeichen ("), steht aber selbst nicht in Anführungszeichen. Bitte entfernen Sie das Zeichen oder speichern Sie die Datei erneut aus der Tabellenkalkulation.`
	default:
		bad = `Die Anführungszeichen (") in dieser Zeile passen nicht zusammen: Ein Wert in Anführungszeichen muss mit einem Anführungszeichen enden, und ein Anführungszeichen im Wert wird verdoppelt ("").`
	}
	if pe.Line > pe.StartLine {
		bad += fmt.Sprintf(" Deshalb wurde alles bis Zeile %d als Teil dieser Zeile gelesen.", pe.Line)
	}
	return rec, pe.StartLine, bad, true
}

func staffBlankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func staffFieldCountMessage(got, want int, delim rune) string {
	msg := fmt.Sprintf("Die Zeile hat %s, die Kopfzeile aber %s.", staffPlural(got, "Spalte", "Spalten"), staffPlural(want, "Spalte", "Spalten"))
	if got > want {
		msg += fmt.Sprintf(" Vermutlich enthält ein Wert ein %s und steht nicht in Anführungszeichen.", staffDelimiterName(delim))
	} else {
		msg += " Vermutlich fehlen Werte am Ende der Zeile."
	}
	return msg
}

func staffPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

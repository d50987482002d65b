package pdf

import (
	"fmt"
	"io"

	"github.com/wachsam/wachsam"
)

// Letter is a formal letter on one or more A4 pages, laid out as DIN 5008
// form B for a window envelope: the sender's letterhead, the return address
// and the recipient's postal address in the address field, the information
// block beside it, the subject, the body in sections, and the closing with
// the signature block. The examination board's decision letters
// (Bescheide) are printed with it.
type Letter struct {
	Letterhead []string // the sender; the first line is printed bold
	// ReturnAddress is the sender's one-line address above the recipient
	// in the window ("Akademie · Straße 1 · 89073 Ulm"); omitted when empty.
	ReturnAddress string
	Recipient     []string     // the postal address, at most six lines
	Info          []LetterInfo // the information block: "Unser Zeichen", "Datum", …
	DateLine      string       // "Ulm, 22.11.2026": without Info, printed where the block would be
	Reference     string       // printed in every footer
	Subject       string
	Salutation    string // omitted when empty
	Sections      []LetterSection
	Closing       string // "Mit freundlichen Grüßen"
	Signer        string // the name under the signature line; may be empty
	SignerRole    string // under the name
	Author        string // document information for the PDF viewer
}

// LetterInfo is one line of the information block beside the address.
type LetterInfo struct{ Label, Value string }

// LetterSection is a headed part of the body.
type LetterSection struct {
	Heading    string
	Paragraphs []LetterParagraph
}

// LetterParagraph is a paragraph, optionally headed by a bold label on a
// line of its own (a provision's number above its quoted text).
type LetterParagraph struct {
	Label string
	Text  string
}

// DecisionLetter writes the letter to w as a PDF. Input errors (no subject,
// a character the fonts lack) are *wachsam.Error with code EINVALID and a
// German message naming the text; nothing is written then.
func DecisionLetter(w io.Writer, l Letter) error {
	f, err := loadFonts()
	if err != nil {
		return err
	}
	lay, err := letterLayout(l, f)
	if err != nil {
		return err
	}
	return drawLetter(w, lay, f)
}

// prepareLetter validates l and returns a copy whose texts are
// NFC-normalised and known to be printable.
func prepareLetter(l Letter, f *fonts) (Letter, error) {
	out := l
	var err error
	check := func(label string, v *string) {
		if err != nil {
			return
		}
		*v = clean(*v)
		if r, bad := f.missing(*v); bad {
			err = wachsam.FieldError("letter", "%s: %q enthält das Zeichen %q (U+%04X), das die Schrift des Bescheids nicht darstellen kann.", label, *v, r, r)
		}
	}
	lines := func(label string, in []string) []string {
		out := make([]string, 0, len(in))
		for i, s := range in {
			check(fmt.Sprintf("%s, Zeile %d", label, i+1), &s)
			if s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	out.Letterhead = lines("Briefkopf", l.Letterhead)
	out.Recipient = lines("Empfänger", l.Recipient)
	check("Rücksendeangabe", &out.ReturnAddress)
	out.Info = make([]LetterInfo, len(l.Info))
	for i, in := range l.Info {
		check("Informationsblock", &in.Label)
		check("Informationsblock", &in.Value)
		out.Info[i] = in
	}
	check("Datum", &out.DateLine)
	check("Zeichen", &out.Reference)
	check("Betreff", &out.Subject)
	check("Anrede", &out.Salutation)
	check("Gruß", &out.Closing)
	check("Unterschrift", &out.Signer)
	check("Funktion", &out.SignerRole)
	check("Verfasser", &out.Author)
	out.Sections = make([]LetterSection, len(l.Sections))
	for i, s := range l.Sections {
		sec := LetterSection{Heading: s.Heading}
		check(fmt.Sprintf("Abschnitt %d", i+1), &sec.Heading)
		for j, p := range s.Paragraphs {
			check(fmt.Sprintf("Abschnitt %d, Absatz %d", i+1, j+1), &p.Label)
			check(fmt.Sprintf("Abschnitt %d, Absatz %d", i+1, j+1), &p.Text)
			sec.Paragraphs = append(sec.Paragraphs, p)
		}
		out.Sections[i] = sec
	}
	if err != nil {
		return Letter{}, err
	}
	switch {
	case len(out.Letterhead) == 0:
		return Letter{}, wachsam.FieldError("letter", "Der Bescheid braucht einen Absender.")
	case out.Subject == "":
		return Letter{}, wachsam.FieldError("letter", "Der Bescheid braucht einen Betreff.")
	case len(out.Recipient) > windowLines:
		return Letter{}, wachsam.FieldError("letter", "Die Anschrift hat %d Zeilen; im Fenster des Umschlags ist Platz für %d.", len(out.Recipient), windowLines)
	}
	return out, nil
}

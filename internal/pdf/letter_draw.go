package pdf

import (
	"fmt"
	"io"

	"github.com/signintech/gopdf"
)

// drawLetter paints a letter's layout with gopdf. Like draw for the
// attendance list it makes no positioning decisions of its own; it is
// separate because a letter has rules instead of a table grid and its own
// document information.
func drawLetter(w io.Writer, l *letterLayoutDoc, f *fonts) error {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: gopdf.Rect{W: l.width, H: l.height}})
	// No creation date: the letter is printed again from stored data
	// whenever it is asked for, and should not differ each time.
	pdf.SetInfo(gopdf.PdfInfo{Title: l.title, Author: l.author, Subject: "Bescheid", Creator: "wachsam"})
	var missing []rune
	opt := gopdf.TtfOption{OnGlyphNotFound: func(r rune) { missing = append(missing, r) }}
	if err := pdf.AddTTFFontDataWithOption(familyRegular, f.regular.ttf, opt); err != nil {
		return fmt.Errorf("pdf: embed Go Regular: %w", err)
	}
	if err := pdf.AddTTFFontDataWithOption(familyBold, f.bold.ttf, opt); err != nil {
		return fmt.Errorf("pdf: embed Go Bold: %w", err)
	}
	for _, pg := range l.pages {
		pdf.AddPage()
		pdf.SetStrokeColor(0, 0, 0)
		pdf.SetLineWidth(0.6)
		for _, r := range pg.rules {
			pdf.Line(r.x1, r.y, r.x2, r.y)
		}
		pdf.SetTextColor(0, 0, 0)
		for _, it := range pg.texts {
			family := familyRegular
			if it.bold {
				family = familyBold
			}
			if err := pdf.SetFont(family, "", it.size); err != nil {
				return fmt.Errorf("pdf: font: %w", err)
			}
			pdf.SetXY(it.x, it.y)
			if err := pdf.Text(it.text); err != nil {
				return fmt.Errorf("pdf: text %q: %w", it.text, err)
			}
			if len(missing) > 0 {
				return fmt.Errorf("pdf: no glyph for %q in %q", missing[0], it.text)
			}
		}
	}
	if _, err := pdf.WriteTo(w); err != nil {
		return fmt.Errorf("pdf: write: %w", err)
	}
	return nil
}

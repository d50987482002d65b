package pdf

import (
	"cmp"
	"fmt"
	"io"

	"github.com/signintech/gopdf"
)

// Font family names registered with gopdf.
const (
	familyRegular = "Go"
	familyBold    = "Go-Bold"
)

// draw paints l with gopdf and writes the PDF to w. It adds no
// positioning of its own: every decision was made in the layout.
func draw(w io.Writer, l *layout, f *fonts) error {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: gopdf.Rect{W: l.width, H: l.height}})
	pdf.SetInfo(gopdf.PdfInfo{
		Title:        l.title,
		Author:       l.author,
		Subject:      cmp.Or(l.subject, l.title),
		Creator:      "wachsam",
		CreationDate: l.created,
	})
	// prepare has rejected unprintable text already; this catches a
	// character that slips past it (a label edited later, say), because
	// gopdf would otherwise print a substitute glyph without a word.
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
		drawGrid(pdf, pg.grid)
		drawShapes(pdf, pg)
		for _, it := range pg.texts {
			family := familyRegular
			if it.bold {
				family = familyBold
			}
			if err := pdf.SetFont(family, "", it.size); err != nil {
				return fmt.Errorf("pdf: font: %w", err)
			}
			pdf.SetTextColor(it.color.r, it.color.g, it.color.b)
			if it.angle != 0 {
				pdf.Rotate(it.angle, it.x, it.y)
			}
			// gopdf's Text puts the baseline at the current y, as the
			// layout's items are positioned.
			pdf.SetXY(it.x, it.y)
			err := pdf.Text(it.text)
			if it.angle != 0 {
				pdf.RotateReset()
			}
			if err != nil {
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

// drawGrid shades the header band and rules the table.
func drawGrid(pdf *gopdf.GoPdf, g grid) {
	if len(g.cols) < 2 || len(g.rows) < 2 {
		return
	}
	left, right := g.cols[0], g.cols[len(g.cols)-1]
	top, bottom := g.rows[0], g.rows[len(g.rows)-1]
	pdf.SetFillColor(225, 225, 225)
	pdf.RectFromUpperLeftWithStyle(left, top, right-left, g.rows[1]-top, "F")
	pdf.SetStrokeColor(0, 0, 0)
	pdf.SetLineWidth(0.5)
	for _, x := range g.cols {
		pdf.Line(x, top, x, bottom)
	}
	for _, y := range g.rows {
		pdf.Line(left, y, right, y)
	}
}

// drawShapes paints a page's boxes, outlines, rules and circles.
func drawShapes(pdf *gopdf.GoPdf, pg page) {
	for _, b := range pg.boxes {
		pdf.SetFillColor(b.color.r, b.color.g, b.color.b)
		pdf.RectFromUpperLeftWithStyle(b.x, b.y, b.w, b.h, "F")
	}
	for _, f := range pg.fills {
		pts := make([]gopdf.Point, len(f.points))
		for i, p := range f.points {
			pts[i] = gopdf.Point{X: p.x, Y: p.y}
		}
		pdf.SetFillColor(f.color.r, f.color.g, f.color.b)
		pdf.Polygon(pts, "F") // one path: "f", the nonzero winding rule
	}
	for _, r := range pg.rules {
		pdf.SetStrokeColor(r.color.r, r.color.g, r.color.b)
		pdf.SetLineWidth(r.width)
		pdf.Line(r.x1, r.y1, r.x2, r.y2)
	}
	for _, c := range pg.circles {
		pdf.SetStrokeColor(c.color.r, c.color.g, c.color.b)
		pdf.SetLineWidth(c.width)
		pdf.Oval(c.x-c.r, c.y-c.r, c.x+c.r, c.y+c.r)
	}
}

package pdf

import (
	"fmt"
	"time"
)

// Sizes in PostScript points (1/72 inch), the unit of PDF.
const (
	a4Short = 595.28
	a4Long  = 841.89
	margin  = 40.0

	headingSize = 16.0
	detailSize  = 10.0
	detailLead  = 13.0 // baseline to baseline in the details block
	labelWidth  = 62.0 // the "Uhrzeit:" column of the details block
	footerSize  = 8.0
	footerSpace = 28.0 // kept free above the bottom margin for the footer
	lineFactor  = 1.2  // line height as a multiple of the font size

	walkIns = 3 // empty rows for people who come without booking
)

// layout is a whole document, positioned but not drawn.
type layout struct {
	width, height float64
	pages         []page
	// Document information for the PDF viewer's title bar and search.
	title, author, subject string
	created                time.Time
}

// page holds what is drawn on one page, in this order: the table grid,
// filled boxes and outlines, rules, circles, then the texts.
type page struct {
	grid    grid
	boxes   []box
	fills   []fill
	rules   []rule
	circles []circle
	texts   []item
}

// rgb is a colour; the zero value is black.
type rgb struct{ r, g, b uint8 }

// box is a filled rectangle from its top-left corner.
type box struct {
	x, y, w, h float64
	color      rgb
}

// rule is a straight line (a signature line).
type rule struct {
	x1, y1, x2, y2 float64
	width          float64
	color          rgb
}

// circle is a stroked circle around its centre (a seal's rings).
type circle struct {
	x, y, r float64
	width   float64
	color   rgb
}

// grid is the table on a page: vertical rules at cols, horizontal rules at
// rows, both from top-left. The band between rows[0] and rows[1] is the
// header and is shaded.
type grid struct {
	cols, rows []float64
}

// item is one line of text; y is its baseline, measured from the top.
// angle turns it counter-clockwise around (x, y), in degrees (the letters
// of a seal's legend).
type item struct {
	x, y  float64
	size  float64
	bold  bool
	text  string
	angle float64
	color rgb
}

// builder carries the fonts and the page under construction.
type builder struct {
	f    *fonts
	s    AttendanceSheet
	l    *layout
	cols []column
	pg   *page
}

// attendanceLayout validates s and lays out every page of its list.
func attendanceLayout(s AttendanceSheet, f *fonts) (*layout, error) {
	s, err := prepare(s, f)
	if err != nil {
		return nil, err
	}
	l := &layout{width: a4Short, height: a4Long, title: "Anwesenheitsliste: " + s.Title, author: s.Trainer, subject: "Anwesenheitsliste"}
	if !s.PrintedAt.IsZero() {
		l.created = s.PrintedAt.In(s.Zone)
	}
	if len(s.Days) > 3 {
		// More signature columns than a portrait page holds legibly.
		l.width, l.height = a4Long, a4Short
	}
	cols, err := columns(margin, l.width-2*margin, s.Days, s.Online)
	if err != nil {
		return nil, err
	}
	b := &builder{f: f, s: s, l: l, cols: cols}
	rows := tableRows(s)
	bottom := l.height - margin - footerSpace
	for next := 0; next < len(rows); {
		b.pg = &page{}
		y := margin
		if len(l.pages) == 0 {
			y = b.firstHead(y)
		} else {
			y = b.runningHead(y)
		}
		y = b.tableHead(y)
		first := next
		for next < len(rows) && y+rowHeight <= bottom {
			y = b.row(rows[next], y)
			next++
		}
		if next == first {
			return nil, fmt.Errorf("pdf: no table row fits below the page heading")
		}
		l.pages = append(l.pages, *b.pg)
	}
	b.footers()
	return l, nil
}

func (b *builder) text(x, y, size float64, bold bool, s string) {
	b.pg.texts = append(b.pg.texts, item{x: x, y: y, size: size, bold: bold, text: s})
}

// firstHead writes the heading and the details block and returns the y
// where the table starts.
func (b *builder) firstHead(y float64) float64 {
	y += headingSize
	b.text(margin, y, headingSize, true, "Anwesenheitsliste")
	y += 8
	termin := "Termin:"
	if len(b.s.Days) > 1 {
		termin = "Termine:"
	}
	valueX := margin + labelWidth
	valueW := b.l.width - margin - valueX
	for _, d := range []struct{ label, value string }{
		{"Thema:", b.s.Title},
		{"Runde:", b.s.Round},
		{"Ort:", b.s.Place},
		{"Trainer:", b.s.Trainer},
		{termin, germanDays(b.s.Days)},
		{"Uhrzeit:", b.s.Times},
		{"Nachweis:", onlineNote(b.s.Online)},
	} {
		if d.value == "" {
			continue
		}
		lines, _ := b.f.wrap(d.value, valueW, detailSize, false, 2)
		for i, line := range lines {
			y += detailLead
			if i == 0 {
				b.text(margin, y, detailSize, true, d.label)
			}
			b.text(valueX, y, detailSize, false, line)
		}
	}
	return y + 14
}

// runningHead names the session on every further page, so a page that
// comes loose from the stack still says which session its signatures
// confirm.
func (b *builder) runningHead(y float64) float64 {
	w := b.l.width - 2*margin
	y += detailSize
	b.text(margin, y, detailSize, true, b.f.truncate("Anwesenheitsliste: "+b.s.Title, w, detailSize, true))
	sub := germanDays(b.s.Days)
	if b.s.Place != "" {
		sub += " · " + b.s.Place
	}
	y += detailLead
	b.text(margin, y, 9, false, b.f.truncate(sub, w, 9, false))
	return y + 12
}

// footers adds "Gedruckt am" and "Seite X von Y" once the page count is
// known.
func (b *builder) footers() {
	y := b.l.height - margin
	printed := printedAt(b.s)
	for i := range b.l.pages {
		b.pg = &b.l.pages[i]
		if printed != "" {
			b.text(margin, y, footerSize, false, printed)
		}
		n := fmt.Sprintf("Seite %d von %d", i+1, len(b.l.pages))
		b.text(b.l.width-margin-b.f.measure(n, footerSize, false), y, footerSize, false, n)
	}
}

// onlineNote tells the reader of an online list why nobody signed it.
func onlineNote(online bool) string {
	if !online {
		return ""
	}
	return "Online-Termin: bestätigte Kamera-Anwesenheit je Tag, erfasst von der Trainerin oder dem Trainer"
}

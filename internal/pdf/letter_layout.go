package pdf

import "fmt"

// The first page follows DIN 5008 form B, so the letter fits a DL or C6/5
// window envelope folded twice: letterhead in the top 45 mm, the address
// field 20 mm from the left and 45 mm from the top, 85 × 45 mm (17.7 mm for
// the return address, then 27.3 mm for up to six lines of address), the
// information block 125 mm from the left, the text 25 mm from the left and
// at least 20 mm from the right edge, fold marks at 105 and 210 mm and the
// hole mark at 148.5 mm.
const (
	mm = 72 / 25.4 // points per millimetre

	letterLeft    = 25 * mm
	letterRight   = 20 * mm
	letterTop     = 50.0
	letterBottom  = 60.0 // above the footer
	letterFooterY = a4Long - 36.0

	windowLeft     = 20 * mm
	windowTop      = 45 * mm
	windowWidth    = 85 * mm
	windowHeight   = 45 * mm
	windowReturnH  = 17.7 * mm // the zone for the return address and notes
	windowLines    = 6
	windowLead     = 27.3 * mm / windowLines
	infoLeft       = 125 * mm
	infoTop        = 50 * mm
	subjectTop     = 98.46 * mm // two blank lines below the address field
	foldMarkFirst  = 105 * mm
	foldMarkSecond = 210 * mm
	holeMark       = 148.5 * mm

	letterHeadSize  = 13.0
	letterSmall     = 9.0
	letterTiny      = 7.0 // the return address
	letterBodySize  = 10.0
	letterBodyLead  = 12.5
	letterTitleSize = 11.5
	letterParaGap   = 4.0
	letterGap       = 11.0 // between blocks and sections
	letterSignSpace = 36.0 // room to sign above the line
	letterSignWidth = 200.0
)

// letterLayoutDoc is a whole letter, positioned but not drawn.
type letterLayoutDoc struct {
	width, height float64
	pages         []letterPage
	title, author string
}

// letterPage holds the texts of one page and its rules (signature line,
// the line under the letterhead).
type letterPage struct {
	texts []item
	rules []letterRule
}

// letterRule is a horizontal line at y from x1 to x2.
type letterRule struct{ x1, x2, y float64 }

// letterBuilder carries the fonts, the page under construction and the
// next baseline.
type letterBuilder struct {
	f   *fonts
	l   Letter
	doc *letterLayoutDoc
	pg  *letterPage
	y   float64
	top float64 // where the text of the current page begins
}

// letterLayout validates l and lays out every page.
func letterLayout(l Letter, f *fonts) (*letterLayoutDoc, error) {
	l, err := prepareLetter(l, f)
	if err != nil {
		return nil, err
	}
	b := &letterBuilder{f: f, l: l, doc: &letterLayoutDoc{width: a4Short, height: a4Long, title: l.Subject, author: l.Author}}
	b.newPage()
	b.y = 10 * mm
	b.head()
	b.address()
	b.subject()
	for i, s := range l.Sections {
		if i == len(l.Sections)-1 {
			// The last section (the Rechtsbehelfsbelehrung) goes with the
			// closing and the signature, so they never stand alone on a page.
			b.together(func() { b.section(s); b.signature() })
		} else {
			b.section(s)
		}
	}
	if len(l.Sections) == 0 {
		b.signature()
	}
	b.finish()
	return b.doc, nil
}

func (b *letterBuilder) width() float64 { return b.doc.width - letterLeft - letterRight }

func (b *letterBuilder) text(x, y, size float64, bold bool, s string) {
	b.pg.texts = append(b.pg.texts, item{x: x, y: y, size: size, bold: bold, text: s})
}

// newPage starts a page; every page after the first names the sender and
// the subject, so that a loose page still says which decision it belongs to.
func (b *letterBuilder) newPage() {
	b.doc.pages = append(b.doc.pages, letterPage{})
	b.pg = &b.doc.pages[len(b.doc.pages)-1]
	b.y = letterTop
	if len(b.doc.pages) == 1 {
		return
	}
	b.y += letterSmall
	b.text(letterLeft, b.y, letterSmall, true, b.f.truncate(b.l.Letterhead[0], b.width(), letterSmall, true))
	b.y += letterSmall * lineFactor
	b.text(letterLeft, b.y, letterSmall, false, b.f.truncate(b.l.Subject, b.width(), letterSmall, false))
	b.y += letterGap
	b.top = b.y
}

// need starts a new page unless h more points fit above the bottom margin.
func (b *letterBuilder) need(h float64) {
	if b.y+h > b.doc.height-letterBottom {
		b.newPage()
	}
}

// lines writes text wrapped to the width, breaking pages between lines.
func (b *letterBuilder) lines(s string, size, lead float64, bold bool) {
	wrapped, _ := b.f.wrap(s, b.width(), size, bold, 10000)
	for _, line := range wrapped {
		b.need(lead)
		b.y += lead
		b.text(letterLeft, b.y, size, bold, line)
	}
}

// head writes the letterhead with a rule under it, above the address
// field.
func (b *letterBuilder) head() {
	for i, line := range b.l.Letterhead {
		size, bold := letterSmall, false
		if i == 0 {
			size, bold = letterHeadSize, true
		}
		b.lines(line, size, size*lineFactor, bold)
	}
	b.y += 6
	b.pg.rules = append(b.pg.rules, letterRule{letterLeft, b.doc.width - letterRight, b.y})
	// The fold marks and the hole mark at the left edge.
	for _, y := range []float64{foldMarkFirst, foldMarkSecond} {
		b.pg.rules = append(b.pg.rules, letterRule{4 * mm, 9 * mm, y})
	}
	b.pg.rules = append(b.pg.rules, letterRule{4 * mm, 11 * mm, holeMark})
}

// address writes the address field: the return address at the foot of its
// upper zone, the postal address from the top of the lower zone; and the
// information block beside it.
func (b *letterBuilder) address() {
	width := windowWidth - (letterLeft - windowLeft) - 2*mm
	if b.l.ReturnAddress != "" {
		b.text(letterLeft, windowTop+windowReturnH-3, letterTiny, false, b.f.truncate(b.l.ReturnAddress, width, letterTiny, false))
	}
	y := windowTop + windowReturnH
	for _, line := range b.l.Recipient {
		y += windowLead
		b.text(letterLeft, y, letterBodySize, false, b.f.truncate(line, width, letterBodySize, false))
	}
	infoWidth := b.doc.width - letterRight - infoLeft
	y = infoTop
	for _, in := range b.l.Info {
		y += letterSmall * lineFactor
		b.text(infoLeft, y, letterSmall, false, in.Label)
		y += letterBodySize * lineFactor
		b.text(infoLeft, y, letterBodySize, false, b.f.truncate(in.Value, infoWidth, letterBodySize, false))
		y += 3
	}
	if len(b.l.Info) == 0 && b.l.DateLine != "" {
		b.text(infoLeft, infoTop+letterBodySize*lineFactor, letterBodySize, false, b.l.DateLine)
	}
	b.y = max(subjectTop, y+letterGap)
}

// subject writes the subject in bold and the salutation.
func (b *letterBuilder) subject() {
	b.lines(b.l.Subject, letterTitleSize, letterTitleSize*lineFactor, true)
	if b.l.Salutation != "" {
		b.y += letterGap
		b.lines(b.l.Salutation, letterBodySize, letterBodyLead, false)
	}
}

// section writes a heading (kept with the first line after it) and the
// paragraphs.
func (b *letterBuilder) section(s LetterSection) {
	b.y += letterGap
	if s.Heading != "" {
		b.need(letterBodyLead * 3)
		b.lines(s.Heading, letterBodySize, letterBodyLead, true)
	}
	for i, p := range s.Paragraphs {
		if i > 0 {
			b.y += letterParaGap
		}
		if p.Label != "" {
			b.need(letterBodyLead * 2)
			b.lines(p.Label, letterBodySize, letterBodyLead, true)
		}
		b.lines(p.Text, letterBodySize, letterBodyLead, false)
	}
}

// together writes what write lays out on one page: if it would break
// across pages, it starts on a new page instead — unless it started at the
// top of a page already, and so does not fit on any.
func (b *letterBuilder) together(write func()) {
	pages, texts, rules, y := len(b.doc.pages), len(b.pg.texts), len(b.pg.rules), b.y
	write()
	if len(b.doc.pages) == pages || y <= b.top {
		return
	}
	b.doc.pages = b.doc.pages[:pages]
	b.pg = &b.doc.pages[pages-1]
	b.pg.texts, b.pg.rules, b.y = b.pg.texts[:texts], b.pg.rules[:rules], y
	b.newPage()
	write()
}

// signature writes the closing, the line to sign on and the signer; the
// block stays together on one page.
func (b *letterBuilder) signature() {
	b.y += letterGap
	b.need(letterBodyLead + letterSignSpace + 2*letterBodyLead)
	if b.l.Closing != "" {
		b.lines(b.l.Closing, letterBodySize, letterBodyLead, false)
	}
	b.y += letterSignSpace
	b.pg.rules = append(b.pg.rules, letterRule{letterLeft, letterLeft + letterSignWidth, b.y})
	for _, line := range []string{b.l.Signer, b.l.SignerRole} {
		if line != "" {
			b.lines(line, letterBodySize, letterBodyLead, false)
		}
	}
}

// finish adds the footer, the reference and "Seite X von Y", to every page.
func (b *letterBuilder) finish() {
	for i := range b.doc.pages {
		b.pg = &b.doc.pages[i]
		n := fmt.Sprintf("Seite %d von %d", i+1, len(b.doc.pages))
		nw := b.f.measure(n, footerSize, false)
		if b.l.Reference != "" {
			b.text(letterLeft, letterFooterY, footerSize, false, b.f.truncate(b.l.Reference, b.width()-nw-12, footerSize, false))
		}
		b.text(b.doc.width-letterRight-nw, letterFooterY, footerSize, false, n)
	}
}

package pdf

import "fmt"

// The letter's layout follows the spirit of DIN 5008 (wide left margin,
// letterhead, address block, date on the right, subject in bold) without
// its window positions: the letters are sent as PDF attachments.
const (
	letterLeft    = 70.0 // about 25 mm
	letterRight   = 57.0 // about 20 mm
	letterTop     = 50.0
	letterBottom  = 60.0 // above the footer
	letterFooterY = a4Long - 36.0

	letterHeadSize  = 13.0
	letterSmall     = 9.0
	letterBodySize  = 10.5
	letterBodyLead  = 14.0
	letterTitleSize = 11.5
	letterParaGap   = 6.0
	letterGap       = 14.0 // between blocks and sections
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
}

// letterLayout validates l and lays out every page.
func letterLayout(l Letter, f *fonts) (*letterLayoutDoc, error) {
	l, err := prepareLetter(l, f)
	if err != nil {
		return nil, err
	}
	b := &letterBuilder{f: f, l: l, doc: &letterLayoutDoc{width: a4Short, height: a4Long, title: l.Subject, author: l.Author}}
	b.newPage()
	b.head()
	b.address()
	b.subject()
	for _, s := range l.Sections {
		b.section(s)
	}
	b.signature()
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

// head writes the letterhead with a rule under it, and the date.
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
	if b.l.DateLine != "" {
		b.y += letterGap + letterBodySize
		w := b.f.measure(b.l.DateLine, letterBodySize, false)
		b.text(b.doc.width-letterRight-w, b.y, letterBodySize, false, b.l.DateLine)
	}
}

// address writes the recipient and the reference.
func (b *letterBuilder) address() {
	b.y += letterGap
	for _, line := range b.l.Recipient {
		b.lines(line, letterBodySize, letterBodyLead, false)
	}
	if b.l.Reference != "" {
		b.y += letterGap
		b.lines(b.l.Reference, letterSmall, letterSmall*lineFactor, false)
	}
}

// subject writes the subject in bold and the salutation.
func (b *letterBuilder) subject() {
	b.y += letterGap
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

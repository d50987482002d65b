package pdf

import "fmt"

// The evidence report flows from top to bottom over A4 portrait pages:
// a title block, then numbered sections of facts, paragraphs and tables.
// A section heading is never left alone at the foot of a page; tables
// break between rows and repeat their header.
const (
	reportTitleSize   = 16.0
	reportHeadingSize = 12.0
	reportTextSize    = 9.5
	reportTextLead    = 12.5
	reportFactLabel   = 78.0 // the "Überprüfung:" column of the facts
	reportGap         = 14.0 // before a section
	reportParaGap     = 5.0
	reportKeep        = 70.0 // room a heading needs below it on its page
)

// reportBuilder carries the fonts, the document and the next baseline.
type reportBuilder struct {
	f  *fonts
	d  *reportDoc
	l  *layout
	pg *page
	y  float64
}

// reportLayout places every text of d on pages.
func reportLayout(d *reportDoc, f *fonts) (*layout, error) {
	l := d.info
	l.width, l.height = a4Short, a4Long
	b := &reportBuilder{f: f, d: d, l: &l}
	b.newPage()
	b.titleBlock()
	for _, s := range d.sections {
		if err := b.section(s); err != nil {
			return nil, err
		}
	}
	b.footers()
	return b.l, nil
}

func (b *reportBuilder) width() float64  { return b.l.width - 2*margin }
func (b *reportBuilder) bottom() float64 { return b.l.height - margin - footerSpace }

func (b *reportBuilder) text(x, y, size float64, bold bool, s string) {
	b.pg.texts = append(b.pg.texts, item{x: x, y: y, size: size, bold: bold, text: s})
}

func (b *reportBuilder) rule(x1, y1, x2, y2 float64) {
	b.pg.rules = append(b.pg.rules, rule{x1: x1, y1: y1, x2: x2, y2: y2, width: 0.5})
}

// newPage starts a page. Every page after the first names the
// municipality and the day, so a loose page still says whose evidence it is.
func (b *reportBuilder) newPage() {
	b.l.pages = append(b.l.pages, page{})
	b.pg = &b.l.pages[len(b.l.pages)-1]
	b.y = margin
	if len(b.l.pages) == 1 {
		return
	}
	b.y += detailSize
	b.text(margin, b.y, detailSize, true, b.f.truncate(b.d.running, b.width(), detailSize, true))
	b.y += 6
	b.rule(margin, b.y, margin+b.width(), b.y)
	b.y += 12
}

// need starts a new page unless h more points fit above the footer.
func (b *reportBuilder) need(h float64) {
	if b.y+h > b.bottom() {
		b.newPage()
	}
}

// lines writes s wrapped to width from x, breaking pages between lines.
func (b *reportBuilder) lines(x, width float64, s string, size, lead float64, bold bool) {
	wrapped, _ := b.f.wrap(s, width, size, bold, 1000)
	for _, line := range wrapped {
		b.need(lead)
		b.y += lead
		b.text(x, b.y, size, bold, line)
	}
}

// titleBlock writes the heading and who and when the report is about.
func (b *reportBuilder) titleBlock() {
	b.lines(margin, b.width(), b.d.title, reportTitleSize, reportTitleSize*lineFactor, true)
	b.y += 6
	b.facts(b.d.facts)
	b.y += 4
	b.rule(margin, b.y, margin+b.width(), b.y)
}

// facts writes label and value pairs, the value wrapped beside its label.
func (b *reportBuilder) facts(fs []reportFact) {
	for _, f := range fs {
		wrapped, _ := b.f.wrap(f.value, b.width()-reportFactLabel, reportTextSize, false, 1000)
		for i, line := range wrapped {
			b.need(reportTextLead)
			b.y += reportTextLead
			if i == 0 {
				b.text(margin, b.y, reportTextSize, true, f.label)
			}
			b.text(margin+reportFactLabel, b.y, reportTextSize, false, line)
		}
	}
}

// section writes a heading, kept with what follows it, then the section's
// facts, paragraphs and table.
func (b *reportBuilder) section(s reportSection) error {
	b.y += reportGap
	b.need(reportHeadingSize*lineFactor + reportKeep)
	b.lines(margin, b.width(), s.heading, reportHeadingSize, reportHeadingSize*lineFactor, true)
	b.y += 2
	b.facts(s.facts)
	for _, p := range s.paras {
		b.y += reportParaGap
		b.lines(margin, b.width(), p, reportTextSize, reportTextLead, false)
	}
	if s.table != nil && len(s.table.rows) > 0 {
		b.y += 8
		if err := b.table(s.table); err != nil {
			return fmt.Errorf("pdf: %s: %w", s.heading, err)
		}
	} else if s.empty != "" {
		b.y += reportParaGap
		b.lines(margin, b.width(), s.empty, reportTextSize, reportTextLead, false)
	}
	for _, p := range s.after {
		b.y += reportParaGap
		b.lines(margin, b.width(), p, reportTextSize, reportTextLead, false)
	}
	return nil
}

// footers add the contract and the requirements the report is evidence
// for, and "Seite X von Y", to every page once the count is known.
func (b *reportBuilder) footers() {
	y := b.l.height - margin
	for i := range b.l.pages {
		b.pg = &b.l.pages[i]
		n := fmt.Sprintf("Seite %d von %d", i+1, len(b.l.pages))
		nw := b.f.measure(n, footerSize, false)
		b.rule(margin, y-footerSize-4, margin+b.width(), y-footerSize-4)
		b.text(margin, y, footerSize, false, b.f.truncate(b.d.footer, b.width()-nw-12, footerSize, false))
		b.text(b.l.width-margin-nw, y, footerSize, false, n)
	}
}

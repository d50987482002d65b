package pdf

import (
	"time"

	"github.com/wachsam/wachsam"
)

// The certificate is one A4 portrait page inside a double frame. The top
// flows (academy, title, holder, grades, what it attests); the bottom is
// fixed (date, seal, signatures, verification), so the signatures sit
// where a reader expects them whatever the number of components.

const (
	frameOuter  = 28.0 // inset of the outer frame line
	frameInner  = 32.0
	certLeft    = 72.0 // left edge of the signature and verification block
	textWidth   = 430.0
	tableWidth  = 400.0
	nameColumn  = 270.0 // the component names; the grades follow
	qrTotal     = 76.0  // the QR code with its quiet zone
	qrQuiet     = 4     // modules of white around the code (ISO/IEC 18004)
	sigLineLong = 160.0
)

var (
	inkBlue = rgb{20, 45, 110}
	sealRed = rgb{150, 25, 35}
	alarm   = rgb{190, 0, 0}
	hairGr  = rgb{150, 150, 150}
)

// certLayout is the laid-out certificate and where its QR code is, so a
// test can read the code back from its outline.
type certLayout struct {
	*layout
	qr   qrMark
	gaps float64
}

// qrMark places a QR code: its top-left module (inside the quiet zone),
// the module size and the number of modules per side.
type qrMark struct {
	x, y, module float64
	size         int
	content      string
}

// certBuilder lays out one certificate. spacing scales the gaps of the
// flowing part: above 1 it spreads a short certificate over the page,
// below 1 it makes room for many components, and compact also sets their
// table smaller.
type certBuilder struct {
	f       *fonts
	c       Certificate
	l       *layout
	pg      *page
	spacing float64
	compact bool
	gaps    float64 // the sum of the unscaled gaps used
}

// certificateLayout validates c and lays it out: first with the normal
// spacing, stretched to use the page's free height, then tighter until
// it fits.
func certificateLayout(c Certificate, f *fonts) (*certLayout, error) {
	c, err := prepareCertificate(c, f)
	if err != nil {
		return nil, err
	}
	cl, slack, err := buildCertificate(c, f, 1, false)
	if err != nil {
		return nil, err
	}
	if slack >= 0 {
		// Give the gaps up to two thirds of the free height, at most
		// twice their size, so the page does not look empty below.
		stretch := 1 + min(slack*2/3/cl.gaps, 1)
		cl, _, err = buildCertificate(c, f, stretch, false)
		return cl, err
	}
	for _, spacing := range []float64{0.6, 0.2} {
		cl, slack, err := buildCertificate(c, f, spacing, true)
		if err != nil {
			return nil, err
		}
		if slack >= 0 {
			return cl, nil
		}
	}
	return nil, wachsam.FieldError("grades", "Die %d Prüfungsleistungen passen nicht auf eine Seite des Zeugnisses.", len(c.Grades))
}

// buildCertificate lays c out with the given spacing and returns the
// free height between the flowing part and the fixed bottom (negative:
// it does not fit).
func buildCertificate(c Certificate, f *fonts, spacing float64, compact bool) (*certLayout, float64, error) {
	author := c.Academy
	if author == "" {
		author = "wachsam"
	}
	l := &layout{width: a4Short, height: a4Long, title: "Zeugnis: " + c.Holder, author: author, subject: c.Title,
		created: time.Date(c.IssuedOn.Year, c.IssuedOn.Month, c.IssuedOn.Day, 12, 0, 0, 0, time.UTC)}
	b := &certBuilder{f: f, c: c, l: l, pg: &page{}, spacing: spacing, compact: compact}
	b.frame()
	flowEnd := b.flow()
	sealTop, qr, err := b.bottom()
	if err != nil {
		return nil, 0, err
	}
	l.pages = []page{*b.pg}
	return &certLayout{layout: l, qr: qr, gaps: b.gaps}, sealTop - 14 - flowEnd, nil
}

func (b *certBuilder) text(x, y, size float64, bold bool, s string, color rgb) {
	b.pg.texts = append(b.pg.texts, item{x: x, y: y, size: size, bold: bold, text: s, color: color})
}

// centred wraps s to width and centres each line; y is the first
// baseline; it returns the last one.
func (b *certBuilder) centred(s string, y, size float64, bold bool, width float64, maxLines int, lead float64, color rgb) float64 {
	lines, _ := b.f.wrap(s, width, size, bold, maxLines)
	for i, line := range lines {
		if i > 0 {
			y += lead
		}
		b.text((b.l.width-b.f.measure(line, size, bold))/2, y, size, bold, line, color)
	}
	return y
}

// gap is the distance to the next baseline of the flowing part: room
// for the next line's letters, which never shrinks, and air, which the
// spacing scales.
func (b *certBuilder) gap(room, air float64) float64 {
	b.gaps += air
	return room + air*b.spacing
}

func (b *certBuilder) rule(x1, y1, x2, y2, width float64, color rgb) {
	b.pg.rules = append(b.pg.rules, rule{x1: x1, y1: y1, x2: x2, y2: y2, width: width, color: color})
}

// frame draws the double border of the page.
func (b *certBuilder) frame() {
	w, h := b.l.width, b.l.height
	for _, fr := range []struct{ inset, width float64 }{{frameOuter, 1.2}, {frameInner, 0.4}} {
		l, t, r, btm := fr.inset, fr.inset, w-fr.inset, h-fr.inset
		b.rule(l, t, r, t, fr.width, inkBlue)
		b.rule(r, t, r, btm, fr.width, inkBlue)
		b.rule(r, btm, l, btm, fr.width, inkBlue)
		b.rule(l, btm, l, t, fr.width, inkBlue)
	}
}

// flow lays out the top of the page and returns where it ends.
func (b *certBuilder) flow() float64 {
	c := b.c
	y := 84.0
	if c.Academy != "" {
		y = b.centred(c.Academy, y, 13, true, textWidth, 2, 16, inkBlue)
		y += 9
		b.rule(b.l.width/2-60, y, b.l.width/2+60, y, 0.6, inkBlue)
	}
	if !c.RevokedOn.IsZero() {
		y += b.gap(14, 10)
		y = b.centred("Widerrufen am "+c.RevokedOn.German()+" (§11 der Prüfungsordnung): Dieses Zeugnis ist ungültig.", y, 11, true, textWidth, 2, 14, alarm)
	}
	y += b.gap(34, 22)
	b.text((b.l.width-b.f.measure(c.Title, 34, true))/2, y, 34, true, c.Title, inkBlue)
	if c.Subject != "" {
		y = b.centred(c.Subject, y+b.gap(14, 12), 11.5, false, 420, 3, 15, rgb{})
	}
	y = b.centred(c.Holder, y+b.gap(24, 18), 22, true, textWidth, 2, 26, rgb{})
	sentence := "hat alle Prüfungsleistungen erfolgreich erbracht und damit die Prüfung bestanden (§10 Abs. 1 der Prüfungsordnung)."
	if c.Seminar != "" {
		when := seminarDays(c.SeminarFrom, c.SeminarTo)
		if when != "" {
			when = " (" + when + ")"
		}
		sentence = "hat nach dem Seminar „" + c.Seminar + "“" + when + " alle Prüfungsleistungen erfolgreich erbracht und damit die Prüfung bestanden (§10 Abs. 1 der Prüfungsordnung)."
	}
	y = b.centred(sentence, y+b.gap(14, 10), 10.5, false, textWidth, 3, 14, rgb{})
	y = b.centred("Gesamtnote: "+gradeText(c.OverallGrade, c.OverallWord), y+b.gap(18, 18), 16, true, textWidth, 1, 0, inkBlue)
	y = b.table(y + b.gap(14, 18))
	y = b.centred("Notenstufen nach §5 Abs. 2: 1,0 und 1,3 sehr gut · 1,7 bis 2,3 gut · 2,7 bis 3,3 befriedigend · 3,7 und 4,0 ausreichend",
		y+b.gap(12, 4), 7.5, false, textWidth, 2, 10, rgb{90, 90, 90})
	if c.Statement != "" {
		y = b.centred(c.Statement, y+b.gap(13, 15), 10, false, textWidth, 4, 13.5, rgb{})
	}
	return y
}

// table lists the component grades under a header; y is the header's
// baseline, and it returns the baseline of the last row.
func (b *certBuilder) table(y float64) float64 {
	x0 := (b.l.width - tableWidth) / 2
	gradeX := x0 + nameColumn + 10
	b.text(x0, y, 10, true, "Prüfungsleistung", rgb{})
	b.text(gradeX, y, 10, true, "Note", rgb{})
	b.rule(x0, y+5, x0+tableWidth, y+5, 0.6, rgb{})
	lead, size := 20.0, 10.5
	if b.compact {
		lead, size = 15, 9.5
	}
	y += 5
	for i, g := range b.c.Grades {
		lines, _ := b.f.wrap(g.Name, nameColumn, size, false, 2)
		y += lead - 4
		b.text(gradeX, y, size, true, gradeText(g.Grade, g.Word), rgb{})
		for k, line := range lines {
			if k > 0 {
				y += size * lineFactor
			}
			b.text(x0, y, size, false, line, rgb{})
		}
		if i < len(b.c.Grades)-1 {
			b.rule(x0, y+6, x0+tableWidth, y+6, 0.3, hairGr)
		}
		y += 4
	}
	return y
}

// bottom lays out the fixed lower part: the verification block at the
// foot, the signatures above it and the seal between them. It returns the
// top of that part (the seal's top or the date line, whichever is higher).
func (b *certBuilder) bottom() (float64, qrMark, error) {
	c := b.c
	w, h := b.l.width, b.l.height
	qrTop := h - frameInner - 12 - qrTotal
	sigY := qrTop - 44
	right := w - certLeft
	b.rule(certLeft, sigY, certLeft+sigLineLong, sigY, 0.6, rgb{})
	b.rule(right-sigLineLong, sigY, right, sigY, 0.6, rgb{})
	sig := func(x float64, name, role string) {
		n := b.f.truncate(name, sigLineLong+20, 10, false)
		b.text(x+(sigLineLong-b.f.measure(n, 10, false))/2, sigY+13, 10, false, n, rgb{})
		if role != "" {
			r := b.f.truncate(role, sigLineLong+20, 8.5, false)
			b.text(x+(sigLineLong-b.f.measure(r, 8.5, false))/2, sigY+24, 8.5, false, r, rgb{90, 90, 90})
		}
	}
	sig(certLeft, c.Director, c.DirectorRole)
	sig(right-sigLineLong, c.Leader, c.LeaderRole)

	sealR := 38.0
	sealY := sigY - 12
	b.seal(w/2, sealY, sealR)
	dateY := sigY - 52
	b.text(certLeft, dateY, 10.5, false, "Ausgestellt am "+c.IssuedOn.German(), rgb{})

	qr, err := b.qrCode(certLeft, qrTop, c.VerifyURL)
	if err != nil {
		return 0, qrMark{}, err
	}
	tx := certLeft + qrTotal + 12
	tw := right - tx
	b.text(tx, qrTop+16, 9, true, "Echtheit prüfen", inkBlue)
	b.text(tx, qrTop+31, 11, true, "Prüfcode: "+c.Code, rgb{})
	y := b.leftLines(tx, qrTop+46, tw, "Scannen Sie den QR-Code oder öffnen Sie die folgende Adresse; dort steht, ob das Zeugnis gültig ist:", 8.5, 2, 11)
	b.leftLines(tx, y+11, tw, c.VerifyURL, 8.5, 2, 11)
	return min(sealY-sealR, dateY-11), qr, nil
}

// leftLines writes s left-aligned at x, wrapped to width, flush with the
// QR code beside it; it returns the last baseline.
func (b *certBuilder) leftLines(x, y, width float64, s string, size float64, maxLines int, lead float64) float64 {
	lines, _ := b.f.wrap(s, width, size, false, maxLines)
	for i, line := range lines {
		if i > 0 {
			y += lead
		}
		b.text(x, y, size, false, line, rgb{})
	}
	return y
}

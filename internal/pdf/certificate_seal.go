package pdf

import (
	"fmt"
	"image/color"
	"math"

	"github.com/boombuler/barcode/qr"
)

// seal draws the academy's seal (§10(2)): two rings with the legend
// running clockwise between them, starting centred at the top, and the
// centre word. The legend is set letter by letter, each turned to face
// outwards; it is shrunk (down to 4.5 pt) until it fits once around.
func (b *certBuilder) seal(cx, cy, r float64) {
	inner := r - 9
	b.pg.circles = append(b.pg.circles,
		circle{x: cx, y: cy, r: r, width: 1.4, color: sealRed},
		circle{x: cx, y: cy, r: inner, width: 0.6, color: sealRed})
	if center := b.c.SealCenter; center != "" {
		size := 14.0
		for size > 6 && b.f.measure(center, size, true) > 2*inner-8 {
			size -= 0.5
		}
		b.text(cx-b.f.measure(center, size, true)/2, cy+size*0.35, size, true, center, sealRed)
	}
	legend := b.c.SealRing
	if legend == "" {
		return
	}
	baseline := inner + 2.2 // letters stand on this radius, their caps below the outer ring
	circumference := 2 * math.Pi * baseline
	sep := " · "
	size := 6.5
	for size > 4.5 && b.f.measure(legend+sep, size, true) > circumference*0.97 {
		size -= 0.25
	}
	total := b.f.measure(legend+sep, size, true)
	if total > circumference {
		legend = b.f.truncate(legend, circumference-b.f.measure(sep, size, true), size, true)
		total = b.f.measure(legend+sep, size, true)
	}
	// Spread the letters so that the legend and the separator fill the
	// circle exactly, the legend's middle at the top.
	spread := circumference / total
	arc := b.f.measure(legend, size, true) * spread
	pos := -arc / 2
	for _, ch := range legend {
		s := string(ch)
		cw := b.f.measure(s, size, true)
		mid := (pos + cw*spread/2) / baseline // angle of the letter's middle, clockwise from the top
		pos += cw * spread
		if s == " " {
			continue
		}
		sin, cos := math.Sincos(mid)
		// The baseline of a letter is the tangent at its middle; it starts
		// half its width back along the tangent.
		x := cx + baseline*sin - cw/2*cos
		y := cy - baseline*cos - cw/2*sin
		b.pg.texts = append(b.pg.texts, item{x: x, y: y, size: size, bold: true, text: s, angle: -mid * 180 / math.Pi, color: sealRed})
	}
}

// qrCode encodes content as a QR code (error correction level M, which
// survives a stamp or a crease) and lays its dark modules out as filled
// outlines, one per group of adjacent modules, so no seams run between
// modules (moduleOutlines); the quiet zone lies inside qrTotal.
func (b *certBuilder) qrCode(x, y float64, content string) (qrMark, error) {
	code, err := qr.Encode(content, qr.M, qr.Auto)
	if err != nil {
		return qrMark{}, fmt.Errorf("pdf: QR code of %q: %w", content, err)
	}
	n := code.Bounds().Dx()
	module := qrTotal / float64(n+2*qrQuiet)
	m := qrMark{x: x + qrQuiet*module, y: y + qrQuiet*module, module: module, size: n, content: content}
	for _, outline := range moduleOutlines(n, func(col, row int) bool { return dark(code.At(col, row)) }) {
		f := fill{points: make([]point, len(outline))}
		for i, p := range outline {
			f.points[i] = point{x: m.x + p.x*module, y: m.y + p.y*module}
		}
		b.pg.fills = append(b.pg.fills, f)
	}
	return m, nil
}

// dark tells a black module from a white one.
func dark(c color.Color) bool {
	r, _, _, _ := c.RGBA()
	return r < 0x8000
}

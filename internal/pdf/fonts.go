package pdf

import (
	"fmt"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// face is one embedded font: the TTF bytes handed to gopdf and the parsed
// font the layout measures with, so measuring and drawing agree.
type face struct {
	ttf   []byte
	font  *sfnt.Font
	upem  float64 // font units per em
	asc   float64 // ascent in em
	desc  float64 // descent in em (positive)
	width map[rune]float64
}

// fonts holds the two faces of one document. It is built per call and
// not shared, because sfnt.Buffer is not safe for concurrent use.
type fonts struct {
	regular, bold *face
	buf           sfnt.Buffer
	// measured counts the characters measure has summed: the work of
	// laying out text, which must grow linearly with the text
	// (TestWrapGrowsLinearly), independent of the machine's speed.
	measured int
}

func loadFonts() (*fonts, error) {
	f := &fonts{}
	var err error
	if f.regular, err = f.parse(goregular.TTF); err != nil {
		return nil, fmt.Errorf("pdf: Go Regular: %w", err)
	}
	if f.bold, err = f.parse(gobold.TTF); err != nil {
		return nil, fmt.Errorf("pdf: Go Bold: %w", err)
	}
	return f, nil
}

func (f *fonts) parse(ttf []byte) (*face, error) {
	sf, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	upem := float64(sf.UnitsPerEm())
	// At a ppem equal to the units per em, sfnt reports metrics in font
	// units, which keeps the arithmetic free of hinting and rounding.
	m, err := sf.Metrics(&f.buf, fixed.I(int(sf.UnitsPerEm())), font.HintingNone)
	if err != nil {
		return nil, err
	}
	return &face{
		ttf:   ttf,
		font:  sf,
		upem:  upem,
		asc:   float64(m.Ascent) / 64 / upem,
		desc:  float64(m.Descent) / 64 / upem,
		width: map[rune]float64{},
	}, nil
}

func (f *fonts) face(bold bool) *face {
	if bold {
		return f.bold
	}
	return f.regular
}

// glyph reports whether the face has a real glyph for r; index 0 is
// .notdef, the empty box a PDF viewer would show instead.
func (f *fonts) glyph(fc *face, r rune) (sfnt.GlyphIndex, bool) {
	g, err := fc.font.GlyphIndex(&f.buf, r)
	return g, err == nil && g != 0
}

// missing returns the first rune of s that either face lacks.
func (f *fonts) missing(s string) (rune, bool) {
	for _, r := range s {
		for _, fc := range []*face{f.regular, f.bold} {
			if _, ok := f.glyph(fc, r); !ok {
				return r, true
			}
		}
	}
	return 0, false
}

// substitute replaces each character either face lacks by U+FFFD, which
// both have.
func (f *fonts) substitute(s string) string {
	if _, bad := f.missing(s); !bad {
		return s
	}
	return strings.Map(func(r rune) rune {
		if _, bad := f.missing(string(r)); bad {
			return '\uFFFD'
		}
		return r
	}, s)
}

// measure returns the advance width of s in points. Like gopdf without
// kerning, it sums the glyph advances; a rune without a glyph counts as
// nothing, though validation has rejected such runes before layout.
func (f *fonts) measure(s string, size float64, bold bool) float64 {
	fc := f.face(bold)
	var em float64
	for _, r := range s {
		f.measured++
		w, ok := fc.width[r]
		if !ok {
			if g, found := f.glyph(fc, r); found {
				adv, err := fc.font.GlyphAdvance(&f.buf, g, fixed.I(int(fc.upem)), font.HintingNone)
				if err == nil {
					w = float64(adv) / 64 / fc.upem
				}
			}
			fc.width[r] = w
		}
		em += w
	}
	return em * size
}

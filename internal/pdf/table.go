package pdf

import (
	"math"
	"slices"
	"strconv"

	"github.com/wachsam/wachsam"
)

const (
	headSize    = 8.5 // table header
	bodySize    = 9.0 // table rows, shrinking to minBodySize for long texts
	minBodySize = 7.0
	headHeight  = 28.0 // room for "Unterschrift" over the date
	rowHeight   = 28.0 // about 10 mm: room for a signature
	cellPad     = 4.0

	nrWidth      = 26.0
	minSignature = 72.0  // about 25 mm, the least a signature needs
	maxSignature = 100.0 // about 35 mm; wider only takes room from the names
	minText      = 200.0 // Name, Kommune and Abteilung together, at least
	wantText     = 300.0 // and what they get if the signatures can spare it
)

// column is one table column; head holds its header lines.
type column struct {
	x, w  float64
	head  []string
	right bool // numbers are right-aligned
}

// columns divides the usable width: Name, Kommune and Abteilung (4:3:3)
// get wantText if the signature columns can spare it and are still wide
// enough to sign in; otherwise they get what is left, down to minText.
func columns(x, width float64, days []wachsam.Date, online bool) ([]column, error) {
	n := float64(len(days))
	sig := min(max((width-nrWidth-wantText)/n, minSignature), maxSignature)
	text := width - nrWidth - n*sig
	if text < minText {
		most := int(math.Floor((a4Long - 2*margin - nrWidth - minText) / minSignature))
		return nil, wachsam.FieldError("days",
			"Eine Anwesenheitsliste hat Platz für höchstens %d Tage, nicht %d; bitte für die Tage getrennte Listen drucken.",
			most, len(days))
	}
	cols := []column{{x: x, w: nrWidth, head: []string{"Nr."}, right: true}}
	for _, c := range []struct {
		head  string
		share float64
	}{{"Name", 0.4}, {"Kommune", 0.3}, {"Abteilung", 0.3}} {
		cols = append(cols, column{w: text * c.share, head: []string{c.head}})
	}
	head := "Unterschrift"
	if online {
		head = "Kamera"
	}
	for _, d := range days {
		cols = append(cols, column{w: sig, head: []string{head, d.German()}})
	}
	for i := 1; i < len(cols); i++ {
		cols[i].x = cols[i-1].x + cols[i-1].w
	}
	return cols, nil
}

// tableRows turns participants into cell texts (Nr., Name, Kommune,
// Abteilung; online also each day's camera confirmation) and appends the
// numbered empty rows for walk-ins.
func tableRows(s AttendanceSheet) [][]string {
	ps := s.Participants
	rows := make([][]string, 0, len(ps)+walkIns)
	for i, p := range ps {
		row := []string{strconv.Itoa(i + 1), p.Name, p.Municipality, p.Department}
		if s.Online {
			for _, d := range s.Days {
				row = append(row, cameraCell(slices.Contains(p.Camera, d)))
			}
		}
		rows = append(rows, row)
	}
	for i := range walkIns {
		rows = append(rows, []string{strconv.Itoa(len(ps) + i + 1), "", "", ""})
	}
	return rows
}

// tableHead starts the grid at y with the header row, repeated on every
// page, and returns the y below it.
func (b *builder) tableHead(y float64) float64 {
	g := &b.pg.grid
	for _, c := range b.cols {
		g.cols = append(g.cols, c.x)
	}
	last := b.cols[len(b.cols)-1]
	g.cols = append(g.cols, last.x+last.w)
	g.rows = append(g.rows, y, y+headHeight)
	for _, c := range b.cols {
		var lines []string
		for _, h := range c.head {
			lines = append(lines, b.f.truncate(h, c.w-2*cellPad, headSize, true))
		}
		b.cell(c, y, headHeight, lines, headSize, true)
	}
	return y + headHeight
}

// row writes one participant row at y and returns the y below it. Signature
// cells stay empty.
func (b *builder) row(cells []string, y float64) float64 {
	for i, v := range cells {
		lines, size := b.fit(v, b.cols[i].w-2*cellPad)
		b.cell(b.cols[i], y, rowHeight, lines, size, false)
	}
	b.pg.grid.rows = append(b.pg.grid.rows, y+rowHeight)
	return y + rowHeight
}

// fit wraps a cell text in the largest size, from bodySize down to
// minBodySize, at which no word is cut and nothing is left out; a long
// municipality name shrinks a little rather than break mid-word. If none
// does, the smallest size is used and the text cut. Smaller sizes get as
// many lines as the row height holds.
func (b *builder) fit(s string, width float64) ([]string, float64) {
	var lines []string
	size := bodySize
	for ; size >= minBodySize; size-- {
		maxLines := int((rowHeight - 2) / (size * lineFactor))
		var whole bool
		if lines, whole = b.f.wrap(s, width, size, false, maxLines); whole {
			return lines, size
		}
	}
	return lines, size + 1
}

// cell centres lines vertically in the cell at top with height h.
func (b *builder) cell(c column, top, h float64, lines []string, size float64, bold bool) {
	fc := b.f.face(bold)
	lead := size * lineFactor
	y := top + (h-lead*float64(len(lines)))/2
	for _, line := range lines {
		// Centre the glyphs' ascent+descent within the line's lead.
		base := y + (lead-(fc.asc+fc.desc)*size)/2 + fc.asc*size
		x := c.x + cellPad
		if c.right {
			x = c.x + c.w - cellPad - b.f.measure(line, size, bold)
		}
		b.text(x, base, size, bold, line)
		y += lead
	}
}

// cameraCell is what an online list shows for one person and day.
func cameraCell(confirmed bool) string {
	if confirmed {
		return "bestätigt"
	}
	return "–"
}

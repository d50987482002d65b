package pdf

import "errors"

// The report's tables: ruled, the header shaded and repeated on every page
// the table runs over, rows as high as their longest cell.
const (
	reportCellSize  = 8.5
	reportCellPad   = 3.5
	reportCellLines = 4 // a cell longer than this is cut with "…"
)

// placedColumn is a column with its position on the page.
type placedColumn struct {
	reportColumn
	x, w float64
}

// tableSegment is the part of a table on one page: the y of every row
// boundary, from the top of the header down.
type tableSegment struct{ edges []float64 }

// table writes t from the current y, breaking pages between rows.
func (b *reportBuilder) table(t *reportTable) error {
	cols := make([]placedColumn, len(t.cols))
	x := margin
	for i, c := range t.cols {
		cols[i] = placedColumn{reportColumn: c, x: x, w: c.share * b.width()}
		x += cols[i].w
	}
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = c.head
	}
	head := b.cells(cols, heads, true)
	first := b.cells(cols, t.rows[0].cells, t.rows[0].bold)
	b.need(b.rowHeight(head) + b.rowHeight(first))
	seg := b.tableHead(cols, head)
	for i, row := range t.rows {
		cells := first
		if i > 0 {
			cells = b.cells(cols, row.cells, row.bold)
		}
		h := b.rowHeight(cells)
		if b.y+h > b.bottom() {
			b.closeSegment(cols, seg)
			b.newPage()
			seg = b.tableHead(cols, head)
			if b.y+h > b.bottom() {
				return errors.New("a table row does not fit on an empty page")
			}
		}
		b.row(cols, cells, row.bold)
		seg.edges = append(seg.edges, b.y)
	}
	b.closeSegment(cols, seg)
	return nil
}

// cells wraps each text to its column.
func (b *reportBuilder) cells(cols []placedColumn, texts []string, bold bool) [][]string {
	out := make([][]string, len(cols))
	for i, c := range cols {
		if i < len(texts) && texts[i] != "" {
			out[i], _ = b.f.wrap(texts[i], c.w-2*reportCellPad, reportCellSize, bold, reportCellLines)
		}
	}
	return out
}

func (b *reportBuilder) rowHeight(cells [][]string) float64 {
	n := 1
	for _, c := range cells {
		n = max(n, len(c))
	}
	return 2*reportCellPad + float64(n)*reportCellSize*lineFactor
}

// tableHead shades and writes the header row at the current y.
func (b *reportBuilder) tableHead(cols []placedColumn, head [][]string) *tableSegment {
	top := b.y
	last := cols[len(cols)-1]
	b.pg.boxes = append(b.pg.boxes, box{x: cols[0].x, y: top, w: last.x + last.w - cols[0].x, h: b.rowHeight(head),
		color: rgb{225, 225, 225}})
	b.row(cols, head, true)
	return &tableSegment{edges: []float64{top, b.y}}
}

// row writes the cells top-aligned from the current y and moves below it.
func (b *reportBuilder) row(cols []placedColumn, cells [][]string, bold bool) {
	fc := b.f.face(bold)
	lead := reportCellSize * lineFactor
	for i, c := range cols {
		y := b.y + reportCellPad + (lead-(fc.asc+fc.desc)*reportCellSize)/2 + fc.asc*reportCellSize
		for _, line := range cells[i] {
			x := c.x + reportCellPad
			if c.right {
				x = c.x + c.w - reportCellPad - b.f.measure(line, reportCellSize, bold)
			}
			b.text(x, y, reportCellSize, bold, line)
			y += lead
		}
	}
	b.y += b.rowHeight(cells)
}

// closeSegment rules the part of the table on this page.
func (b *reportBuilder) closeSegment(cols []placedColumn, seg *tableSegment) {
	left, right := cols[0].x, cols[len(cols)-1].x+cols[len(cols)-1].w
	top, bottom := seg.edges[0], seg.edges[len(seg.edges)-1]
	for _, y := range seg.edges {
		b.rule(left, y, right, y)
	}
	for _, c := range cols {
		b.rule(c.x, top, c.x, bottom)
	}
	b.rule(right, top, right, bottom)
}

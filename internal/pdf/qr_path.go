package pdf

import "slices"

// A QR code drawn as one box per module (or per run) has hairline seams
// where neighbouring boxes meet: every box is anti-aliased on its own, so
// the shared edge is painted half-covered twice and stays grey, and
// scanners see a grid of light lines at some resolutions. Drawn as filled
// outlines that follow only the edges between dark and light modules, there
// are no inner edges left to show.

// point is a position from the page's top-left corner.
type point struct{ x, y float64 }

// fill is a closed outline, painted with the nonzero winding rule.
type fill struct {
	points []point
	color  rgb
}

// halfPoint is a corner between modules or the middle of an edge, in half
// modules (so the middle of a module's edge is a whole number too).
type halfPoint struct{ x, y int }

// moduleOutlines returns one closed outline per group of adjacent dark
// modules of an n×n matrix (points in modules). Every dark module
// contributes its four edges clockwise; an edge shared by two dark modules
// appears once in each direction and is dropped. What remains are the
// boundaries between dark and light with dark on the right: a group's
// outer boundary winds once around it, the boundary of a light hole inside
// the other way. A hole is joined to the boundary above it by a cut up the
// middle of a column of dark modules, walked up and back down: it adds no
// area, and the hairline a renderer may draw for it lies on dark ground.
func moduleOutlines(n int, dark func(col, row int) bool) [][]point {
	isDark := func(col, row int) bool { return col >= 0 && row >= 0 && col < n && row < n && dark(col, row) }
	cycles := boundaryCycles(n, isDark)
	var outer, holes [][]halfPoint
	for _, c := range cycles {
		if signedArea(c) > 0 {
			outer = append(outer, c)
		} else {
			holes = append(holes, c)
		}
	}
	all := append(slices.Clone(outer), holes...)
	for hi := range holes {
		h := all[len(outer)+hi]
		if h == nil {
			continue
		}
		// The hole's top-left corner: the module below it is light, the
		// one above it dark (the edge between them is the hole's).
		top := h[0]
		for _, p := range h {
			if p.y < top.y || p.y == top.y && p.x < top.x {
				top = p
			}
		}
		col, row := top.x/2, top.y/2
		up := row - 1
		for isDark(col, up-1) {
			up--
		}
		// The edge (col, up)→(col+1, up) tops the dark column: it is on
		// some boundary, which now takes the hole in.
		from, to := halfPoint{2 * col, 2 * up}, halfPoint{2*col + 2, 2 * up}
		for ki, k := range all {
			if ki == len(outer)+hi || k == nil {
				continue
			}
			i := edgeIndex(k, from, to)
			if i < 0 {
				continue
			}
			midTop, midBottom := halfPoint{2*col + 1, 2 * up}, halfPoint{2*col + 1, 2 * row}
			// The hole from the middle of its top edge (col+1, row)→(col, row).
			j := edgeIndex(h, halfPoint{2*col + 2, 2 * row}, halfPoint{2 * col, 2 * row})
			loop := append([]halfPoint{midBottom}, h[j+1:len(h)-1]...)
			loop = append(loop, h[:j+1]...)
			loop = append(loop, midBottom)
			joined := slices.Concat(k[:i+1], []halfPoint{midTop}, loop, []halfPoint{midTop}, k[i+1:])
			all[ki] = joined
			all[len(outer)+hi] = nil
			break
		}
	}
	var out [][]point
	for _, c := range all {
		if c == nil {
			continue
		}
		c = dropStraight(c)
		pts := make([]point, len(c))
		for i, p := range c {
			pts[i] = point{float64(p.x) / 2, float64(p.y) / 2}
		}
		out = append(out, pts)
	}
	return out
}

// boundaryCycles returns the dark/light boundaries as closed cycles of
// unit edges (first point repeated at the end), dark on the right. Where
// two dark modules touch only at a corner the walk turns right, so they
// belong to different groups.
func boundaryCycles(n int, dark func(col, row int) bool) [][]halfPoint {
	type edge struct{ from, to halfPoint }
	edges := map[edge]bool{}
	for row := range n {
		for col := range n {
			if !dark(col, row) {
				continue
			}
			c := []halfPoint{{2 * col, 2 * row}, {2*col + 2, 2 * row}, {2*col + 2, 2*row + 2}, {2 * col, 2*row + 2}}
			for i := range c {
				e := edge{c[i], c[(i+1)%4]}
				if back := (edge{e.to, e.from}); edges[back] {
					delete(edges, back)
				} else {
					edges[e] = true
				}
			}
		}
	}
	var cycles [][]halfPoint
	for row := 0; row <= n; row++ {
		for col := 0; col <= n; col++ {
			start := halfPoint{2 * col, 2 * row}
			for _, d := range directions {
				first := halfPoint{start.x + d.x, start.y + d.y}
				if !edges[edge{start, first}] {
					continue
				}
				delete(edges, edge{start, first})
				cycle := []halfPoint{start, first}
				for at, dir := first, d; at != start; {
					for _, turn := range []halfPoint{right(dir), dir, left(dir)} {
						next := halfPoint{at.x + turn.x, at.y + turn.y}
						if edges[edge{at, next}] {
							delete(edges, edge{at, next})
							cycle = append(cycle, next)
							at, dir = next, turn
							break
						}
					}
				}
				cycles = append(cycles, cycle)
			}
		}
	}
	return cycles
}

// directions are the unit steps between corners, in half modules.
var directions = [4]halfPoint{{2, 0}, {0, 2}, {-2, 0}, {0, -2}}

// right and left turn a step, on a page whose y grows downwards.
func right(d halfPoint) halfPoint { return halfPoint{-d.y, d.x} }
func left(d halfPoint) halfPoint  { return halfPoint{d.y, -d.x} }

// signedArea is twice the area inside a closed cycle, positive when it
// runs clockwise on the page (a group's outer boundary).
func signedArea(c []halfPoint) int {
	a := 0
	for i := 0; i+1 < len(c); i++ {
		a += c[i].x*c[i+1].y - c[i+1].x*c[i].y
	}
	return a
}

// edgeIndex finds the step from→to in a closed cycle: the index of from.
func edgeIndex(c []halfPoint, from, to halfPoint) int {
	for i := 0; i+1 < len(c); i++ {
		if c[i] == from && c[i+1] == to {
			return i
		}
	}
	return -1
}

// dropStraight removes corners where the outline goes straight on.
func dropStraight(c []halfPoint) []halfPoint {
	out := []halfPoint{c[0]}
	for i := 1; i+1 < len(c); i++ {
		a, b, d := out[len(out)-1], c[i], c[i+1]
		if (b.x-a.x)*(d.y-b.y) == (b.y-a.y)*(d.x-b.x) && (b.x-a.x)*(d.x-b.x)+(b.y-a.y)*(d.y-b.y) > 0 {
			continue
		}
		out = append(out, b)
	}
	return append(out, c[len(c)-1])
}

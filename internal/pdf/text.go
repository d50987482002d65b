package pdf

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const ellipsis = "…"

// clean NFC-normalises s and folds each run of white space into one space.
// A name typed on a Mac or pasted from a PDF often arrives decomposed (u
// followed by a combining diaeresis); the Go fonts have the precomposed ü
// but no combining marks, and a search in the printed PDF should find the
// name as it is spelled elsewhere. Line breaks and tabs have no place in a
// table cell either.
func clean(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// piece is a unit that wrap never splits unless it alone is too wide: a
// word, or the part of a word up to and including a hyphen, so that
// "Müller-Lüdenscheidt" breaks after the hyphen first.
type piece struct {
	text  string
	space bool // a space separates it from the piece before
}

func pieces(s string) []piece {
	var ps []piece
	for _, w := range strings.Fields(s) {
		for i, p := range strings.SplitAfter(w, "-") {
			if p != "" {
				ps = append(ps, piece{text: p, space: i == 0})
			}
		}
	}
	return ps
}

// wrap breaks s into lines no wider than width, at most maxLines of them.
// Text that does not fit ends in "…" rather than spilling into the next
// cell: a cut-off name is still recognisable, an overprinted one is not.
// whole reports that no word had to be cut, so a caller can try a smaller
// size first.
//
// Widths add up (measure sums glyph advances), so each piece is measured
// once and the line's width carried along: the work grows with the length
// of s, and stops once maxLines are full. Measuring the whole line again for
// every word made a 100 kB title take a minute.
func (f *fonts) wrap(s string, width, size float64, bold bool, maxLines int) (lines []string, whole bool) {
	space := f.measure(" ", size, bold)
	whole = true
	var cur strings.Builder
	curW := 0.0
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curW = 0
	}
	for _, p := range pieces(s) {
		if len(lines) > maxLines {
			break
		}
		pw := f.measure(p.text, size, bold)
		if cur.Len() > 0 {
			gap := 0.0
			if p.space {
				gap = space
			}
			if curW+gap+pw <= width {
				if p.space {
					cur.WriteByte(' ')
				}
				cur.WriteString(p.text)
				curW += gap + pw
				continue
			}
			flush()
		}
		// A piece wider than the whole cell is cut between characters.
		rest := p.text
		for pw > width && len(lines) <= maxLines {
			whole = false
			head, hw := f.prefix(rest, width, size, bold)
			lines = append(lines, head)
			rest = rest[len(head):]
			pw -= hw
		}
		cur.WriteString(rest)
		curW = pw
	}
	if cur.Len() > 0 {
		flush()
	}
	if len(lines) > maxLines {
		whole = false
		lines = lines[:maxLines]
		last := strings.TrimSuffix(lines[maxLines-1], "-")
		lines[maxLines-1] = f.truncate(last+ellipsis, width, size, bold)
	}
	return lines, whole
}

// prefix returns the longest leading part of s that fits width, and at
// least one character so that wrapping always makes progress, with its
// width.
func (f *fonts) prefix(s string, width, size float64, bold bool) (string, float64) {
	end, w := 0, 0.0
	for i, r := range s {
		next := i + utf8.RuneLen(r)
		rw := f.measure(s[i:next], size, bold)
		if end > 0 && w+rw > width {
			break
		}
		end, w = next, w+rw
	}
	return s[:end], w
}

// truncate shortens s until it fits width, ending in "…" if anything was
// cut (or if s already ended in one, as wrap passes it). It walks forward
// adding up widths, so a long s costs one pass.
func (f *fonts) truncate(s string, width, size float64, bold bool) string {
	if f.measure(s, size, bold) <= width {
		return s
	}
	body := strings.TrimSuffix(s, ellipsis)
	room := width - f.measure(ellipsis, size, bold)
	end, w := 0, 0.0
	for i, r := range body {
		next := i + utf8.RuneLen(r)
		w += f.measure(body[i:next], size, bold)
		if w > room {
			break
		}
		end = next
	}
	if end == len(body) {
		// Only rounding let the whole body fit beside "…"; s did not fit.
		_, n := utf8.DecodeLastRuneInString(body)
		end -= n
	}
	t := strings.TrimRight(body[:end], " -")
	if t == "" {
		return ellipsis
	}
	return t + ellipsis
}

package pdf

import (
	"strings"

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
func (f *fonts) wrap(s string, width, size float64, bold bool, maxLines int) (lines []string, whole bool) {
	fits := func(t string) bool { return f.measure(t, size, bold) <= width }
	whole = true
	cur := ""
	for _, p := range pieces(s) {
		cand := p.text
		if cur != "" {
			if p.space {
				cand = cur + " " + p.text
			} else {
				cand = cur + p.text
			}
		}
		if fits(cand) {
			cur = cand
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		cur = p.text
		// A piece wider than the whole cell is cut between characters.
		for !fits(cur) {
			whole = false
			head := f.prefix(cur, width, size, bold)
			lines = append(lines, head)
			cur = cur[len(head):]
		}
	}
	if cur != "" {
		lines = append(lines, cur)
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
// least one character so that wrapping always makes progress.
func (f *fonts) prefix(s string, width, size float64, bold bool) string {
	end := 0
	for i, r := range s {
		next := i + len(string(r))
		if end > 0 && f.measure(s[:next], size, bold) > width {
			break
		}
		end = next
	}
	return s[:end]
}

// truncate shortens s until it fits width, ending in "…" if anything was
// cut (or if s already ended in one, as wrap passes it).
func (f *fonts) truncate(s string, width, size float64, bold bool) string {
	if f.measure(s, size, bold) <= width {
		return s
	}
	body := []rune(strings.TrimSuffix(s, ellipsis))
	for len(body) > 0 {
		body = body[:len(body)-1]
		t := strings.TrimRight(string(body), " -") + ellipsis
		if f.measure(t, size, bold) <= width {
			return t
		}
	}
	return ellipsis
}

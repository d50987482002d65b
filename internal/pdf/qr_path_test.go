package pdf

import (
	"math/rand/v2"
	"testing"
)

// The outlines cover exactly the dark modules — rings with holes, holes
// inside holes, modules touching only at a corner, random matrices — and
// no outline point lies off the module grid except the middles of edges
// the cuts to holes use.
func TestModuleOutlinesCoverExactlyTheDarkModules(t *testing.T) {
	fixed := map[string][]string{
		"finder ring": {"#######", "#.....#", "#.###.#", "#.###.#", "#.###.#", "#.....#", "#######"},
		"corners":     {"#.#", ".#.", "#.#"},
		"u shape":     {"#.#", "#.#", "###"},
		"hole pair":   {"#####", "#.#.#", "#####"},
		"empty":       {"...", "...", "..."},
	}
	for name, rows := range fixed {
		checkOutlines(t, name, len(rows), func(col, row int) bool { return rows[row][col] == '#' })
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		n := 1 + r.IntN(25)
		m := make([]bool, n*n)
		for j := range m {
			m[j] = r.IntN(2) == 0
		}
		checkOutlines(t, "random", n, func(col, row int) bool { return m[row*n+col] })
	}
}

func checkOutlines(t *testing.T, name string, n int, dark func(col, row int) bool) {
	t.Helper()
	outlines := moduleOutlines(n, dark)
	var fills []fill
	for _, o := range outlines {
		fills = append(fills, fill{points: o})
	}
	got := modulesOf(fills, qrMark{module: 1, size: n})
	for row := range n {
		for col := range n {
			if got[row][col] != dark(col, row) {
				t.Fatalf("%s (%d×%d): module (%d, %d) is %v, want %v", name, n, n, col, row, got[row][col], dark(col, row))
			}
		}
	}
}

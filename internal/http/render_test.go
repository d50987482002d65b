package http

import "testing"

func TestGermanIntGroupsThousandsWithDots(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 11840: "11.840", 1048576: "1.048.576", -2500: "-2.500"} {
		if got := germanInt(n); got != want {
			t.Errorf("germanInt(%d) = %q, want %q", n, got, want)
		}
	}
}

package pdf

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// layoutWork is the number of characters wrap and truncate measure to
// lay out s.
func layoutWork(f *fonts, s string) int {
	f.measured = 0
	f.wrap(s, 200, bodySize, false, 1<<20)
	f.truncate(s, 200, bodySize, false)
	return f.measured
}

// Laying out text grows with its length, not its square: ten times the
// text takes about ten times the work (cutting and truncating measured
// the whole rest of the text once per character, and a 100 kB title took
// a minute). Counting the characters measured, not the time, keeps the
// test independent of a busy machine.
func TestWrapGrowsLinearly(t *testing.T) {
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	for name, unit := range map[string]string{"words": "Informationssicherheit ", "one unbroken word": "x"} {
		small := strings.Repeat(unit, 10_000/len(unit))
		large := strings.Repeat(unit, 100_000/len(unit))
		ws, wl := layoutWork(f, small), layoutWork(f, large)
		if ratio := float64(wl) / float64(ws); ratio > 12 {
			t.Errorf("%s: 10 kB took %d measured characters, 100 kB %d: %.0f times the work for ten times the text", name, ws, wl, ratio)
		}
		if wl > 5*len(large) {
			t.Errorf("%s: %d characters measured for %d", name, wl, len(large))
		}
	}
}

// A 100 kB programme title (stored before titles were bounded) still
// gives the evidence report within seconds.
func TestEvidenceReportWithAHundredKilobyteTitleIsQuick(t *testing.T) {
	r := evidenceReport(t, 4)
	r.Settings.Title = strings.Repeat("Schulungskonzept ", 100_000/17)
	start := time.Now()
	var buf bytes.Buffer
	if err := EvidenceReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("the report took %v", d)
	}
}

package pdf

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin even where the host has no zone files

	"github.com/wachsam/wachsam"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// berlin loads the zone the service shows times in.
func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// sheet returns a session with the fixed clock 20.11.2026, 08:30 Uhr in
// Berlin, n participants with plain names and the given days.
func sheet(t *testing.T, n int, days ...string) AttendanceSheet {
	t.Helper()
	s := AttendanceSheet{
		Title:     "Informationssicherheit im Rathaus – Grundschulung",
		Round:     "Herbst 2026",
		Place:     "Rathaus Lindenbach, Sitzungssaal",
		Trainer:   "Dana Beispiel",
		Times:     "09:00–12:00 Uhr",
		PrintedAt: time.Date(2026, 11, 20, 7, 30, 0, 0, time.UTC),
		Zone:      berlin(t),
	}
	for _, d := range days {
		s.Days = append(s.Days, wachsam.MustDate(d))
	}
	towns := []string{"Lindenbach", "Oberhausen am See", "Kirchdorf"}
	depts := []string{"Bürgerbüro", "Bauamt", "Kämmerei", "Hauptamt"}
	for i := range n {
		s.Participants = append(s.Participants, SheetParticipant{
			Name:         fmt.Sprintf("Person %02d Muster", i+1),
			Municipality: towns[i%len(towns)],
			Department:   depts[i%len(depts)],
		})
	}
	return s
}

// dump renders a layout as plain text: per page its size, the grid and one
// line per text item with rounded coordinates (x, baseline y), so a golden
// diff shows what moved where.
func dump(l *layout) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title %q author %q created %s\n", l.title, l.author, l.created.Format(time.RFC3339))
	for i, pg := range l.pages {
		fmt.Fprintf(&b, "\npage %d/%d %.1fx%.1f\n", i+1, len(l.pages), l.width, l.height)
		fmt.Fprintf(&b, "cols %s\n", floats(pg.grid.cols))
		fmt.Fprintf(&b, "rows %s\n", floats(pg.grid.rows))
		for _, it := range pg.texts {
			style := "R"
			if it.bold {
				style = "B"
			}
			fmt.Fprintf(&b, "%6.1f %6.1f %s%-4g %s\n", it.x, it.y, style, it.size, it.text)
		}
	}
	return b.String()
}

func floats(fs []float64) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = fmt.Sprintf("%.1f", f)
	}
	return strings.Join(s, " ")
}

// golden compares got with testdata/name.golden; -update rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if !bytes.Equal([]byte(got), want) {
		t.Errorf("layout differs from %s (run with -update after checking):\n%s", path, got)
	}
}

// layoutOf lays out s with freshly loaded fonts.
func layoutOf(t *testing.T, s AttendanceSheet) *layout {
	t.Helper()
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	l, err := attendanceLayout(s, f)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// pageTexts returns the texts of one page.
func pageTexts(pg page) []string {
	var out []string
	for _, it := range pg.texts {
		out = append(out, it.text)
	}
	return out
}

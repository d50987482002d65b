package pdf

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
)

// goldenSheets are the documented cases; each has testdata/<name>.golden.
func goldenSheets(t *testing.T) map[string]AttendanceSheet {
	umlauts := sheet(t, 0, "2026-11-23")
	umlauts.Round = ""
	umlauts.Participants = []SheetParticipant{
		{Name: "Jürgen Weiß", Municipality: "Großröhrsdorf", Department: "Ordnungsamt"},
		// Decomposed: u and o followed by U+0308 COMBINING DIAERESIS.
		{Name: "Ju\u0308rgen Bo\u0308ßmann", Municipality: "Mu\u0308hlental", Department: "Bürgerbüro"},
		{Name: "Özlem Çelik-Šimić", Municipality: "Lindenbach", Department: "Schulverwaltung"},
	}
	long := sheet(t, 0, "2026-11-23", "2026-11-24", "2026-11-25")
	long.Title = "Informationssicherheit im Rathaus – Grundschulung für Beschäftigte mit Zugang zu Meldedaten, Sozialdaten und Personalakten nach CISIS12 Schritt 2"
	long.Participants = []SheetParticipant{
		{Name: "Maximiliane Henriette Freifrau von Hohenlohe-Schillingsfürst-Waldenburg", Municipality: "Verbandsgemeinde Oberes Donautal-Heuberg", Department: "Fachbereich Bürgerdienste, Ordnung und Sicherheit, Standesamt und Friedhofsverwaltung"},
		{Name: "Grundstücksverkehrsgenehmigungszuständigkeitsübertragung", Municipality: "Au", Department: "IT"},
	}
	return map[string]AttendanceSheet{
		"one_day":    sheet(t, 3, "2026-11-23"),
		"two_days":   sheet(t, 8, "2026-11-23", "2026-11-24"),
		"sixty":      sheet(t, 60, "2026-11-23"),
		"umlauts":    umlauts,
		"long_texts": long,
		"four_days":  sheet(t, 5, "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"),
	}
}

// TestAttendanceLayoutGolden compares each case's layout with its golden
// file; `go test ./internal/pdf -update` rewrites them after a deliberate
// change.
func TestAttendanceLayoutGolden(t *testing.T) {
	for name, s := range goldenSheets(t) {
		t.Run(name, func(t *testing.T) {
			golden(t, name, dump(layoutOf(t, s)))
		})
	}
}

// TestLayoutPageBreaks checks the 60-participant list independently of
// the golden file: several pages, each with the table header, every row
// number exactly once, and "Seite X von Y" right.
func TestLayoutPageBreaks(t *testing.T) {
	l := layoutOf(t, sheet(t, 60, "2026-11-23"))
	if len(l.pages) < 2 {
		t.Fatalf("%d pages, want a page break", len(l.pages))
	}
	seen := map[string]int{}
	for i, pg := range l.pages {
		texts := pageTexts(pg)
		for _, h := range []string{"Nr.", "Name", "Kommune", "Abteilung", "Unterschrift", "23.11.2026"} {
			if !slices.Contains(texts, h) {
				t.Errorf("page %d lacks the header %q", i+1, h)
			}
		}
		if want := fmt.Sprintf("Seite %d von %d", i+1, len(l.pages)); !slices.Contains(texts, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
		if !slices.Contains(texts, "Gedruckt am 20.11.2026, 08:30 Uhr") {
			t.Errorf("page %d lacks the print time in Berlin time", i+1)
		}
		if i > 0 && !strings.HasPrefix(texts[0], "Anwesenheitsliste: Informationssicherheit") {
			t.Errorf("page %d starts with %q, want the running head", i+1, texts[0])
		}
		for _, s := range texts {
			if _, err := strconv.Atoi(s); err == nil {
				seen[s]++
			}
		}
		// The grid's rows stay above the footer.
		if bottom := pg.grid.rows[len(pg.grid.rows)-1]; bottom > l.height-margin-footerSpace {
			t.Errorf("page %d: table ends at %.1f, below the limit", i+1, bottom)
		}
	}
	for n := 1; n <= 60+walkIns; n++ {
		if c := seen[fmt.Sprint(n)]; c != 1 {
			t.Errorf("row number %d printed %d times", n, c)
		}
	}
}

// TestLayoutNormalisesNFD checks that a decomposed umlaut is printed as
// the precomposed character the font has.
func TestLayoutNormalisesNFD(t *testing.T) {
	s := sheet(t, 0, "2026-11-23")
	s.Participants = []SheetParticipant{{Name: "Ju\u0308rgen Bo\u0308ßmann", Municipality: "Mu\u0308hlental"}}
	texts := pageTexts(layoutOf(t, s).pages[0])
	for _, want := range []string{"Jürgen Bößmann", "Mühlental"} {
		if !slices.Contains(texts, want) {
			t.Errorf("no text %q in %q", want, texts)
		}
	}
	for _, s := range texts {
		if strings.ContainsRune(s, '\u0308') {
			t.Errorf("%q still holds a combining diaeresis", s)
		}
	}
}

// TestLayoutRejectsMissingGlyph checks that a character the Go fonts lack
// is an input error naming the text and the field, not an empty box.
func TestLayoutRejectsMissingGlyph(t *testing.T) {
	for _, tc := range []struct {
		name, field, text string
		edit              func(*AttendanceSheet, string)
	}{
		{"emoji name", "participants[1].name", "Anna 😀 Schmidt", func(s *AttendanceSheet, v string) { s.Participants[1].Name = v }},
		{"cjk municipality", "participants[0].municipality", "Lindenbach 林", func(s *AttendanceSheet, v string) { s.Participants[0].Municipality = v }},
		{"capital sharp s in title", "title", "GRUNDSCHULUNG AẞEN", func(s *AttendanceSheet, v string) { s.Title = v }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := sheet(t, 3, "2026-11-23")
			tc.edit(&s, tc.text)
			f, err := loadFonts()
			if err != nil {
				t.Fatal(err)
			}
			_, err = attendanceLayout(s, f)
			var e *wachsam.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want a *wachsam.Error", err)
			}
			if e.Code != wachsam.EINVALID || e.Field != tc.field {
				t.Errorf("code %s field %q, want invalid %q", e.Code, e.Field, tc.field)
			}
			if !strings.Contains(e.Message, fmt.Sprintf("%q", tc.text)) {
				t.Errorf("message %q does not name the text %q", e.Message, tc.text)
			}
		})
	}
}

// TestLayoutRejectsBadSheets covers the other input errors.
func TestLayoutRejectsBadSheets(t *testing.T) {
	for _, tc := range []struct {
		name, field string
		edit        func(*AttendanceSheet)
	}{
		{"no title", "title", func(s *AttendanceSheet) { s.Title = " \t" }},
		{"no day", "days", func(s *AttendanceSheet) { s.Days = nil }},
		{"zero day", "days[1]", func(s *AttendanceSheet) { s.Days = append(s.Days, wachsam.Date{}) }},
		{"eight days", "days", func(s *AttendanceSheet) {
			for i := 1; i < 8; i++ {
				s.Days = append(s.Days, s.Days[0].AddDays(i))
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := sheet(t, 2, "2026-11-23")
			tc.edit(&s)
			f, err := loadFonts()
			if err != nil {
				t.Fatal(err)
			}
			_, err = attendanceLayout(s, f)
			var e *wachsam.Error
			if !errors.As(err, &e) || e.Field != tc.field {
				t.Fatalf("error %v, want an input error for %q", err, tc.field)
			}
		})
	}
}

// TestLayoutOrientation checks portrait up to three days and landscape
// beyond, with seven days still fitting.
func TestLayoutOrientation(t *testing.T) {
	for days, landscape := range map[int]bool{1: false, 3: false, 4: true, 7: true} {
		s := sheet(t, 2, "2026-11-23")
		for i := 1; i < days; i++ {
			s.Days = append(s.Days, s.Days[0].AddDays(i))
		}
		l := layoutOf(t, s)
		if got := l.width > l.height; got != landscape {
			t.Errorf("%d days: landscape %v, want %v", days, got, landscape)
		}
		cols := l.pages[0].grid.cols
		if right := cols[len(cols)-1]; right > l.width-margin+0.01 {
			t.Errorf("%d days: table reaches %.1f, beyond the margin", days, right)
		}
	}
}

// An online session's list (DESIGN.md §4, §2(1)): nobody signs it; each
// day's column is headed "Kamera" and shows whether the trainer confirmed
// the person's camera presence that day.
func TestOnlineListShowsCameraConfirmationNotSignatures(t *testing.T) {
	s := sheet(t, 2, "2026-11-23", "2026-11-24")
	s.Online, s.Place = true, "Online"
	s.Participants[0].Camera = []wachsam.Date{wachsam.MustDate("2026-11-23"), wachsam.MustDate("2026-11-24")}
	s.Participants[1].Camera = []wachsam.Date{wachsam.MustDate("2026-11-24")}
	texts := pageTexts(layoutOf(t, s).pages[0])
	if slices.Contains(texts, "Unterschrift") || !slices.Contains(texts, "Kamera") {
		t.Errorf("headers of an online list: %q", texts)
	}
	if n := countOf(texts, "bestätigt"); n != 3 {
		t.Errorf("%d days shown confirmed, want 3", n)
	}
	if !slices.Contains(texts, "–") {
		t.Error("the day without camera presence is not shown as such")
	}
	if on := pageTexts(layoutOf(t, sheet(t, 2, "2026-11-23")).pages[0]); !slices.Contains(on, "Unterschrift") || slices.Contains(on, "Kamera") {
		t.Errorf("an on-site list lost its signature column: %q", on)
	}
}

func countOf(texts []string, s string) int {
	n := 0
	for _, v := range texts {
		if v == s {
			n++
		}
	}
	return n
}

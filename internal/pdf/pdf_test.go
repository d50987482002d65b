package pdf

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
)

// TestAttendanceListPDF renders real PDFs and checks the file frame, the
// page count against the layout and, with pdftotext, the printed names.
func TestAttendanceListPDF(t *testing.T) {
	for name, s := range goldenSheets(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := AttendanceList(&buf, s); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			if !bytes.HasPrefix(out, []byte("%PDF-")) {
				t.Errorf("starts with %q, want %%PDF-", out[:min(len(out), 8)])
			}
			if !bytes.HasSuffix(bytes.TrimRight(out, " \t\r\n"), []byte("%%EOF")) {
				t.Errorf("does not end with %%%%EOF")
			}
			l := layoutOf(t, s)
			if got := pdfPageCount(t, out); got != len(l.pages) {
				t.Errorf("PDF has %d pages, layout %d", got, len(l.pages))
			}
			t.Run("pdftotext", func(t *testing.T) { checkText(t, out, s, l) })
		})
	}
}

// pdfPageCount reads /Count from the page tree; gopdf writes one page tree
// and no object streams, so the dictionary is plain text.
func pdfPageCount(t *testing.T, pdf []byte) int {
	t.Helper()
	m := regexp.MustCompile(`/Type /Pages\s[^>]*?/Count (\d+)`).FindSubmatch(pdf)
	if m == nil {
		m = regexp.MustCompile(`/Count (\d+)`).FindSubmatch(pdf)
	}
	if m == nil {
		t.Fatal("no /Count in the PDF")
	}
	n, err := strconv.Atoi(string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkText extracts the text with poppler's pdftotext and looks for every
// participant name the layout prints on one line (the golden files cover
// wrapped ones). Without pdftotext the check is skipped, except under CI,
// which installs poppler-utils.
func checkText(t *testing.T, pdf []byte, s AttendanceSheet, l *layout) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (poppler-utils) is missing; CI must install it")
		}
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	path := filepath.Join(t.TempDir(), "list.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	var printed []string
	for _, pg := range l.pages {
		printed = append(printed, pageTexts(pg)...)
	}
	for _, p := range s.Participants {
		name := clean(p.Name)
		if !slices.Contains(printed, name) {
			continue
		}
		if !strings.Contains(text, name) {
			t.Errorf("pdftotext output lacks %q", name)
		}
	}
	for _, want := range []string{"Anwesenheitsliste", "Unterschrift", "Seite 1 von"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
}

// TestAttendanceListRejectsEmoji checks the error reaches the caller of
// the public function and that nothing is written.
func TestAttendanceListRejectsEmoji(t *testing.T) {
	s := sheet(t, 2, "2026-11-23")
	s.Participants[0].Name = "Kim 🙂 Lee"
	var buf bytes.Buffer
	err := AttendanceList(&buf, s)
	var e *wachsam.Error
	if !errors.As(err, &e) || !strings.Contains(e.Message, `"Kim 🙂 Lee"`) {
		t.Fatalf("error %v, want one naming the text", err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written despite the error", buf.Len())
	}
}

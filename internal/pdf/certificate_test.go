package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/boombuler/barcode/qr"

	"github.com/wachsam/wachsam"
)

// certificate is the documented case: the academy's wording, two
// components, issued on 15.12.2026.
func certificate() Certificate {
	return Certificate{
		Academy:      "udis Ulmer Akademie für Datenschutz und IT-Sicherheit gGmbH",
		Title:        "Zeugnis",
		Subject:      "über die Prüfung für Informationssicherheitsbeauftragte – ISB (Chief Information Security Officer – CISO)",
		Statement:    "Das Zeugnis bescheinigt, dass Anna Amsel die Fachkunde besitzt, die zur Ausübung der Tätigkeit als ISB (Chief Information Security Officer – CISO) gehört (§10 Abs. 3 der Prüfungsordnung).",
		Holder:       "Anna Amsel",
		Seminar:      "ISB/CISO-Seminar Herbst 2026",
		SeminarFrom:  wachsam.MustDate("2026-09-07"),
		SeminarTo:    wachsam.MustDate("2026-09-10"),
		OverallGrade: "1,7",
		OverallWord:  "gut",
		Grades: []CertificateGrade{
			{Name: "Informationssicherheitsmanagement", Grade: "2,0", Word: "gut"},
			{Name: "Recht und Datenschutz", Grade: "1,3", Word: "sehr gut"},
		},
		IssuedOn:     wachsam.MustDate("2026-12-15"),
		Director:     "Prof. Dr. Vera Vorsitz",
		DirectorRole: "Wissenschaftliche Leitung",
		Leader:       "Dr. Erik Weber",
		LeaderRole:   "Seminarleitung",
		SealRing:     "udis Ulmer Akademie für Datenschutz und IT-Sicherheit",
		SealCenter:   "udis",
		Code:         "K7QF-2M9X-4HTR",
		VerifyURL:    "https://wachsam.example.de/zeugnis/K7QF-2M9X-4HTR",
	}
}

// goldenCertificates are the documented cases; each has
// testdata/certificate_<name>.golden.
func goldenCertificates() map[string]Certificate {
	revoked := certificate()
	revoked.RevokedOn = wachsam.MustDate("2027-02-03")
	many := certificate()
	many.Grades = nil
	for i := range 10 {
		many.Grades = append(many.Grades, CertificateGrade{Name: fmt.Sprintf("Prüfungsleistung %d mit einem recht langen Namen, der umbricht", i+1), Grade: "2,3", Word: "gut"})
	}
	plain := certificate()
	plain.Academy, plain.SealCenter, plain.Seminar = "", "Siegel", ""
	return map[string]Certificate{"certificate_valid": certificate(), "certificate_revoked": revoked, "certificate_many": many, "certificate_plain": plain}
}

// certDump is dump plus the shapes a certificate has.
func certDump(l *layout) string {
	var b strings.Builder
	b.WriteString(dump(l))
	for i, pg := range l.pages {
		fmt.Fprintf(&b, "\nshapes of page %d: %d boxes, %d outlines\n", i+1, len(pg.boxes), len(pg.fills))
		for _, f := range pg.fills {
			fmt.Fprintf(&b, "outline of %d corners %v\n", len(f.points), f.color)
		}
		for _, r := range pg.rules {
			fmt.Fprintf(&b, "rule %.1f %.1f %.1f %.1f w%.1f %v\n", r.x1, r.y1, r.x2, r.y2, r.width, r.color)
		}
		for _, c := range pg.circles {
			fmt.Fprintf(&b, "circle %.1f %.1f r%.1f w%.1f %v\n", c.x, c.y, c.r, c.width, c.color)
		}
		for _, it := range pg.texts {
			if it.angle != 0 || it.color != (rgb{}) {
				fmt.Fprintf(&b, "%6.1f %6.1f %q angle %.1f %v\n", it.x, it.y, it.text, it.angle, it.color)
			}
		}
	}
	return b.String()
}

func certLayoutOf(t *testing.T, c Certificate) *certLayout {
	t.Helper()
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	cl, err := certificateLayout(c, f)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// TestCertificateLayoutGolden compares each case's layout with its golden
// file; `go test ./internal/pdf -update` rewrites them after a deliberate
// change.
func TestCertificateLayoutGolden(t *testing.T) {
	for name, c := range goldenCertificates() {
		t.Run(name, func(t *testing.T) {
			golden(t, name, certDump(certLayoutOf(t, c).layout))
		})
	}
}

// TestCertificateLayoutParts checks what §10 demands independently of the
// golden files: one page; the holder, the overall grade with its word
// (§5(5)), every component grade, the date, both signatories (§10(2)), the
// seal's legend and the code are printed, and nothing leaves the frame.
func TestCertificateLayoutParts(t *testing.T) {
	for name, c := range goldenCertificates() {
		t.Run(name, func(t *testing.T) {
			cl := certLayoutOf(t, c)
			if len(cl.pages) != 1 {
				t.Fatalf("%d pages, want 1", len(cl.pages))
			}
			pg := cl.pages[0]
			texts := strings.Join(pageTexts(pg), "\n")
			want := []string{"Zeugnis", c.Holder, "Gesamtnote: 1,7 (gut)", "Ausgestellt am 15.12.2026",
				c.Director, "Wissenschaftliche Leitung", c.Leader, "Seminarleitung", "Prüfcode: K7QF-2M9X-4HTR", c.SealCenter}
			for _, g := range c.Grades {
				want = append(want, gradeText(g.Grade, g.Word))
			}
			for _, w := range want {
				if !strings.Contains(texts, w) {
					t.Errorf("the certificate lacks %q", w)
				}
			}
			revoked := strings.Contains(texts, "Widerrufen am 03.02.2027")
			if revoked != !c.RevokedOn.IsZero() {
				t.Errorf("revocation notice printed: %v, revoked: %v", revoked, !c.RevokedOn.IsZero())
			}
			legend := 0
			for _, it := range pg.texts {
				if it.angle != 0 {
					legend++
				}
				if it.x < frameInner || it.y > cl.height-frameInner || it.y < frameInner {
					t.Errorf("%q at (%.1f, %.1f) lies outside the frame", it.text, it.x, it.y)
				}
				if w := it.x + certFonts(t).measure(it.text, it.size, it.bold); it.angle == 0 && w > cl.width-frameInner {
					t.Errorf("%q ends at %.1f, beyond the frame", it.text, w)
				}
			}
			if want := len(strings.ReplaceAll(c.SealRing, " ", "")); legend < want/2 {
				t.Errorf("%d letters of the seal's legend, want about %d", legend, want)
			}
			if len(pg.circles) != 2 {
				t.Errorf("%d circles, want the seal's two rings", len(pg.circles))
			}
		})
	}
}

func certFonts(t *testing.T) *fonts {
	t.Helper()
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestCertificateQRCodeEncodesTheURL reads the QR code back from the
// laid-out outline and compares it, module by module, with a fresh encoding
// of the verification address. go.mod has no QR decoder, so the encoder's
// own matrix is the reference.
func TestCertificateQRCodeEncodesTheURL(t *testing.T) {
	c := certificate()
	cl := certLayoutOf(t, c)
	if cl.qr.content != c.VerifyURL {
		t.Fatalf("QR content %q, want %q", cl.qr.content, c.VerifyURL)
	}
	want, err := qr.Encode(c.VerifyURL, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	if n := want.Bounds().Dx(); n != cl.qr.size {
		t.Fatalf("QR has %d modules per side, the encoding %d", cl.qr.size, n)
	}
	if len(cl.pages[0].boxes) != 0 || len(cl.pages[0].fills) == 0 {
		t.Fatalf("QR code drawn as %d boxes and %d outlines, want outlines only", len(cl.pages[0].boxes), len(cl.pages[0].fills))
	}
	got := modulesOf(cl.pages[0].fills, cl.qr)
	for row := range cl.qr.size {
		for col := range cl.qr.size {
			if got[row][col] != dark(want.At(col, row)) {
				t.Fatalf("module (%d, %d) differs from the encoding", col, row)
			}
		}
	}
	if cl.qr.module*float64(cl.qr.size) < 50 {
		t.Errorf("QR code only %.1f pt wide: too small to scan from paper", cl.qr.module*float64(cl.qr.size))
	}
}

// modulesOf reads the module matrix from the outlines: a module is dark if
// an outline winds around its centre (the nonzero rule PDF's "f" uses).
func modulesOf(fills []fill, m qrMark) [][]bool {
	out := make([][]bool, m.size)
	for row := range m.size {
		out[row] = make([]bool, m.size)
		for col := range m.size {
			for _, f := range fills {
				if winding(f.points, point{m.x + (float64(col)+0.5)*m.module, m.y + (float64(row)+0.5)*m.module}) != 0 {
					out[row][col] = true
				}
			}
		}
	}
	return out
}

// winding is the winding number of the closed polygon around p.
func winding(poly []point, p point) int {
	w := 0
	for i := range poly {
		a, b := poly[i], poly[(i+1)%len(poly)]
		cross := (b.x-a.x)*(p.y-a.y) - (p.x-a.x)*(b.y-a.y)
		switch {
		case a.y <= p.y && b.y > p.y && cross > 0:
			w++
		case a.y > p.y && b.y <= p.y && cross < 0:
			w--
		}
	}
	return w
}

// TestCertificatePDF renders real PDFs and checks, with poppler's
// pdftotext, the printed words, and with pdftoppm that the QR code's
// modules are where the layout put them.
func TestCertificatePDF(t *testing.T) {
	for name, c := range goldenCertificates() {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := CertificatePDF(&buf, c); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			if !bytes.HasPrefix(out, []byte("%PDF-")) || pdfPageCount(t, out) != 1 {
				t.Fatalf("not a one-page PDF")
			}
			text := popplerText(t, out)
			for _, want := range []string{"Zeugnis", c.Holder, "Gesamtnote: 1,7 (gut)", "Ausgestellt am 15.12.2026", c.Director, c.Leader,
				"Prüfcode: K7QF-2M9X-4HTR", "Prüfungsleistung", "Wissenschaftliche Leitung"} {
				if !strings.Contains(text, want) {
					t.Errorf("pdftotext output lacks %q:\n%s", want, text)
				}
			}
			if name == "certificate_valid" {
				checkRasterQR(t, out, certLayoutOf(t, c))
			}
		})
	}
}

func popplerText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := popplerTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "zeugnis.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// popplerTool finds a poppler-utils program; it is skipped without it,
// except under CI, which installs poppler-utils.
func popplerTool(t *testing.T, name string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s (poppler-utils) is missing; CI must install it", name)
		}
		t.Skipf("%s (poppler-utils) not installed", name)
	}
	return bin
}

// TestCertificateRejectsEmoji checks that an unprintable name is an input
// error naming the text, and that nothing is written.
func TestCertificateRejectsEmoji(t *testing.T) {
	c := certificate()
	c.Holder = "Kim 🙂 Lee"
	var buf bytes.Buffer
	err := CertificatePDF(&buf, c)
	var e *wachsam.Error
	if !errors.As(err, &e) || e.Code != wachsam.EINVALID || !strings.Contains(e.Message, `"Kim 🙂 Lee"`) {
		t.Fatalf("error %v, want one naming the text", err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written despite the error", buf.Len())
	}
}

// TestCertificateNeedsItsParts refuses a certificate without what §10
// requires on it.
func TestCertificateNeedsItsParts(t *testing.T) {
	for field, change := range map[string]func(*Certificate){
		"holder":         func(c *Certificate) { c.Holder = " " },
		"grades":         func(c *Certificate) { c.Grades = nil },
		"overall_grade":  func(c *Certificate) { c.OverallGrade = "" },
		"director":       func(c *Certificate) { c.Leader = "" },
		"code":           func(c *Certificate) { c.VerifyURL = "" },
		"issued_on":      func(c *Certificate) { c.IssuedOn = wachsam.Date{} },
		"grades[0].name": func(c *Certificate) { c.Grades[0].Name = "Recht \u0007" },
		"grades ": func(c *Certificate) {
			for range 40 {
				c.Grades = append(c.Grades, CertificateGrade{Name: "Noch eine Prüfungsleistung", Grade: "1,0", Word: "sehr gut"})
			}
		},
	} {
		field = strings.TrimSpace(field)
		c := certificate()
		change(&c)
		var buf bytes.Buffer
		err := CertificatePDF(&buf, c)
		var e *wachsam.Error
		if !errors.As(err, &e) || e.Field != field {
			t.Errorf("%s: error %v, want a field error", field, err)
		}
	}
}

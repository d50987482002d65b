package pdf

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/boombuler/barcode/qr"
)

// checkRasterQR renders the PDF with poppler's pdftoppm at 300 dpi and
// samples the centre of every QR module: dark where the encoding of the
// address is dark, light elsewhere, and the quiet zone light. This checks
// the drawing, not only the layout: a module misplaced by the PDF's
// coordinate flip would show here.
func checkRasterQR(t *testing.T, pdf []byte, cl *certLayout) {
	t.Helper()
	bin := popplerTool(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "zeugnis.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	const dpi = 300
	if out, err := exec.Command(bin, "-r", "300", "-png", "-singlefile", in, filepath.Join(dir, "seite")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	img := readPNG(t, filepath.Join(dir, "seite.png"))
	want, err := qr.Encode(cl.qr.content, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	scale := dpi / 72.0
	m := cl.qr
	wrong := 0
	for row := -qrQuiet; row < m.size+qrQuiet; row++ {
		for col := -qrQuiet; col < m.size+qrQuiet; col++ {
			x := (m.x + (float64(col)+0.5)*m.module) * scale
			y := (m.y + (float64(row)+0.5)*m.module) * scale
			inside := row >= 0 && col >= 0 && row < m.size && col < m.size
			if dark(img.At(int(x), int(y))) != (inside && dark(want.At(col, row))) {
				wrong++
			}
		}
	}
	if wrong > 0 {
		t.Errorf("%d QR modules of the rendered page differ from the encoding of %q", wrong, m.content)
	}
}

// readPNG decodes a PNG file pdftoppm wrote.
func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

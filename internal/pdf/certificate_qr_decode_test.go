package pdf

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// qrDPIs are screen and print resolutions, 300 dpi among them.
var qrDPIs = []int{72, 96, 150, 200, 300, 600}

// TestCertificateQRDecodesAtEveryResolution renders the certificate's QR
// code with poppler (pdftoppm, anti-aliased as a PDF viewer shows it) at
// screen and print resolutions, 300 dpi among them, and decodes it with a
// real QR decoder (ZXing's Go port) to the verification address. Boxes per
// module left grey seams that broke exactly this at some resolutions.
func TestCertificateQRDecodesAtEveryResolution(t *testing.T) {
	c := certificate()
	var buf bytes.Buffer
	if err := CertificatePDF(&buf, c); err != nil {
		t.Fatal(err)
	}
	m := certLayoutOf(t, c).qr
	for _, dpi := range qrDPIs {
		t.Run(fmt.Sprintf("%d dpi", dpi), func(t *testing.T) {
			if got := decodeQR(t, buf.Bytes(), m, dpi); got != c.VerifyURL {
				t.Fatalf("QR code at %d dpi reads %q, want %q", dpi, got, c.VerifyURL)
			}
		})
	}
}

// decodeQR renders only the QR code at m (with its quiet zone and a
// little more) of the PDF's first page at dpi and decodes it.
func decodeQR(t *testing.T, pdf []byte, m qrMark, dpi int) string {
	t.Helper()
	bin := popplerTool(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "dokument.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	scale := float64(dpi) / 72
	quiet := qrQuiet * m.module
	x, y := int(math.Floor((m.x-quiet-4)*scale)), int(math.Floor((m.y-quiet-4)*scale))
	side := int(math.Ceil((qrTotal + 8) * scale))
	out := filepath.Join(dir, fmt.Sprintf("qr%d", dpi))
	args := []string{"-r", strconv.Itoa(dpi), "-x", strconv.Itoa(x), "-y", strconv.Itoa(y),
		"-W", strconv.Itoa(side), "-H", strconv.Itoa(side), "-png", "-singlefile", in, out}
	if msg, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, msg)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(readPNG(t, out+".png"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("QR code not decoded at %d dpi: %v", dpi, err)
	}
	return res.GetText()
}

package wachsam

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Uploaded files are stored and offered under a safe name whose extension
// matches the checked content type (issue 13 §3).
func TestDocumentFilename(t *testing.T) {
	for _, tc := range []struct{ sent, contentType, want string }{
		{"Attest Müller.pdf", "application/pdf", "Attest Müller.pdf"},
		{"rechnung.html", "application/pdf", "rechnung.pdf"},
		{"scan.PDF.exe", "image/png", "scan.PDF.png"},
		{`C:\Users\anna\Desktop\foto.jpeg`, "image/jpeg", "foto.jpg"},
		{"../../etc/passwd", "application/pdf", "passwd.pdf"},
		{"a\r\nContent-Type: text/html.pdf", "application/pdf", "html.pdf"},
		{"\x00\x1b[31m.pdf", "application/pdf", "31m.pdf"},
		{"bad\xff\xfe.pdf", "application/pdf", "bad.pdf"},
		{`"quoted";name=x.pdf`, "application/pdf", `quoted__name_x.pdf`},
		{"", "application/pdf", "dokument.pdf"},
		{"...", "image/png", "dokument.png"},
		{"李小龍 Zeugnis.pdf", "application/pdf", "李小龍 Zeugnis.pdf"},
	} {
		if got := DocumentFilename(tc.sent, tc.contentType); got != tc.want {
			t.Errorf("DocumentFilename(%q) = %q, want %q", tc.sent, got, tc.want)
		}
	}
	long := DocumentFilename(strings.Repeat("ä", 300)+".pdf", "application/pdf")
	if n := utf8.RuneCountInString(long); n != 104 || !strings.HasSuffix(long, ".pdf") {
		t.Errorf("a long name became %d characters: %q", n, long)
	}
}

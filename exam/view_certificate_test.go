package exam

import (
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
)

// TestNormalizeCertificateCode documents what typing a code accepts and
// the German reasons for what it refuses.
func TestNormalizeCertificateCode(t *testing.T) {
	for in, want := range map[string]string{
		"K7QF-2M9X-4HTR":    "K7QF-2M9X-4HTR",
		"k7qf 2m9x 4htr":    "K7QF-2M9X-4HTR",
		"K7QF–2M9X–4HTR":    "K7QF-2M9X-4HTR",
		"  K7QF2M9X4HTR\t ": "K7QF-2M9X-4HTR",
		"":                  "Bitte geben Sie den Prüfcode",
		"K7QF-2M9X-4HT":     "12 Zeichen",
		"K7QF-2M9X-4HTR-2":  "12 Zeichen",
		"K7QF-2M9X-4HT0":    "„0“",
		"<script>":          "„<“",
	} {
		got, err := NormalizeCertificateCode(in)
		msg := got
		if err != nil {
			msg = err.Error()
			if wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
				t.Errorf("%q: %v is not an input error", in, err)
			}
		}
		if !strings.Contains(msg, want) {
			t.Errorf("%q → %q, want %q", in, msg, want)
		}
	}
}

// TestFormatCertificateCode groups twelve characters in fours.
func TestFormatCertificateCode(t *testing.T) {
	if got := FormatCertificateCode("K7QF2M9X4HTR"); got != "K7QF-2M9X-4HTR" {
		t.Errorf("got %q", got)
	}
	if len(CertificateCodeAlphabet) != 32 || strings.ContainsAny(CertificateCodeAlphabet, "01IO") {
		t.Errorf("the alphabet must have 32 characters without 0, 1, I, O: %q", CertificateCodeAlphabet)
	}
}

// TestWordingOf: the academy's regulation names the academy and §10(3);
// an unknown one names no academy.
func TestWordingOf(t *testing.T) {
	w := WordingOf(IDUdisISB2025)
	if !strings.Contains(w.Academy, "udis") || !strings.Contains(w.Statement, "Fachkunde") || w.Title != "Zeugnis" {
		t.Errorf("udis wording: %+v", w)
	}
	if other := WordingOf("andere-akademie"); other.Academy != "" || other.Statement == "" {
		t.Errorf("unknown regulation: %+v", other)
	}
}

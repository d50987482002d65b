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

// TestPara10_3_StatementNamesTheHolder: the certificate says who has the
// expertise by name, and nowhere offers both grammatical genders.
func TestPara10_3_StatementNamesTheHolder(t *testing.T) {
	for _, id := range []string{IDUdisISB2025, "andere-akademie"} {
		w := WordingOf(id)
		got := w.StatementAbout("Anna Amsel")
		if !strings.Contains(got, "dass Anna Amsel die Fachkunde besitzt") || !strings.Contains(got, "§10 Abs. 3") {
			t.Errorf("%s: %q", id, got)
		}
		for _, text := range []string{w.Subject, got} {
			for _, slash := range []string{"zur / zum", "Teilnehmerin / der Teilnehmer", "einer / eines", "{name}"} {
				if strings.Contains(text, slash) {
					t.Errorf("%s: %q contains %q", id, text, slash)
				}
			}
		}
		if neutral := w.StatementAbout(" "); !strings.Contains(neutral, "die Inhaberin oder der Inhaber dieses Zeugnisses") {
			t.Errorf("%s without a name: %q", id, neutral)
		}
	}
}

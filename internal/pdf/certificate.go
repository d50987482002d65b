package pdf

import (
	"fmt"
	"io"
	"strings"

	"github.com/wachsam/wachsam"
)

// Certificate is everything printed on an exam certificate (Zeugnis,
// §10 of the examination regulation): the issuing academy, what it
// certifies, the holder, the seminar, the overall grade with its word
// (§5(5)), the component grades, the day of issue, two signature lines
// (§10(2)), the seal, and the verification code with a QR code of the
// address where anyone can check it.
type Certificate struct {
	Academy   string // issuer; omitted when empty
	Title     string // "Zeugnis"
	Subject   string // "über die Prüfung für Informationssicherheitsbeauftragte …"
	Statement string // what the certificate attests (§10(3))

	Holder       string
	Seminar      string
	SeminarFrom  wachsam.Date
	SeminarTo    wachsam.Date
	OverallGrade string // "1,7"
	OverallWord  string // "gut"
	Grades       []CertificateGrade
	IssuedOn     wachsam.Date

	Director, DirectorRole string // first signature: the scientific director
	Leader, LeaderRole     string // second signature: the seminar leader or another examiner

	SealRing, SealCenter string // the seal's legend and its middle

	Code      string // "K7QF-2M9X-4HTR"
	VerifyURL string // encoded in the QR code and printed beside it
	// RevokedOn marks a certificate the board declared invalid (§11): the
	// copy the office prints says so above everything else.
	RevokedOn wachsam.Date
}

// CertificateGrade is one component's line on the certificate.
type CertificateGrade struct {
	Name, Grade, Word string
}

// CertificatePDF writes the certificate to w as a one-page A4 PDF. Input
// errors (a missing name or code, a character the fonts lack, more
// components than one page holds) are *wachsam.Error with code EINVALID
// and a German message; nothing is written then.
func CertificatePDF(w io.Writer, c Certificate) error {
	f, err := loadFonts()
	if err != nil {
		return err
	}
	cl, err := certificateLayout(c, f)
	if err != nil {
		return err
	}
	return draw(w, cl.layout, f)
}

// prepareCertificate validates c and returns a copy whose texts are
// NFC-normalised and known to be printable.
func prepareCertificate(c Certificate, f *fonts) (Certificate, error) {
	out := c
	out.Grades = make([]CertificateGrade, len(c.Grades))
	var err error
	check := func(field, label string, v *string) {
		if err != nil {
			return
		}
		*v = clean(*v)
		if r, bad := f.missing(*v); bad {
			err = wachsam.FieldError(field, "%s: %q enthält das Zeichen %q (U+%04X), das die Schrift des Zeugnisses nicht darstellen kann.", label, *v, r, r)
		}
	}
	for _, t := range []struct {
		field, label string
		v            *string
	}{
		{"academy", "Akademie", &out.Academy}, {"title", "Titel", &out.Title}, {"subject", "Prüfung", &out.Subject},
		{"statement", "Bescheinigung", &out.Statement}, {"holder", "Name", &out.Holder}, {"seminar", "Seminar", &out.Seminar},
		{"overall_grade", "Gesamtnote", &out.OverallGrade}, {"overall_word", "Gesamtnote", &out.OverallWord},
		{"director", "Wissenschaftliche Leitung", &out.Director}, {"director_role", "Funktion", &out.DirectorRole},
		{"leader", "Seminarleitung", &out.Leader}, {"leader_role", "Funktion", &out.LeaderRole},
		{"seal", "Siegel", &out.SealRing}, {"seal", "Siegel", &out.SealCenter}, {"code", "Prüfcode", &out.Code},
		{"verify_url", "Prüfadresse", &out.VerifyURL},
	} {
		check(t.field, t.label, t.v)
	}
	for i, g := range c.Grades {
		q := &out.Grades[i]
		*q = g
		field := fmt.Sprintf("grades[%d]", i)
		check(field+".name", "Prüfungsleistung", &q.Name)
		check(field+".grade", "Note", &q.Grade)
		check(field+".word", "Note", &q.Word)
	}
	if err != nil {
		return Certificate{}, err
	}
	switch {
	case out.Holder == "":
		return Certificate{}, wachsam.FieldError("holder", "Das Zeugnis braucht den Namen der Inhaberin oder des Inhabers.")
	case out.Title == "":
		return Certificate{}, wachsam.FieldError("title", "Das Zeugnis braucht einen Titel.")
	case out.OverallGrade == "":
		return Certificate{}, wachsam.FieldError("overall_grade", "Das Zeugnis braucht die Gesamtnote (§5(5)).")
	case len(out.Grades) == 0:
		return Certificate{}, wachsam.FieldError("grades", "Das Zeugnis braucht die Noten der Prüfungsleistungen.")
	case out.IssuedOn.IsZero():
		return Certificate{}, wachsam.FieldError("issued_on", "Das Zeugnis braucht das Datum der Ausstellung.")
	case out.Director == "" || out.Leader == "":
		return Certificate{}, wachsam.FieldError("director", "Das Zeugnis braucht beide Unterzeichnenden (§10(2)).")
	case out.Code == "" || out.VerifyURL == "":
		return Certificate{}, wachsam.FieldError("code", "Das Zeugnis braucht den Prüfcode und die Adresse der Prüfung.")
	case strings.ContainsAny(out.VerifyURL, " "):
		return Certificate{}, wachsam.FieldError("verify_url", "Die Prüfadresse %q enthält Leerzeichen.", out.VerifyURL)
	}
	return out, nil
}

// seminarDays is "07.09.2026 bis 10.09.2026", or one day.
func seminarDays(from, to wachsam.Date) string {
	switch {
	case from.IsZero():
		return ""
	case to.IsZero() || to == from:
		return from.German()
	}
	return from.German() + " bis " + to.German()
}

// gradeText is "1,7 (gut)", or the grade alone without a word.
func gradeText(grade, word string) string {
	if word == "" {
		return grade
	}
	return grade + " (" + word + ")"
}

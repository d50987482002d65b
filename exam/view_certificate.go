package exam

import (
	"strconv"
	"strings"

	"github.com/wachsam/wachsam"
)

// Certificates (Zeugnisse, §10) as the exam office, the holder and an
// auditor see them. A certificate is a snapshot taken on the day it was
// issued: names and grades as they stood then. Whether it still stands is
// the board's decision (§11), kept as the day it was revoked.

// CertificateRecord is an issued certificate.
type CertificateRecord struct {
	ID              int64
	CandidateID     int64
	CandidateNumber string
	UserID          int64 // the holder's account: the only one who downloads it besides the office
	Regulation      string
	Code            string // verification code "K7QF-2M9X-4HTR"
	HolderName      string
	SeminarTitle    string
	SeminarFirstDay wachsam.Date
	SeminarLastDay  wachsam.Date
	IssuedOn        wachsam.Date
	OverallGrade    string // "1,7" (§5(5))
	OverallWord     string // "gut"
	Grades          []CertificateGrade
	DirectorName    string // the scientific director (§4(2), §10(2))
	LeaderName      string // the seminar leader or another examiner (§10(2))
	RevokedOn       wachsam.Date
	RevokeReason    string // kept for the office; the public check never shows it
}

// Revoked tells whether the board declared the exam invalid (§11(4)).
func (c CertificateRecord) Revoked() bool { return !c.RevokedOn.IsZero() }

// CertificateGrade is one component's grade as printed on the certificate.
type CertificateGrade struct {
	Component string `json:"component"`
	Name      string `json:"name"`
	Grade     string `json:"grade"`
	Word      string `json:"word"`
}

// CertificateDue is a candidate whose file says the office may issue the
// certificate now (state.BoardMay "issue_certificate", §10(1)).
type CertificateDue struct {
	CandidateID     int64
	CandidateNumber string
	Name            string
	SeminarTitle    string
	OverallGrade    string
	OverallWord     string
	Grades          []CertificateGrade
}

// CertificateCheck is what the public verification shows an auditor: the
// holder's name, the day of issue and the overall grade, and whether the
// certificate was revoked and when. Nothing else leaves the system.
type CertificateCheck struct {
	Code         string
	HolderName   string
	IssuedOn     wachsam.Date
	OverallGrade string
	OverallWord  string
	RevokedOn    wachsam.Date
}

// Valid tells whether the certificate stands.
func (c CertificateCheck) Valid() bool { return c.RevokedOn.IsZero() }

// CertificateCodeAlphabet are the characters of verification codes (the
// alphabet every verification code shares, wachsam.VerificationCodeAlphabet).
const CertificateCodeAlphabet = wachsam.VerificationCodeAlphabet

// CertificateCodeLength is the number of characters of a code (without
// hyphens): 32^12 = 2^60 codes, far beyond guessing at the throttled rate.
const CertificateCodeLength = 12

// FormatCertificateCode groups a code of CertificateCodeLength characters
// in fours: "K7QF2M9X4HTR" → "K7QF-2M9X-4HTR".
func FormatCertificateCode(raw string) string { return wachsam.FormatVerificationCode(raw) }

// NormalizeCertificateCode reads a code as a person types it: letters in
// either case, with or without spaces and hyphens. It returns the code in
// its printed form, or a field error (field "code") that says in German
// why it cannot be one.
func NormalizeCertificateCode(s string) (string, error) {
	raw, foreign := wachsam.ScanVerificationCode(s)
	n := len([]rune(raw))
	switch {
	case n == 0:
		return "", wachsam.FieldError("code", "Bitte geben Sie den Prüfcode des Zeugnisses ein.")
	case len(foreign) > 0:
		return "", wachsam.FieldError("code", "Der Prüfcode enthält „%s“. Prüfcodes bestehen nur aus den Ziffern 2–9 und Großbuchstaben ohne I und O, zum Beispiel K7QF-2M9X-4HTR.", strings.Join(foreign, "“, „"))
	case n != CertificateCodeLength:
		return "", wachsam.FieldError("code", "Ein Prüfcode hat %d Zeichen (ohne Bindestriche), zum Beispiel K7QF-2M9X-4HTR; eingegeben wurden %s.", CertificateCodeLength, strconv.Itoa(n))
	}
	return FormatCertificateCode(raw), nil
}

// CertificateWording is what a certificate of a regulation says beside
// names and grades: who issues it, what it certifies (§10(3)), who signs
// (§10(2)) and the seal's legend.
type CertificateWording struct {
	Academy      string // the issuing academy, as in the regulation's title
	Title        string // "Zeugnis"
	Subject      string // the exam, e.g. "über die Prüfung für Informationssicherheitsbeauftragte …"
	Statement    string // §10(3), "{name}" standing for the holder (StatementAbout)
	DirectorRole string // under the first signature line
	LeaderRole   string // under the second
	SealRing     string // the text around the seal
	SealCenter   string // the text in its middle
}

// WordingOf returns the certificate wording of a regulation. The academy's
// regulation of 2025 is the only one this build knows; an unknown ID gets
// the same wording without the academy's name, so a certificate never
// claims an issuer the regulation does not name.
func WordingOf(regulationID string) CertificateWording {
	w := CertificateWording{
		Title:        "Zeugnis",
		Subject:      "über die Prüfung für Informationssicherheitsbeauftragte – ISB (Chief Information Security Officer – CISO)",
		Statement:    "Das Zeugnis bescheinigt, dass {name} die Fachkunde besitzt, die zur Ausübung der Tätigkeit als ISB (Chief Information Security Officer – CISO) gehört (§10 Abs. 3 der Prüfungsordnung).",
		DirectorRole: "Wissenschaftliche Leitung",
		LeaderRole:   "Seminarleitung",
		SealRing:     "Prüfungsausschuss ISB/CISO",
		SealCenter:   "Siegel",
	}
	if regulationID == IDUdisISB2025 {
		w.Academy = "udis Ulmer Akademie für Datenschutz und IT-Sicherheit gGmbH"
		w.SealRing = "udis Ulmer Akademie für Datenschutz und IT-Sicherheit"
		w.SealCenter = "udis"
	}
	return w
}

// StatementAbout is the §10(3) statement naming the holder as the record
// has it, so the certificate needs no "die Teilnehmerin / der Teilnehmer"
// or "zur / zum" beside a name; a missing name gives the neutral "die Inhaberin oder der Inhaber dieses
// Zeugnisses".
func (w CertificateWording) StatementAbout(holder string) string {
	if strings.TrimSpace(holder) == "" {
		holder = "die Inhaberin oder der Inhaber dieses Zeugnisses"
	}
	return strings.ReplaceAll(w.Statement, "{name}", holder)
}

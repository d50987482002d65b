package pdf

import (
	"io"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
)

// Participation is everything printed on a participation certificate
// (Teilnahmebescheinigung, issue 14 §3): who organised the training, who
// took part and for which town, the topic, when, where, how long and with
// whom, until when it counts, and the verification code with a QR code of
// the address where anyone can check it. The caller formats days, hours
// and duration (package courses), so this package knows no sessions.
type Participation struct {
	Issuer     string // the organising municipality; printed at the top
	Holder     string
	HolderTown string // the municipality the person works for; omitted when empty
	Topic      string
	Days       string // "01.12.2026 und 02.12.2026"
	Times      string // "09:00–12:00 Uhr"; omitted when empty
	Duration   string // "3 Stunden"
	Place      string
	Trainer    string // omitted when empty
	ValidUntil wachsam.Date
	IssuedOn   wachsam.Date
	Code       string // "K7QF-2M9X-4HTR-ABCD"
	VerifyURL  string // encoded in the QR code and printed beside it
}

// ParticipationPDF writes the certificate to w as a one-page A4 PDF. Input
// errors (a missing name, topic or code, a character the fonts lack) are
// *wachsam.Error with code EINVALID and a German message; nothing is
// written then.
func ParticipationPDF(w io.Writer, p Participation) error {
	f, err := loadFonts()
	if err != nil {
		return err
	}
	cl, err := participationLayout(p, f)
	if err != nil {
		return err
	}
	return draw(w, cl.layout, f)
}

// prepareParticipation validates p and returns a copy whose texts are
// NFC-normalised and known to be printable.
func prepareParticipation(p Participation, f *fonts) (Participation, error) {
	out := p
	for _, t := range []struct {
		field, label string
		v            *string
	}{
		{"issuer", "Veranstalter", &out.Issuer}, {"holder", "Name", &out.Holder}, {"holder_town", "Kommune", &out.HolderTown},
		{"topic", "Thema", &out.Topic}, {"days", "Datum", &out.Days}, {"times", "Uhrzeit", &out.Times},
		{"duration", "Dauer", &out.Duration}, {"place", "Ort", &out.Place}, {"trainer", "Schulung durch", &out.Trainer},
		{"code", "Prüfcode", &out.Code}, {"verify_url", "Prüfadresse", &out.VerifyURL},
	} {
		*t.v = clean(*t.v)
		if r, bad := f.missing(*t.v); bad {
			return Participation{}, wachsam.FieldError(t.field, "%s: %q enthält das Zeichen %q (U+%04X), das die Schrift der Bescheinigung nicht darstellen kann.", t.label, *t.v, r, r)
		}
	}
	switch {
	case out.Holder == "":
		return Participation{}, wachsam.FieldError("holder", "Die Teilnahmebescheinigung braucht den Namen der Person.")
	case out.Topic == "" || out.Days == "":
		return Participation{}, wachsam.FieldError("topic", "Die Teilnahmebescheinigung braucht das Thema und das Datum der Schulung.")
	case out.IssuedOn.IsZero():
		return Participation{}, wachsam.FieldError("issued_on", "Die Teilnahmebescheinigung braucht das Datum der Ausstellung.")
	case out.Code == "" || out.VerifyURL == "":
		return Participation{}, wachsam.FieldError("code", "Die Teilnahmebescheinigung braucht den Prüfcode und die Adresse der Prüfung.")
	case strings.ContainsAny(out.VerifyURL, " "):
		return Participation{}, wachsam.FieldError("verify_url", "Die Prüfadresse %q enthält Leerzeichen.", out.VerifyURL)
	}
	return out, nil
}

// factLabel is the x of the labels of the facts block, factValue that of
// the values beside them.
const (
	factLabel = 110.0
	factValue = 220.0
	factWidth = a4Short - factValue - 90
)

// participationLayout lays out the certificate in the frame of the exam
// certificate: the text flows from the top, the verification block sits
// at the foot.
func participationLayout(p Participation, f *fonts) (*certLayout, error) {
	p, err := prepareParticipation(p, f)
	if err != nil {
		return nil, err
	}
	author := p.Issuer
	if author == "" {
		author = "wachsam"
	}
	l := &layout{width: a4Short, height: a4Long, title: "Teilnahmebescheinigung: " + p.Holder, author: author, subject: p.Topic,
		created: time.Date(p.IssuedOn.Year, p.IssuedOn.Month, p.IssuedOn.Day, 12, 0, 0, 0, time.UTC)}
	b := &certBuilder{f: f, l: l, pg: &page{}, spacing: 1}
	b.frame()
	y := 84.0
	if p.Issuer != "" {
		y = b.centred(p.Issuer, y, 13, true, textWidth, 2, 16, inkBlue)
		y += 9
		b.rule(l.width/2-60, y, l.width/2+60, y, 0.6, inkBlue)
	}
	y += 56
	b.text((l.width-f.measure("Teilnahmebescheinigung", 30, true))/2, y, 30, true, "Teilnahmebescheinigung", inkBlue)
	y = b.centred(p.Holder, y+52, 22, true, textWidth, 2, 26, rgb{})
	if p.HolderTown != "" {
		y = b.centred(p.HolderTown, y+20, 11, false, textWidth, 2, 14, rgb{90, 90, 90})
	}
	y = b.centred("hat an der Schulung", y+30, 11, false, textWidth, 1, 0, rgb{})
	y = b.centred(p.Topic, y+24, 16, true, textWidth, 3, 20, inkBlue)
	y = b.centred("teilgenommen.", y+22, 11, false, textWidth, 1, 0, rgb{})

	y += 40
	for _, fact := range []struct{ label, value string }{
		{"Datum", p.Days}, {"Uhrzeit", p.Times}, {"Dauer", p.Duration}, {"Ort", p.Place},
		{"Schulung durch", p.Trainer}, {"Veranstalter", p.Issuer}, {"Gültig bis", dateOrEmpty(p.ValidUntil)},
	} {
		if fact.value == "" {
			continue
		}
		b.text(factLabel, y, 10, true, fact.label, rgb{})
		y = b.leftLines(factValue, y, factWidth, fact.value, 10.5, 3, 14) + 20
	}
	if !p.ValidUntil.IsZero() {
		y = b.leftLines(factLabel, y+4, a4Short-2*factLabel,
			"Die Schulung ist bis zu diesem Tag gültig; danach ist sie zu wiederholen (Auffrischung).", 9, 2, 12)
	}

	qrTop := l.height - frameInner - 12 - qrTotal
	right := l.width - certLeft
	b.text(certLeft, qrTop-40, 10.5, false, "Ausgestellt am "+p.IssuedOn.German(), rgb{})
	b.leftLines(certLeft, qrTop-24, right-certLeft,
		"Diese Bescheinigung wurde maschinell erstellt und ist ohne Unterschrift gültig.", 8.5, 1, 11)
	qr, err := b.qrCode(certLeft, qrTop, p.VerifyURL)
	if err != nil {
		return nil, err
	}
	tx := certLeft + qrTotal + 12
	tw := right - tx
	b.text(tx, qrTop+16, 9, true, "Echtheit prüfen", inkBlue)
	b.text(tx, qrTop+31, 11, true, "Prüfcode: "+p.Code, rgb{})
	yy := b.leftLines(tx, qrTop+46, tw, "Scannen Sie den QR-Code oder öffnen Sie die folgende Adresse; dort steht, ob die Bescheinigung gültig ist:", 8.5, 2, 11)
	b.leftLines(tx, yy+11, tw, p.VerifyURL, 8.5, 2, 11)
	if y > qrTop-56 {
		return nil, wachsam.FieldError("topic", "Die Angaben der Teilnahmebescheinigung passen nicht auf eine Seite.")
	}
	l.pages = []page{*b.pg}
	return &certLayout{layout: l, qr: qr}, nil
}

// dateOrEmpty is the German date, or nothing for the zero date.
func dateOrEmpty(d wachsam.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.German()
}

package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
)

func participation() Participation {
	return Participation{
		Issuer: "Gemeinde Eichhausen", Holder: "Jörg Müller-Lüdenscheidt", HolderTown: "Stadt Lindenbach",
		Topic: "Informationssicherheit im Rathaus – Grundschulung", Days: "01.12.2026 und 02.12.2026",
		Times: "09:00–12:30 Uhr", Duration: "7 Stunden", Place: "Rathaus Eichhausen, Sitzungssaal", Trainer: "Dana Beispiel",
		ValidUntil: wachsam.MustDate("2027-12-02"), IssuedOn: wachsam.MustDate("2026-12-03"),
		Code: "K7QF-2M9X-4HTR-ABCD", VerifyURL: "https://wachsam.example.de/zeugnis/K7QF-2M9X-4HTR-ABCD",
	}
}

// TestParticipationPDFText: pdftotext finds every fact on the page — the
// person, their town, the topic, days, hours, duration, place, trainer,
// issuer, validity, day of issue, code and address.
func TestParticipationPDFText(t *testing.T) {
	p := participation()
	var buf bytes.Buffer
	if err := ParticipationPDF(&buf, p); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	for _, want := range []string{"Teilnahmebescheinigung", p.Holder, p.HolderTown, "hat an der Schulung", p.Topic, "teilgenommen.",
		"Datum " + p.Days, "Uhrzeit " + p.Times, "Dauer 7 Stunden", "Ort " + p.Place, "Schulung durch " + p.Trainer,
		"Veranstalter " + p.Issuer, "Gültig bis 02.12.2027", "Ausgestellt am 03.12.2026", "Prüfcode: " + p.Code, p.VerifyURL} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}

// TestParticipationQRDecodes: the QR code reads back as the verification
// address at screen and print resolutions.
func TestParticipationQRDecodes(t *testing.T) {
	p := participation()
	var buf bytes.Buffer
	if err := ParticipationPDF(&buf, p); err != nil {
		t.Fatal(err)
	}
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	cl, err := participationLayout(p, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, dpi := range qrDPIs {
		t.Run(fmt.Sprintf("%d dpi", dpi), func(t *testing.T) {
			if got := decodeQR(t, buf.Bytes(), cl.qr, dpi); got != p.VerifyURL {
				t.Fatalf("QR code at %d dpi reads %q, want %q", dpi, got, p.VerifyURL)
			}
		})
	}
}

// TestParticipationPDFRefusesBadInput: missing facts and characters the
// fonts lack are input errors, and nothing is written; the longest names
// and topics the bounds allow still fit on the page.
func TestParticipationPDFRefusesBadInput(t *testing.T) {
	for name, change := range map[string]func(*Participation){
		"no holder":        func(p *Participation) { p.Holder = " " },
		"no topic":         func(p *Participation) { p.Topic = "" },
		"no code":          func(p *Participation) { p.Code = "" },
		"no issue date":    func(p *Participation) { p.IssuedOn = wachsam.Date{} },
		"unprintable":      func(p *Participation) { p.Holder = "Anna 😀" },
		"space in the url": func(p *Participation) { p.VerifyURL = "https://x.example/zeugnis/ A" },
	} {
		p := participation()
		change(&p)
		var buf bytes.Buffer
		if err := ParticipationPDF(&buf, p); wachsam.ErrorCodeOf(err) != wachsam.EINVALID || buf.Len() != 0 {
			t.Errorf("%s: %v, %d bytes written", name, err, buf.Len())
		}
	}
	p := participation()
	p.Holder, p.Topic, p.Issuer = strings.Repeat("Mustermann ", 18), strings.Repeat("Schulung ", 22), strings.Repeat("Gemeinde ", 22)
	p.Place = strings.Repeat("Sitzungssaal ", 23)
	if err := ParticipationPDF(new(bytes.Buffer), p); err != nil {
		t.Fatalf("the longest texts: %v", err)
	}
}

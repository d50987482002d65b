package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// partWorld is the neighbours' world with one member of staff of the
// second town who booked the first session and was recorded present by
// their coordinator the day after (2026-12-02).
type partWorld struct {
	w          *storetest.Neighbours
	town       int64
	person     *wachsam.User
	colleague  *wachsam.User
	fix        courses.AttendanceCorrection
	completion int64
}

func newPartWorld(t *testing.T, h *harness) *partWorld {
	t.Helper()
	ctx := context.Background()
	w := h.neighbours(storetest.NeighbourOptions{})
	p := &partWorld{w: w, town: w.Municipalities[1].ID}
	p.person, p.colleague = w.Staff[p.town][0], w.Staff[p.town][1]
	first := w.Round.Sessions[0]
	if _, err := h.db.Book(ctx, wachsam.UserActor(p.person), p.person.ID, first.ID); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC).Sub(h.clock.Now()))
	p.fix = courses.AttendanceCorrection{SessionID: first.ID, UserID: p.person.ID, Day: first.Days[0], Present: true, Reason: "Haken vergessen"}
	p.correct(t, h)
	done, err := h.db.CompletionsOf(ctx, p.person.ID)
	if err != nil || len(done) != 1 {
		t.Fatalf("completions %v %v", done, err)
	}
	p.completion = done[0].ID
	return p
}

// correct applies p.fix as the town's coordinator.
func (p *partWorld) correct(t *testing.T, h *harness) {
	t.Helper()
	if err := h.db.CorrectAttendance(context.Background(), wachsam.UserActor(p.w.Coordinators[p.town]), p.town, p.fix, h.location()); err != nil {
		t.Fatal(err)
	}
}

var partCode = regexp.MustCompile(`Prüfcode: ([2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){3})`)

// partPDF checks a downloaded certificate and returns its text, with
// runs of white space as one space, and its code.
func partPDF(t *testing.T, r response) (string, string) {
	t.Helper()
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.body, "%PDF") {
		t.Fatalf("certificate: %d %s\n%.300s", r.status, r.header.Get("Content-Type"), r.body)
	}
	text := strings.Join(strings.Fields(pdftotext(t, []byte(r.body))), " ")
	m := partCode.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no code in the certificate:\n%s", text)
	}
	return text, m[1]
}

// The holder downloads the certificate of their completion from the status
// page and the API; it names them, their town, the topic, day, hours,
// duration, place, trainer, organiser and validity, and carries a code
// whose QR code leads to the public check under the configured address.
// The code is the same on every copy, and the coordinator's copy too.
func TestParticipationCertificateForTheHolder(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		p := newPartWorld(t, h)
		holder := h.signedIn(p.person)
		link := fmt.Sprintf("/schulungen/mein-stand/teilnahmen/%d/bescheinigung.pdf", p.completion)
		staffWantPage(t, holder.get("/schulungen/mein-stand"), http.StatusOK, `href="`+link+`"`, "PDF herunterladen")

		r := holder.get(link)
		text, code := partPDF(t, r)
		for _, want := range []string{"Teilnahmebescheinigung", p.person.Name, p.w.Municipalities[1].Name, p.w.Topic.Name,
			"Datum 01.12.2026", "Uhrzeit 09:00–12:00 Uhr", "Dauer 3 Stunden", "Ort Rathaus " + p.w.Municipalities[0].Name + ", Sitzungssaal",
			"Schulung durch " + p.w.Trainer.Name, "Veranstalter " + p.w.Municipalities[0].Name, "Gültig bis 01.12.2027",
			"Ausgestellt am 02.12.2026", "http://127.0.0.1/zeugnis/" + code} {
			if !strings.Contains(text, want) {
				t.Errorf("the certificate lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, p.person.Email) {
			t.Error("the certificate shows the e-mail address")
		}
		if got := partQR(t, []byte(r.body)); got != "http://127.0.0.1/zeugnis/"+code {
			t.Errorf("QR code reads %q", got)
		}

		api := holder.get(fmt.Sprintf("/api/v1/me/completions/%d/certificate.pdf", p.completion))
		if _, again := partPDF(t, api); again != code {
			t.Errorf("the API's copy has code %s, the page's %s", again, code)
		}
		list := holder.get("/api/v1/me/completions")
		var items []struct {
			ID             int64  `json:"id"`
			Topic          string `json:"topic"`
			CompletedOn    string `json:"completed_on"`
			CertificateURL string `json:"certificate_url"`
		}
		if err := json.Unmarshal([]byte(list.body), &items); err != nil || len(items) != 1 || items[0].ID != p.completion ||
			items[0].CompletedOn != "2026-12-01" || items[0].CertificateURL != fmt.Sprintf("/api/v1/me/completions/%d/certificate.pdf", p.completion) {
			t.Fatalf("completions API: %d %s", list.status, list.body)
		}

		coordinator := h.signedIn(p.w.Coordinators[p.town])
		staffWantPage(t, coordinator.get("/koordination/beschaeftigte"), http.StatusOK, fmt.Sprintf(`href="/koordination/beschaeftigte/%d/teilnahmen"`, p.person.ID))
		own := fmt.Sprintf("/koordination/beschaeftigte/%d/teilnahmen/%d/bescheinigung.pdf", p.person.ID, p.completion)
		staffWantPage(t, coordinator.get(fmt.Sprintf("/koordination/beschaeftigte/%d/teilnahmen", p.person.ID)), http.StatusOK,
			p.person.Name, p.w.Topic.Name, `href="`+own+`"`)
		if _, theirs := partPDF(t, coordinator.get(own)); theirs != code {
			t.Errorf("the coordinator's copy has code %s, the holder's %s", theirs, code)
		}
		if _, theirs := partPDF(t, coordinator.get(fmt.Sprintf("/api/v1/staff/%d/completions/%d/certificate.pdf", p.person.ID, p.completion))); theirs != code {
			t.Errorf("the coordinator's API copy has code %s", theirs)
		}
	})
}

// partQR renders the certificate's first page and decodes its QR code.
func partQR(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Skip("pdftoppm (poppler-utils) not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "bescheinigung.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(bin, "-r", "150", "-png", "-singlefile", in, filepath.Join(dir, "seite")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, msg)
	}
	f, err := os.Open(filepath.Join(dir, "seite.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("QR code not decoded: %v", err)
	}
	return res.GetText()
}

// Nobody else gets the certificate: not a colleague (by either address),
// not the coordinator of another town, not the own coordinator under
// another person's address; each gets 404 and no PDF.
func TestParticipationCertificateIsScoped(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		p := newPartWorld(t, h)
		colleague := h.signedIn(p.colleague)
		other := h.signedIn(p.w.Coordinators[p.w.Municipalities[2].ID])
		own := h.signedIn(p.w.Coordinators[p.town])
		for _, c := range []struct {
			who  *browser
			path string
		}{
			{colleague, fmt.Sprintf("/schulungen/mein-stand/teilnahmen/%d/bescheinigung.pdf", p.completion)},
			{colleague, fmt.Sprintf("/api/v1/me/completions/%d/certificate.pdf", p.completion)},
			{other, fmt.Sprintf("/koordination/beschaeftigte/%d/teilnahmen/%d/bescheinigung.pdf", p.person.ID, p.completion)},
			{other, fmt.Sprintf("/koordination/beschaeftigte/%d/teilnahmen", p.person.ID)},
			{other, fmt.Sprintf("/api/v1/staff/%d/completions/%d/certificate.pdf", p.person.ID, p.completion)},
			{other, fmt.Sprintf("/api/v1/staff/%d/completions", p.person.ID)},
			{own, fmt.Sprintf("/koordination/beschaeftigte/%d/teilnahmen/%d/bescheinigung.pdf", p.colleague.ID, p.completion)},
			{own, "/koordination/beschaeftigte/abc/teilnahmen/1/bescheinigung.pdf"},
			{colleague, "/schulungen/mein-stand/teilnahmen/-1/bescheinigung.pdf"},
		} {
			r := c.who.get(c.path)
			if r.status != http.StatusNotFound || strings.HasPrefix(r.body, "%PDF") || strings.Contains(r.body, p.person.Name) {
				t.Errorf("%s: %d, want 404 without the person", c.path, r.status)
			}
		}
		if r := colleague.get(fmt.Sprintf("/api/v1/me/completions/%d/certificate.pdf", p.completion)); !isProblem(r, http.StatusNotFound, "") {
			t.Errorf("the API answers without problem details: %s", r.body)
		}
		if n := h.roundCount("participation_certificates", ""); n != 0 {
			t.Errorf("%d certificates were issued by refused requests", n)
		}
	})
}

// The public check reads a participation certificate's code in any
// spelling and shows the name, the topic, the day and the organiser, and
// "gültig" — not the e-mail address, the trainer or the place. After the
// coordinator's correction takes the completion back it says
// "zurückgezogen"; an unknown code is 404.
func TestParticipationVerification(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		p := newPartWorld(t, h)
		_, code := partPDF(t, h.signedIn(p.person).get(fmt.Sprintf("/schulungen/mein-stand/teilnahmen/%d/bescheinigung.pdf", p.completion)))
		auditor := h.browser()
		if r := auditor.get("/zeugnis?code=" + strings.ToLower(strings.ReplaceAll(code, "-", "+"))); r.status != http.StatusSeeOther || r.location != "/zeugnis/"+code {
			t.Fatalf("form: %d → %s", r.status, r.location)
		}
		r := auditor.get("/zeugnis/" + code)
		staffWantPage(t, r, http.StatusOK, "Teilnahmebescheinigung gültig", `id="inhaber">`+p.person.Name, `id="thema">`+p.w.Topic.Name,
			`id="datum">01.12.2026`, `id="veranstalter">`+p.w.Municipalities[0].Name, `id="stand">gültig`)
		for _, secret := range []string{p.person.Email, p.w.Trainer.Name, "Sitzungssaal"} {
			if strings.Contains(r.body, secret) {
				t.Errorf("the public check shows %q", secret)
			}
		}
		if r.header.Get("X-Robots-Tag") != "noindex" {
			t.Error("the check may be indexed")
		}

		h.clock.Advance(24 * time.Hour)
		p.fix.Present, p.fix.Reason = false, "Falsche Person angehakt"
		p.correct(t, h)
		r = auditor.get("/zeugnis/" + code)
		staffWantPage(t, r, http.StatusOK, "Teilnahmebescheinigung zurückgezogen", `id="stand">zurückgezogen am 03.12.2026`)
		if strings.Contains(r.body, `id="stand">gültig`) || strings.Contains(r.body, "Falsche Person") {
			t.Errorf("the withdrawn certificate shows as valid or with the reason:\n%s", r.body)
		}
		holder := h.signedIn(p.person)
		if r := holder.get(fmt.Sprintf("/schulungen/mein-stand/teilnahmen/%d/bescheinigung.pdf", p.completion)); r.status != http.StatusNotFound {
			t.Errorf("the holder still gets the withdrawn certificate: %d", r.status)
		}

		unknown := auditor.get("/zeugnis/ZZZZ-ZZZZ-ZZZZ-ZZZZ")
		staffWantPage(t, unknown, http.StatusNotFound, "gibt es keine Teilnahmebescheinigung")
	})
}

// Twenty unknown codes from one address stop every answer to it for the
// window, for a real participation certificate too.
func TestParticipationVerificationThrottled(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		p := newPartWorld(t, h)
		_, code := partPDF(t, h.signedIn(p.person).get(fmt.Sprintf("/api/v1/me/completions/%d/certificate.pdf", p.completion)))
		b := h.browser()
		for i := range store.VerifyFailures {
			if r := b.get(fmt.Sprintf("/zeugnis/ZZZZ-ZZZZ-ZZZZ-ZZ%cZ", wachsam.VerificationCodeAlphabet[i])); r.status != http.StatusNotFound {
				t.Fatalf("guess %d: %d", i, r.status)
			}
		}
		r := b.get("/zeugnis/" + code)
		if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "10 Minuten") || strings.Contains(r.body, p.person.Name) {
			t.Fatalf("after 20 guesses: %d\n%s", r.status, r.body)
		}
		h.clock.Advance(store.VerifyWindow + time.Second)
		if r := b.get("/zeugnis/" + code); r.status != http.StatusOK {
			t.Errorf("after the window: %d", r.status)
		}
	})
}

package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// boardSignIn signs a member of the board in on the login page, enrolling
// the authenticator app as every privileged account must.
func (b *chromiumTab) boardSignIn(u *wachsam.User) {
	b.t.Helper()
	b.visit("/anmelden")
	b.signInWithPassword(u)
	b.shows("/konto/zwei-faktor/einrichten", http.StatusOK, "einrichten")
	b.enrolWithApp()
	b.follow("Weiter")
	b.shows("/", http.StatusOK, "Guten Tag")
}

// boardClick clicks the element matching the CSS selector (a radio button).
func (b *chromiumTab) boardClick(selector string) {
	b.t.Helper()
	tabRun(b, "click "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// boardType types into an empty field (chromedp cannot clear an empty textarea).
func (b *chromiumTab) boardType(id, value string) {
	b.t.Helper()
	tabRun(b, "type into #"+id, chromedp.SendKeys(chromedp.ID(id), value))
}

// boardFetch downloads path with the tab's cookies, as the link would, and
// returns the status, the content type and the file's first bytes.
func (b *chromiumTab) boardFetch(path string) string {
	b.t.Helper()
	return tabRun(b, "fetch "+path, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%q).then(r => r.arrayBuffer().then(buf =>
		r.status + ' ' + r.headers.get('content-type') + ' ' + String.fromCharCode(...new Uint8Array(buf.slice(0, 5)))))`, path),
		chromedp.EvalAwaitPromise))
}

// TestBrowserBoardDecidesAndTheCandidateSeesIt: a member opens a case of
// cheating and votes, a second member votes, the chair closes the vote
// (two of four, §4(4)), the decision letter downloads as PDF, and the
// candidate finds the decision and the letter on their own page. Every
// page passes axe.
func TestBrowserBoardDecidesAndTheCandidateSeesIt(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		cand := a.Candidates[0]

		first := newBrowser(t, h)
		first.boardSignIn(a.Board[0])
		first.follow("Prüfungsausschuss")
		first.shows("/ausschuss", http.StatusOK, "Prüfungsausschuss")
		first.follow("Neuen Fall eröffnen")
		first.shows("/ausschuss/faelle/neu", http.StatusOK, "Neuen Fall eröffnen")
		first.roundChoose("pruefling", fmt.Sprint(cand.ID))
		first.press("Prüfling wählen")
		first.shows("/ausschuss/faelle/neu", http.StatusOK, "Neuen Fall eröffnen")
		first.press("Fall eröffnen")
		first.shows("/ausschuss/faelle", http.StatusUnprocessableEntity, "Neuen Fall eröffnen")
		if msg := first.text("#motion-fehler"); !strings.Contains(msg, "Bitte wählen Sie, worüber") {
			t.Errorf("no motion chosen: %q", msg)
		}
		first.boardClick(`input[name="motion"][value="find_cheating"]`)
		first.roundChoose("component", "ISM")
		first.roundChoose("exam_date", storetest.ISMExamDay.String())
		first.boardType("summary", "Bericht der Aufsicht: Mobiltelefon während der Klausur.")
		first.press("Fall eröffnen")
		casePath := first.path()
		first.shows(casePath, http.StatusOK, "Feststellung einer Täuschung (§8(1))")
		if rule := first.texts("blockquote"); len(rule) == 0 || !strings.Contains(rule[0], "auf Bericht des zuständigen Prüfers") {
			t.Errorf("the rule that applies: %q", rule)
		}
		first.boardClick(`input[name="vote"][value="yes"]`)
		first.press("Stimme abgeben")
		first.shows(casePath, http.StatusOK, "Feststellung einer Täuschung")
		if msg := first.text("[role=status]"); !strings.Contains(msg, "Ihre Stimme „Ja“ ist gespeichert.") {
			t.Errorf("after voting: %q", msg)
		}

		second := first.otherPerson()
		second.boardSignIn(a.Board[1])
		second.visit(casePath)
		second.shows(casePath, http.StatusOK, "Feststellung einer Täuschung")
		second.boardClick(`input[name="vote"][value="yes"]`)
		second.boardType("comment", "Der Bericht ist eindeutig.")
		second.press("Stimme abgeben")
		second.shows(casePath, http.StatusOK, "Feststellung einer Täuschung")

		chair := first.otherPerson()
		chair.boardSignIn(a.Chair)
		chair.visit(casePath)
		chair.shows(casePath, http.StatusOK, "Feststellung einer Täuschung")
		if preview := chair.text("#zwischenstand"); !strings.Contains(preview, "Angenommen mit 2 Ja- gegen 0 Nein-Stimmen") {
			t.Errorf("preview: %q", preview)
		}
		chair.press("Abstimmung schließen")
		chair.shows(casePath, http.StatusOK, "Feststellung einer Täuschung")
		if msg := chair.text("[role=status]"); !strings.Contains(msg, "Die Abstimmung ist geschlossen") {
			t.Errorf("after closing: %q", msg)
		}
		if got := chair.text("#stand"); !strings.Contains(got, "stattgegeben") {
			t.Errorf("state: %q", got)
		}
		if got := chair.boardFetch(casePath + "/bescheid.pdf"); got != "200 application/pdf %PDF-" {
			t.Errorf("letter download: %q", got)
		}
		chair.follow("Zurück zum Prüfungsausschuss")
		chair.shows("/ausschuss", http.StatusOK, "Prüfungsausschuss")

		own := fmt.Sprintf("/pruefung/%d", cand.ID)
		candidate := first.otherPerson()
		candidate.visit("/anmelden")
		candidate.signInWithPassword(a.Users[0])
		candidate.visit(own)
		candidate.shows(own, http.StatusOK, "Meine Prüfung")
		decisions := strings.Join(candidate.texts("#entscheidungen + table tbody tr"), "\n")
		if !strings.Contains(decisions, "Feststellung einer Täuschung (§8(1))") || !strings.Contains(decisions, "entschieden – dem Antrag wurde stattgegeben") {
			t.Errorf("the candidate's decisions:\n%s", decisions)
		}
		var caseID int64
		fmt.Sscanf(strings.TrimPrefix(casePath, "/ausschuss/faelle/"), "%d", &caseID)
		if got := candidate.boardFetch(fmt.Sprintf("%s/bescheide/%d.pdf", own, caseID)); got != "200 application/pdf %PDF-" {
			t.Errorf("the candidate's letter: %q", got)
		}
	})
}

// TestBrowserBoardHearingAndTheChairAlone: the chair records the hearing
// of §11(3) on an invalidation case, and — after the board delegated the
// decision on reasons (§4(3)) — rejects a candidate's reasons alone, the
// page having said that illness without a medical certificate cannot be
// accepted (§9(2)). Every page passes axe.
func TestBrowserBoardHearingAndTheChairAlone(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		h := newHarness(t, db)
		a := h.academy("")
		// Candidate 1 was ill on the exam day and said so in time, without a certificate.
		receipt := h.candReasonsApplied(a, 1)
		h.clock.Set(wachsam.MustDate("2026-11-22").In(h.location()).Add(9 * time.Hour))
		// Candidate 0 holds a certificate; the board examines its validity.
		a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		a.Record(t, db, 0, exam.Fact{Type: exam.FactCertificateIssued, Date: wachsam.MustDate("2026-11-20")})
		inv, err := db.OpenBoardCase(ctx, wachsam.UserActor(a.Board[0]), a.Board[0].ID, exam.BoardNewCase{CandidateID: a.Candidates[0].ID,
			Motion: exam.MotionInvalidateCertificate, Ground: "cheating", Summary: "Abgeschriebene Fallstudie nachträglich entdeckt."})
		if err != nil {
			t.Fatal(err)
		}
		// The board delegates the decision on reasons to the chair.
		del, err := db.OpenBoardDelegation(ctx, wachsam.UserActor(a.Board[0]), a.Board[0].ID, exam.MotionAcceptReasons, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range append(append([]*wachsam.User{}, a.Board...), a.Chair) {
			if _, err := db.CastBoardVote(ctx, wachsam.UserActor(u), u.ID, del.ID, exam.BoardYes, "", boardTestLetter); err != nil {
				t.Fatal(err)
			}
		}
		h.clock.Advance(time.Minute)

		chair := newBrowser(t, h)
		chair.boardSignIn(a.Chair)
		chair.visit("/ausschuss")
		chair.shows("/ausschuss", http.StatusOK, "Prüfungsausschuss")

		invPath := fmt.Sprintf("/ausschuss/faelle/%d", inv.ID)
		chair.follow(fmt.Sprintf("Fall %d", inv.ID))
		chair.shows(invPath, http.StatusOK, "Ungültigkeit der Prüfung")
		if got := chair.text("#anhoerung-stand"); !strings.Contains(got, "nicht erfasst") {
			t.Errorf("hearing state: %q", got)
		}
		chair.roundChoose("date", "2026-11-21")
		chair.boardType("minutes", "Der Prüfling äußert sich schriftlich und bestreitet die Täuschung.")
		chair.press("Anhörung erfassen")
		chair.shows(invPath, http.StatusOK, "Ungültigkeit der Prüfung")
		if got := chair.text("#anhoerung-stand"); !strings.Contains(got, "am 21.11.2026 angehört") {
			t.Errorf("hearing state after recording: %q", got)
		}

		reasonsPath := fmt.Sprintf("/ausschuss/faelle/%d", receipt.CaseID)
		chair.visit(reasonsPath)
		chair.shows(reasonsPath, http.StatusOK, "Anerkennung der Gründe")
		if got := chair.text("#pruefung-der-ordnung"); !strings.Contains(got, "Bei Krankheit ist ein ärztliches Attest") || !strings.Contains(got, "allein entscheiden") {
			t.Errorf("what the regulation says: %q", got)
		}
		if got := chair.text("#antragstext"); got != "Ich hatte hohes Fieber." {
			t.Errorf("application text: %q", got)
		}
		chair.boardClick(`input[name="decision"][value="reject"]`)
		chair.press("Allein entscheiden")
		chair.shows(reasonsPath, http.StatusOK, "Anerkennung der Gründe")
		if got := chair.text("#stand"); !strings.Contains(got, "abgelehnt") {
			t.Errorf("state: %q", got)
		}
		if got := chair.boardFetch(reasonsPath + "/bescheid.pdf"); got != "200 application/pdf %PDF-" {
			t.Errorf("letter: %q", got)
		}
	})
}

// boardTestLetter stands in for the printer where a test decides through
// the store directly.
func boardTestLetter(l exam.BoardLetter) ([]byte, error) { return []byte("%PDF-1.4 " + l.Subject), nil }

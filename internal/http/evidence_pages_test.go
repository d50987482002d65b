package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// feedRecords reads a token's whole feed, page by page.
func (b *browser) feedRecords(token string) []evidence.Record {
	b.h.t.Helper()
	var out []evidence.Record
	p := evidence.Page{HasMore: true}
	for p.HasMore {
		p = decodePage(b.h.t.(*testing.T), b.pull(token, "/api/v1/evidence?since="+url.QueryEscape(p.NextCursor)))
		out = append(out, p.Records...)
	}
	return out
}

// latest keeps the newest revision of every record, as an importer that
// upserts by record_id does.
func latest(recs []evidence.Record) map[string]evidence.Record {
	out := map[string]evidence.Record{}
	for _, r := range recs {
		if r.Revision >= out[r.RecordID].Revision {
			out[r.RecordID] = r
		}
	}
	return out
}

// coverageRow is a line of the page's coverage table as the template
// writes it.
func coverageRow(label string, c evidence.Coverage) string {
	return fmt.Sprintf(`<th scope="row">%s</th><td>%d</td><td>%d</td><td>%d</td>
    <td>%d</td><td>%d</td><td>%d %%</td>`, label, c.Eligible, c.Trained, c.DueSoon, c.Overdue, c.NeverTrained, c.RatePercent())
}

// The page shows the figures of the feed, line by line, and the topic's
// total: the coordinator sees what the ISMS receives.
func TestEvidencePageShowsTheFeedsCoverage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 2})
		town := w.Municipalities[0]
		h.completeTopic(w.Staff[town.ID][0], w, "2026-03-01")
		h.completeTopic(w.Staff[town.ID][1], w, "2025-12-10") // due soon
		token, _ := evidenceToken(h, w, 0)
		b := coordinatorOf(h, w, 0)

		page := b.get("/koordination/nachweise")
		if page.status != http.StatusOK {
			t.Fatalf("status %d", page.status)
		}
		var coverage []evidence.Coverage
		for _, r := range latest(b.feedRecords(token)) {
			if r.Kind == evidence.KindCoverage && !r.Deleted {
				var c evidence.Coverage
				json.Unmarshal(r.Data, &c)
				if c.Period == "2026-11" {
					coverage = append(coverage, c)
				}
			}
		}
		if len(coverage) != 2 {
			t.Fatalf("feed has %d coverage lines for 2026-11, want 2", len(coverage))
		}
		var total evidence.Coverage
		for _, c := range coverage {
			if !strings.Contains(page.body, coverageRow(c.Unit, c)) {
				t.Errorf("page lacks the feed's line %+v", c)
			}
			total.Eligible, total.Trained, total.DueSoon = total.Eligible+c.Eligible, total.Trained+c.Trained, total.DueSoon+c.DueSoon
			total.Overdue, total.NeverTrained = total.Overdue+c.Overdue, total.NeverTrained+c.NeverTrained
		}
		if total.Eligible != 4 || total.Trained != 2 || total.DueSoon != 1 || total.NeverTrained != 2 {
			t.Errorf("feed's figures %+v do not follow from the completions", total)
		}
		if !strings.Contains(page.body, coverageRow("Gesamt", total)) || !strings.Contains(page.body, "50 %") {
			t.Errorf("page lacks the total %+v", total)
		}
		_, head, err := db.EvidenceTenant(context.Background(), town.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Abdeckung im November 2026", w.Topic.Name, town.AGS, fmt.Sprintf(`id="feed-position">%d<`, head),
			"http://127.0.0.1/api/v1/evidence", "wachsam evidence pull --url http://127.0.0.1 --token wse_… --dir", "WACHSAM_EVIDENCE_TOKEN",
			`href="/koordination/nachweise/export.zip"`, `href="/koordination/nachweise/bericht.pdf"`, `aria-current="page">ISMS-Nachweise`} {
			if !strings.Contains(page.body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		for _, other := range w.Municipalities[1:] {
			if strings.Contains(page.body, other.AGS) {
				t.Errorf("page shows %s of another town", other.AGS)
			}
		}
	})
}

var tokenSecretPattern = regexp.MustCompile(`id="zugangsschluessel" class="secret" readonly value="(wse_[a-z0-9]+)"`)

// A token made on the page is shown once, reads the feed at once, and is
// refused at once after revoking; another town cannot revoke it.
func TestEvidenceTokenFromThePageIsShownOnceAndRevokedAtOnce(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		b := coordinatorOf(h, w, 0)
		audits := h.auditCount()

		r := b.post("/koordination/nachweise/zugaenge", url.Values{"name": {"  ISMS Rathaus  "}})
		m := tokenSecretPattern.FindStringSubmatch(r.body)
		if r.status != http.StatusOK || m == nil || !strings.Contains(r.body, "wird nur jetzt angezeigt") ||
			!strings.Contains(r.body, "wachsam evidence pull --url http://127.0.0.1 --token wse_…") || r.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("new token: status %d", r.status)
		}
		secret := m[1]
		if n := strings.Count(r.body, secret); n != 1 {
			t.Errorf("the secret is on the page %d times, want once", n)
		}
		if h.auditCount() != audits+1 {
			t.Errorf("audit entries: %d new, want 1", h.auditCount()-audits)
		}
		if p := decodePage(t, b.pull(secret, "/api/v1/evidence")); p.Tenant != w.Municipalities[0].AGS {
			t.Fatalf("the new token read %s", p.Tenant)
		}
		page := b.get("/koordination/nachweise")
		if strings.Contains(page.body, secret) || !strings.Contains(page.body, `<th scope="row">ISMS Rathaus</th>`) ||
			!strings.Contains(page.body, "<td>aktiv</td>") || strings.Contains(page.body, "<td>noch nie</td>") {
			t.Errorf("list after use: status %d", page.status)
		}
		tokens, err := db.EvidenceTokens(context.Background(), w.Municipalities[0].ID)
		if err != nil || len(tokens) != 1 {
			t.Fatalf("tokens %v %v", tokens, err)
		}
		revoke := fmt.Sprintf("/koordination/nachweise/zugaenge/%d/widerrufen", tokens[0].ID)

		other := coordinatorOf(h, w, 1)
		audits = h.auditCount()
		if r := other.post(revoke, nil); r.status != http.StatusNotFound || !strings.Contains(r.body, "Diesen Zugang gibt es in Ihrer Kommune nicht.") {
			t.Errorf("another town's revoke: status %d", r.status)
		}
		if r := other.post("/koordination/nachweise/zugaenge/kein-zugang/widerrufen", nil); r.status != http.StatusNotFound {
			t.Errorf("bad id: status %d", r.status)
		}
		if r := b.pull(secret, "/api/v1/evidence"); r.status != http.StatusOK || h.auditCount() != audits {
			t.Fatalf("another town's revoke touched the token: %d", r.status)
		}

		if r := b.post(revoke, nil); r.status != http.StatusSeeOther || r.location != "/koordination/nachweise#zugaenge" {
			t.Fatalf("revoke: status %d → %s", r.status, r.location)
		}
		if r := b.pull(secret, "/api/v1/evidence"); r.status != http.StatusUnauthorized {
			t.Fatalf("revoked token: status %d", r.status)
		}
		page = b.get("/koordination/nachweise")
		if !strings.Contains(page.body, "wurde widerrufen") || !strings.Contains(page.body, "widerrufen am") ||
			strings.Contains(page.body, `aria-label="Zugang ISMS Rathaus widerrufen"`) {
			t.Errorf("list after revoking: status %d", page.status)
		}
		if h.auditCount() != audits+1 {
			t.Errorf("revoke: %d audit entries, want 1", h.auditCount()-audits)
		}
	})
}

func TestEvidenceTokenFormRefusesBadNamesAndWritesNothing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		b := coordinatorOf(h, w, 0)
		audits := h.auditCount()
		for _, tc := range []struct{ name, message string }{
			{"", "Bitte geben Sie dem Zugang einen Namen"},
			{"   ", "Bitte geben Sie dem Zugang einen Namen"},
			{strings.Repeat("ä", 101), "Name des Zugangs: höchstens 100 Zeichen"},
		} {
			r := b.post("/koordination/nachweise/zugaenge", url.Values{"name": {tc.name}})
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `<p class="error-message" id="name-fehler">`+tc.message) ||
				!strings.Contains(r.body, `aria-invalid="true"`) || !strings.Contains(r.body, "<h1>ISMS-Nachweise</h1>") {
				t.Errorf("name %q: status %d", tc.name, r.status)
			}
			if strings.Contains(r.body, "wse_") && !strings.Contains(r.body, "wse_…") {
				t.Errorf("name %q: a refused form shows a token", tc.name)
			}
		}
		tokens, err := db.EvidenceTokens(context.Background(), w.Municipalities[0].ID)
		if err != nil || len(tokens) != 0 || h.auditCount() != audits {
			t.Errorf("refused names wrote %d tokens, %d audit entries", len(tokens), h.auditCount()-audits)
		}
	})
}

func TestEvidencePagesAreForCoordinatorsOnly(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		town := w.Municipalities[0]
		_, tok := evidenceToken(h, w, 0)
		b := h.signedIn(w.Staff[town.ID][0])
		audits := h.auditCount()
		for _, tc := range []struct {
			method, path string
		}{
			{http.MethodGet, "/koordination/nachweise"},
			{http.MethodGet, "/koordination/nachweise/konzept"},
			{http.MethodPost, "/koordination/nachweise/konzept"},
			{http.MethodPost, "/koordination/nachweise/zugaenge"},
			{http.MethodPost, fmt.Sprintf("/koordination/nachweise/zugaenge/%d/widerrufen", tok.ID)},
		} {
			var r response
			if tc.method == http.MethodGet {
				r = b.get(tc.path)
			} else {
				r = b.post(tc.path, url.Values{"name": {"Hintertür"}, "show_names": {"ja"}})
			}
			if r.status != http.StatusForbidden {
				t.Errorf("%s %s: status %d, want 403", tc.method, tc.path, r.status)
			}
		}
		if home := b.get("/"); strings.Contains(home.body, "ISMS-Nachweise") {
			t.Error("staff see the ISMS-Nachweise entry")
		}
		if h.auditCount() != audits {
			t.Error("a refused request wrote something")
		}
		if tokens, _ := db.EvidenceTokens(context.Background(), town.ID); len(tokens) != 1 || !tokens[0].Active() {
			t.Errorf("tokens after staff's attempts: %+v", tokens)
		}
	})
}

// audienceFieldOf is the form field of the neighbours' topic's audience.
func audienceFieldOf(w *storetest.Neighbours) string { return fmt.Sprintf("audience_%d", w.Topic.ID) }

func TestEvidenceSettingsSavedAuditedAndPublished(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		token, _ := evidenceToken(h, w, 0)
		b := coordinatorOf(h, w, 0)
		if n := len(b.feedRecords(token)); n == 0 {
			t.Fatal("empty feed")
		}

		form := b.get("/koordination/nachweise/konzept")
		if form.status != http.StatusOK || !strings.Contains(form.body, "Namen statt Pseudonymen übermitteln") ||
			!strings.Contains(form.body, "Dienstvereinbarung") || !strings.Contains(form.body, `<option value="all" selected>alle Beschäftigten</option>`) {
			t.Fatalf("form: status %d", form.status)
		}
		audits := h.auditCount()
		r := b.post("/koordination/nachweise/konzept", url.Values{
			"title": {"Sensibilisierungskonzept 2027"}, "approved_by": {"Bürgermeisterin Weber"}, "approved_on": {"2026-11-02"},
			"review_on": {"2027-11-01"}, "notes": {"Jährlich im Herbst."}, audienceFieldOf(w): {"role"},
		})
		if r.status != http.StatusSeeOther || r.location != "/koordination/nachweise" {
			t.Fatalf("save: status %d → %s: %s", r.status, r.location, r.body)
		}
		if h.auditCount() != audits+1 {
			t.Errorf("save: %d audit entries, want 1", h.auditCount()-audits)
		}
		s, err := db.EvidenceSettings(context.Background(), w.Municipalities[0].ID)
		if err != nil || s.Title != "Sensibilisierungskonzept 2027" || s.ApprovedOn != wachsam.MustDate("2026-11-02") ||
			s.ReviewOn != wachsam.MustDate("2027-11-01") || s.ShowNames || len(s.Audiences) != 1 || s.Audiences[0].Audience != evidence.AudienceRole {
			t.Fatalf("stored %+v %v", s, err)
		}
		page := b.get("/koordination/nachweise")
		for _, want := range []string{"Das Schulungskonzept wurde gespeichert", "Bürgermeisterin Weber am 02.11.2026", "01.11.2027", "unter Pseudonym"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		form = b.get("/koordination/nachweise/konzept")
		if !strings.Contains(form.body, `value="2026-11-02"`) || !strings.Contains(form.body, `<option value="role" selected>`) {
			t.Error("form does not show what was saved")
		}

		var programme *evidence.Record
		for _, rec := range latest(b.feedRecords(token)) {
			if rec.Kind == evidence.KindProgramme {
				programme = &rec
			}
		}
		var p evidence.Programme
		if programme == nil || programme.Revision != 2 || json.Unmarshal(programme.Data, &p) != nil ||
			p.Title != "Sensibilisierungskonzept 2027" || p.ApprovedOn != "2026-11-02" || p.Topics[0].Audience != evidence.AudienceRole {
			t.Fatalf("feed after saving: %+v", programme)
		}
	})
}

func TestEvidenceSettingsFormRefusesBadInputAndSavesNothing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		b := coordinatorOf(h, w, 0)
		town := w.Municipalities[0].ID
		stored, err := db.EvidenceSettings(context.Background(), town)
		if err != nil {
			t.Fatal(err)
		}
		audits := h.auditCount()
		good := url.Values{"title": {"Konzept"}, "approved_by": {"Bürgermeister"}, "approved_on": {"2026-11-02"},
			"review_on": {"2027-11-01"}, "show_names": {"ja"}, audienceFieldOf(w): {"isb"}}
		for _, tc := range []struct {
			field, value, message string
		}{
			{"approved_on", "31.02.2026", "ist kein Datum"},
			{"review_on", "morgen", "ist kein Datum"},
			{"review_on", "2026-11-01", "Die nächste Überprüfung muss nach der Freigabe liegen."},
			{"review_on", "2026-11-02", "Die nächste Überprüfung muss nach der Freigabe liegen."},
			{"approved_on", "", "Bitte geben Sie zur Freigabe beides an"},
			{"approved_by", " ", "Bitte geben Sie zur Freigabe beides an"},
			{"title", strings.Repeat("x", 201), "höchstens 200 Zeichen"},
			{audienceFieldOf(w), "alle", "Bitte wählen Sie eine der angebotenen Zielgruppen."},
		} {
			v := url.Values{}
			for k, vs := range good {
				v[k] = vs
			}
			v.Set(tc.field, tc.value)
			r := b.post("/koordination/nachweise/konzept", v)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `<p class="error-message" id="`+tc.field+`-fehler">`) ||
				!strings.Contains(r.body, tc.message) || !strings.Contains(r.body, `value="Bürgermeister"`) && tc.field != "approved_by" {
				t.Errorf("%s=%q: status %d", tc.field, tc.value, r.status)
			}
		}
		now, err := db.EvidenceSettings(context.Background(), town)
		if err != nil || fmt.Sprint(now) != fmt.Sprint(stored) || h.auditCount() != audits {
			t.Errorf("refused settings changed something: %+v, %d audit entries", now, h.auditCount()-audits)
		}
	})
}

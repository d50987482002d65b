package http_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/emersion/go-ical"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The API gives the same file as the page: the state with results
// withheld until announced, the worded deadlines, and the applications.
func TestCandidateAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		a.SatBoth(t, db, 0, exam.Grade50, exam.Grade40, exam.Grade13)
		a.Record(t, db, 0, exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-11-10"), Component: "RECHT", ExamDate: storetest.RechtExamDay})
		b := h.signedIn(a.Users[0])

		r := b.get("/api/v1/candidate/files")
		var list []struct {
			ID      int64
			Number  string
			Overall struct{ Status string }
		}
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &list) != nil || len(list) != 1 || list[0].ID != a.Candidates[0].ID {
			t.Fatalf("files: %d %s", r.status, r.body)
		}
		var file struct {
			ResultsWithheld bool `json:"results_withheld"`
			State           exam.State
			Deadlines       []struct {
				Kind        string `json:"kind"`
				LastDayText string `json:"last_day_text"`
				Own         bool   `json:"own"`
			}
			Actions []struct {
				Action string `json:"action"`
				Label  string `json:"label"`
			}
		}
		r = b.get(fmt.Sprintf("/api/v1/candidate/files/%d", a.Candidates[0].ID))
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &file) != nil {
			t.Fatalf("file: %d %s", r.status, r.body)
		}
		ism, recht := file.State.Components[0], file.State.Components[1]
		if !file.ResultsWithheld || ism.Grade != "" || ism.Attempts[0].Mean != "" || recht.Grade != "1,3" || len(file.State.BoardMay) != 0 {
			t.Fatalf("state: %s", r.body)
		}
		if strings.Contains(r.body, `"5,0"`) || strings.Contains(r.body, `"4,0"`) || strings.Contains(r.body, "4,6666") {
			t.Fatalf("the unannounced ISM result leaks: %s", r.body)
		}
		if len(file.Deadlines) == 0 || file.Deadlines[0].LastDayText == "" {
			t.Fatalf("deadlines: %s", r.body)
		}

		// An extension as JSON: 201 with the case.
		r = b.candJSON(http.MethodPost, fmt.Sprintf("/api/v1/candidate/files/%d/extension", a.Candidates[0].ID),
			map[string]any{"until": "2027-12-10", "text": "Elternzeit"})
		var rc struct {
			Action string `json:"action"`
			CaseID *int64 `json:"case_id"`
			Late   bool   `json:"late"`
		}
		if r.status != http.StatusCreated || json.Unmarshal([]byte(r.body), &rc) != nil || rc.CaseID == nil || rc.Action != exam.ApplyExtension {
			t.Fatalf("extension: %d %s", r.status, r.body)
		}
		// Inspection of RECHT as JSON; the same again is refused with the §.
		path := fmt.Sprintf("/api/v1/candidate/files/%d/inspection", a.Candidates[0].ID)
		body := map[string]any{"component": "RECHT", "exam_date": "2026-10-13"}
		if r := b.candJSON(http.MethodPost, path, body); r.status != http.StatusCreated {
			t.Fatalf("inspection: %d %s", r.status, r.body)
		}
		if r := b.candJSON(http.MethodPost, path, body); r.status != http.StatusConflict || !strings.Contains(r.body, "§12(2)") {
			t.Fatalf("second inspection: %d %s", r.status, r.body)
		}
	})
}

// Reasons through the API as multipart form data with the certificate.
func TestPara9_2_ReasonsThroughTheAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		a.Record(t, db, 0,
			exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "ISM", ExamDate: storetest.ISMExamDay},
			exam.Fact{Type: exam.FactAbsent, Date: storetest.ISMExamDay, Component: "ISM", ExamDate: storetest.ISMExamDay})
		h.candAt("2026-11-09", 12, 0)
		b := h.signedIn(a.Users[0])
		r := b.candPost(fmt.Sprintf("/api/v1/candidate/files/%d/reasons", a.Candidates[0].ID),
			map[string][]string{"component": {"ISM"}, "exam_date": {"2026-10-12"}, "text": {"Grippe"}, "illness": {"ja"}},
			map[string][]byte{"attest.pdf": candPDF()})
		var rc struct {
			CaseID    *int64 `json:"case_id"`
			Documents int    `json:"documents"`
			Warning   string `json:"warning"`
		}
		if r.status != http.StatusCreated || json.Unmarshal([]byte(r.body), &rc) != nil || rc.CaseID == nil || rc.Documents != 1 || rc.Warning != "" {
			t.Fatalf("reasons: %d %s", r.status, r.body)
		}
	})
}

var candFeedPattern = regexp.MustCompile(`value="http://127\.0\.0\.1(/pruefung/kalender/[A-Za-z0-9_-]{43}\.ics)"`)

// The exam calendar: a private address, no sign-in, all-day entries for
// the exam dates and the last days; a renewed address ends the old one.
func TestCandidateCalendarFeed(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		h.candFailISMTwice(a, 0, true)
		h.candAt("2026-12-10", 9, 0)
		b := h.signedIn(a.Users[0])
		page := b.get("/pruefung/kalender")
		candWant(t, page, http.StatusOK, "Prüfungstermine im Kalender", "nicht weiter")
		m := candFeedPattern.FindStringSubmatch(page.body)
		if m == nil {
			t.Fatalf("no feed address:\n%s", page.body)
		}
		r := h.browser().get(m[1])
		if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("feed: %d %s", r.status, r.body)
		}
		cal, err := ical.NewDecoder(bytes.NewReader([]byte(r.body))).Decode()
		if err != nil {
			t.Fatal(err)
		}
		id := a.Candidates[0].ID
		uids := map[string]string{}
		for _, e := range cal.Events() {
			uid, _ := e.Props.Text(ical.PropUID)
			summary, _ := e.Props.Text(ical.PropSummary)
			uids[uid] = summary + " " + e.Props.Get(ical.PropDateTimeStart).Value
		}
		for uid, want := range map[string]string{
			fmt.Sprintf("exam-date-%d-ISM-20261130@127.0.0.1", id):                       "Prüfung: Informationssicherheitsmanagement (2. Versuch)",
			fmt.Sprintf("exam-deadline-%d-hardship_cutoff-ISM@127.0.0.1", id):            "Letzter Tag: Härtefallantrag für Informationssicherheitsmanagement (§6(3)) 20270104",
			fmt.Sprintf("exam-deadline-%d-entitlement@127.0.0.1", id):                    "Letzter Tag: Prüfung abschließen (§7(1) Nr. 1) 20270910",
			fmt.Sprintf("exam-deadline-%d-inspection_cutoff-ISM-20261130@127.0.0.1", id): "20270104",
		} {
			if !strings.Contains(uids[uid], want) {
				t.Errorf("%s: %q, want %q (all: %v)", uid, uids[uid], want, uids)
			}
		}
		if strings.Contains(r.body, "retention") {
			t.Error("the academy's retention period is in the candidate's calendar")
		}
		if r := h.browser().get("/pruefung/kalender/" + strings.Repeat("A", 43) + ".ics"); r.status != http.StatusNotFound {
			t.Errorf("unknown token: %d", r.status)
		}
		if again := b.get("/pruefung/kalender"); candFeedPattern.MatchString(again.body) || !strings.Contains(again.body, "nur einmal angezeigt") {
			t.Fatal("the address is shown a second time") // only its hash is stored
		}
		renewed := b.post("/pruefung/kalender/erneuern", nil)
		if renewed.status != http.StatusOK || !candFeedPattern.MatchString(renewed.body) {
			t.Fatalf("renew: %d, no new address shown", renewed.status)
		}
		if r := h.browser().get(m[1]); r.status != http.StatusNotFound {
			t.Errorf("old address after renewal: %d", r.status)
		}
	})
}

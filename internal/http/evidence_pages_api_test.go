package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// apiToken is a token as the coordinator API answers it.
type apiToken struct {
	ID         int64   `json:"id"`
	Name       string  `json:"name"`
	LastUsedAt *string `json:"last_used_at"`
	RevokedAt  *string `json:"revoked_at"`
	Active     bool    `json:"active"`
	Token      string  `json:"token"`
}

// isProblem tells whether r is a problem details answer with the status,
// naming the field when one is given.
func isProblem(r response, status int, field string) bool {
	var p struct {
		Detail string `json:"detail"`
		Errors []struct {
			Field string `json:"field"`
		} `json:"errors"`
	}
	if r.status != status || r.header.Get("Content-Type") != "application/problem+json" || json.Unmarshal([]byte(r.body), &p) != nil || p.Detail == "" {
		return false
	}
	return field == "" || (len(p.Errors) == 1 && p.Errors[0].Field == field)
}

func TestEvidenceTokenAPICreatesListsAndRevokes(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		b := coordinatorOf(h, w, 0)
		other := coordinatorOf(h, w, 1)
		audits := h.auditCount()

		r := b.sendJSON(http.MethodPost, "/api/v1/evidence/tokens", map[string]string{"name": "verinice"})
		var created apiToken
		if r.status != http.StatusCreated || json.Unmarshal([]byte(r.body), &created) != nil ||
			!strings.HasPrefix(created.Token, evidence.TokenPrefix) || created.Name != "verinice" || !created.Active {
			t.Fatalf("create: status %d %s", r.status, r.body)
		}
		if p := decodePage(t, b.pull(created.Token, "/api/v1/evidence")); p.Tenant != w.Municipalities[0].AGS {
			t.Fatalf("the new token read %s", p.Tenant)
		}
		r = b.get("/api/v1/evidence/tokens")
		var list []apiToken
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &list) != nil || len(list) != 1 ||
			list[0].ID != created.ID || list[0].Token != "" || strings.Contains(r.body, created.Token) || list[0].LastUsedAt == nil {
			t.Fatalf("list: status %d %s", r.status, r.body)
		}

		// Another town's coordinator neither sees nor revokes it.
		if r := other.get("/api/v1/evidence/tokens"); r.status != http.StatusOK || strings.TrimSpace(r.body) != "[]" {
			t.Errorf("other town's list: %d %s", r.status, r.body)
		}
		path := fmt.Sprintf("/api/v1/evidence/tokens/%d", created.ID)
		if r := other.sendJSON(http.MethodDelete, path, nil); !isProblem(r, http.StatusNotFound, "") {
			t.Errorf("other town's delete: %d %s", r.status, r.body)
		}
		if r := b.pull(created.Token, "/api/v1/evidence"); r.status != http.StatusOK {
			t.Fatalf("another town's delete touched the token: %d", r.status)
		}

		if r := b.sendJSON(http.MethodDelete, path, nil); r.status != http.StatusNoContent {
			t.Fatalf("delete: %d %s", r.status, r.body)
		}
		if r := b.pull(created.Token, "/api/v1/evidence"); r.status != http.StatusUnauthorized {
			t.Fatalf("revoked token: status %d", r.status)
		}
		if h.auditCount() != audits+2 {
			t.Errorf("%d audit entries, want 2", h.auditCount()-audits)
		}
	})
}

func TestEvidenceTokenAPIRefusesBadInputWithProblemDetails(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		b := coordinatorOf(h, w, 0)
		staff := h.signedIn(w.Staff[w.Municipalities[0].ID][0])
		audits := h.auditCount()
		for _, tc := range []struct {
			b      *browser
			method string
			path   string
			body   any
			status int
			field  string
		}{
			{b, http.MethodPost, "/api/v1/evidence/tokens", map[string]string{"name": ""}, http.StatusUnprocessableEntity, "name"},
			{b, http.MethodPost, "/api/v1/evidence/tokens", map[string]string{"name": strings.Repeat("n", 101)}, http.StatusUnprocessableEntity, "name"},
			{b, http.MethodPost, "/api/v1/evidence/tokens", map[string]any{"name": "x", "tenant": "08425002"}, http.StatusBadRequest, ""},
			{b, http.MethodDelete, "/api/v1/evidence/tokens/999999", nil, http.StatusNotFound, ""},
			{b, http.MethodDelete, "/api/v1/evidence/tokens/abc", nil, http.StatusNotFound, ""},
			{staff, http.MethodGet, "/api/v1/evidence/tokens", nil, http.StatusForbidden, ""},
			{staff, http.MethodPost, "/api/v1/evidence/tokens", map[string]string{"name": "x"}, http.StatusForbidden, ""},
			{staff, http.MethodGet, "/api/v1/evidence/settings", nil, http.StatusForbidden, ""},
			{staff, http.MethodPut, "/api/v1/evidence/settings", map[string]any{"show_names": true}, http.StatusForbidden, ""},
		} {
			var r response
			if tc.method == http.MethodGet {
				r = tc.b.get(tc.path)
			} else {
				r = tc.b.sendJSON(tc.method, tc.path, tc.body)
			}
			if !isProblem(r, tc.status, tc.field) {
				t.Errorf("%s %s %v: %d %s", tc.method, tc.path, tc.body, r.status, r.body)
			}
		}
		tokens, err := db.EvidenceTokens(context.Background(), w.Municipalities[0].ID)
		if err != nil || len(tokens) != 0 || h.auditCount() != audits {
			t.Errorf("refused requests wrote %d tokens, %d audit entries", len(tokens), h.auditCount()-audits)
		}
	})
}

// apiSettings is the settings document of the API.
type apiSettings struct {
	ShowNames  bool    `json:"show_names"`
	Title      string  `json:"title"`
	ApprovedBy string  `json:"approved_by"`
	ApprovedOn *string `json:"approved_on"`
	ReviewOn   *string `json:"review_on"`
	Notes      string  `json:"notes"`
	Topics     []struct {
		TopicID          int64  `json:"topic_id"`
		Topic            string `json:"topic,omitempty"`
		Audience         string `json:"audience"`
		FrequencyMonths  int    `json:"frequency_months,omitempty"`
		RemindDaysBefore int    `json:"remind_days_before,omitempty"`
	} `json:"topics"`
}

func ptr(s string) *string { return &s }

// What GET answers can be changed and sent back with PUT; the feed then
// carries the new concept and, with names turned on, names.
func TestEvidenceSettingsAPIRoundTrips(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		token, _ := evidenceToken(h, w, 0)
		b := coordinatorOf(h, w, 0)
		b.feedRecords(token)

		r := b.get("/api/v1/evidence/settings")
		var s apiSettings
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &s) != nil || s.ShowNames || s.ApprovedOn != nil ||
			len(s.Topics) != 1 || s.Topics[0].TopicID != w.Topic.ID || s.Topics[0].Audience != "all" || s.Topics[0].FrequencyMonths != 12 {
			t.Fatalf("get: %d %s", r.status, r.body)
		}
		s.Title, s.ApprovedBy, s.ApprovedOn, s.ReviewOn = "Konzept 2027", "Bürgermeister Kurz", ptr("2026-11-02"), ptr("2027-11-01")
		s.Topics[0].Audience = "management"
		audits := h.auditCount()
		r = b.sendJSON(http.MethodPut, "/api/v1/evidence/settings", s)
		var saved apiSettings
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &saved) != nil || saved.Title != "Konzept 2027" ||
			*saved.ReviewOn != "2027-11-01" || saved.Topics[0].Audience != "management" {
			t.Fatalf("put: %d %s", r.status, r.body)
		}
		if h.auditCount() != audits+1 {
			t.Errorf("%d audit entries, want 1", h.auditCount()-audits)
		}
		for _, rec := range latest(b.feedRecords(token)) {
			if rec.Kind != evidence.KindProgramme {
				continue
			}
			var p evidence.Programme
			json.Unmarshal(rec.Data, &p)
			if rec.Revision != 2 || p.Title != "Konzept 2027" || p.ApprovedBy != "Bürgermeister Kurz" || p.Topics[0].Audience != evidence.AudienceManagement {
				t.Errorf("programme after PUT: revision %d %+v", rec.Revision, p)
			}
		}
	})
}

func TestEvidenceSettingsAPIRefusesBadInputAndSavesNothing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		foreign := storetest.NewNeighboursIn(t, db, "Fern ", storetest.NeighbourOptions{StaffPerDepartment: 1})
		b := coordinatorOf(h, w, 0)
		town := w.Municipalities[0].ID
		stored, err := db.EvidenceSettings(context.Background(), town)
		if err != nil {
			t.Fatal(err)
		}
		audits := h.auditCount()
		topic := func(id int64, audience string) []map[string]any {
			return []map[string]any{{"topic_id": id, "audience": audience}}
		}
		for _, tc := range []struct {
			name   string
			body   map[string]any
			status int
			field  string
		}{
			{"bad date", map[string]any{"approved_by": "B", "approved_on": "02.11.2026"}, http.StatusUnprocessableEntity, "approved_on"},
			{"no such day", map[string]any{"approved_by": "B", "approved_on": "2026-02-30"}, http.StatusUnprocessableEntity, "approved_on"},
			{"review first", map[string]any{"approved_by": "B", "approved_on": "2026-11-02", "review_on": "2026-01-01"}, http.StatusUnprocessableEntity, "review_on"},
			{"approval without a day", map[string]any{"approved_by": "B"}, http.StatusUnprocessableEntity, "approved_on"},
			{"notes too long", map[string]any{"notes": strings.Repeat("n", 4001)}, http.StatusUnprocessableEntity, "notes"},
			{"line break in the title", map[string]any{"title": "Konzept\r\n2027"}, http.StatusUnprocessableEntity, "title"},
			{"emoji in the title", map[string]any{"title": "Konzept 🙂"}, http.StatusUnprocessableEntity, "title"},
			{"NUL in the approver", map[string]any{"approved_by": "B\u0000", "approved_on": "2026-11-02"}, http.StatusUnprocessableEntity, "approved_by"},
			{"year 0", map[string]any{"approved_by": "B", "approved_on": "0000-11-02"}, http.StatusUnprocessableEntity, "approved_on"},
			{"unknown audience", map[string]any{"topics": topic(w.Topic.ID, "alle")}, http.StatusUnprocessableEntity, "topics[0].audience"},
			{"another group's topic", map[string]any{"topics": topic(foreign.Topic.ID, "isb")}, http.StatusUnprocessableEntity, "topics[0].topic_id"},
			{"unknown member", map[string]any{"show_names": true, "tenant": "x"}, http.StatusBadRequest, ""},
			{"date as number", map[string]any{"approved_on": 20261102}, http.StatusBadRequest, ""},
		} {
			r := b.sendJSON(http.MethodPut, "/api/v1/evidence/settings", tc.body)
			if !isProblem(r, tc.status, tc.field) {
				t.Errorf("%s: %d %s", tc.name, r.status, r.body)
			}
		}
		now, err := db.EvidenceSettings(context.Background(), town)
		if err != nil || fmt.Sprint(now) != fmt.Sprint(stored) || h.auditCount() != audits {
			t.Errorf("refused settings changed something: %+v, %d audit entries", now, h.auditCount()-audits)
		}
	})
}

package http_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// postRaw posts a raw body with a content type, as an API client does.
func (b *browser) postRaw(path, contentType string, data []byte) response {
	b.h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.h.srv.URL+path, bytes.NewReader(data))
	req.Header.Set("Content-Type", contentType)
	return b.do(req)
}

func TestStaffImportAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		b := coordinatorOf(h, w, 0)
		csv := []byte("email,name,abteilung,Telefon\nanna@lindenbach.example,Anna Arm,Ordnungsamt,123\n")
		r := b.postRaw("/api/v1/staff/import", "text/csv; charset=utf-8", csv)
		var sum struct {
			Created        int      `json:"created"`
			Unchanged      int      `json:"unchanged"`
			NewDepartments []string `json:"new_departments"`
			Ignored        []string `json:"ignored_columns"`
		}
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &sum) != nil || sum.Created != 1 ||
			len(sum.NewDepartments) != 1 || len(sum.Ignored) != 1 {
			t.Fatalf("import: status %d %s", r.status, r.body)
		}
		r = b.postRaw("/api/v1/staff/import", "text/csv", csv)
		if json.Unmarshal([]byte(r.body), &sum); sum.Created != 0 || sum.Unchanged != 1 {
			t.Errorf("re-import: %s", r.body)
		}

		users, audits := h.userCount(), h.auditCount()
		r = b.postRaw("/api/v1/staff/import", "text/csv", []byte("email,name,abteilung\nkaputt,Bert,Bauamt\ncleo@lindenbach.example,Cleo,\n"))
		var prob struct {
			Status   int `json:"status"`
			Problems []struct {
				Line    int    `json:"line"`
				Field   string `json:"field"`
				Message string `json:"message"`
			} `json:"problems"`
		}
		if r.status != http.StatusUnprocessableEntity || r.header.Get("Content-Type") != "application/problem+json" ||
			json.Unmarshal([]byte(r.body), &prob) != nil || len(prob.Problems) != 2 ||
			prob.Problems[0].Line != 2 || prob.Problems[0].Field != "email" || prob.Problems[1].Line != 3 {
			t.Errorf("row problems: status %d %s", r.status, r.body)
		}
		if r := b.postRaw("/api/v1/staff/import", "application/json", csv); r.status != http.StatusUnsupportedMediaType {
			t.Errorf("JSON body: status %d", r.status)
		}
		if h.userCount() != users || h.auditCount() != audits {
			t.Error("a refused API import wrote something")
		}

		r = b.get("/api/v1/staff")
		var staff []struct {
			Email      string `json:"email"`
			Department string `json:"department"`
		}
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &staff) != nil || len(staff) != len(w.Staff[w.Municipalities[0].ID])+1 {
			t.Errorf("staff list: %d %s", r.status, r.body)
		}
		if strings.Contains(r.body, w.Staff[w.Municipalities[1].ID][0].Email) {
			t.Error("the API lists another town's staff")
		}
	})
}

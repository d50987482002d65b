package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Control characters and invalid UTF-8 never reach a handler, in any field
// of any form or JSON body: 422 with a German message naming the field,
// and nothing is written (issue 13 §3).
func TestMalformedTextIsRefusedOnPagesAndAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.enrolledAdmin()
		before := h.auditCount()
		for name, value := range map[string]string{
			"NUL":           "Eich\x00hausen",
			"escape":        "Eich\x1b[31mhausen",
			"C1 control":    "Eich\u0085hausen",
			"invalid UTF-8": "Eich\xffhausen",
		} {
			r := b.post("/verwaltung/gemeinden", url.Values{"name": {value}, "ags": {"08425990"}, "population": {"100"}})
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Eingabe „name“") {
				t.Errorf("page, %s: status %d", name, r.status)
			}
		}
		for name, body := range map[string]string{
			"NUL":           `{"name": "Eich\u0000hausen", "ags": "08425990", "population": 1}`,
			"escape":        `{"name": "Eich\u001bhausen", "ags": "08425990", "population": 1}`,
			"invalid UTF-8": "{\"name\": \"Eich\xffhausen\", \"ags\": \"08425990\", \"population\": 1}",
			"in a list":     `{"name": "Eichhausen", "ags": "08425990", "population": 1, "departments": ["Bau\u0007amt"]}`,
		} {
			req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/api/v1/municipalities", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			r := b.do(req)
			var p struct {
				Status int
				Detail string
			}
			json.Unmarshal([]byte(r.body), &p)
			if r.status != http.StatusUnprocessableEntity || p.Status != 422 || r.header.Get("Content-Type") != "application/problem+json" || p.Detail == "" {
				t.Errorf("API, %s: status %d, %s", name, r.status, r.body)
			}
		}
		if h.auditCount() != before {
			t.Fatal("malformed text changed data")
		}
		if _, err := db.MunicipalityByAGS(context.Background(), "08425990"); err == nil {
			t.Fatal("a municipality with malformed text was created")
		}
	})
}

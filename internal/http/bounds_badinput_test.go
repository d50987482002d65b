package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Every text and number of the round form has a bound (issue 13 §3): an
// over-long text, a line break in a one-line field, an amount or a count
// out of range and a year outside 1900..9999 are refused with 422 and the
// German message beside the field, and nothing is written, on both
// databases alike.
func TestRoundFormRefusesOutOfBoundsInputBesideTheField(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		b := h.signedIn(w.Coordinators[w.Municipalities[0].ID])
		rounds, audits := h.roundCount("rounds", ""), h.auditCount()
		for _, tc := range []struct {
			field, value, shownAt, message string
		}{
			{"name", strings.Repeat("ä", 201), "name", "Name der Runde: höchstens 200 Zeichen (eingegeben: 201)."},
			{"name", "Runde\r\nBcc: alle@example.de", "name", "Name der Runde: Zeilenumbrüche sind hier nicht erlaubt."},
			{"new_topic_name", strings.Repeat("x", 201), "new_topic_name", "Thema: höchstens 200 Zeichen"},
			{"location", strings.Repeat("x", 301), "location", "Ort: höchstens 300 Zeichen"},
			{"location", "Saal\n2", "location", "Ort: Zeilenumbrüche sind hier nicht erlaubt."},
			{"cost", "20.000.000,00 €", "cost", "Kosten: höchstens 10.000.000,00 €."},
			{"cost", "999.999.999,99 €", "cost", "Kosten: höchstens 10.000.000,00 €."},
			{"capacity", "10001", "capacity", "zwischen 1 und 10000"},
			{"date", "01.01.0001", "date", "ist kein Datum"},
			{"date", "0000-01-01", "date", "ist kein Datum"},
		} {
			r := b.post("/koordination/runden/neu", roundForm(w, url.Values{tc.field: {tc.value}}))
			if r.status != http.StatusUnprocessableEntity || !besideField(r.body, tc.shownAt, tc.message) {
				t.Errorf("%s = %.40q: status %d, message %q not beside %s", tc.field, tc.value, r.status, tc.message, tc.shownAt)
			}
		}
		if h.roundCount("rounds", "") != rounds || h.auditCount() != audits {
			t.Fatal("refused forms wrote something")
		}
		// The last allowed values are taken.
		last := roundForm(w, url.Values{"name": {strings.Repeat("ä", 200)}, "cost": {"10.000.000,00 €"}, "capacity": {"10000"},
			"location": {strings.Repeat("x", 300)}, "date": {"31.12.9999"}})
		if r := b.post("/koordination/runden/neu", last); r.status != http.StatusSeeOther {
			t.Fatalf("the last allowed values: %d %.600s", r.status, r.body)
		}
	})
}

// besideField reports whether a page shows message in the error paragraph
// of field.
func besideField(body, field, message string) bool {
	_, after, ok := strings.Cut(body, `id="`+field+`-fehler">`)
	if !ok {
		return false
	}
	paragraph, _, _ := strings.Cut(after, "</p>")
	return strings.Contains(paragraph, message)
}

// The round API refuses the same input with problem details naming the
// field; 2^62 cents, once stored by SQLite and a 500 on PostgreSQL, is
// refused alike on both.
func TestRoundAPIRefusesOutOfBoundsInputWithProblemDetails(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		b := h.signedIn(w.Coordinators[w.Municipalities[0].ID])
		valid := func() (map[string]any, map[string]any) {
			s := map[string]any{"starts_at": "2027-03-02T09:00:00+01:00", "ends_at": "2027-03-02T11:00:00+01:00", "capacity": 6,
				"host_municipality_id": w.Municipalities[1].ID, "trainer_id": w.Trainer.ID, "location": "Saal"}
			return map[string]any{"name": "API-Runde", "topic_id": w.Topic.ID, "mode": "booking",
				"municipalities": []int64{w.Municipalities[1].ID}, "cost_cents": 10000, "cost_basis": "seats",
				"sessions": []map[string]any{s}}, s
		}
		rounds, audits := h.roundCount("rounds", ""), h.auditCount()
		for _, tc := range []struct {
			key       string
			value     any
			inSession bool
			field     string
		}{
			{"cost_cents", int64(1) << 62, false, "cost_cents"},
			{"cost_cents", -1, false, "cost_cents"},
			{"cost_cents", 1_000_000_001, false, "cost_cents"},
			{"cancellation_lead_minutes", int64(1) << 62, false, "cancellation_lead_minutes"},
			{"offer_ttl_minutes", -1, false, "offer_ttl_minutes"},
			{"name", strings.Repeat("ä", 201), false, "name"},
			{"name", "Runde\nzwei", false, "name"},
			{"name", "Runde\u2028zwei", false, "name"},
			{"name", "Runde\u0000", false, "name"},
			{"capacity", 10_001, true, "sessions[0].capacity"},
			{"location", strings.Repeat("x", 301), true, "sessions[0].location"},
			{"location", "Saal\r2", true, "sessions[0].location"},
			{"starts_at", "0001-03-02T09:00:00Z", true, "sessions[0].days[0]"},
		} {
			in, s := valid()
			if tc.inSession {
				s[tc.key] = tc.value
			} else {
				in[tc.key] = tc.value
			}
			r := b.roundJSON(http.MethodPost, "/api/v1/rounds", in)
			if r.status != http.StatusUnprocessableEntity || r.header.Get("Content-Type") != "application/problem+json" ||
				!strings.Contains(r.body, fmt.Sprintf(`"field":%q`, tc.field)) {
				t.Errorf("%s = %.40v: %d %.300s", tc.key, tc.value, r.status, r.body)
			}
		}
		if h.roundCount("rounds", "") != rounds || h.auditCount() != audits {
			t.Fatal("refused API calls wrote something")
		}
		in, _ := valid()
		in["cost_cents"] = 1_000_000_000
		if r := b.roundJSON(http.MethodPost, "/api/v1/rounds", in); r.status != http.StatusCreated {
			t.Fatalf("the last allowed cost: %d %.300s", r.status, r.body)
		}
	})
}

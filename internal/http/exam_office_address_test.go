package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The office keeps a candidate's postal address on the candidate's page:
// saved and shown again; a bad postal code comes back with the German
// message beside the field and changes nothing.
func TestOfficeKeepsThePostalAddressOnThePage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		_, a, b := officeWorld(t, db)
		c := a.Candidates[0]
		file := officeFilePath(c)
		officeWant(t, b.get(file), http.StatusOK, "Postanschrift für Bescheide", `name="addr_street"`)
		bad := url.Values{"addr_form_of_address": {"Herr"}, "addr_street": {"Münsterplatz 1"}, "addr_postal_code": {"8907"}, "addr_city": {"Ulm"}}
		r := b.post(file+"/anschrift", bad)
		officeWant(t, r, http.StatusUnprocessableEntity, `id="addr_postal_code-fehler"`, "Die Postleitzahl hat fünf Ziffern", `value="Münsterplatz 1"`)
		if got, err := db.CandidateAddress(context.Background(), c.ID); err != nil || !got.IsZero() {
			t.Fatalf("after the refusal: %+v, %v", got, err)
		}
		good := url.Values{"addr_form_of_address": {"Herr"}, "addr_street": {" Münsterplatz 1 "}, "addr_postal_code": {"89073"}, "addr_city": {"Ulm"}}
		officeWant(t, b.post(file+"/anschrift", good), http.StatusSeeOther)
		officeWant(t, b.get(file), http.StatusOK, "Die Postanschrift ist gespeichert.", `value="Münsterplatz 1"`, `<option value="Herr" selected>`)
		want := exam.PostalAddress{FormOfAddress: "Herr", Street: "Münsterplatz 1", PostalCode: "89073", City: "Ulm"}
		if got, err := db.CandidateAddress(context.Background(), c.ID); err != nil || got != want {
			t.Fatalf("stored %+v, %v", got, err)
		}
	})
}

// The API: PUT answers the stored address; bad input is a problem with the
// field; an unknown candidate is not found; only the exam office may write.
func TestOfficeAddressAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		c := a.Candidates[0]
		path := fmt.Sprintf("/api/v1/exam-office/candidates/%d/address", c.ID)
		r := b.officeJSON(http.MethodPut, path, map[string]string{"form_of_address": "Frau", "extra": "", "street": "Vogelweg 12", "postal_code": "88212", "city": "Ravensburg"})
		officeWant(t, r, http.StatusOK, `"form_of_address":"Frau"`, `"postal_code":"88212"`)
		r = b.officeJSON(http.MethodPut, path, map[string]string{"form_of_address": "Dr.", "street": "Vogelweg 12", "postal_code": "88212", "city": "Ravensburg"})
		officeWant(t, r, http.StatusUnprocessableEntity, `"field":"form_of_address"`, "Anrede")
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Errorf("Content-Type %q", ct)
		}
		officeWant(t, b.officeJSON(http.MethodPut, "/api/v1/exam-office/candidates/999999/address", map[string]string{"street": "x", "postal_code": "12345", "city": "y"}), http.StatusNotFound)
		if got, err := db.CandidateAddress(context.Background(), c.ID); err != nil || got.FormOfAddress != "Frau" {
			t.Fatalf("stored %+v, %v", got, err)
		}
		// The candidate themselves, and an examiner, cannot write it.
		for _, u := range []*wachsam.User{a.Users[0], a.Examiners[0]} {
			r := h.signedIn(u).officeJSON(http.MethodPut, path, map[string]string{"street": "Anderswo 1", "postal_code": "10115", "city": "Berlin"})
			if r.status != http.StatusForbidden && r.status != http.StatusNotFound {
				t.Errorf("%s: status %d", u.Email, r.status)
			}
		}
		if got, _ := db.CandidateAddress(context.Background(), c.ID); got.City != "Ravensburg" {
			t.Fatalf("changed by someone else: %+v", got)
		}
	})
}

package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Issue 13 §2: every route that takes a session ID scopes it to the
// caller's rounds before anything else, so another group's session answers
// exactly like an ID that was never used: same status, same body (the ID
// itself aside), nothing changed. Before, leaving a waiting list and
// accepting or declining an offer answered 409 for another town's session
// and 404 for a missing one.
func TestStaffSessionRoutesAnswerForeignLikeMissing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		other := storetest.NewNeighboursIn(t, db, "Fremd", storetest.NeighbourOptions{StaffPerDepartment: 1})
		b := h.signedIn(w.Staff[w.Municipalities[0].ID][0])
		foreign, missing := other.Round.Sessions[0].ID, other.Round.Sessions[len(other.Round.Sessions)-1].ID+1000
		for _, route := range []struct{ method, path string }{
			{http.MethodPost, "/schulungen/termine/%d/buchen"},
			{http.MethodPost, "/schulungen/termine/%d/warteliste"},
			{http.MethodPost, "/schulungen/termine/%d/warteliste/verlassen"},
			{http.MethodPost, "/schulungen/termine/%d/angebot/annehmen"},
			{http.MethodPost, "/schulungen/termine/%d/angebot/ablehnen"},
			{http.MethodPost, "/api/v1/sessions/%d/booking"},
			{http.MethodPost, "/api/v1/sessions/%d/waitlist"},
			{http.MethodDelete, "/api/v1/sessions/%d/waitlist"},
			{http.MethodPost, "/api/v1/sessions/%d/offer/accept"},
		} {
			answer := func(id int64) response {
				var r response
				h.staffUnchanged(fmt.Sprintf("%s %s", route.method, route.path), func() {
					r = b.staffSend(route.method, fmt.Sprintf(route.path, id))
				})
				r.body = strings.ReplaceAll(r.body, fmt.Sprintf("/%d/", id), "/{id}/")
				return r
			}
			f, m := answer(foreign), answer(missing)
			if f.status != http.StatusNotFound || f.status != m.status || f.body != m.body {
				t.Errorf("%s %s: foreign session %d, missing session %d; bodies equal: %v\n%s\n%s", route.method, route.path, f.status, m.status, f.body == m.body, f.body, m.body)
			}
		}
	})
}

package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Everyone outside the board finds no board page, API resource or letter,
// and their posts change nothing; a candidate finds only their own letter.
func TestBoardPagesAreForTheBoardOnly(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardHTTP(t, db)
		id := w.cheating(0)
		w.vote(0, id, "yes")
		w.vote(1, id, "yes")
		boardWant(t, w.member(3).post(fmt.Sprintf("/ausschuss/faelle/%d/schliessen", id), nil), http.StatusSeeOther)
		w.signIn(w.a.Users[0], w.a.Users[1], w.a.Examiners[0], w.a.Office) // signing in is audited too
		before := w.rows()
		for _, u := range []*wachsam.User{w.a.Users[0], w.a.Examiners[0], w.a.Office} {
			b := w.as(u)
			for _, path := range []string{"/ausschuss", "/ausschuss/faelle/neu", fmt.Sprintf("/ausschuss/faelle/%d", id),
				fmt.Sprintf("/ausschuss/faelle/%d/bescheid.pdf", id), "/api/v1/board/cases", fmt.Sprintf("/api/v1/board/cases/%d", id),
				fmt.Sprintf("/api/v1/board/cases/%d/letter", id)} {
				if r := b.get(path); r.status != http.StatusNotFound {
					t.Errorf("%s GET %s: %d", u.Email, path, r.status)
				}
			}
			for _, path := range []string{"/ausschuss/faelle", "/ausschuss/delegationen", fmt.Sprintf("/ausschuss/faelle/%d/stimme", id),
				fmt.Sprintf("/ausschuss/faelle/%d/schliessen", id), fmt.Sprintf("/ausschuss/faelle/%d/vorsitz", id),
				fmt.Sprintf("/ausschuss/faelle/%d/anhoerung", id)} {
				if r := b.post(path, url.Values{"vote": {"no"}, "decision": {"accept"}, "task": {"accept_reasons"}}); r.status != http.StatusNotFound {
					t.Errorf("%s POST %s: %d", u.Email, path, r.status)
				}
			}
			if r := b.boardJSON(http.MethodPut, fmt.Sprintf("/api/v1/board/cases/%d/vote", id), map[string]string{"vote": "no"}); r.status != http.StatusNotFound ||
				!strings.Contains(r.header.Get("Content-Type"), "problem+json") {
				t.Errorf("%s PUT vote: %d %s", u.Email, r.status, r.header.Get("Content-Type"))
			}
		}
		if got := w.rows(); got != before {
			t.Fatalf("outsiders changed data: %v → %v", before, got)
		}

		own := fmt.Sprintf("/pruefung/%d/bescheide/%d.pdf", w.a.Candidates[0].ID, id)
		if r := w.as(w.a.Users[0]).get(own); r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.body, "%PDF-") {
			t.Fatalf("the candidate's own letter: %d %s", r.status, r.header.Get("Content-Type"))
		}
		for _, tc := range []struct {
			u    *wachsam.User
			path string
		}{
			{w.a.Users[1], own},
			{w.a.Users[1], fmt.Sprintf("/pruefung/%d/bescheide/%d.pdf", w.a.Candidates[1].ID, id)},
			{w.a.Board[0], own},
			{w.a.Office, own},
			{w.a.Users[0], fmt.Sprintf("/pruefung/%d/bescheide/x.pdf", w.a.Candidates[0].ID)},
		} {
			if r := w.as(tc.u).get(tc.path); r.status != http.StatusNotFound {
				t.Errorf("%s GET %s: %d", tc.u.Email, tc.path, r.status)
			}
		}
	})
}

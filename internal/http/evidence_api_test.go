package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// evidenceToken makes a read-only token of town i of the world.
func evidenceToken(h *harness, w *storetest.Neighbours, i int) (string, evidence.Token) {
	h.t.Helper()
	town := w.Municipalities[i]
	secret, tok, err := h.db.CreateEvidenceToken(context.Background(), wachsam.UserActor(w.Coordinators[town.ID]), town.ID, "ISMS")
	if err != nil {
		h.t.Fatal(err)
	}
	return secret, tok
}

// pull is one GET of the evidence API with a token and optional headers.
func (b *browser) pull(token, path string, header ...string) response {
	b.h.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.h.srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

func decodePage(t *testing.T, r response) evidence.Page {
	t.Helper()
	var p evidence.Page
	if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &p) != nil {
		t.Fatalf("feed: status %d %s", r.status, r.body)
	}
	return p
}

func TestEvidenceFeedPagesWithCursorAndHonoursIfNoneMatch(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		token, _ := evidenceToken(h, w, 1)
		b := h.browser()

		first := b.pull(token, "/api/v1/evidence?limit=2")
		p := decodePage(t, first)
		if p.Contract != evidence.Contract || p.Tenant != w.Municipalities[1].AGS || len(p.Records) != 2 || !p.HasMore {
			t.Fatalf("first page: %+v", p)
		}
		seen := map[string]bool{}
		for _, r := range p.Records {
			seen[r.RecordID] = true
		}
		for p.HasMore {
			p = decodePage(t, b.pull(token, "/api/v1/evidence?limit=2&since="+p.NextCursor))
			for _, r := range p.Records {
				if seen[r.RecordID] {
					t.Fatalf("record %s twice", r.RecordID)
				}
				seen[r.RecordID] = true
			}
		}
		// programme, 3 sessions, 2 departments' coverage
		if len(seen) != 6 {
			t.Fatalf("%d records, want 6", len(seen))
		}
		again := b.pull(token, "/api/v1/evidence?limit=2", "If-None-Match", first.header.Get("ETag"))
		if again.status != http.StatusNotModified || again.body != "" {
			t.Fatalf("unchanged feed: status %d", again.status)
		}
		// The end of the feed answers with no records and the same cursor.
		end := decodePage(t, b.pull(token, "/api/v1/evidence?since="+p.NextCursor))
		if len(end.Records) != 0 || end.HasMore || end.NextCursor != p.NextCursor {
			t.Fatalf("end of feed: %+v", end)
		}
	})
}

func TestEvidenceFeedRefusesBadInputWithProblemDetails(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		token, _ := evidenceToken(h, w, 0)
		epoch, err := h.db.EvidenceEpoch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		otherCursor := evidence.EncodeCursor(w.Municipalities[1].ID, epoch, 1)
		b := h.browser()
		for _, tc := range []struct {
			token, path string
			status      int
		}{
			{"", "/api/v1/evidence", http.StatusUnauthorized},
			{"wse_unknown", "/api/v1/evidence", http.StatusUnauthorized},
			{token, "/api/v1/evidence?limit=0", http.StatusBadRequest},
			{token, "/api/v1/evidence?limit=10001", http.StatusBadRequest},
			{token, "/api/v1/evidence?limit=zehn", http.StatusBadRequest},
			{token, "/api/v1/evidence?since=kaputt", http.StatusGone},
			{token, "/api/v1/evidence?since=" + otherCursor, http.StatusGone},
		} {
			r := b.pull(tc.token, tc.path)
			if r.status != tc.status || r.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: status %d %s", tc.path, r.status, r.body)
			}
		}
	})
}

// A token reads its own municipality only, and a revoked token is refused
// with the very next request.
func TestEvidenceTokenIsScopedToItsTownAndRevokedAtOnce(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		first, tok := evidenceToken(h, w, 0)
		second, _ := evidenceToken(h, w, 1)
		b := h.browser()
		if p := decodePage(t, b.pull(second, "/api/v1/evidence")); p.Tenant != w.Municipalities[1].AGS {
			t.Fatalf("second town's token read %s", p.Tenant)
		}
		for _, r := range decodePage(t, b.pull(first, "/api/v1/evidence")).Records {
			if r.Tenant != w.Municipalities[0].AGS {
				t.Fatalf("first town's token got %s", r.RecordID)
			}
		}
		town := w.Municipalities[0]
		if err := db.RevokeEvidenceToken(context.Background(), wachsam.UserActor(w.Coordinators[town.ID]), w.Municipalities[1].ID, tok.ID); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("another town revoked the token: %v", err)
		}
		if err := db.RevokeEvidenceToken(context.Background(), wachsam.UserActor(w.Coordinators[town.ID]), town.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if r := b.pull(first, "/api/v1/evidence"); r.status != http.StatusUnauthorized {
			t.Fatalf("revoked token: status %d", r.status)
		}
		if r := b.pull(second, "/api/v1/evidence"); r.status != http.StatusOK {
			t.Fatalf("the other town's token stopped working: %d", r.status)
		}
	})
}

package evidence_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wachsam/wachsam/internal/evidence"
)

// fakeFeed serves canned records the way GET /api/v1/evidence does: a
// record moves to the end of the feed with every change, cursors are
// positions, a cursor of another feed is refused with problem details, and
// If-None-Match is honoured.
type fakeFeed struct {
	t      *testing.T
	tenant string
	token  string

	mu        sync.Mutex
	records   []json.RawMessage // in position order; position = index+1
	revisions map[string]int64
	// override, if set, answers instead of the feed.
	override      func(w http.ResponseWriter, r *http.Request)
	ifNoneMatches int
	requests      int
}

func newFakeFeed(t *testing.T, tenant string) (*fakeFeed, *httptest.Server) {
	f := &fakeFeed{t: t, tenant: tenant, token: "wse_test", revisions: map[string]int64{}}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	return f, srv
}

// put publishes the next revision of a record (or its tombstone).
func (f *fakeFeed) put(kind evidence.Kind, key string, data any) string {
	f.t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	id := evidence.RecordID(f.tenant, key)
	f.revisions[id]++
	rec := evidence.Record{RecordID: id, Kind: kind, Tenant: f.tenant, Revision: f.revisions[id],
		OccurredAt: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC),
		ContentHash: "sha256:" + strings.Repeat("ab", 32), Mappings: evidence.MappingsFor(kind, evidence.Basis{Held: true})}
	if data == nil {
		rec.Deleted = true
	} else {
		rec.Data, _ = json.Marshal(data)
	}
	raw, err := json.Marshal(rec)
	if err != nil {
		f.t.Fatal(err)
	}
	f.putRaw(id, raw)
	return id
}

// putRaw appends a record as given, after removing the earlier position of
// the same id.
func (f *fakeFeed) putRaw(id string, raw json.RawMessage) {
	for i, r := range f.records {
		var h struct {
			RecordID string `json:"record_id"`
		}
		json.Unmarshal(r, &h)
		if h.RecordID == id {
			f.records[i] = nil // the position stays taken, the record moves
		}
	}
	f.records = append(f.records, raw)
}

func (f *fakeFeed) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	if f.override != nil {
		f.override(w, r)
		return
	}
	if r.URL.Path != "/api/v1/evidence" {
		writeProblem(w, http.StatusNotFound, "Seite nicht gefunden")
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+f.token {
		writeProblem(w, http.StatusUnauthorized, "Der Zugangsschlüssel ist ungültig oder widerrufen.")
		return
	}
	after := 0
	if since := r.URL.Query().Get("since"); since != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(since, f.tenant+"."))
		if err != nil || !strings.HasPrefix(since, f.tenant+".") {
			writeProblem(w, http.StatusBadRequest, "Der Parameter „since“ ist kein Cursor dieses Feeds.")
			return
		}
		after = n
	}
	limit := 500
	if l := r.URL.Query().Get("limit"); l != "" {
		limit, _ = strconv.Atoi(l)
	}
	etag := fmt.Sprintf(`"%d/%d/%d"`, after, limit, len(f.records))
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") != "" {
		f.ifNoneMatches++
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	page := struct {
		Contract   string            `json:"contract"`
		Tenant     string            `json:"tenant"`
		Records    []json.RawMessage `json:"records"`
		NextCursor string            `json:"next_cursor"`
		HasMore    bool              `json:"has_more"`
	}{Contract: evidence.Contract, Tenant: f.tenant, Records: []json.RawMessage{}}
	last := after
	for pos := after + 1; pos <= len(f.records); pos++ {
		if f.records[pos-1] == nil {
			continue
		}
		if len(page.Records) == limit {
			page.HasMore = true
			break
		}
		page.Records = append(page.Records, f.records[pos-1])
		last = pos
	}
	page.NextCursor = f.tenant + "." + strconv.Itoa(last)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(page)
}

func writeProblem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": detail})
}

// world puts a small municipality's records into the feed.
func (f *fakeFeed) world() []string {
	ids := []string{
		f.put(evidence.KindProgramme, evidence.ProgrammeKey(), evidence.Programme{Municipality: "Lindenbach", Topics: []evidence.ProgrammeTopic{}}),
		f.put(evidence.KindSession, evidence.SessionKey(1), evidence.Session{Topic: "IS", Round: "R", Days: []string{"2026-12-01"}}),
		f.put(evidence.KindSession, evidence.SessionKey(2), evidence.Session{Topic: "IS", Round: "R", Days: []string{"2026-12-08"}}),
		f.put(evidence.KindAttendance, evidence.AttendanceKey(1, "P-7K3M-9XQ2"), evidence.Attendance{Person: "P-7K3M-9XQ2", Pseudonymous: true}),
		f.put(evidence.KindCoverage, evidence.CoverageKey(1, 1, "2026-11"), evidence.Coverage{Unit: "Bauamt", Topic: "IS", Period: "2026-11", Eligible: 3}),
	}
	return ids
}

package evidence_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wachsam/wachsam/internal/evidence"
)

const feedTenant = "08425001"

func mustPull(t *testing.T, im *evidence.Importer) evidence.Summary {
	t.Helper()
	sum, err := im.Pull(context.Background())
	if err != nil {
		t.Fatalf("pull: %v", err)
	}
	return sum
}

// storedRevisions lists record_id -> revision of the record files in dir.
func storedRevisions(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	files, _ := filepath.Glob(filepath.Join(dir, "records", "*", "*.json"))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r evidence.Record
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if filepath.Base(f) != r.RecordID+".json" || filepath.Base(filepath.Dir(f)) != string(r.Kind) {
			t.Fatalf("%s holds %s of kind %s", f, r.RecordID, r.Kind)
		}
		out[r.RecordID] = r.Revision
	}
	return out
}

func TestImporterPullsEveryPageAndARepeatWritesNothing(t *testing.T) {
	feed, srv := newFakeFeed(t, feedTenant)
	ids := feed.world()
	dir := t.TempDir()
	im := &evidence.Importer{BaseURL: srv.URL + "/", Token: feed.token, Dir: dir, Limit: 2}

	sum := mustPull(t, im)
	if sum != (evidence.Summary{Tenant: feedTenant, Pages: 3, Written: 5}) {
		t.Fatalf("first pull: %+v", sum)
	}
	got := storedRevisions(t, dir)
	for _, id := range ids {
		if got[id] != 1 {
			t.Fatalf("records %v, want each of %v at revision 1", got, ids)
		}
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "records", "coverage", ids[4]+".json"))
	if !strings.Contains(string(raw), `"unit":"Bauamt"`) {
		t.Fatalf("the file does not hold the record as sent: %s", raw)
	}

	// Nothing changed: one empty page, nothing written; the run after that
	// asks If-None-Match and gets 304.
	if sum := mustPull(t, im); sum != (evidence.Summary{Tenant: feedTenant, Pages: 1}) {
		t.Fatalf("second pull: %+v", sum)
	}
	if sum := mustPull(t, im); sum != (evidence.Summary{Tenant: feedTenant, Pages: 1}) || feed.ifNoneMatches != 1 {
		t.Fatalf("third pull: %+v, %d conditional requests", sum, feed.ifNoneMatches)
	}
	var st map[string]string
	raw, _ = os.ReadFile(filepath.Join(dir, "state.json"))
	if json.Unmarshal(raw, &st) != nil || st["tenant"] != feedTenant || st["contract"] != evidence.Contract || st["cursor"] == "" {
		t.Fatalf("state.json: %s", raw)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, "records", "*", ".tmp-*")); len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
}

func TestImporterAppliesRevisionsAndTombstones(t *testing.T) {
	feed, srv := newFakeFeed(t, feedTenant)
	ids := feed.world()
	dir := t.TempDir()
	// The address of the feed itself, as the coordinator's page shows it,
	// works as well as the server's.
	im := &evidence.Importer{BaseURL: srv.URL + "/api/v1/evidence", Token: feed.token, Dir: dir, Limit: 2}
	mustPull(t, im)

	feed.put(evidence.KindSession, evidence.SessionKey(1), evidence.Session{Topic: "IS", Round: "R", Cancelled: true, Days: []string{"2026-12-01"}})
	feed.put(evidence.KindAttendance, evidence.AttendanceKey(1, "P-7K3M-9XQ2"), nil)
	feed.put(evidence.KindAttendance, evidence.AttendanceKey(2, "P-0000-0000"), nil) // never seen here
	sum := mustPull(t, im)
	if sum.Written != 1 || sum.Removed != 1 || sum.Unchanged != 1 {
		t.Fatalf("pull after changes: %+v", sum)
	}
	got := storedRevisions(t, dir)
	if got[ids[1]] != 2 || len(got) != 4 {
		t.Fatalf("records %v", got)
	}
	if _, ok := got[ids[3]]; ok {
		t.Fatal("the tombstone left the attendance file")
	}

	// A record that comes back after its tombstone is written again.
	feed.put(evidence.KindAttendance, evidence.AttendanceKey(1, "P-7K3M-9XQ2"), evidence.Attendance{Person: "P-7K3M-9XQ2", Pseudonymous: true})
	if sum := mustPull(t, im); sum.Written != 1 || storedRevisions(t, dir)[ids[3]] != 3 {
		t.Fatalf("revived record: %+v", sum)
	}
}

// A crash after the records of a page were written but before state.json
// moved on fetches that page again: nothing is written twice.
func TestImporterRefetchedPageChangesNothing(t *testing.T) {
	feed, srv := newFakeFeed(t, feedTenant)
	feed.world()
	dir := t.TempDir()
	im := &evidence.Importer{BaseURL: srv.URL, Token: feed.token, Dir: dir, Limit: 2}
	mustPull(t, im)
	before := storedRevisions(t, dir)
	if err := os.Remove(filepath.Join(dir, "state.json")); err != nil {
		t.Fatal(err)
	}
	sum := mustPull(t, im)
	if sum.Written != 0 || sum.Unchanged != 5 || len(storedRevisions(t, dir)) != len(before) {
		t.Fatalf("re-run from the start: %+v", sum)
	}
}

// A record_id that is not a safe file name is refused before anything of
// its page is written, wherever it would have pointed.
func TestImporterRefusesAMaliciousRecordID(t *testing.T) {
	for _, id := range []string{
		"../../outside", feedTenant + "-../../../outside", feedTenant + "-a/b", feedTenant + `-a\b`,
		feedTenant + "-.hidden", "/etc/passwd", "", feedTenant + "-x\x00y", strings.Repeat("1", 8) + "-" + strings.Repeat("a", 300),
	} {
		feed, srv := newFakeFeed(t, feedTenant)
		feed.put(evidence.KindProgramme, evidence.ProgrammeKey(), evidence.Programme{Municipality: "Lindenbach"})
		raw, _ := json.Marshal(evidence.Record{RecordID: id, Kind: evidence.KindSession, Tenant: feedTenant, Revision: 1,
			Mappings: evidence.MappingsFor(evidence.KindSession, evidence.Basis{Held: true}), Data: json.RawMessage(`{}`)})
		feed.putRaw(id, raw)
		root := t.TempDir()
		dir := filepath.Join(root, "a", "b", "c")
		im := &evidence.Importer{BaseURL: srv.URL, Token: feed.token, Dir: dir}
		sum, err := im.Pull(context.Background())
		if !errors.Is(err, evidence.ErrBadRecord) || sum.Written != 0 {
			t.Fatalf("record_id %q: %+v, %v", id, sum, err)
		}
		var files []string
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, path)
			}
			return nil
		})
		if len(files) != 0 {
			t.Fatalf("record_id %q: files written %v", id, files)
		}
	}
}

func TestImporterRefusesRecordsTheContractDoesNotHave(t *testing.T) {
	for name, rec := range map[string]evidence.Record{
		"unknown kind":   {RecordID: feedTenant + "-x", Kind: "../x", Tenant: feedTenant, Revision: 1},
		"another tenant": {RecordID: "08425002-x", Kind: evidence.KindSession, Tenant: "08425002", Revision: 1},
		"revision 0":     {RecordID: feedTenant + "-x", Kind: evidence.KindSession, Tenant: feedTenant},
		"no tenant":      {RecordID: feedTenant + "-y", Kind: evidence.KindSession, Tenant: "", Revision: 1},
	} {
		feed, srv := newFakeFeed(t, feedTenant)
		raw, _ := json.Marshal(rec)
		feed.putRaw(rec.RecordID, raw)
		dir := t.TempDir()
		_, err := (&evidence.Importer{BaseURL: srv.URL, Token: feed.token, Dir: dir}).Pull(context.Background())
		if !errors.Is(err, evidence.ErrBadRecord) {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "state.json")); !os.IsNotExist(err) {
			t.Fatalf("%s: state.json written", name)
		}
	}
}

// A token of another town pointed at a directory that holds one town's
// records is refused with a clear message, and the directory stays as it
// was.
func TestImporterRefusesAnotherTownsFeedInTheSameDirectory(t *testing.T) {
	first, srv1 := newFakeFeed(t, feedTenant)
	first.world()
	dir := t.TempDir()
	mustPull(t, &evidence.Importer{BaseURL: srv1.URL, Token: first.token, Dir: dir})
	state, _ := os.ReadFile(filepath.Join(dir, "state.json"))
	before := storedRevisions(t, dir)

	second, srv2 := newFakeFeed(t, "08425002")
	second.world()
	_, err := (&evidence.Importer{BaseURL: srv2.URL, Token: second.token, Dir: dir}).Pull(context.Background())
	if !errors.Is(err, evidence.ErrOtherTenant) || !strings.Contains(err.Error(), "08425001") ||
		!strings.Contains(err.Error(), "08425002") || !strings.Contains(err.Error(), "eigenes Verzeichnis") {
		t.Fatalf("another town's token: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "state.json"))
	if string(after) != string(state) || len(storedRevisions(t, dir)) != len(before) {
		t.Fatal("the refused pull changed the directory")
	}

	// The same, when the other feed does not refuse the cursor first.
	if err := os.WriteFile(filepath.Join(dir, "state.json"), []byte(`{"contract":"training-evidence/1","tenant":"08425001","cursor":""}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := (&evidence.Importer{BaseURL: srv2.URL, Token: second.token, Dir: dir}).Pull(context.Background()); !errors.Is(err, evidence.ErrOtherTenant) {
		t.Fatalf("another town's feed from the start: %v", err)
	}
}

func TestImporterShowsTheServersProblemDetails(t *testing.T) {
	feed, srv := newFakeFeed(t, feedTenant)
	feed.world()
	dir := t.TempDir()
	_, err := (&evidence.Importer{BaseURL: srv.URL, Token: "wse_widerrufen", Dir: dir}).Pull(context.Background())
	if !evidence.IsServerError(err, http.StatusUnauthorized) || !strings.Contains(err.Error(), "ungültig oder widerrufen") ||
		!strings.Contains(err.Error(), "neuen") {
		t.Fatalf("revoked token: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "state.json"), []byte(`{"cursor":"kaputt"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = (&evidence.Importer{BaseURL: srv.URL, Token: feed.token, Dir: dir}).Pull(context.Background())
	if !evidence.IsServerError(err, http.StatusBadRequest) || !strings.Contains(err.Error(), "kein Cursor dieses Feeds") {
		t.Fatalf("bad cursor: %v", err)
	}
	feed.override = func(w http.ResponseWriter, r *http.Request) { http.Error(w, "kaputt", http.StatusBadGateway) }
	_, err = (&evidence.Importer{BaseURL: srv.URL, Token: feed.token, Dir: t.TempDir()}).Pull(context.Background())
	if !evidence.IsServerError(err, http.StatusBadGateway) || !strings.Contains(err.Error(), "HTTP 502") {
		t.Fatalf("bad gateway: %v", err)
	}
}

// A page cut off in the middle (the server breaks the connection if it
// fails while streaming) is never taken for a whole one.
func TestImporterRefusesATruncatedPage(t *testing.T) {
	feed, srv := newFakeFeed(t, feedTenant)
	feed.override = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"contract":"training-evidence/1","tenant":"08425001","records":[{"record_id":"08425001-programme"`))
	}
	dir := t.TempDir()
	_, err := (&evidence.Importer{BaseURL: srv.URL, Token: feed.token, Dir: dir}).Pull(context.Background())
	if !errors.Is(err, evidence.ErrBadFeed) {
		t.Fatalf("truncated page: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a truncated page wrote %v", entries)
	}
}

func TestImporterNeedsItsSettings(t *testing.T) {
	for _, im := range []*evidence.Importer{
		{Token: "wse_x", Dir: t.TempDir()},
		{BaseURL: "http://127.0.0.1:1", Dir: t.TempDir()},
		{BaseURL: "http://127.0.0.1:1", Token: "wse_x"},
		{BaseURL: "ftp://example.de", Token: "wse_x", Dir: t.TempDir()},
	} {
		if _, err := im.Pull(context.Background()); err == nil {
			t.Fatalf("%+v: no error", im)
		}
	}
}

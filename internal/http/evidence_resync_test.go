package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Issue 12 §6: a cursor the server never issued, or one from before a
// restore (a renewed feed epoch), is refused with 410 and the problem type
// evidence.ResyncProblem, never answered with an empty page; the reference
// importer answers it by reading the feed again from the start, and its
// directory then holds exactly the server's live set — a record the
// restored server no longer has is gone, a revision newer than the
// server's is replaced by the server's.
func TestEvidenceFeedEpochRefusesOldCursorsAndImporterResyncs(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 2})
		town := w.Municipalities[0]
		storetest.AttendEveryone(t, db, w, town.ID)
		token, _ := evidenceToken(h, w, 0)
		im := &evidence.Importer{BaseURL: h.srv.URL, Token: token, Dir: t.TempDir(), Limit: 3}
		if _, err := im.Pull(ctx); err != nil {
			t.Fatal(err)
		}
		live := liveSet(h, token)
		if got := importedSet(t, im.Dir); !reflect.DeepEqual(got, live) || len(live) == 0 {
			t.Fatalf("first import: %d files, server %d", len(got), len(live))
		}
		oldCursor := storedCursor(t, im.Dir)
		b := h.browser()
		if r := b.pull(token, "/api/v1/evidence?since="+oldCursor); r.status != http.StatusOK {
			t.Fatalf("cursor of this epoch: %d %s", r.status, r.body)
		}

		// What a restore leaves the importer with: a record the restored
		// server never had, and a revision ahead of the server's.
		plantRecord(t, im.Dir, town.AGS+"-attendance-restored-away", town.AGS, 1)
		ahead := firstRecordFile(t, im.Dir)
		bumpRevision(t, ahead, 99)

		epoch, err := db.EvidenceEpoch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, head, _ := db.EvidenceTenant(ctx, town.ID)
		if _, err := db.RenewEvidenceEpoch(ctx, wachsam.SystemActor("test")); err != nil {
			t.Fatal(err)
		}
		for name, cursor := range map[string]string{
			"from before the restore":     oldCursor,
			"of another epoch":            evidence.EncodeCursor(town.ID, "0123456789abcdef", 1),
			"past the newest record":      evidence.EncodeCursor(town.ID, currentEpoch(t, db), head+1),
			"not a cursor at all":         "kaputt",
			"before the renewal, same ID": evidence.EncodeCursor(town.ID, epoch, head),
		} {
			r := b.pull(token, "/api/v1/evidence?since="+cursor)
			var p struct {
				Type   string `json:"type"`
				Status int    `json:"status"`
			}
			json.Unmarshal([]byte(r.body), &p)
			if r.status != http.StatusGone || p.Type != evidence.ResyncProblem || p.Status != http.StatusGone {
				t.Errorf("cursor %s: status %d %s", name, r.status, r.body)
			}
		}

		sum, err := im.Pull(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !sum.Resynced || sum.Removed != 1 {
			t.Errorf("summary of the resync: %+v", sum)
		}
		if got := importedSet(t, im.Dir); !reflect.DeepEqual(got, liveSet(h, token)) {
			t.Fatalf("after the resync the directory holds %d records, the server %d", len(got), len(live))
		}
		if storedCursor(t, im.Dir) == oldCursor {
			t.Fatal("the resync kept the refused cursor")
		}
		if _, err := os.Stat(filepath.Join(im.Dir, ".resync")); !os.IsNotExist(err) {
			t.Errorf("staging directory left behind: %v", err)
		}
		again, err := im.Pull(ctx)
		if err != nil || again.Resynced {
			t.Errorf("the next pull after the resync: %+v %v", again, err)
		}
	})
}

func currentEpoch(t *testing.T, db *store.DB) string {
	t.Helper()
	epoch, err := db.EvidenceEpoch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return epoch
}

func storedCursor(t *testing.T, dir string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Cursor string `json:"cursor"`
	}
	if err := json.Unmarshal(raw, &st); err != nil || st.Cursor == "" {
		t.Fatalf("state.json: %s", raw)
	}
	return st.Cursor
}

func plantRecord(t *testing.T, dir, id, tenant string, revision int64) {
	t.Helper()
	raw, _ := json.Marshal(map[string]any{"record_id": id, "kind": "attendance", "tenant": tenant, "revision": revision})
	path := filepath.Join(dir, "records", "attendance", id+".json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

func firstRecordFile(t *testing.T, dir string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "records", "attendance", "*.json"))
	if len(files) == 0 {
		t.Fatal("no attendance record imported")
	}
	return files[0]
}

func bumpRevision(t *testing.T, path string, revision int64) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatal(err)
	}
	rec["revision"] = revision
	raw, _ = json.Marshal(rec)
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

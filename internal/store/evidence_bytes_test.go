package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The refresh encodes and hashes records by hand for speed. Every stored
// body must still be the bytes json.Marshal wrote for its record before,
// every attendance's data what json.Marshal writes for it, and every hash
// the SHA-256 of json.Marshal's canonical form: importers compare hashes,
// and a changed encoding would republish every record. A mixed feed —
// pseudonyms and names with umlauts, complete and taken-back attendance,
// tombstones, every kind — checked record by record.
func TestEvidenceBodiesAreWhatEncodingJSONWrites(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		town := w.Municipalities[1]
		session := w.Round.Sessions[0]
		person := w.Staff[town.ID][0]
		attBook(t, db, person, session.ID)
		attSetClock(t, clock, session.StartsAt.Add(time.Hour))
		storetest.AttendEveryone(t, db, w, town.ID)
		var all []rawRecord
		collect := func(after int64) int64 {
			if _, err := db.RefreshEvidence(ctx, town.ID); err != nil {
				t.Fatal(err)
			}
			_, err := db.EvidenceChanges(ctx, town.ID, after, 1<<20, func(position int64, body []byte) error {
				all = append(all, rawRecord{position, bytes.Clone(body)})
				after = position
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return after
		}
		head := collect(0)

		// Names instead of pseudonyms: every attendance record anew.
		settings, err := db.EvidenceSettings(ctx, town.ID)
		if err != nil {
			t.Fatal(err)
		}
		settings.ShowNames = true
		if err := db.SaveEvidenceSettings(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, settings); err != nil {
			t.Fatal(err)
		}
		head = collect(head)
		// A mark taken back: a tombstone.
		if err := db.RecordAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, session.ID, person.ID,
			session.Days[0], courses.AttendanceTrainerList, false, loc); err != nil {
			t.Fatal(err)
		}
		collect(head)

		kinds := map[evidence.Kind]int{}
		tombstones := 0
		for _, r := range all {
			var rec evidence.Record
			if err := json.Unmarshal(r.body, &rec); err != nil {
				t.Fatal(err)
			}
			if want, _ := json.Marshal(rec); !bytes.Equal(r.body, want) {
				t.Fatalf("position %d:\n stored %s\n  json %s", r.position, r.body, want)
			}
			data := rec.Data
			if rec.Deleted {
				tombstones++
				data = json.RawMessage("null")
			} else if rec.Kind == evidence.KindAttendance {
				var a evidence.Attendance
				if err := json.Unmarshal(rec.Data, &a); err != nil {
					t.Fatal(err)
				}
				if want, _ := json.Marshal(a); !bytes.Equal(rec.Data, want) {
					t.Fatalf("attendance data:\n stored %s\n  json %s", rec.Data, want)
				}
			}
			if want := jsonContentHash(rec.Kind, rec.OccurredAt, rec.Mappings, data); rec.ContentHash != want {
				t.Fatalf("position %d: hash %s, json.Marshal's %s", r.position, rec.ContentHash, want)
			}
			kinds[rec.Kind]++
		}
		if len(kinds) != len(evidence.Kinds) || tombstones == 0 || kinds[evidence.KindAttendance] < 2*len(w.Staff[town.ID]) {
			t.Fatalf("not the mixed feed the test needs: %v, %d tombstones", kinds, tombstones)
		}
	})
}

type rawRecord struct {
	position int64
	body     []byte
}

// jsonContentHash is the content hash as it was first written: SHA-256 of
// json.Marshal of the canonical struct.
func jsonContentHash(kind evidence.Kind, occurredAt time.Time, mappings []evidence.Mapping, data json.RawMessage) string {
	canonical, _ := json.Marshal(struct {
		Kind       evidence.Kind      `json:"kind"`
		OccurredAt time.Time          `json:"occurred_at"`
		Mappings   []evidence.Mapping `json:"mappings"`
		Data       json.RawMessage    `json:"data"`
	}{kind, occurredAt, mappings, data})
	sum := sha256.Sum256(canonical)
	return "sha256:" + hex.EncodeToString(sum[:])
}

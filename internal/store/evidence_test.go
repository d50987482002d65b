package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// feed reads a municipality's whole feed after position, refreshed first.
func feed(t *testing.T, db *store.DB, municipalityID, after int64) []evidence.Record {
	t.Helper()
	ctx := context.Background()
	if _, err := db.RefreshEvidence(ctx, municipalityID); err != nil {
		t.Fatal(err)
	}
	var out []evidence.Record
	_, err := db.EvidenceChanges(ctx, municipalityID, after, 1<<20, func(_ int64, body []byte) error {
		var r evidence.Record
		if err := json.Unmarshal(body, &r); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func byKind(recs []evidence.Record, k evidence.Kind) []evidence.Record {
	var out []evidence.Record
	for _, r := range recs {
		if r.Kind == k {
			out = append(out, r)
		}
	}
	return out
}

// attendedWorld is the neighbours' round with one person of the second town
// booked and attended at the first session.
func attendedWorld(t *testing.T, db *store.DB) (*storetest.Neighbours, *wachsam.User, *storetest.FixedClock) {
	t.Helper()
	ctx, loc := context.Background(), attLoc(t)
	w, clock := neighbours(t, db, storetest.NeighbourOptions{})
	person := w.Staff[w.Municipalities[1].ID][0]
	session := w.Round.Sessions[0]
	attBook(t, db, person, session.ID)
	attSetClock(t, clock, session.StartsAt.Add(time.Hour))
	err := db.RecordAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, session.ID, person.ID,
		session.Days[0], courses.AttendanceTrainerList, true, loc)
	if err != nil {
		t.Fatal(err)
	}
	return w, person, clock
}

func TestEvidenceRefreshPublishesEveryKindOnce(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, person, _ := attendedWorld(t, db)
		town := w.Municipalities[1]
		recs := feed(t, db, town.ID, 0)
		if n := len(byKind(recs, evidence.KindProgramme)); n != 1 {
			t.Fatalf("%d programme records", n)
		}
		if n := len(byKind(recs, evidence.KindSession)); n != 3 {
			t.Fatalf("%d session records, want the round's 3", n)
		}
		att := byKind(recs, evidence.KindAttendance)
		if len(att) != 1 {
			t.Fatalf("%d attendance records", len(att))
		}
		var a evidence.Attendance
		if err := json.Unmarshal(att[0].Data, &a); err != nil {
			t.Fatal(err)
		}
		if !a.Complete || !a.Pseudonymous || !evidence.IsPseudonym(a.Person) || strings.Contains(string(att[0].Data), person.Name) {
			t.Fatalf("attendance %+v", a)
		}
		if a.Session != town.AGS+"-"+evidence.SessionKey(w.Round.Sessions[0].ID) || a.ValidUntil != "2027-12-01" {
			t.Fatalf("attendance %+v", a)
		}
		cov := byKind(recs, evidence.KindCoverage)
		if len(cov) != 2 {
			t.Fatalf("%d coverage records, want one per department", len(cov))
		}
		for i, r := range recs {
			if r.Tenant != town.AGS || r.Revision != 1 || r.Deleted || !strings.HasPrefix(r.RecordID, town.AGS+"-") {
				t.Fatalf("record %d: %+v", i, r)
			}
		}
		// Nothing changed: a second refresh publishes nothing.
		if again := feed(t, db, town.ID, 0); len(again) != len(recs) {
			t.Fatalf("second refresh: %d records, want %d", len(again), len(recs))
		}
		_, head, err := db.EvidenceTenant(context.Background(), town.ID)
		if err != nil || head != int64(len(recs)) {
			t.Fatalf("head %d, %v; want %d", head, err, len(recs))
		}
	})
}

func TestEvidenceChangeGetsNextRevisionAndDeletionATombstone(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, person, _ := attendedWorld(t, db)
		town := w.Municipalities[1]
		first := feed(t, db, town.ID, 0)
		_, head, _ := db.EvidenceTenant(ctx, town.ID)

		session := w.Round.Sessions[0]
		err := db.RecordAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, session.ID, person.ID,
			session.Days[0], courses.AttendanceTrainerList, false, loc)
		if err != nil {
			t.Fatal(err)
		}
		changes := feed(t, db, town.ID, head)
		att := byKind(changes, evidence.KindAttendance)
		if len(att) != 1 || !att[0].Deleted || att[0].Data != nil || att[0].Revision != 2 || att[0].RecordID != byKind(first, evidence.KindAttendance)[0].RecordID {
			t.Fatalf("tombstone %+v", att)
		}
		if ses := byKind(changes, evidence.KindSession); len(ses) != 1 || ses[0].Revision != 2 {
			t.Fatalf("the session's figures changed, want one new revision: %+v", ses)
		}
		for _, r := range changes {
			if r.Kind == evidence.KindProgramme {
				t.Fatalf("unchanged programme republished: %+v", r)
			}
		}
	})
}

func TestEvidenceShowsNamesOnlyWhenTurnedOn(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, person, _ := attendedWorld(t, db)
		town := w.Municipalities[1]
		first := byKind(feed(t, db, town.ID, 0), evidence.KindAttendance)[0]
		settings, err := db.EvidenceSettings(ctx, town.ID)
		if err != nil {
			t.Fatal(err)
		}
		settings.ShowNames = true
		if err := db.SaveEvidenceSettings(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, settings); err != nil {
			t.Fatal(err)
		}
		all := byKind(feed(t, db, town.ID, 0), evidence.KindAttendance)
		var a evidence.Attendance
		json.Unmarshal(all[0].Data, &a)
		if a.Person != person.Name || a.Pseudonymous || all[0].RecordID != first.RecordID || all[0].Revision != 2 {
			t.Fatalf("with names: %+v %+v", all[0], a)
		}
	})
}

// A municipality's feed holds its own people and its own figures only.
func TestEvidenceOfOneMunicipalityNeverHoldsAnothersPeople(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, _, _ := attendedWorld(t, db)
		other := w.Municipalities[2]
		recs := feed(t, db, other.ID, 0)
		if att := byKind(recs, evidence.KindAttendance); len(att) != 0 {
			t.Fatalf("another town's attendance in the feed: %+v", att)
		}
		for _, r := range byKind(recs, evidence.KindSession) {
			var s evidence.Session
			json.Unmarshal(r.Data, &s)
			if s.Booked != 0 || s.Attended != 0 {
				t.Fatalf("figures of another town: %+v", s)
			}
		}
	})
}

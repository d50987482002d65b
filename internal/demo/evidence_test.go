package demo_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/wachsam/wachsam/internal/demo"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Every demo town has an approved training concept, and its feed starts
// with it.
func TestDemoTownsHaveApprovedConcepts(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, now := context.Background(), time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		if _, _, err := demo.Load(ctx, db, "not-a-hash", now); err != nil {
			t.Fatal(err)
		}
		towns, err := db.Municipalities(ctx)
		if err != nil || len(towns) < 3 {
			t.Fatalf("towns %v, %v", towns, err)
		}
		for _, town := range towns {
			if _, err := db.RefreshEvidence(ctx, town.ID); err != nil {
				t.Fatal(err)
			}
			var got []evidence.Programme
			err := db.EvidenceRecords(ctx, town.ID, evidence.KindProgramme, func(r evidence.Record) error {
				var p evidence.Programme
				got = append(got, p)
				return json.Unmarshal(r.Data, &got[len(got)-1])
			})
			if err != nil || len(got) != 1 || got[0].ApprovedOn != "2026-09-22" || got[0].ReviewOn != "2027-09-22" || len(got[0].Topics) != 1 {
				t.Errorf("%s: programme %+v, %v", town.Name, got, err)
			}
		}
	})
}

package store_test

import (
	"context"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// A person's history lists their own completions, newest first, with the
// host town hall — nobody else's.
func TestCompletionsOfListsOnlyTheOwn(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		town := w.Staff[w.Municipalities[0].ID]
		completeTraining(t, db, town[0].ID, w.Topic.ID, w.Round.Sessions[0].ID, wachsam.MustDate("2025-03-01"))
		completeTraining(t, db, town[0].ID, w.Topic.ID, w.Round.Sessions[1].ID, wachsam.MustDate("2026-03-01"))
		completeTraining(t, db, town[1].ID, w.Topic.ID, w.Round.Sessions[2].ID, wachsam.MustDate("2026-04-01"))
		got, err := db.CompletionsOf(context.Background(), town[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].CompletedOn != wachsam.MustDate("2026-03-01") || got[0].SessionID != w.Round.Sessions[1].ID {
			t.Fatalf("history %+v", got)
		}
		if got[0].Topic != w.Topic.Name || got[0].Place() != "Rathaus "+w.Municipalities[1].Name+", Sitzungssaal" {
			t.Fatalf("topic %q, place %q", got[0].Topic, got[0].Place())
		}
		none, err := db.CompletionsOf(context.Background(), town[2].ID)
		if err != nil || len(none) != 0 {
			t.Fatalf("someone without completions: %+v %v", none, err)
		}
	})
}

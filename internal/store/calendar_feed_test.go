package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

type feedColumns struct {
	TokenHash   *string `bun:"token_hash"`
	LegacyToken *string `bun:"legacy_token"`
}

func feedRow(t *testing.T, db *store.DB, userID int64) feedColumns {
	t.Helper()
	var row feedColumns
	if err := db.NewSelect().Table("calendar_feeds").Column("token_hash", "legacy_token").Where("user_id = ?", userID).Scan(context.Background(), &row); err != nil {
		t.Fatal(err)
	}
	return row
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Issue 13 §2: calendar feed tokens are stored as their SHA-256, like
// session and evidence tokens; a token from before (plaintext, as migration
// 6 keeps it) is hashed at start-up and its address keeps working.
func TestCalendarFeedTokensAreStoredHashedAndOldOnesKeepWorking(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		staff := w.Staff[w.Municipalities[0].ID]
		token, _, err := db.CalendarFeedToken(ctx, staff[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if row := feedRow(t, db, staff[0].ID); row.TokenHash == nil || *row.TokenHash != sha256Hex(token) || row.LegacyToken != nil {
			t.Fatalf("stored %+v, want only the SHA-256 of the token", row)
		}

		// A feed as it was before migration 6: the plaintext token.
		const old = "Alte-Kalenderadresse-aus-der-Zeit-vor-Hashes"
		if _, err := db.NewRaw("INSERT INTO calendar_feeds (user_id, legacy_token, created_at) VALUES (?, ?, ?)", staff[1].ID, old, db.Now().UTC()).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil { // what every start runs
			t.Fatal(err)
		}
		if row := feedRow(t, db, staff[1].ID); row.TokenHash == nil || *row.TokenHash != sha256Hex(old) || row.LegacyToken != nil {
			t.Fatalf("after start-up %+v, want the hash and no plaintext", row)
		}
		if feed, err := db.CalendarFeedEvents(ctx, old); err != nil || feed.PersonName != staff[1].Name {
			t.Fatalf("the old address after start-up: %+v, %v", feed, err)
		}
		if _, err := db.CalendarFeedEvents(ctx, sha256Hex(old)); err == nil {
			t.Fatal("the stored hash works as an address")
		}
	})
}

package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The one query behind every signed-in request returns exactly what the
// separate lookups of session and account return, roles in their order,
// and nothing for a session that expired or ended.
func TestSessionWithUserMatchesSeparateLookups(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := storetest.NewClock(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
		db.Now = clock.Now
		w := storetest.NewNeighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 1})
		u := w.Staff[w.Municipalities[0].ID][0]
		if err := db.SetRoles(ctx, testActor, u.ID, []wachsam.Role{wachsam.RoleCoordinator, wachsam.RoleStaff, wachsam.RoleAdmin}); err != nil {
			t.Fatal(err)
		}
		s := &wachsam.Session{TokenHash: "hash-1", UserID: u.ID, MFAVerified: true, ExpiresAt: clock.Now().Add(time.Hour)}
		if err := db.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		gotSession, gotUser, err := db.SessionWithUser(ctx, "hash-1")
		if err != nil {
			t.Fatal(err)
		}
		wantSession, err := db.SessionByTokenHash(ctx, "hash-1")
		if err != nil {
			t.Fatal(err)
		}
		wantUser, err := db.User(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotSession, wantSession) {
			t.Errorf("session:\n got  %+v\n want %+v", gotSession, wantSession)
		}
		if !reflect.DeepEqual(gotUser, wantUser) {
			t.Errorf("account:\n got  %+v\n want %+v", gotUser, wantUser)
		}
		// Another person's token never yields this account.
		other := w.Staff[w.Municipalities[1].ID][0]
		if err := db.CreateSession(ctx, &wachsam.Session{TokenHash: "hash-2", UserID: other.ID, ExpiresAt: clock.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if _, o, err := db.SessionWithUser(ctx, "hash-2"); err != nil || o.ID != other.ID {
			t.Fatalf("other: %+v %v", o, err)
		}
		if err := db.DeleteSession(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.SessionWithUser(ctx, "hash-1"); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("ended session: %v", err)
		}
		clock.Advance(2 * time.Hour)
		if _, _, err := db.SessionWithUser(ctx, "hash-2"); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("expired session: %v", err)
		}
	})
}

package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/demo"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The demo member of staff has completed a training on the day the demo is
// loaded, at any hour, and gets its participation certificate.
func TestDemoStaffHasACertificate(t *testing.T) {
	for _, now := range []time.Time{time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC), time.Date(2027, 3, 1, 23, 30, 0, 0, time.UTC)} {
		t.Run(now.Format("2006-01-02T15"), func(t *testing.T) {
			storetest.Dialects(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				db.Now = func() time.Time { return now }
				logins, _, err := demo.Load(ctx, db, "not-a-hash", now)
				if err != nil {
					t.Fatal(err)
				}
				var me *wachsam.User
				for _, l := range logins {
					if l.Role == wachsam.RoleStaff {
						users, err := db.Users(ctx, wachsam.UserFilter{})
						if err != nil {
							t.Fatal(err)
						}
						for i := range users {
							if users[i].Email == l.Email {
								me = &users[i]
							}
						}
					}
				}
				if me == nil {
					t.Fatal("no demo member of staff")
				}
				done, err := db.CompletionsOf(ctx, me.ID)
				if err != nil || len(done) != 1 {
					t.Fatalf("completions %v, %v", done, err)
				}
				c, err := db.MyParticipationCertificate(ctx, wachsam.UserActor(me), me.ID, done[0].ID)
				if err != nil || c.Code == "" || c.HolderName != me.Name {
					t.Fatalf("certificate %+v, %v", c, err)
				}
			})
		})
	}
}

package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// A pending directory sign-in is taken exactly once, even by callbacks
// that race for it; an expired one is not taken at all.
func TestOIDCLoginIsTakenOnceUnderConcurrency(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m := town(t, db, "08425101")
		now := db.Now()
		if err := db.BeginOIDCLogin(ctx, &wachsam.OIDCLogin{StateHash: "zustand", MunicipalityID: m.ID, Nonce: "n", Verifier: "v",
			ReturnTo: "/", ExpiresAt: now.Add(10 * time.Minute)}); err != nil {
			t.Fatal(err)
		}
		const racers = 16
		var wg sync.WaitGroup
		var mu sync.Mutex
		taken, refused := 0, 0
		for range racers {
			wg.Go(func() {
				_, err := db.TakeOIDCLogin(ctx, "zustand")
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					taken++
				case wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND:
					refused++
				default:
					t.Errorf("take: %v", err)
				}
			})
		}
		wg.Wait()
		if taken != 1 || refused != racers-1 {
			t.Fatalf("%d callbacks took the sign-in, %d were refused; want 1 and %d", taken, refused, racers-1)
		}

		if err := db.BeginOIDCLogin(ctx, &wachsam.OIDCLogin{StateHash: "alt", MunicipalityID: m.ID, Nonce: "n", Verifier: "v",
			ReturnTo: "/", ExpiresAt: now.Add(-time.Second)}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TakeOIDCLogin(ctx, "alt"); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("an expired sign-in was taken: %v", err)
		}
	})
}

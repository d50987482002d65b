package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// BenchmarkOfficeCandidates100 is the office's overview of a seminar with
// 100 candidates: every file is loaded and folded.
func BenchmarkOfficeCandidates100(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchmarkOfficeCandidates(b, storetest.OpenSQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchmarkOfficeCandidates(b, storetest.OpenPostgres(b)) })
}

func benchmarkOfficeCandidates(b *testing.B, db *store.DB) {
	db.Now = func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) }
	a := storetest.NewAcademy(b, db, "")
	ctx := context.Background()
	actor := wachsam.SystemActor("bench")
	for i := range 97 {
		u := &wachsam.User{Email: fmt.Sprintf("k%d@bench.example", i), Name: fmt.Sprintf("Kandidat %d", i), PasswordHash: "x", Roles: []wachsam.Role{wachsam.RoleCandidate}}
		if err := db.CreateUser(ctx, actor, u); err != nil {
			b.Fatal(err)
		}
		c, err := db.AddExamCandidate(ctx, actor, a.Seminar.ID, u.ID)
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range storetest.AcademyDays {
			if _, err := db.RecordExamFact(ctx, actor, c.ID, exam.Fact{Type: exam.FactSeminarDayAttended, Date: d.Date, CameraConfirmed: d.Online}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.OfficeCandidates(ctx, a.Seminar.ID); err != nil {
			b.Fatal(err)
		}
	}
}

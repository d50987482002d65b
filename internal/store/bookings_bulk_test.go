package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// bulkToday is the day of beforeTheRound in legal time.
var bulkToday = wachsam.MustDate("2026-11-21")

func idsOf(users []*wachsam.User) []int64 {
	out := make([]int64, len(users))
	for i, u := range users {
		out[i] = u.ID
	}
	return out
}

func countAuditOf(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	n, err := db.NewSelect().Table("audit_entries").Where("action = ?", action).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// Six people of a town with a quota of two per session and a department
// cap of two: the earliest sessions fill up to their limits, everyone is
// booked, mailed and audited; a second run books nobody twice.
func TestBulkBookFillsTheEarliestSeatsWithinTheQuotas(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		o := behalfOf(w, 0, "Sammelbuchung des Rathauses")
		staff := w.Staff[o.MunicipalityID]
		out, err := db.BulkBook(ctx, o, w.Round.ID, idsOf(staff), bulkToday)
		if err != nil {
			t.Fatal(err)
		}
		s := w.Round.Sessions
		want := []int64{s[0].ID, s[0].ID, s[1].ID, s[1].ID, s[2].ID, s[2].ID}
		for i, res := range out {
			if res.Booking == nil || res.Booking.SessionID != want[i] || res.Person.ID != staff[i].ID {
				t.Fatalf("person %d: %+v (%s), want session %d", i, res.Booking, res.Reason, want[i])
			}
		}
		if got := countJobs(t, db, wachsam.BookingNoticeJob); got != 6 {
			t.Fatalf("%d invitations, want 6", got)
		}
		if got := countAuditOf(t, db, "booking.behalf.create"); got != 6 {
			t.Fatalf("%d audit entries for the bookings, want 6", got)
		}
		if detail, actor := auditDetail(t, db, "booking.bulk"); actor == nil || *actor != w.Coordinators[o.MunicipalityID].ID ||
			!strings.Contains(detail, "6 gebucht") {
			t.Fatalf("bulk audit %q by %v", detail, actor)
		}
		again, err := db.BulkBook(ctx, o, w.Round.ID, idsOf(staff[:1]), bulkToday)
		if err != nil || again[0].Booking != nil || !strings.Contains(again[0].Reason, "bereits einen Termin") {
			t.Fatalf("second run %+v, %v", again, err)
		}
		if got := countActiveBookings(t, db); got != 6 {
			t.Fatalf("%d bookings, want 6", got)
		}
	})
}

// Preferences come first, unavailable days are avoided, a current training
// is not booked again, and who could not be booked is told why.
func TestBulkBookUsesPreferencesAndReportsWhy(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{Capacity: 1})
		o := behalfOf(w, 0, "Sammelbuchung")
		staff := w.Staff[o.MunicipalityID]
		s := w.Round.Sessions
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.NewRaw(q, args...).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		exec("INSERT INTO preferences (round_id, user_id, rank, session_id) VALUES (?, ?, 1, ?)", w.Round.ID, staff[0].ID, s[2].ID)
		exec("INSERT INTO unavailable_days (round_id, user_id, day) VALUES (?, ?, ?)", w.Round.ID, staff[1].ID, s[0].Days[0])
		exec("INSERT INTO completions (user_id, topic_id, session_id, completed_on, created_at) VALUES (?, ?, ?, ?, ?)",
			staff[3].ID, w.Topic.ID, s[0].ID, wachsam.MustDate("2026-06-01"), beforeTheRound)
		out, err := db.BulkBook(ctx, o, w.Round.ID, idsOf(staff[:5]), bulkToday)
		if err != nil {
			t.Fatal(err)
		}
		booked := func(i int) int64 {
			if out[i].Booking == nil {
				return 0
			}
			return out[i].Booking.SessionID
		}
		switch {
		case booked(0) != s[2].ID:
			t.Fatalf("preferred session not booked: %+v", out[0])
		case booked(1) != s[1].ID:
			t.Fatalf("unavailable day not avoided: %+v", out[1])
		case booked(2) != s[0].ID:
			t.Fatalf("earliest free seat not booked: %+v", out[2])
		case booked(3) != 0 || !strings.Contains(out[3].Reason, "abgeschlossen"):
			t.Fatalf("current training booked again: %+v", out[3])
		case booked(4) != 0 || !strings.Contains(out[4].Reason, "ausgebucht"):
			t.Fatalf("no seat left, but %+v", out[4])
		}
	})
}

// Nothing is written for a list that is not entirely the coordinator's own
// staff, nor for bad input; a round of another group does not exist.
func TestBulkBookRefusesForeignAndBadListsWhole(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		other := storetest.NewNeighboursIn(t, db, "Nord", storetest.NeighbourOptions{})
		o := behalfOf(w, 0, "Sammelbuchung")
		own := idsOf(w.Staff[o.MunicipalityID])
		stranger := w.Staff[w.Municipalities[1].ID][0].ID
		tooMany := make([]int64, courses.MaxBulkPeople+1)
		for i := range tooMany {
			tooMany[i] = int64(i + 1)
		}
		for name, tc := range map[string]struct {
			round int64
			ids   []int64
			o     courses.OnBehalf
			code  wachsam.ErrorCode
		}{
			"town B's staff":        {w.Round.ID, append(own[:2:2], stranger), o, wachsam.EINVALID},
			"town B's coordinator":  {w.Round.ID, []int64{own[0], w.Coordinators[w.Municipalities[1].ID].ID}, o, wachsam.EINVALID},
			"own coordinator":       {w.Round.ID, []int64{w.Coordinators[o.MunicipalityID].ID}, o, wachsam.EINVALID},
			"unknown id":            {w.Round.ID, []int64{own[0], 99_999_999}, o, wachsam.EINVALID},
			"negative id":           {w.Round.ID, []int64{own[0], -1}, o, wachsam.EINVALID},
			"empty list":            {w.Round.ID, nil, o, wachsam.EINVALID},
			"10,001 ids":            {w.Round.ID, append(tooMany, make([]int64, 10_000-len(tooMany))...), o, wachsam.EINVALID},
			"1,001 ids":             {w.Round.ID, tooMany, o, wachsam.EINVALID},
			"no reason":             {w.Round.ID, own, courses.OnBehalf{Actor: o.Actor, MunicipalityID: o.MunicipalityID}, wachsam.EINVALID},
			"unknown round":         {99_999_999, own, o, wachsam.ENOTFOUND},
			"another group's round": {other.Round.ID, own, o, wachsam.ENOTFOUND},
		} {
			out, err := db.BulkBook(ctx, tc.o, tc.round, tc.ids, bulkToday)
			if wachsam.ErrorCodeOf(err) != tc.code || out != nil {
				t.Errorf("%s: %v (%d outcomes), want %s", name, err, len(out), tc.code)
			}
		}
		if n := countActiveBookings(t, db); n != 0 {
			t.Fatalf("%d bookings written", n)
		}
		if n := countJobs(t, db, wachsam.BookingNoticeJob); n != 0 {
			t.Fatalf("%d mails queued", n)
		}
	})
}

// A round that is not open for booking refuses the bulk booking.
func TestBulkBookNeedsAnOpenRound(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, _ := neighbours(t, db, storetest.NeighbourOptions{Mode: courses.ModeAllocation})
		o := behalfOf(w, 0, "Sammelbuchung")
		_, err := db.BulkBook(context.Background(), o, w.Round.ID, idsOf(w.Staff[o.MunicipalityID]), bulkToday)
		wantCode(t, err, wachsam.ECONFLICT)
	})
}

// Two coordinators of the town book the same list at the same moment:
// everyone gets exactly one seat, and no quota is exceeded.
func TestBulkBookTwiceAtOnceBooksEveryoneOnce(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		o := behalfOf(w, 0, "Sammelbuchung")
		ids := idsOf(w.Staff[o.MunicipalityID])
		errs := make(chan error, 2)
		for range 2 {
			go func() {
				_, err := db.BulkBook(ctx, o, w.Round.ID, ids, bulkToday)
				errs <- err
			}()
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		var perSession []struct {
			SessionID int64 `bun:"session_id"`
			N         int   `bun:"n"`
		}
		if err := db.NewSelect().Table("bookings").ColumnExpr("session_id, COUNT(*) AS n").Where("cancelled_at IS NULL").
			Group("session_id").Scan(ctx, &perSession); err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, s := range perSession {
			if s.N > 2 {
				t.Fatalf("session %d has %d of the town, quota 2", s.SessionID, s.N)
			}
			total += s.N
		}
		if total != len(ids) {
			t.Fatalf("%d bookings for %d people", total, len(ids))
		}
	})
}

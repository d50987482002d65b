package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestRoundParticipantsExportNamesOnlyTheOwnTown: two towns book the same
// session; each coordinator's file names their own staff only, the
// session day as a date and the booking time in legal time.
func TestRoundParticipantsExportNamesOnlyTheOwnTown(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		sess := w.Round.Sessions[0]
		// The town's quota is one seat: the first person books it, the
		// second waits.
		for _, m := range w.Municipalities[:2] {
			first, second := w.Staff[m.ID][0], w.Staff[m.ID][1]
			if _, err := db.Book(context.Background(), wachsam.UserActor(first), first.ID, sess.ID); err != nil {
				t.Fatal(err)
			}
			if err := db.JoinWaitlist(context.Background(), wachsam.UserActor(second), second.ID, sess.ID); err != nil {
				t.Fatal(err)
			}
		}
		b := coordinatorOf(h, w, 0)
		page := fmt.Sprintf("/koordination/runden/%d/termine/%d", w.Round.ID, sess.ID)
		if r := b.get(page); !strings.Contains(r.body, `href="`+page+`/export?format=xlsx"`) {
			t.Error("the session page has no download link")
		}
		rows, f := readXLSX(t, b.get(page+"/export?format=xlsx"))
		if len(rows) != 3 || rows[1][3] != w.Staff[w.Municipalities[0].ID][0].Name || rows[1][5] != "angemeldet" || rows[1][6] != "" ||
			rows[2][3] != w.Staff[w.Municipalities[0].ID][1].Name || rows[2][5] != "Warteliste" || rows[2][6] != "1" || isText(t, f, "G3") {
			t.Fatalf("rows %q", rows)
		}
		if raw, _ := f.GetCellValue(f.GetSheetName(0), "B2", excelize.Options{RawCellValue: true}); raw != "46357" || isText(t, f, "B2") {
			t.Errorf("session day raw %q, want the date serial of 01.12.2026", raw)
		}
		if shown, _ := f.GetCellValue(f.GetSheetName(0), "C2"); shown != "01.12.2026 09:00" {
			t.Errorf("start shows %q, want legal time", shown)
		}
		api := readCSV(t, b.get(fmt.Sprintf("/api/v1/rounds/%d/sessions/%d/participants?format=csv", w.Round.ID, sess.ID)))
		if len(api) != len(rows) || api[1][1] != "01.12.2026" {
			t.Errorf("API CSV %q", api)
		}
		noForeignNames(t, rows, w)
		for _, row := range api {
			for _, u := range w.Staff[w.Municipalities[1].ID] {
				if strings.Contains(strings.Join(row, ";"), u.Name) {
					t.Errorf("the export names %s of another town", u.Name)
				}
			}
		}
		// A coordinator of a town outside the round gets nothing.
		_, stranger := h.roundStrangers()
		if r := stranger.get(page + "/export?format=csv"); r.status != http.StatusNotFound || r.header.Get("Content-Disposition") != "" {
			t.Errorf("stranger: status %d", r.status)
		}
		if r := b.get(fmt.Sprintf("/api/v1/rounds/%d/sessions/%d/participants", w.Round.ID, sess.ID)); r.status != http.StatusUnprocessableEntity ||
			r.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("no format: status %d %q", r.status, r.header.Get("Content-Type"))
		}
	})
}

// TestRoundCostSplitExportHasEveryTownOfTheRound: the cost split names
// every town of the round, as the round page does, with the AGS as text
// and the population and share as numbers.
func TestRoundCostSplitExportHasEveryTownOfTheRound(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		if _, err := db.NewRaw("UPDATE rounds SET cost_cents = 600000, cost_basis = ? WHERE id = ?", string(courses.CostByPopulation), w.Round.ID).
			Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		b := coordinatorOf(h, w, 0)
		base := fmt.Sprintf("/koordination/runden/%d", w.Round.ID)
		if r := b.get(base); !strings.Contains(r.body, `href="`+base+`/kosten/export?format=xlsx"`) {
			t.Error("the round page has no download link for the costs")
		}
		rows, f := readXLSX(t, b.get(base+"/kosten/export?format=xlsx"))
		if len(rows) != 1+len(w.Municipalities) || strings.Join(rows[0], "|") != "Gemeindeschlüssel|Kommune|Einwohner|Anteil in Euro" {
			t.Fatalf("rows %q", rows)
		}
		sheet := f.GetSheetName(0)
		sum := 0.0
		for i := range w.Municipalities {
			if !isText(t, f, fmt.Sprintf("A%d", i+2)) || !strings.HasPrefix(rows[i+1][0], "0") || isText(t, f, fmt.Sprintf("C%d", i+2)) {
				t.Errorf("row %d: %q", i+2, rows[i+1])
			}
			raw, _ := f.GetCellValue(sheet, fmt.Sprintf("D%d", i+2), excelize.Options{RawCellValue: true})
			var share float64
			fmt.Sscan(raw, &share)
			sum += share
		}
		if sum != 6000 {
			t.Errorf("shares add up to %v €, want 6000", sum)
		}
		api := readCSV(t, b.get(fmt.Sprintf("/api/v1/rounds/%d/cost-split?format=csv", w.Round.ID)))
		if len(api) != len(rows) || api[3][1] != w.Municipalities[0].Name || api[3][3] != "1000" {
			t.Errorf("API CSV %q", api)
		}
	})
}

// TestRoundAllocationExportListsOwnPlacedAndUnplaced: after an allocation
// ran, the file lists the own staff with session and choice, and no one of
// another town; before it ran, there is nothing to download.
func TestRoundAllocationExportListsOwnPlacedAndUnplaced(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{Mode: courses.ModeAllocation, StaffPerDepartment: 1})
		s := w.Round.Sessions
		b := coordinatorOf(h, w, 0)
		base := fmt.Sprintf("/koordination/runden/%d/zuteilung", w.Round.ID)
		if r := b.get(base + "/export?format=csv"); r.status != http.StatusNotFound || r.header.Get("Content-Disposition") != "" {
			t.Errorf("before any allocation: status %d", r.status)
		}
		for _, m := range w.Municipalities {
			for _, u := range w.Staff[m.ID] {
				r := h.signedIn(u).roundJSON(http.MethodPut, fmt.Sprintf("/api/v1/rounds/%d/preferences", w.Round.ID),
					map[string]any{"sessions": []int64{s[0].ID, s[1].ID}})
				if r.status != http.StatusOK {
					t.Fatalf("preferences: %d %s", r.status, r.body)
				}
			}
		}
		if r := b.post(base+"/berechnen", nil); r.status != http.StatusSeeOther {
			t.Fatalf("run: %d", r.status)
		}
		if r := b.get(base); !strings.Contains(r.body, `href="`+base+`/export?format=xlsx"`) {
			t.Error("the allocation page has no download link")
		}
		rows, f := readXLSX(t, b.get(base+"/export?format=xlsx"))
		own := w.Staff[w.Municipalities[0].ID]
		if len(rows) != 1+len(own) {
			t.Fatalf("%d rows for %d people: %q", len(rows), len(own), rows)
		}
		for i, row := range rows[1:] {
			if row[4] != "1" && row[4] != "2" || isText(t, f, fmt.Sprintf("E%d", i+2)) || isText(t, f, fmt.Sprintf("C%d", i+2)) {
				t.Errorf("row %d: %q", i+2, row)
			}
		}
		noForeignNames(t, rows, w)
		if api := readCSV(t, b.get(fmt.Sprintf("/api/v1/rounds/%d/allocation?format=csv", w.Round.ID))); len(api) != len(rows) {
			t.Errorf("API CSV has %d rows", len(api))
		}
	})
}

package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The database holds the bounds of migration 00007 itself, as CHECK
// constraints on PostgreSQL and triggers on SQLite: a write that skips the
// domain's checks is refused alike on both, as invalid input (not a 500),
// and changes nothing. The last allowed value is stored.
func TestDatabaseRefusesValuesOutOfBoundsOnBothDialects(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		n := storetest.NewNeighbours(t, db, storetest.NeighbourOptions{})
		a := storetest.NewAcademy(t, db, "b-")
		town := n.Municipalities[0]
		text := func(n int) any { return strings.Repeat("ä", n) }
		for _, c := range []struct {
			table, column string
			id            int64
			last, over    any
		}{
			{"municipalities", "name", town.ID, text(200), text(201)},
			{"municipalities", "population", town.ID, 10_000_000, 10_000_001},
			{"departments", "name", town.Departments[0].ID, text(200), text(201)},
			{"users", "name", n.Staff[town.ID][0].ID, text(200), text(201)},
			{"users", "staff_number", n.Staff[town.ID][0].ID, text(40), text(41)},
			{"topics", "name", n.Topic.ID, text(200), text(201)},
			{"rounds", "name", n.Round.ID, text(200), text(201)},
			{"rounds", "cost_cents", n.Round.ID, wachsam.MaxCostCents, int64(1) << 62},
			{"rounds", "cost_cents", n.Round.ID, 0, -1},
			{"rounds", "cancellation_lead_minutes", n.Round.ID, wachsam.MaxLeadMinutes, wachsam.MaxLeadMinutes + 1},
			{"course_sessions", "location", n.Round.Sessions[0].ID, text(300), text(301)},
			{"course_sessions", "capacity", n.Round.Sessions[0].ID, 10_000, 10_001},
			{"exam_seminars", "title", a.Seminar.ID, text(200), text(201)},
			{"exam_seminars", "exam_fee_cents", a.Seminar.ID, wachsam.MaxFeeCents, wachsam.MaxFeeCents + 1},
			{"exam_components", "code", a.ISM.ID, text(40), text(41)},
		} {
			update := func(v any) error {
				_, err := db.NewRaw("UPDATE ? SET ? = ? WHERE id = ?", bun.Ident(c.table), bun.Ident(c.column), v, c.id).Exec(ctx)
				return err
			}
			if err := update(c.last); err != nil {
				t.Errorf("%s.%s: the last allowed value was refused: %v", c.table, c.column, err)
			}
			err := update(c.over)
			if err == nil {
				t.Errorf("%s.%s: a value out of bounds was stored", c.table, c.column)
				continue
			}
			if code := wachsam.ErrorCodeOf(store.Translate(err)); code != wachsam.EINVALID {
				t.Errorf("%s.%s: refused as %s, want invalid: %v", c.table, c.column, code, err)
			}
			var stored int
			if err := db.NewRaw("SELECT count(*) FROM ? WHERE id = ? AND ? = ?", bun.Ident(c.table), c.id, bun.Ident(c.column), c.last).Scan(ctx, &stored); err != nil || stored != 1 {
				t.Errorf("%s.%s: the refused update changed the row (%d, %v)", c.table, c.column, stored, err)
			}
		}
	})
}

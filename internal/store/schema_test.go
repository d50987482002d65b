package store_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// columns lists every table of the application schema with its columns, as
// the database itself reports them.
func columns(t *testing.T, db *store.DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	var rows []struct {
		Table  string `bun:"table_name"`
		Column string `bun:"column_name"`
	}
	var err error
	switch db.Dialect {
	case store.Postgres:
		err = db.NewRaw(`SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`).Scan(ctx, &rows)
	case store.SQLite:
		err = db.NewRaw(`SELECT m.name AS table_name, p.name AS column_name
			FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'`).Scan(ctx, &rows)
	}
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.Table] = append(out[r.Table], r.Column)
	}
	for k := range out {
		slices.Sort(out[k])
	}
	return out
}

// DESIGN.md §2: both dialects' migrations produce the same tables and columns.
func TestMigrationsProduceSameSchemaOnBothDialects(t *testing.T) {
	lite := columns(t, storetest.OpenSQLite(t))
	pg := columns(t, storetest.OpenPostgres(t))
	if len(lite) < 10 {
		t.Fatalf("SQLite schema has only %d tables", len(lite))
	}
	for _, table := range slices.Sorted(maps.Keys(lite)) {
		if !slices.Equal(lite[table], pg[table]) {
			t.Errorf("table %s:\n sqlite   %v\n postgres %v", table, lite[table], pg[table])
		}
	}
	for table := range pg {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s exists only on PostgreSQL", table)
		}
	}
}

func TestMigrateTwiceIsHarmless(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}

package main

import (
	"context"
	"fmt"

	"github.com/wachsam/wachsam/internal/store"
)

// runMigrate brings the schema up to date; `serve` does the same at start,
// but operators may want to migrate before rolling out new instances.
func runMigrate(ctx context.Context, args []string, s streams) int {
	cfg, _, err := parseConfig("migrate", args, s, nil)
	if err != nil {
		return fail(s, err)
	}
	db, err := store.Open(ctx, cfg.database) // Open migrates
	if err != nil {
		return fail(s, err)
	}
	defer db.Close()
	fmt.Fprintf(s.out, "Datenbankschema ist auf dem neuesten Stand (%s).\n", cfg.database.Dialect)
	return 0
}

package http_test

import (
	"context"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// academy builds the world of seeds/004 (one seminar, its canon, examiners,
// the board and three admitted candidates, see storetest.NewAcademy) and
// gives every account in it the test password. prefix tells a second
// academy's accounts apart.
func (h *harness) academy(prefix string) *storetest.Academy {
	h.t.Helper()
	a := storetest.NewAcademy(h.t, h.db, prefix)
	hash, err := h.accounts.Hasher.Hash(context.Background(), testPassword)
	if err != nil {
		h.t.Fatal(err)
	}
	users := append([]*wachsam.User{a.Chair, a.Office}, a.Examiners...)
	users = append(users, a.Board...)
	users = append(users, a.Users...)
	for _, u := range users {
		if err := h.db.SetPassword(context.Background(), wachsam.SystemActor("test"), u.ID, hash, 0); err != nil {
			h.t.Fatal(err)
		}
	}
	return a
}

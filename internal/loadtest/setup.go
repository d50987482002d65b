// Package loadtest measures the booking path over HTTP (issue 16): it sets
// up a town with N members of staff through the API of a running wachsam,
// lets them book in rushes (spread over many sessions, or all on one) with
// a chosen number of concurrent clients, and reports bookings per second
// with the 50th and 99th percentile of the answer time. It also writes
// pgbench scripts with the minimal booking transaction on the same rows,
// so that bench/booking.sh can put the two side by side.
package loadtest

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
)

// Store is what the setup writes directly (satisfied by *store.DB).
type Store interface {
	CreateMunicipality(ctx context.Context, actor wachsam.Actor, m *wachsam.Municipality) error
	CreateUser(ctx context.Context, actor wachsam.Actor, u *wachsam.User) error
	CreateSession(ctx context.Context, s *wachsam.Session) error
	User(ctx context.Context, id int64) (*wachsam.User, error)
}

// NewToken makes a session token and the hash under which the store keeps
// it (auth.NewToken and auth.HashToken).
type NewToken func() (token, hash string)

// Departments is how many departments the staff are spread over.
const Departments = 10

// World is what the setup made: the coordinator's cookie, the staff with
// their cookies, and the town.
type World struct {
	MunicipalityID int64
	Coordinator    string // session token
	Staff          []Person
	tag            string // makes names of this run unique
}

// Person is a member of staff who books, signed in by Token.
type Person struct {
	ID           int64
	Token        string
	DepartmentID int64
}

// Setup creates a municipality and its coordinator in the database (the
// only accounts an operator would create with "wachsam user create"), then
// imports n members of staff through the API as the coordinator. Signing
// 1,000 people in through the sign-in page would measure argon2id, not
// booking, so their sessions are written into the database directly, as
// the sign-in would write them.
func Setup(ctx context.Context, db Store, newToken NewToken, c *Client, n int) (*World, error) {
	tag := randomTag()
	actor := wachsam.SystemActor("loadtest")
	m := &wachsam.Municipality{Name: "Lastheim " + tag, AGS: agsOf(tag), Population: 10 * n}
	if err := db.CreateMunicipality(ctx, actor, m); err != nil {
		return nil, fmt.Errorf("Gemeinde anlegen: %w", err)
	}
	coord := &wachsam.User{Email: "koordination-" + tag + "@lastheim.example", Name: "Koordination Lastheim",
		MunicipalityID: &m.ID, PasswordHash: "!", Roles: []wachsam.Role{wachsam.RoleCoordinator}}
	if err := db.CreateUser(ctx, actor, coord); err != nil {
		return nil, fmt.Errorf("Koordination anlegen: %w", err)
	}
	w := &World{MunicipalityID: m.ID, tag: tag}
	var err error
	if w.Coordinator, err = signIn(ctx, db, newToken, coord.ID); err != nil {
		return nil, err
	}
	var csv strings.Builder
	csv.WriteString("E-Mail;Name;Abteilung\n")
	for i := range n {
		fmt.Fprintf(&csv, "person%d-%s@lastheim.example;Person %d;Abteilung %d\n", i+1, tag, i+1, i%Departments+1)
	}
	if err := c.Do(ctx, w.Coordinator, "POST", "/api/v1/staff/import", "text/csv", csv.String(), 200, nil); err != nil {
		return nil, fmt.Errorf("Beschäftigte importieren: %w", err)
	}
	var staff []struct {
		ID int64 `json:"id"`
	}
	if err := c.Do(ctx, w.Coordinator, "GET", "/api/v1/staff", "", "", 200, &staff); err != nil {
		return nil, fmt.Errorf("Beschäftigte lesen: %w", err)
	}
	if len(staff) != n {
		return nil, fmt.Errorf("%d Beschäftigte importiert, %d erwartet", len(staff), n)
	}
	for _, s := range staff {
		u, err := db.User(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		tok, err := signIn(ctx, db, newToken, s.ID)
		if err != nil {
			return nil, err
		}
		w.Staff = append(w.Staff, Person{ID: s.ID, Token: tok, DepartmentID: *u.DepartmentID})
	}
	slices.SortFunc(w.Staff, func(a, b Person) int { return cmp.Compare(a.ID, b.ID) })
	return w, nil
}

// signIn writes a session for the account as the sign-in page does and
// returns its token.
func signIn(ctx context.Context, db Store, newToken NewToken, userID int64) (string, error) {
	tok, hash := newToken()
	s := &wachsam.Session{TokenHash: hash, UserID: userID, MFAVerified: true,
		ExpiresAt: time.Now().Add(12 * time.Hour).UTC()}
	if err := db.CreateSession(ctx, s); err != nil {
		return "", fmt.Errorf("Sitzung anlegen: %w", err)
	}
	return tok, nil
}

func randomTag() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// agsOf makes an eight-digit municipality key from the run's tag.
func agsOf(tag string) string {
	var n uint64
	for _, c := range tag {
		n = n*31 + uint64(c)
	}
	return fmt.Sprintf("09%06d", n%1000000)
}

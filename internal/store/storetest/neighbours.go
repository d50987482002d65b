package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
)

// Neighbours is a test world of seeds/003: three neighbouring town halls
// share one round of awareness sessions.
type Neighbours struct {
	Municipalities []wachsam.Municipality // each with the departments "Bürgerbüro" and "Bauamt"
	// Staff lists each municipality's staff, by municipality ID.
	Staff        map[int64][]*wachsam.User
	Coordinators map[int64]*wachsam.User
	Trainer      *wachsam.User
	Topic        courses.Topic
	Round        courses.Round
}

// NeighbourOptions shape the world; zero values take the defaults.
type NeighbourOptions struct {
	StaffPerDepartment int               // default 3
	Sessions           int               // default 3, one per town hall, a week apart from Start
	Capacity           int               // default 10
	Mode               courses.RoundMode // default booking
	Policy             courses.RoundPolicy
	Start              time.Time // first session; default 2026-12-01 09:00 Berlin
	Draft              bool      // leave the round a draft
}

// NewNeighbours builds the world in db. The password hashes are not valid
// argon2id hashes: tests that sign in set their own.
func NewNeighbours(t testing.TB, db *store.DB, opt NeighbourOptions) *Neighbours {
	t.Helper()
	return NewNeighboursIn(t, db, "", opt)
}

// NewNeighboursIn builds a second, separate group of towns whose names and
// addresses start with prefix, for tests of what one group must not see of
// another.
func NewNeighboursIn(t testing.TB, db *store.DB, prefix string, opt NeighbourOptions) *Neighbours {
	t.Helper()
	state := 8
	if prefix != "" {
		state = 9
	}
	ctx := context.Background()
	if opt.StaffPerDepartment == 0 {
		opt.StaffPerDepartment = 3
	}
	if opt.Sessions == 0 {
		opt.Sessions = 3
	}
	if opt.Capacity == 0 {
		opt.Capacity = 10
	}
	if opt.Mode == "" {
		opt.Mode = courses.ModeBooking
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	if opt.Start.IsZero() {
		opt.Start = time.Date(2026, 12, 1, 9, 0, 0, 0, berlin)
	}
	admin := wachsam.SystemActor("test")
	n := &Neighbours{Staff: map[int64][]*wachsam.User{}, Coordinators: map[int64]*wachsam.User{}}
	for i, name := range []string{"Lindenbach", "Eichhausen", "Buchenried"} {
		name = prefix + name
		m := &wachsam.Municipality{Name: name, AGS: fmt.Sprintf("%02d425%03d", state, i+1), Population: 5000 * (i + 1),
			Departments: []wachsam.Department{{Name: "Bürgerbüro"}, {Name: "Bauamt"}}}
		must(t, db.CreateMunicipality(ctx, admin, m))
		n.Municipalities = append(n.Municipalities, *m)
		n.Coordinators[m.ID] = newUser(t, db, fmt.Sprintf("koordination@%s.example", lower(name)), "Koordination "+name, &m.ID, nil, wachsam.RoleCoordinator)
		for _, d := range m.Departments {
			for k := range opt.StaffPerDepartment {
				email := fmt.Sprintf("person%d.d%d@%s.example", k+1, d.ID, lower(name))
				u := newUser(t, db, email, fmt.Sprintf("Person %d %s %s", k+1, d.Name, name), &m.ID, &d.ID, wachsam.RoleStaff)
				n.Staff[m.ID] = append(n.Staff[m.ID], u)
			}
		}
	}
	n.Trainer = newUser(t, db, lower(prefix)+"trainerin@example.org", "Tanja Trainerin", nil, nil, wachsam.RoleTrainer)
	n.Topic = courses.Topic{Name: prefix + "Informationssicherheit im Rathaus", ValidityMonths: 12, RemindDays: 30}
	must(t, db.CreateTopic(ctx, admin, &n.Topic))
	r := courses.Round{Name: "Sensibilisierung 2026", Topic: n.Topic, Mode: opt.Mode, Policy: opt.Policy,
		CreatedBy: n.Municipalities[0].ID}
	for k := range opt.Sessions {
		host := n.Municipalities[k%len(n.Municipalities)]
		start := opt.Start.AddDate(0, 0, 7*k)
		r.Sessions = append(r.Sessions, courses.Session{
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Days: []wachsam.Date{wachsam.DateIn(start, berlin)},
			Capacity: opt.Capacity, HostMunicipalityID: host.ID, Location: "Rathaus " + host.Name + ", Sitzungssaal",
			TrainerID: n.Trainer.ID,
		})
	}
	for _, m := range n.Municipalities[1:] {
		r.Municipalities = append(r.Municipalities, m.ID)
	}
	must(t, db.CreateRound(ctx, admin, &r))
	if !opt.Draft {
		next := courses.StatusOpen
		if opt.Mode == courses.ModeAllocation {
			next = courses.StatusCollecting
		}
		must(t, db.SetRoundStatus(ctx, admin, r.CreatedBy, r.ID, next))
	}
	n.Round, err = db.Round(ctx, r.ID)
	must(t, err)
	return n
}

func newUser(t testing.TB, db *store.DB, email, name string, municipality, department *int64, role wachsam.Role) *wachsam.User {
	t.Helper()
	u := &wachsam.User{Email: email, Name: name, MunicipalityID: municipality, DepartmentID: department,
		PasswordHash: "not-a-hash", Roles: []wachsam.Role{role}}
	must(t, db.CreateUser(context.Background(), wachsam.SystemActor("test"), u))
	return u
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

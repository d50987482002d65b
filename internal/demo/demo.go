// Package demo loads the demonstration dataset of `wachsam serve --demo`: a
// municipal IT association's three neighbouring municipalities (seeds/003),
// each with its official key, population, departments and a few dozen
// staff, and one account for every role.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Password is the password of every demo account; it is printed at start.
const Password = "wachsam-demo-2026"

// Store is what the loader writes to (internal/store implements it).
type Store interface {
	CountUsers(ctx context.Context) (int, error)
	CreateMunicipality(ctx context.Context, actor wachsam.Actor, m *wachsam.Municipality) error
	CreateUser(ctx context.Context, actor wachsam.Actor, u *wachsam.User) error
	CreateTopic(ctx context.Context, actor wachsam.Actor, t *courses.Topic) error
	CreateRound(ctx context.Context, actor wachsam.Actor, r *courses.Round) error
	SetRoundStatus(ctx context.Context, actor wachsam.Actor, municipalityID, roundID int64, next courses.RoundStatus) error
	Book(ctx context.Context, actor wachsam.Actor, userID, sessionID int64) (courses.BookingView, error)
	BookOnBehalf(ctx context.Context, o courses.OnBehalf, userID, sessionID int64) (courses.BookingView, error)
	ExamStore
	EvidenceStore
	CompletionStore
}

// Login is one demo account to print.
type Login struct {
	Email string
	Role  wachsam.Role
	Note  string
}

type town struct {
	name, ags  string
	population int
	staff      int
}

// The towns are invented, with keys in the format of Alb-Donau-Kreis
// (08425…), so no real municipality is misrepresented.
func towns() []town {
	return []town{
		{"Stadt Lindenbach", "08425101", 11840, 36},
		{"Gemeinde Eichhausen", "08425102", 6215, 27},
		{"Gemeinde Buchenried", "08425103", 3480, 21},
	}
}

func departments() []string {
	return []string{"Hauptamt", "Bürgerbüro", "Kämmerei", "Bauamt", "Ordnungsamt", "IT und Organisation"}
}

func givenNames() []string {
	return []string{"Anna", "Jonas", "Lea", "Lukas", "Marie", "Felix", "Sophie", "Paul", "Emma", "Tim",
		"Hannah", "Max", "Laura", "Jan", "Julia", "Moritz", "Katrin", "Stefan", "Sabine", "Thomas", "Petra", "Andreas", "Monika", "Ömer", "Zeynep"}
}

func familyNames() []string {
	return []string{"Müller", "Schmid", "Maier", "Weber", "Fischer", "Wagner", "Becker", "Hofmann", "Schäfer", "Koch",
		"Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Yılmaz", "Kovač"}
}

// Load fills an empty database and returns the logins to print. A database
// that already has accounts is left as it is, so a restart keeps changes.
func Load(ctx context.Context, st Store, passwordHash string, now time.Time) ([]Login, bool, error) {
	n, err := st.CountUsers(ctx)
	if err != nil {
		return nil, false, err
	}
	if n > 0 {
		return Logins(), false, nil
	}
	actor := wachsam.SystemActor("demo")
	var first []*wachsam.Municipality
	staff := map[int64][]*wachsam.User{}
	for ti, t := range towns() {
		m := &wachsam.Municipality{Name: t.name, AGS: t.ags, Population: t.population}
		for _, d := range departments() {
			m.Departments = append(m.Departments, wachsam.Department{Name: d})
		}
		if err := st.CreateMunicipality(ctx, actor, m); err != nil {
			return nil, false, fmt.Errorf("Demogemeinde %s: %w", t.name, err)
		}
		first = append(first, m)
		for i := range t.staff {
			given := givenNames()[(i*7+ti*3)%len(givenNames())]
			family := familyNames()[(i*5+ti*11)%len(familyNames())]
			dep := m.Departments[i%len(m.Departments)]
			u := &wachsam.User{
				Email: fmt.Sprintf("mitarbeiter%02d@%s.demo.wachsam.de", i+1, t.ags), Name: given + " " + family,
				MunicipalityID: &m.ID, DepartmentID: &dep.ID, PasswordHash: passwordHash, Roles: []wachsam.Role{wachsam.RoleStaff},
			}
			if err := st.CreateUser(ctx, actor, u); err != nil {
				return nil, false, err
			}
			staff[m.ID] = append(staff[m.ID], u)
		}
	}
	home := &first[0].ID
	var trainerID int64
	accounts := map[wachsam.Role]*wachsam.User{}
	for _, l := range Logins() {
		u := &wachsam.User{Email: l.Email, Name: demoName(l.Role), PasswordHash: passwordHash, Roles: []wachsam.Role{l.Role}}
		if l.Role.NeedsMunicipality() || l.Role == wachsam.RoleTrainer {
			u.MunicipalityID = home
		}
		if l.Role == wachsam.RoleStaff {
			// Quotas count by department: staff always belong to one.
			u.DepartmentID = &first[0].Departments[0].ID
		}
		if l.Role == wachsam.RoleDepartmentHead {
			// Heads the Hauptamt, Berta's department, and trains in it too.
			u.Roles = []wachsam.Role{wachsam.RoleStaff, wachsam.RoleDepartmentHead}
			u.DepartmentID = &first[0].Departments[0].ID
			u.HeadOfDepartmentID = u.DepartmentID
		}
		if err := st.CreateUser(ctx, actor, u); err != nil {
			return nil, false, err
		}
		if l.Role == wachsam.RoleTrainer {
			trainerID = u.ID
		}
		accounts[l.Role] = u
	}
	round, err := loadRound(ctx, st, first, staff, trainerID, now)
	if err != nil {
		return nil, false, fmt.Errorf("Demo-Schulungsrunde: %w", err)
	}
	if err := loadBookings(ctx, st, round, accounts, staff[first[0].ID]); err != nil {
		return nil, false, fmt.Errorf("Demo-Buchungen: %w", err)
	}
	if err := loadCompletion(ctx, st, round, accounts, staff[first[0].ID], now); err != nil {
		return nil, false, fmt.Errorf("Demo-Teilnahme: %w", err)
	}
	if err := loadEvidence(ctx, st, first, now); err != nil {
		return nil, false, fmt.Errorf("Demo-Schulungskonzepte: %w", err)
	}
	if err := loadAcademy(ctx, st, accounts, passwordHash, now); err != nil {
		return nil, false, fmt.Errorf("Demo-Prüfung: %w", err)
	}
	return Logins(), true, nil
}

// Logins lists one account for every role.
func Logins() []Login {
	var out []Login
	for _, r := range wachsam.Roles() {
		note := ""
		if r.Privileged() {
			note = "Zwei-Faktor-Einrichtung bei der ersten Anmeldung"
		}
		out = append(out, Login{Email: string(r) + "@demo.wachsam.de", Role: r, Note: note})
	}
	return out
}

func demoName(r wachsam.Role) string {
	switch r {
	case wachsam.RoleAdmin:
		return "Alex Admin"
	case wachsam.RoleCoordinator:
		return "Carla Koordinatorin"
	case wachsam.RoleDepartmentHead:
		return "Dora Abteilungsleiterin"
	case wachsam.RoleTrainer:
		return "Tobias Trainer"
	case wachsam.RoleStaff:
		return "Berta Beschäftigte"
	case wachsam.RoleCandidate:
		return "Paula Prüfling"
	case wachsam.RoleExaminer:
		return "Peter Prüfer"
	case wachsam.RoleBoard:
		return "Anja Ausschuss"
	case wachsam.RoleBoardChair:
		return "Prof. Dr. Vera Vorsitz"
	case wachsam.RoleExamOffice:
		return "Pia Prüfungsamt"
	}
	return string(r)
}

// loadRound sets up the practice of seeds/003: the three town halls share
// one round, each hosts one session, and a few people have booked already.
// The sessions lie two to five weeks after now, so they can be booked.
func loadRound(ctx context.Context, st Store, towns []*wachsam.Municipality, staff map[int64][]*wachsam.User, trainerID int64, now time.Time) (*courses.Round, error) {
	actor := wachsam.SystemActor("demo")
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return nil, err
	}
	topic := &courses.Topic{Name: "Informationssicherheit im Rathaus", ValidityMonths: 12, RemindDays: 30}
	if err := st.CreateTopic(ctx, actor, topic); err != nil {
		return nil, err
	}
	r := &courses.Round{Name: "Sensibilisierung Winter " + now.In(berlin).Format("2006"), Topic: *topic, Mode: courses.ModeBooking,
		CreatedBy: towns[0].ID, CostCents: 180000, CostBasis: courses.CostByPopulation,
		Policy: courses.RoundPolicy{CancellationLead: 48 * time.Hour}}
	// Sessions on Tuesdays, from the second week on: a town hall trains
	// on a working day.
	day := now.In(berlin).AddDate(0, 0, 14)
	day = day.AddDate(0, 0, (int(time.Tuesday)-int(day.Weekday())+7)%7)
	for k, host := range towns {
		d := time.Date(day.Year(), day.Month(), day.Day()+7*k, 9, 0, 0, 0, berlin)
		r.Municipalities = append(r.Municipalities, host.ID)
		r.Sessions = append(r.Sessions, courses.Session{
			StartsAt: d, EndsAt: d.Add(3 * time.Hour), Days: []wachsam.Date{wachsam.DateIn(d, berlin)}, Capacity: 12,
			HostMunicipalityID: host.ID, Location: host.Name + ", Sitzungssaal im Rathaus", TrainerID: trainerID,
		})
	}
	online := time.Date(day.Year(), day.Month(), day.Day()+23, 14, 0, 0, 0, berlin) // a Thursday
	r.Sessions = append(r.Sessions, courses.Session{StartsAt: online, EndsAt: online.Add(2 * time.Hour),
		Days: []wachsam.Date{wachsam.DateIn(online, berlin)}, Capacity: 20, Online: true,
		Location: "Videokonferenz", JoinURL: "https://konferenz.demo.wachsam.de/sensibilisierung", TrainerID: trainerID})
	if err := st.CreateRound(ctx, actor, r); err != nil {
		return nil, err
	}
	if err := st.SetRoundStatus(ctx, actor, towns[0].ID, r.ID, courses.StatusOpen); err != nil {
		return nil, err
	}
	// Each town sends a few people to the session in its own town hall.
	for k, town := range towns {
		for _, u := range staff[town.ID][:4] {
			if _, err := st.Book(ctx, wachsam.UserActor(u), u.ID, r.Sessions[k].ID); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// loadBookings shows the status page and acting on behalf: the demo
// member of staff has booked the online session (its join link appears on
// "Mein Schulungsstand"), and the coordinator has booked a colleague who
// was ill when the list went round, with the reason in the audit log.
func loadBookings(ctx context.Context, st Store, r *courses.Round, accounts map[wachsam.Role]*wachsam.User, home []*wachsam.User) error {
	me := accounts[wachsam.RoleStaff]
	online := r.Sessions[len(r.Sessions)-1].ID
	if _, err := st.Book(ctx, wachsam.UserActor(me), me.ID, online); err != nil {
		return err
	}
	coordinator := accounts[wachsam.RoleCoordinator]
	o := courses.OnBehalf{Actor: wachsam.UserActor(coordinator), MunicipalityID: *coordinator.MunicipalityID,
		Reason: "war bei der Anmeldung erkrankt; Anmeldung durch die Koordination"}
	_, err := st.BookOnBehalf(ctx, o, home[4].ID, online)
	return err
}

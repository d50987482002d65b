// Package demo loads the demonstration dataset of `wachsam serve --demo`: a
// municipal IT association's three neighbouring municipalities (seeds/003),
// each with its official key, population, departments and a few dozen
// staff, and one account for every role.
package demo

import (
	"context"
	"fmt"

	"github.com/wachsam/wachsam"
)

// Password is the password of every demo account; it is printed at start.
const Password = "wachsam-demo-2026"

// Store is what the loader writes to (internal/store implements it).
type Store interface {
	CountUsers(ctx context.Context) (int, error)
	CreateMunicipality(ctx context.Context, actor wachsam.Actor, m *wachsam.Municipality) error
	CreateUser(ctx context.Context, actor wachsam.Actor, u *wachsam.User) error
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
func Load(ctx context.Context, st Store, passwordHash string) ([]Login, bool, error) {
	n, err := st.CountUsers(ctx)
	if err != nil {
		return nil, false, err
	}
	if n > 0 {
		return Logins(), false, nil
	}
	actor := wachsam.SystemActor("demo")
	var first []*wachsam.Municipality
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
		}
	}
	home := &first[0].ID
	for _, l := range Logins() {
		u := &wachsam.User{Email: l.Email, Name: demoName(l.Role), PasswordHash: passwordHash, Roles: []wachsam.Role{l.Role}}
		if l.Role.NeedsMunicipality() || l.Role == wachsam.RoleTrainer {
			u.MunicipalityID = home
		}
		if err := st.CreateUser(ctx, actor, u); err != nil {
			return nil, false, err
		}
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
	}
	return string(r)
}

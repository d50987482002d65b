package wachsam

import (
	"strings"
	"time"
	"unicode"
)

// Municipality is a tenant: a town or municipality identified by its
// official key (Amtlicher Gemeindeschlüssel, AGS).
type Municipality struct {
	ID         int64     `bun:"id,pk,autoincrement"`
	Name       string    `bun:"name,notnull"`
	AGS        string    `bun:"ags,notnull"`
	Population int       `bun:"population,notnull"`
	CreatedAt  time.Time `bun:"created_at,notnull"`
	UpdatedAt  time.Time `bun:"updated_at,notnull"`

	Departments []Department `bun:"-"`
}

// Department is an office within a municipality (Bürgerbüro, Kämmerei, …).
type Department struct {
	ID             int64     `bun:"id,pk,autoincrement"`
	MunicipalityID int64     `bun:"municipality_id,notnull"`
	Name           string    `bun:"name,notnull"`
	CreatedAt      time.Time `bun:"created_at,notnull"`
}

// Validate checks the fields a person types in and normalises them.
func (m *Municipality) Validate() error {
	m.Name = strings.TrimSpace(m.Name)
	m.AGS = strings.TrimSpace(m.AGS)
	if m.Name == "" {
		return FieldError("name", "Bitte geben Sie den Namen der Gemeinde an.")
	}
	if err := CheckLine("name", "Name", m.Name, MaxNameLen); err != nil {
		return err
	}
	for i := range m.Departments {
		if err := CheckLine("departments", "Abteilung", strings.TrimSpace(m.Departments[i].Name), MaxNameLen); err != nil {
			return err
		}
	}
	if err := ValidateAGS(m.AGS); err != nil {
		return err
	}
	if m.Population < 0 || m.Population > 10_000_000 {
		return FieldError("population", "Die Einwohnerzahl muss zwischen 0 und 10.000.000 liegen.")
	}
	return nil
}

// ValidateAGS checks an official municipality key: eight digits, the first
// two a federal state (01–16).
func ValidateAGS(ags string) error {
	if len(ags) != 8 || strings.IndexFunc(ags, func(r rune) bool { return !unicode.IsDigit(r) }) >= 0 {
		return FieldError("ags", "Der Amtliche Gemeindeschlüssel hat genau acht Ziffern, z. B. 08425001.")
	}
	if state := ags[:2]; state < "01" || state > "16" {
		return FieldError("ags", "Der Amtliche Gemeindeschlüssel beginnt mit der Nummer eines Bundeslandes (01 bis 16).")
	}
	return nil
}

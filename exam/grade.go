package exam

import (
	"fmt"
	"slices"
)

// Grade is a grade in integer tenths: 13 is 1,3. Integer tenths keep all
// grade arithmetic exact (DESIGN.md §2: never floating point).
type Grade int

// The grades of §5(2), best to worst.
const (
	Grade10 Grade = 10
	Grade13 Grade = 13
	Grade17 Grade = 17
	Grade20 Grade = 20
	Grade23 Grade = 23
	Grade27 Grade = 27
	Grade30 Grade = 30
	Grade33 Grade = 33
	Grade37 Grade = 37
	Grade40 Grade = 40
	Grade50 Grade = 50
)

// StandardScale returns the grade scale of §5(2), best (lowest) first. It is
// a function, not a variable, so no caller can change the scale of another.
func StandardScale() []Grade {
	return []Grade{Grade10, Grade13, Grade17, Grade20, Grade23, Grade27, Grade30, Grade33, Grade37, Grade40, Grade50}
}

// OnScale reports whether g is one of the grades of scale.
func OnScale(g Grade, scale []Grade) bool { return slices.Contains(scale, g) }

// String formats the grade the German way: "1,7".
func (g Grade) String() string {
	if g < 0 {
		return fmt.Sprintf("-%d,%d", -g/10, -g%10)
	}
	return fmt.Sprintf("%d,%d", g/10, g%10)
}

// Word returns the German grade word of §5(2) for a grade of the standard
// scale, or "" for any other value.
func (g Grade) Word() string {
	switch g {
	case Grade10, Grade13:
		return "sehr gut"
	case Grade17, Grade20, Grade23:
		return "gut"
	case Grade27, Grade30, Grade33:
		return "befriedigend"
	case Grade37, Grade40:
		return "ausreichend"
	case Grade50:
		return "nicht ausreichend"
	}
	return ""
}

// MarshalText writes the German form, so a Grade in JSON reads "1,7".
func (g Grade) MarshalText() ([]byte, error) { return []byte(g.String()), nil }

// parseTenths reads the only grade format the file accepts: one digit, a
// comma, one digit ("1,3"). Strings, not JSON numbers, so that no grade ever
// passes through a float; the German comma, so that the file reads like the
// certificate. It does not check the scale.
func parseTenths(s string) (Grade, error) {
	if len(s) != 3 || s[1] != ',' || !isDigit(s[0]) || !isDigit(s[2]) {
		return 0, fmt.Errorf("%q ist keine Note im Format \"1,3\"", s)
	}
	return Grade(int(s[0]-'0')*10 + int(s[2]-'0')), nil
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// ParseGrade reads a grade like "1,3" and accepts only the grades of §5(2).
func ParseGrade(s string) (Grade, error) {
	g, err := parseTenths(s)
	if err != nil {
		return 0, err
	}
	if !OnScale(g, StandardScale()) {
		return 0, fmt.Errorf("%s ist keine Note der Skala nach §5(2)", g)
	}
	return g, nil
}

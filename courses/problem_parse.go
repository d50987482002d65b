package courses

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wachsam/wachsam"
)

// The file types mirror the JSON of ../shared/contracts/allocation.md.
// Every object is decoded on its own, strictly, so that an error can name the
// exact element (people[12].capacity) rather than only the field name the
// json package reports. Required values are pointers or raw messages, so
// that "missing" differs from "zero".
type problemFile struct {
	Policy   json.RawMessage   `json:"policy"`
	Sessions []json.RawMessage `json:"sessions"`
	People   []json.RawMessage `json:"people"`
}

type policyFile struct {
	MunicipalityShare json.RawMessage   `json:"municipality_share"`
	DepartmentShare   json.RawMessage   `json:"department_share"`
	RankCosts         []json.RawMessage `json:"rank_costs"`
}

type sessionFile struct {
	ID       *string         `json:"id"`
	Capacity json.RawMessage `json:"capacity"`
	StartsAt *string         `json:"starts_at"`
	Host     *string         `json:"host"`
}

type personFile struct {
	ID           *string           `json:"id"`
	Municipality *string           `json:"municipality"`
	Department   *string           `json:"department"`
	Preferences  []json.RawMessage `json:"preferences"`
}

// ParseProblem reads an allocation problem file in the format of
// ../shared/contracts/allocation.md and validates it. Unknown fields, values
// of the wrong type, missing required values and every rule of
// Problem.Validate are rejected with a *wachsam.Error (code EINVALID) whose
// Field is the JSON path of the offending value, e.g. people[12].preferences[2].
//
// Required: sessions, people, and in them id and capacity of a session and
// id, municipality and department of a person. Optional: the whole policy,
// starts_at and host, and preferences (missing means "none").
func ParseProblem(r io.Reader) (Problem, error) {
	text, err := readProblemText(r)
	if err != nil {
		return Problem{}, fmt.Errorf("reading allocation problem: %w", err)
	}
	if p, ok, err := scanPlainProblem(text); ok {
		return p, err
	}
	data := []byte(text)
	if p, ok, err := parseWellFormedProblem(data); ok {
		return p, err
	}
	return parseProblemByElement(data)
}

// readProblemText reads the whole file as one string, which the scanner
// slices into the problem's strings. A regular file is read into a buffer
// of its size at once: io.ReadAll's doubling left about twice the file's
// size in discarded buffers, and the allocator command runs small files
// without garbage collection; a strings.Builder spares the copy from bytes
// to string.
func readProblemText(r io.Reader) (string, error) {
	var text strings.Builder
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() < 1<<30 {
			text.Grow(int(info.Size()))
		}
	}
	_, err := io.Copy(&text, r)
	return text.String(), err
}

// parseProblemByElement decodes the file element by element, so that any
// error names its exact JSON path.
func parseProblemByElement(data []byte) (Problem, error) {
	var file problemFile
	if err := decodeStrict(data, &file, ""); err != nil {
		return Problem{}, err
	}
	if file.Sessions == nil {
		return Problem{}, missing("sessions")
	}
	if file.People == nil {
		return Problem{}, missing("people")
	}
	var p Problem
	var err error
	if p.Policy, err = parsePolicy(file.Policy); err != nil {
		return Problem{}, err
	}
	p.Sessions = make([]AllocationSession, len(file.Sessions))
	for i, raw := range file.Sessions {
		if p.Sessions[i], err = parseSession(raw, fmt.Sprintf("sessions[%d]", i)); err != nil {
			return Problem{}, err
		}
	}
	p.People = make([]Applicant, len(file.People))
	for i, raw := range file.People {
		if p.People[i], err = parsePerson(raw, fmt.Sprintf("people[%d]", i)); err != nil {
			return Problem{}, err
		}
	}
	if err := p.Validate(); err != nil {
		return Problem{}, err
	}
	return p, nil
}

// wellFormedProblemFile is problemFile for a file whose people are all
// well-formed: they decode in the same pass as the file, without a JSON path
// per value. A null preference stays nil.
type wellFormedProblemFile struct {
	Policy   json.RawMessage   `json:"policy"`
	Sessions []json.RawMessage `json:"sessions"`
	People   []struct {
		ID           *string   `json:"id"`
		Municipality *string   `json:"municipality"`
		Department   *string   `json:"department"`
		Preferences  []*string `json:"preferences"`
	} `json:"people"`
}

// parseWellFormedProblem is the quick way through ParseProblem: the people,
// most of a file, are decoded once. It reports ok=false for anything about
// the people the element-by-element decoding would reject (unknown fields,
// wrong types, a missing value, a null preference), leaving the message with
// its exact path to that; the few sessions and the policy go through the
// same checks as there, and the whole problem through Validate.
func parseWellFormedProblem(data []byte) (p Problem, ok bool, err error) {
	var file wellFormedProblemFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if dec.Decode(&file) != nil || file.Sessions == nil || file.People == nil {
		return Problem{}, false, nil
	}
	if _, err := dec.Token(); err != io.EOF {
		return Problem{}, false, nil
	}
	p.People = make([]Applicant, len(file.People))
	for i, person := range file.People {
		if person.ID == nil || person.Municipality == nil || person.Department == nil {
			return Problem{}, false, nil
		}
		a := Applicant{ID: *person.ID, Municipality: *person.Municipality, Department: *person.Department}
		a.Preferences = make([]string, len(person.Preferences))
		for k, id := range person.Preferences {
			if id == nil {
				return Problem{}, false, nil
			}
			a.Preferences[k] = *id
		}
		p.People[i] = a
	}
	if p.Policy, err = parsePolicy(file.Policy); err != nil {
		return Problem{}, true, err
	}
	p.Sessions = make([]AllocationSession, len(file.Sessions))
	for i, raw := range file.Sessions {
		if p.Sessions[i], err = parseSession(raw, fmt.Sprintf("sessions[%d]", i)); err != nil {
			return Problem{}, true, err
		}
	}
	if err := p.Validate(); err != nil {
		return Problem{}, true, err
	}
	return p, true, nil
}

func parsePolicy(raw json.RawMessage) (AllocationPolicy, error) {
	var policy AllocationPolicy
	if isAbsent(raw) {
		return policy, nil
	}
	var file policyFile
	if err := decodeStrict(raw, &file, "policy"); err != nil {
		return policy, err
	}
	var err error
	if policy.MunicipalityShare, err = parseShare(file.MunicipalityShare, "policy.municipality_share"); err != nil {
		return policy, err
	}
	if policy.DepartmentShare, err = parseShare(file.DepartmentShare, "policy.department_share"); err != nil {
		return policy, err
	}
	if file.RankCosts != nil {
		policy.RankCosts = make([]int64, len(file.RankCosts))
		for i, c := range file.RankCosts {
			path := fmt.Sprintf("policy.rank_costs[%d]", i)
			n, err := parseInteger(c, path)
			if err != nil {
				return policy, err
			}
			policy.RankCosts[i] = n
		}
	}
	return policy, nil
}

func parseSession(raw json.RawMessage, path string) (AllocationSession, error) {
	var file sessionFile
	if err := decodeObject(raw, &file, path); err != nil {
		return AllocationSession{}, err
	}
	var s AllocationSession
	if file.ID == nil {
		return s, missing(path + ".id")
	}
	s.ID = *file.ID
	if isAbsent(file.Capacity) {
		return s, missing(path + ".capacity")
	}
	capacity, err := parseInteger(file.Capacity, path+".capacity")
	if err != nil {
		return s, err
	}
	if capacity < 0 {
		return s, wachsam.FieldError(path+".capacity", "Die Kapazität darf nicht negativ sein (%d).", capacity)
	}
	if capacity > maxCapacity {
		return s, wachsam.FieldError(path+".capacity", "Die Kapazität %d ist zu groß.", capacity)
	}
	s.Capacity = int(capacity)
	if file.StartsAt != nil {
		if s.StartsAt, err = time.Parse(time.RFC3339, *file.StartsAt); err != nil {
			return s, wachsam.FieldError(path+".starts_at", "%q ist kein Zeitpunkt nach RFC 3339 (z. B. 2027-03-02T09:00:00+01:00).", *file.StartsAt)
		}
	}
	if file.Host != nil {
		s.Host = *file.Host
	}
	return s, nil
}

func parsePerson(raw json.RawMessage, path string) (Applicant, error) {
	var file personFile
	if err := decodeObject(raw, &file, path); err != nil {
		return Applicant{}, err
	}
	var a Applicant
	for _, f := range []struct {
		value *string
		into  *string
		name  string
	}{
		{file.ID, &a.ID, "id"},
		{file.Municipality, &a.Municipality, "municipality"},
		{file.Department, &a.Department, "department"},
	} {
		if f.value == nil {
			return a, missing(path + "." + f.name)
		}
		*f.into = *f.value
	}
	a.Preferences = make([]string, len(file.Preferences))
	for k, pref := range file.Preferences {
		prefPath := fmt.Sprintf("%s.preferences[%d]", path, k)
		if isAbsent(pref) {
			return a, wachsam.FieldError(prefPath, "Erwartet wird eine Termin-ID, nicht null.")
		}
		id, err := parseString(pref, prefPath)
		if err != nil {
			return a, err
		}
		a.Preferences[k] = id
	}
	return a, nil
}

// parseString reads a JSON string. Preferences are most of a problem file,
// so the common case — no escapes, valid UTF-8 — skips the json machinery.
func parseString(raw json.RawMessage, path string) (string, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) >= 2 && trimmed[0] == '"' && trimmed[len(trimmed)-1] == '"' {
		body := trimmed[1 : len(trimmed)-1]
		// raw is already valid JSON (the outer decoder checked it), so a
		// body without escapes and with valid UTF-8 is the string itself.
		if bytes.IndexByte(body, '\\') < 0 && utf8.Valid(body) {
			return string(body), nil
		}
	}
	var s string
	if err := json.Unmarshal(trimmed, &s); err != nil {
		return "", jsonError(err, path)
	}
	return s, nil
}

// decodeObject decodes one JSON object strictly; null or a non-object is an
// error at path.
func decodeObject(raw json.RawMessage, into any, path string) error {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return wachsam.FieldError(path, "Erwartet wird ein Objekt.")
	}
	return decodeStrict(trimmed, into, path)
}

// decodeStrict decodes exactly one JSON value, refusing unknown fields and
// trailing data, and turns the json package's errors into errors at a path.
func decodeStrict(data []byte, into any, path string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		return jsonError(err, path)
	}
	if _, err := dec.Token(); err != io.EOF {
		return wachsam.FieldError(path, "Nach dem JSON-Wert folgen weitere Daten.")
	}
	return nil
}

func jsonError(err error, path string) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return wachsam.FieldError(joinPath(path, typeErr.Field), "Falscher Typ: erwartet %s, gefunden %s.", typeErr.Type, typeErr.Value)
	case errors.As(err, &syntaxErr):
		return wachsam.FieldError(path, "Kein gültiges JSON (Byte %d): %v", syntaxErr.Offset, syntaxErr)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return wachsam.FieldError(path, "Das JSON ist unvollständig.")
	}
	// The json package reports unknown fields only as text.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if unquoted, qerr := strconv.Unquote(name); qerr == nil {
			name = unquoted
		}
		return wachsam.FieldError(joinPath(path, name), "Unbekanntes Feld %q.", name)
	}
	return wachsam.FieldError(path, "Ungültiges JSON: %v", err)
}

func joinPath(path, field string) string {
	switch {
	case field == "":
		return path
	case path == "":
		return field
	}
	return path + "." + field
}

func missing(path string) error {
	return wachsam.FieldError(path, "Die Angabe fehlt.")
}

func isAbsent(raw json.RawMessage) bool {
	trimmed := bytes.TrimSpace(raw)
	return len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null"))
}

// parseInteger reads a JSON number that must be a whole number; a quoted
// number is refused, because the json package would otherwise accept it.
func parseInteger(raw json.RawMessage, path string) (int64, error) {
	literal, err := numberLiteral(raw, path)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(literal, 10, 64)
	if err != nil {
		return 0, wachsam.FieldError(path, "Erwartet wird eine ganze Zahl, gefunden %s.", literal)
	}
	return n, nil
}

// parseShare reads a share as an exact fraction: 0.34 is 34/100, not the
// nearest float, so that ceil(0.34 × 50) is 17 and never 18.
func parseShare(raw json.RawMessage, path string) (*big.Rat, error) {
	if isAbsent(raw) {
		return nil, nil
	}
	literal, err := numberLiteral(raw, path)
	if err != nil {
		return nil, err
	}
	// big.Rat would expand an exponent like 1e99999999 into a huge integer;
	// a share never needs more than a few digits of exponent.
	if i := strings.IndexAny(literal, "eE"); i >= 0 {
		if exp, err := strconv.Atoi(literal[i+1:]); err != nil || exp < -100 || exp > 100 {
			return nil, wachsam.FieldError(path, "Der Exponent in %s ist zu groß.", literal)
		}
	}
	share, ok := new(big.Rat).SetString(literal)
	if !ok {
		return nil, wachsam.FieldError(path, "Erwartet wird eine Zahl, gefunden %s.", literal)
	}
	if err := validateShare(path, share); err != nil {
		return nil, err
	}
	return share, nil
}

func numberLiteral(raw json.RawMessage, path string) (string, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] == '"' {
		return "", wachsam.FieldError(path, "Erwartet wird eine Zahl.")
	}
	var n json.Number
	if err := decodeStrict(trimmed, &n, path); err != nil {
		return "", err
	}
	if n == "" {
		return "", wachsam.FieldError(path, "Erwartet wird eine Zahl.")
	}
	return n.String(), nil
}

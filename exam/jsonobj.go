package exam

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/wachsam/wachsam"
)

// object is one JSON object of a candidate's file, read field by field so
// that every error names the exact path of the offending field and nothing
// is guessed: unknown fields, duplicate fields, wrong types and missing
// required fields are all errors.
type object struct {
	path   string
	keys   []string
	fields map[string]json.RawMessage
}

func invalid(path, format string, args ...any) error {
	return wachsam.FieldError(path, format, args...)
}

// join appends a field name to a JSON path; a name that is not a plain
// identifier is quoted in brackets, so the path is never empty or ambiguous.
func join(path, key string) string {
	plain := key != ""
	for _, r := range key {
		plain = plain && (r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}
	switch {
	case !plain:
		return path + "[" + strconv.Quote(key) + "]"
	case path == "":
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// parseObject splits raw into its fields, refusing anything but an object
// and refusing a field named twice (encoding/json would keep the last).
func parseObject(raw json.RawMessage, path string) (*object, error) {
	where := path
	if where == "" {
		where = "(Datei)"
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if d, ok := tok.(json.Delim); err != nil || !ok || d != '{' {
		return nil, invalid(where, "muss ein JSON-Objekt sein")
	}
	o := &object{path: path, fields: map[string]json.RawMessage{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, invalid(where, "ist kein gültiges JSON: %v", err)
		}
		key := tok.(string) // inside an object, encoding/json only yields string keys here
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, invalid(join(path, key), "ist kein gültiges JSON: %v", err)
		}
		if _, dup := o.fields[key]; dup {
			return nil, invalid(join(path, key), "ist doppelt angegeben")
		}
		o.keys = append(o.keys, key)
		o.fields[key] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, invalid(where, "ist kein gültiges JSON: %v", err)
	}
	return o, nil
}

// allow refuses every field not in allowed.
func (o *object) allow(allowed ...string) error {
	for _, k := range o.keys {
		if !slices.Contains(allowed, k) {
			return invalid(join(o.path, k), "ist hier kein zulässiges Feld")
		}
	}
	return nil
}

func (o *object) has(key string) bool { _, ok := o.fields[key]; return ok }

func (o *object) raw(key string, required bool) (json.RawMessage, bool, error) {
	v, ok := o.fields[key]
	if !ok {
		if required {
			return nil, false, invalid(join(o.path, key), "fehlt")
		}
		return nil, false, nil
	}
	if string(v) == "null" {
		return nil, false, invalid(join(o.path, key), "darf nicht null sein")
	}
	return v, true, nil
}

func (o *object) str(key string, required bool) (string, error) {
	v, ok, err := o.raw(key, required)
	if !ok {
		return "", err
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", invalid(join(o.path, key), "muss eine Zeichenkette sein")
	}
	if required && s == "" {
		return "", invalid(join(o.path, key), "darf nicht leer sein")
	}
	return s, nil
}

func (o *object) date(key string, required bool) (wachsam.Date, error) {
	v, ok, err := o.raw(key, required)
	if !ok {
		return wachsam.Date{}, err
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return wachsam.Date{}, invalid(join(o.path, key), "muss ein Datum als Zeichenkette JJJJ-MM-TT sein")
	}
	d, err := wachsam.ParseDate(s)
	if err != nil {
		return wachsam.Date{}, invalid(join(o.path, key), "%s", err.Error())
	}
	if d.Year < 1 {
		return wachsam.Date{}, invalid(join(o.path, key), "%q: das Jahr 0000 gibt es im Kalender nicht", s)
	}
	return d, nil
}

func (o *object) boolean(key string, required bool) (bool, error) {
	v, ok, err := o.raw(key, required)
	if !ok {
		return false, err
	}
	var b bool
	if json.Unmarshal(v, &b) != nil {
		return false, invalid(join(o.path, key), "muss true oder false sein")
	}
	return b, nil
}

// integer reads a whole number in [lo, hi]; JSON numbers with a fraction or
// an exponent are refused, so nothing passes through a float.
func (o *object) integer(key string, required bool, lo, hi int64) (int64, error) {
	v, ok, err := o.raw(key, required)
	if !ok {
		return 0, err
	}
	v = bytes.TrimSpace(v)
	if len(v) == 0 || (v[0] != '-' && !isDigit(v[0])) {
		return 0, invalid(join(o.path, key), "muss eine ganze Zahl sein")
	}
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	var n json.Number
	if dec.Decode(&n) != nil {
		return 0, invalid(join(o.path, key), "muss eine ganze Zahl sein")
	}
	i, err := n.Int64()
	if err != nil {
		return 0, invalid(join(o.path, key), "muss eine ganze Zahl sein")
	}
	if i < lo || i > hi {
		return 0, invalid(join(o.path, key), "muss zwischen %d und %d liegen", lo, hi)
	}
	return i, nil
}

func (o *object) array(key string, required bool) ([]json.RawMessage, error) {
	v, ok, err := o.raw(key, required)
	if !ok {
		return nil, err
	}
	var a []json.RawMessage
	if json.Unmarshal(v, &a) != nil {
		return nil, invalid(join(o.path, key), "muss eine Liste sein")
	}
	return a, nil
}

func (o *object) child(key string, required bool) (*object, error) {
	v, ok, err := o.raw(key, required)
	if !ok {
		return nil, err
	}
	return parseObject(v, join(o.path, key))
}

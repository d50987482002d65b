package allocatecli

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"

	"github.com/wachsam/wachsam/courses"
)

// writeAllocation prints an allocation byte for byte as a json.Encoder
// indenting by two spaces would, but streamed: a state-wide result has
// 150,000 placements, and encoding/json would build the whole compact text
// by reflection, then an indented copy of it, before writing a byte
// (issue 16).
func writeAllocation(w io.Writer, a courses.Allocation) error {
	out := allocationWriter{w: bufio.NewWriterSize(w, 64<<10)}
	out.raw("{\n  \"placed\": ")
	out.raw(strconv.Itoa(a.Placed))
	out.raw(",\n  \"total_cost\": ")
	out.raw(strconv.FormatInt(a.TotalCost, 10))
	out.raw(",\n  \"assignments\": ")
	if out.openList(a.Assignments == nil, len(a.Assignments)) {
		for i, p := range a.Assignments {
			out.element(i)
			out.field("person", p.Person, true)
			out.field("session", p.Session, true)
			out.raw("      \"rank\": ")
			out.raw(strconv.Itoa(p.Rank))
			out.raw("\n    }")
		}
		out.raw("\n  ]")
	}
	out.raw(",\n  \"unplaced\": ")
	if out.openList(a.Unplaced == nil, len(a.Unplaced)) {
		for i, u := range a.Unplaced {
			out.element(i)
			out.field("person", u.Person, true)
			out.field("reason", string(u.Reason), true)
			out.field("reason_de", u.ReasonDE, false)
			out.raw("    }")
		}
		out.raw("\n  ]")
	}
	out.raw("\n}\n")
	if out.err != nil {
		return out.err
	}
	return out.w.Flush()
}

// allocationWriter keeps the first write error, so that the writing code
// reads straight through.
type allocationWriter struct {
	w   *bufio.Writer
	err error
}

func (o *allocationWriter) raw(s string) {
	if o.err == nil {
		_, o.err = o.w.WriteString(s)
	}
}

// openList writes null or [] and reports false for those, or writes the
// opening bracket of a list with elements and reports true.
func (o *allocationWriter) openList(isNil bool, n int) bool {
	switch {
	case isNil:
		o.raw("null")
	case n == 0:
		o.raw("[]")
	default:
		o.raw("[")
		return true
	}
	return false
}

func (o *allocationWriter) element(i int) {
	if i > 0 {
		o.raw(",")
	}
	o.raw("\n    {\n")
}

func (o *allocationWriter) field(name, value string, more bool) {
	o.raw("      \"")
	o.raw(name)
	o.raw("\": ")
	o.str(value)
	if more {
		o.raw(",\n")
	} else {
		o.raw("\n")
	}
}

// str writes a JSON string as encoding/json does: ids and reasons are
// plain ASCII and go out as they are; anything that encoding/json would
// escape (quotes, backslashes, control and HTML characters, non-ASCII) is
// left to it.
func (o *allocationWriter) str(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			quoted, err := json.Marshal(s)
			if err != nil && o.err == nil {
				o.err = err
			}
			o.raw(string(quoted))
			return
		}
	}
	o.raw("\"")
	o.raw(s)
	o.raw("\"")
}

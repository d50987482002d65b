package demodir

import (
	"errors"
	"strings"

	ber "github.com/go-asn1-ber/asn1-ber"
	"github.com/go-ldap/ldap/v3"
)

// errUnsupportedFilter is answered with unwillingToPerform: the demo
// evaluates and, or, not, equality, presence and substrings, which is
// all a configured user filter of wachsam needs.
var errUnsupportedFilter = errors.New("demodir: filter not supported")

// maxFilterLength bounds what the server parses; wachsam's own filters are
// at most 500 characters plus an escaped address.
const maxFilterLength = 4096

// matcher is a compiled search filter.
type matcher struct{ root *ber.Packet }

func compileFilter(filter string) (matcher, error) {
	if len(filter) > maxFilterLength {
		return matcher{}, errUnsupportedFilter
	}
	p, err := ldap.CompileFilter(filter)
	if err != nil {
		return matcher{}, errUnsupportedFilter
	}
	if err := check(p); err != nil {
		return matcher{}, err
	}
	return matcher{root: p}, nil
}

// check refuses a filter the matcher cannot evaluate before any entry is
// looked at, so an unsupported filter is an error, never an empty result.
func check(p *ber.Packet) error {
	switch p.Tag {
	case ldap.FilterAnd, ldap.FilterOr, ldap.FilterNot:
		for _, c := range p.Children {
			if err := check(c); err != nil {
				return err
			}
		}
		return nil
	case ldap.FilterEqualityMatch, ldap.FilterSubstrings, ldap.FilterPresent:
		return nil
	}
	return errUnsupportedFilter
}

func (m matcher) match(e *entry) bool { return evaluate(m.root, e) }

func evaluate(p *ber.Packet, e *entry) bool {
	switch p.Tag {
	case ldap.FilterAnd:
		for _, c := range p.Children {
			if !evaluate(c, e) {
				return false
			}
		}
		return true
	case ldap.FilterOr:
		for _, c := range p.Children {
			if evaluate(c, e) {
				return true
			}
		}
		return false
	case ldap.FilterNot:
		return len(p.Children) == 1 && !evaluate(p.Children[0], e)
	case ldap.FilterPresent:
		return len(e.values(ber.DecodeString(p.Data.Bytes()))) > 0
	case ldap.FilterEqualityMatch:
		if len(p.Children) != 2 {
			return false
		}
		want := ber.DecodeString(p.Children[1].Data.Bytes())
		for _, v := range e.values(ber.DecodeString(p.Children[0].Data.Bytes())) {
			// The demo's attributes all compare without regard to case, as
			// mail, cn and ou do in a real schema.
			if strings.EqualFold(v, want) {
				return true
			}
		}
		return false
	case ldap.FilterSubstrings:
		if len(p.Children) != 2 {
			return false
		}
		for _, v := range e.values(ber.DecodeString(p.Children[0].Data.Bytes())) {
			if substrings(strings.ToLower(v), p.Children[1].Children) {
				return true
			}
		}
		return false
	}
	return false
}

// substrings matches initial*any*…*final in order.
func substrings(v string, parts []*ber.Packet) bool {
	for i, part := range parts {
		s := strings.ToLower(ber.DecodeString(part.Data.Bytes()))
		switch part.Tag {
		case ldap.FilterSubstringsInitial:
			if !strings.HasPrefix(v, s) {
				return false
			}
			v = v[len(s):]
		case ldap.FilterSubstringsFinal:
			return i == len(parts)-1 && strings.HasSuffix(v, s)
		default:
			at := strings.Index(v, s)
			if at < 0 {
				return false
			}
			v = v[at+len(s):]
		}
	}
	return true
}

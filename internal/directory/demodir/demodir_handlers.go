package demodir

import (
	"strconv"
	"strings"

	"github.com/go-ldap/ldap/v3"
	"github.com/jimlambrt/gldap"
)

// maxPageSize caps a page whatever the client asks, as Active Directory's
// MaxPageSize does.
const maxPageSize = 1000

// routes answers simple binds and searches; adds, changes, deletes and
// extended operations (StartTLS on an LDAPS connection, password changes)
// are refused: the demo directory is read-only.
func (s *Server) routes() (*gldap.Mux, error) {
	mux, err := gldap.NewMux()
	if err != nil {
		return nil, err
	}
	refuse := func(app int) gldap.HandlerFunc {
		return func(w *gldap.ResponseWriter, r *gldap.Request) {
			_ = w.Write(r.NewResponse(gldap.WithApplicationCode(app), gldap.WithResponseCode(gldap.ResultUnwillingToPerform),
				gldap.WithDiagnosticMessage("the demo directory is read-only")))
		}
	}
	for _, err := range []error{
		mux.Bind(s.bind), mux.Search(s.search),
		mux.Add(refuse(gldap.ApplicationAddResponse)), mux.Modify(refuse(gldap.ApplicationModifyResponse)),
		mux.Delete(refuse(gldap.ApplicationDelResponse)), mux.DefaultRoute(refuse(gldap.ApplicationExtendedResponse)),
	} {
		if err != nil {
			return nil, err
		}
	}
	return mux, nil
}

func (s *Server) bind(w *gldap.ResponseWriter, r *gldap.Request) {
	m, err := r.GetSimpleBindMessage()
	if err != nil {
		_ = w.Write(r.NewBindResponse(gldap.WithResponseCode(gldap.ResultAuthMethodNotSupported)))
		return
	}
	s.forget(r.ConnectionID())
	password := string(m.Password)
	ok, service := false, false
	if dn, err := ldap.ParseDN(m.UserName); err == nil && len(m.UserName) <= 1024 {
		if service = dn.EqualFold(s.serviceDN); service {
			ok = checkPassword(s.cfg.ServicePassword, password)
		} else if e := s.person(m.UserName); e != nil {
			ok = checkPassword(e.password, password)
		}
	}
	if !ok {
		// Unknown DN and wrong password look alike, as in any directory.
		_ = w.Write(r.NewBindResponse(gldap.WithResponseCode(gldap.ResultInvalidCredentials)))
		return
	}
	if service {
		s.mu.Lock()
		s.service[r.ConnectionID()] = true
		s.mu.Unlock()
	}
	_ = w.Write(r.NewBindResponse(gldap.WithResponseCode(gldap.ResultSuccess)))
}

func (s *Server) search(w *gldap.ResponseWriter, r *gldap.Request) {
	done := func(code int, msg string) {
		resp := r.NewSearchDoneResponse(gldap.WithResponseCode(code))
		resp.SetDiagnosticMessage(msg)
		_ = w.Write(resp)
	}
	m, err := r.GetSearchMessage()
	if err != nil {
		done(gldap.ResultProtocolError, "not a search")
		return
	}
	s.mu.Lock()
	service := s.service[r.ConnectionID()]
	s.mu.Unlock()
	if !service {
		done(gldap.ResultInsufficientAccessRights, "only the service account may search")
		return
	}
	var paging *gldap.ControlPaging
	for _, c := range m.Controls {
		switch c := c.(type) {
		case *gldap.ControlPaging:
			paging = c
		case *gldap.ControlString:
			if c.Criticality {
				done(gldap.ResultUnavailableCriticalExtension, "control "+c.ControlType+" is not supported")
				return
			}
		}
	}
	base, err := ldap.ParseDN(m.BaseDN)
	if err != nil || len(m.BaseDN) > 1024 {
		done(gldap.ResultInvalidDNSyntax, "invalid base DN")
		return
	}
	filter, err := compileFilter(m.Filter)
	if err != nil {
		done(gldap.ResultUnwillingToPerform, "the demo directory evaluates &, |, !, =, =* and substrings only")
		return
	}
	found := s.find(base, m.Scope, filter)
	if found == nil && !base.EqualFold(s.base) && !s.base.AncestorOfFold(base) {
		done(gldap.ResultNoSuchObject, "")
		return
	}
	code := gldap.ResultSuccess
	if m.SizeLimit > 0 && int64(len(found)) > m.SizeLimit {
		found, code = found[:m.SizeLimit], gldap.ResultSizeLimitExceeded
	}
	var next []byte
	if paging != nil {
		start := 0
		if len(paging.Cookie) > 0 {
			start, err = strconv.Atoi(string(paging.Cookie))
			if err != nil || start < 0 || start > len(found) {
				done(gldap.ResultUnwillingToPerform, "unknown paging cookie")
				return
			}
		}
		size := int(min(max(paging.PagingSize, 1), maxPageSize))
		end := min(start+size, len(found))
		if end < len(found) {
			next = []byte(strconv.Itoa(end))
		}
		found = found[start:end]
	}
	for _, e := range found {
		_ = w.Write(r.NewSearchResponseEntry(e.dn, gldap.WithAttributes(selectAttributes(e, m.Attributes, m.TypesOnly))))
	}
	resp := r.NewSearchDoneResponse(gldap.WithResponseCode(code))
	if paging != nil {
		// An empty cookie tells the client this was the last page.
		resp.SetControls(&gldap.ControlPaging{Cookie: next})
	}
	_ = w.Write(resp)
}

// find returns the entries in scope that match, in a stable order so a
// paging cookie (an offset) stays valid between pages.
func (s *Server) find(base *ldap.DN, scope gldap.Scope, filter matcher) []*entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*entry
	for _, e := range s.entries {
		in := false
		switch scope {
		case gldap.BaseObject:
			in = e.parsed.EqualFold(base)
		case gldap.SingleLevel:
			in = len(e.parsed.RDNs) == len(base.RDNs)+1 && base.AncestorOfFold(e.parsed)
		case gldap.WholeSubtree:
			in = e.parsed.EqualFold(base) || base.AncestorOfFold(e.parsed)
		}
		if in && filter.match(e) {
			out = append(out, e)
		}
	}
	return out
}

// selectAttributes returns the attributes asked for, all user attributes
// when none or "*" is asked for; never the password.
func selectAttributes(e *entry, wanted []string, typesOnly bool) map[string][]string {
	all := len(wanted) == 0
	for _, w := range wanted {
		all = all || w == "*"
	}
	out := map[string][]string{}
	for _, a := range e.attrs {
		take := all
		for _, w := range wanted {
			take = take || strings.EqualFold(w, a[0])
		}
		if !take {
			continue
		}
		if typesOnly {
			out[a[0]] = []string{}
			continue
		}
		out[a[0]] = append(out[a[0]], a[1])
	}
	return out
}

package http

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/wachsam/wachsam"
)

// page is what every template receives.
type page struct {
	Title   string
	Section string // highlights the current navigation entry
	User    *wachsam.User
	Flash   *flash
	Form    form
	Data    any
}

// form carries what a person typed and the German messages about it, so a
// refused form comes back filled in with each message beside its field.
type form struct {
	Values  map[string][]string
	Errors  map[string]string
	General string
}

func (f form) Value(name string) string {
	if v := f.Values[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (f form) Checked(name, value string) bool { return slices.Contains(f.Values[name], value) }
func (f form) Has(name string) bool            { _, ok := f.Errors[name]; return ok }
func (f form) Err(name string) string          { return f.Errors[name] }

// formWithError turns a domain error into form messages: a field error goes
// beside its field, anything else to the top of the page.
func formWithError(values map[string][]string, err error) form {
	f := form{Values: values, Errors: map[string]string{}}
	var de *wachsam.Error
	if errors.As(err, &de) && de.Field != "" {
		f.Errors[de.Field] = de.Message
		f.General = "Bitte korrigieren Sie die markierten Angaben."
	} else {
		f.General = wachsam.ErrorMessageOf(err)
	}
	return f
}

// templates holds one parsed template set per page, each with the layout.
type templates struct {
	pages map[string]*template.Template
}

func loadTemplates(files fs.FS, asset func(string) string, berlin *time.Location) (*templates, error) {
	funcs := template.FuncMap{
		"asset": asset,
		"germanTime": func(v any) string {
			switch t := v.(type) {
			case time.Time:
				return t.In(berlin).Format("02.01.2006, 15:04 Uhr")
			case *time.Time:
				if t != nil {
					return t.In(berlin).Format("02.01.2006, 15:04 Uhr")
				}
			}
			return ""
		},
		"germanInt": germanInt,
		"municipalityName": func(ms []wachsam.Municipality, id *int64) string {
			if id == nil {
				return "–"
			}
			for _, m := range ms {
				if m.ID == *id {
					return m.Name
				}
			}
			return "–"
		},
	}
	for _, more := range []template.FuncMap{courseFuncs(berlin), staffFuncs(berlin), trainerFuncs(berlin), coordinatorFuncs(berlin), roundFuncs(berlin),
		examFuncs(berlin), examOfficeFuncs(berlin), examinerFuncs(berlin), candidateFuncs(berlin), boardFuncs(berlin), certificateFuncs(berlin), departmentHeadFuncs(berlin)} {
		maps.Copy(funcs, more)
	}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		tmpl, err := template.New(base).Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/partials.html", name)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		t.pages[base] = tmpl
	}
	return t, nil
}

// germanInt writes 12345 as "12.345", with golang.org/x/text's German
// number format.
func germanInt(n int) string { return message.NewPrinter(language.German).Sprint(n) }

// render writes a page; rendering into a buffer first means a template
// error never leaves a half-written page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	tmpl, ok := s.templates.pages[name]
	if !ok {
		s.serverError(w, r, fmt.Errorf("no template %q", name))
		return
	}
	if p.User == nil {
		p.User = currentUser(r)
	}
	if p.Flash == nil {
		p.Flash = s.takeFlash(w, r)
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

package http

import (
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/wachsam/wachsam"
)

// maxFieldLen bounds any single form value or JSON string that no domain
// rule bounds more tightly: the longest text wachsam keeps is an
// application (wachsam.MaxApplicationLen).
const maxFieldLen = wachsam.MaxApplicationLen

// refuseMalformedForms is the safety net under the domain's text rules for
// pages: a form value with invalid UTF-8 or a control character other than
// a line break or tab never reaches a handler, whatever field it is in, so
// it can neither break a query nor end up in a mail that fails forever.
// Line breaks in one-line fields, and lengths, are the domain's to judge
// (wachsam.CheckLine), which names the field beside the input.
func (s *Server) refuseMalformedForms(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if r.Method != http.MethodPost || mt != "application/x-www-form-urlencoded" {
			next.ServeHTTP(w, r)
			return
		}
		if err := r.ParseForm(); err != nil {
			if isTooLarge(err) {
				s.failStatus(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(s.cfg.MaxBodyBytes))
			} else {
				s.failStatus(w, r, http.StatusBadRequest, "Die Formulardaten sind fehlerhaft.")
			}
			return
		}
		for name, values := range r.PostForm {
			for _, v := range values {
				if err := wachsam.CheckWellFormed(name, "Eingabe „"+printableName(name)+"“", v, maxFieldLen); err != nil {
					s.fail(w, r, err)
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// printableName keeps a field name safe to repeat in a message.
func printableName(name string) string {
	if wachsam.CheckLine("", "", name, 100) != nil {
		return "?"
	}
	return name
}

// checkDecodedStrings applies the same net to a decoded JSON body: every
// string in it, named by its JSON path. encoding/json already replaced
// invalid UTF-8 by U+FFFD, so decodeJSON checks the raw bytes first.
func checkDecodedStrings(v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return checkDecodedStrings(v.Elem(), path)
		}
	case reflect.String:
		return wachsam.CheckWellFormed(path, "Feld „"+path+"“", v.String(), maxFieldLen)
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if err := checkDecodedStrings(v.Field(i), joinPath(path, name)); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := checkDecodedStrings(v.Index(i), path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if err := checkDecodedStrings(it.Key(), path); err != nil {
				return err
			}
			if err := checkDecodedStrings(it.Value(), joinPath(path, fmt.Sprint(it.Key().Interface()))); err != nil {
				return err
			}
		}
	}
	return nil
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

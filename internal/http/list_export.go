package http

import (
	"mime"
	"net/http"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/export"
)

// exportFormat is the file format a list is asked for: ?format=xlsx|csv,
// or else, under /api/, an Accept header naming one of the two media
// types. ok is false when no file is wanted (the page, or JSON); a format
// that is neither is a field error, never silently the page.
func exportFormat(r *http.Request) (f export.Format, ok bool, err error) {
	if v, given := r.URL.Query()["format"]; given {
		if f, ok := export.ParseFormat(strings.Join(v, ",")); ok {
			return f, true, nil
		}
		return "", false, wachsam.FieldError("format", "Das Format gibt es nicht; möglich sind xlsx und csv.")
	}
	if !isAPI(r) {
		return "", false, nil
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, _ := mime.ParseMediaType(strings.TrimSpace(part))
		for _, f := range []export.Format{export.XLSX, export.CSV} {
			if want, _, _ := mime.ParseMediaType(f.ContentType()); mt == want {
				return f, true, nil
			}
		}
	}
	return "", false, nil
}

// startWriter notes whether a byte of the answer went out, after which a
// failure can no longer become an error answer.
type startWriter struct {
	http.ResponseWriter
	started bool
}

func (w *startWriter) Write(p []byte) (int, error) {
	w.started = true
	return w.ResponseWriter.Write(p)
}

// sendList streams the rows of list as a download in f, its name stamped
// with today. Rows come straight from the database; should reading break
// off after the first byte, the connection is cut, so no one takes a
// truncated list for whole.
func sendList[T any](s *Server, w http.ResponseWriter, r *http.Request, list export.List[T], f export.Format, rows export.Rows[T]) {
	attachment(w, f.ContentType(), list.FileName(f, s.coordinatorToday().String()))
	out := &startWriter{ResponseWriter: w}
	_, err := list.Write(out, f, s.cfg.Location, rows)
	switch {
	case err == nil:
	case !out.started:
		w.Header().Del("Content-Disposition")
		s.fail(w, r, err)
	default:
		s.logger.ErrorContext(r.Context(), "list export broke off", "list", list.Name, "error", err)
		panic(http.ErrAbortHandler)
	}
}

// servedAsFile answers with send when the request asks for a file (or
// refuses an unknown format) and reports whether it answered; otherwise
// the caller answers with its JSON.
func (s *Server) servedAsFile(w http.ResponseWriter, r *http.Request, send func(export.Format)) bool {
	f, ok, err := exportFormat(r)
	switch {
	case err != nil:
		s.fail(w, r, err)
	case ok:
		send(f)
	}
	return err != nil || ok
}

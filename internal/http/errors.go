package http

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/wachsam/wachsam"
)

// statusOf is the one mapping from domain error codes to HTTP status codes.
func statusOf(code wachsam.ErrorCode) int {
	switch code {
	case wachsam.EINVALID:
		return http.StatusUnprocessableEntity
	case wachsam.ENOTFOUND:
		return http.StatusNotFound
	case wachsam.ECONFLICT:
		return http.StatusConflict
	case wachsam.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case wachsam.EFORBIDDEN:
		return http.StatusForbidden
	case wachsam.ETOOMANY:
		return http.StatusTooManyRequests
	case wachsam.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// titleOf is the German headline of an error page for a status.
func titleOf(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "Ungültige Anfrage"
	case http.StatusUnauthorized:
		return "Anmeldung erforderlich"
	case http.StatusForbidden:
		return "Keine Berechtigung"
	case http.StatusNotFound:
		return "Seite nicht gefunden"
	case http.StatusMethodNotAllowed:
		return "Aktion nicht erlaubt"
	case http.StatusConflict:
		return "Konflikt"
	case http.StatusRequestEntityTooLarge:
		return "Anfrage zu groß"
	case http.StatusUnsupportedMediaType:
		return "Format nicht unterstützt"
	case http.StatusUnprocessableEntity:
		return "Angaben nicht gültig"
	case http.StatusTooManyRequests:
		return "Zu viele Anfragen"
	}
	return "Fehler"
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// problem is an RFC 9457 problem details document.
type problem struct {
	Type     string         `json:"type"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Errors   []problemField `json:"errors,omitempty"`
}

type problemField struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// problemType names the kind of error with a stable URI under the service's
// own documentation, so clients can switch on it.
func problemType(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "/probleme/ungueltige-anfrage"
	case http.StatusUnauthorized:
		return "/probleme/anmeldung-erforderlich"
	case http.StatusForbidden:
		return "/probleme/keine-berechtigung"
	case http.StatusNotFound:
		return "/probleme/nicht-gefunden"
	case http.StatusConflict:
		return "/probleme/konflikt"
	case http.StatusRequestEntityTooLarge:
		return "/probleme/zu-gross"
	case http.StatusUnprocessableEntity:
		return "/probleme/ungueltige-angaben"
	case http.StatusTooManyRequests:
		return "/probleme/zu-viele-anfragen"
	}
	return "about:blank"
}

// fail answers any error: problem details under /api/, a German page
// elsewhere. Internal errors are logged and never shown in detail.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := wachsam.ErrorCodeOf(err)
	if code == wachsam.EINTERNAL {
		s.serverError(w, r, err)
		return
	}
	var de *wachsam.Error
	errors.As(err, &de)
	status := statusOf(code)
	if isAPI(r) {
		p := problem{Type: problemType(status), Title: titleOf(status), Status: status, Detail: de.Message, Instance: r.URL.Path}
		if de.Field != "" {
			p.Errors = []problemField{{Field: de.Field, Message: de.Message}}
		}
		writeProblem(w, p)
		return
	}
	if code == wachsam.EUNAUTHORIZED {
		s.setFlash(w, flashError, de.Message)
		http.Redirect(w, r, "/anmelden", http.StatusSeeOther)
		return
	}
	s.errorPage(w, r, status, de.Message)
}

// failStatus answers with a plain status and a German explanation.
func (s *Server) failStatus(w http.ResponseWriter, r *http.Request, status int, message string) {
	if isAPI(r) {
		writeProblem(w, problem{Type: problemType(status), Title: titleOf(status), Status: status, Detail: message, Instance: r.URL.Path})
		return
	}
	s.errorPage(w, r, status, message)
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	back, label := "/", "Zur Startseite"
	if currentUser(r) == nil {
		back, label = "/anmelden", "Zur Anmeldung"
	}
	s.render(w, r, status, "error", page{Title: titleOf(status), Data: map[string]string{
		"Message": message, "Back": back, "BackLabel": label,
	}})
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.logger.ErrorContext(r.Context(), "request failed", slog.String("path", routePattern(r)), slog.Any("error", err))
	msg := "Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut."
	if isAPI(r) {
		writeProblem(w, problem{Type: "about:blank", Title: "Interner Fehler", Status: 500, Detail: msg, Instance: r.URL.Path})
		return
	}
	// The error template itself may be the fault, so this page is plain.
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Interner Fehler – wachsam</title></head><body><main><h1>Interner Fehler</h1><p>` + msg + `</p><p><a href="/">Zur Startseite</a></p></main></body></html>`))
}

func writeProblem(w http.ResponseWriter, p problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

// refuse answers a failed form post: a fault of ours as a 500 page, any
// other error by showing the form again, with the status that fits the
// error and its message beside the field.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error, rerender func(status int)) {
	if wachsam.ErrorCodeOf(err) == wachsam.EINTERNAL {
		s.serverError(w, r, err)
		return
	}
	rerender(statusOf(wachsam.ErrorCodeOf(err)))
}

package idp

import (
	"context"
	"html/template"
	"net/http"
)

// loginPage is the provider's own sign-in form: a person types the user
// name and password of the directory, and the provider sends the browser
// back to the relying party with a code.
type loginPage struct {
	storage  *storage
	callback func(context.Context, string) string
}

var loginTemplate = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Verzeichnis der Kommune – Anmeldung</title></head>
<body><main>
<h1>Verzeichnis der Kommune</h1>
{{if .Hint}}<p id="hinweis">{{.Hint}}</p>{{end}}
{{if .Error}}<p role="alert" id="fehler">{{.Error}}</p>{{end}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="id" value="{{.ID}}">
<p><label for="username">Benutzername</label> <input id="username" name="username" autocomplete="username"></p>
<p><label for="password">Kennwort</label> <input id="password" name="password" type="password" autocomplete="current-password"></p>
<p><button type="submit" id="anmelden">Anmelden</button></p>
</form>
</main></body></html>`))

func (l *loginPage) show(w http.ResponseWriter, r *http.Request) {
	loginTemplate.Execute(w, map[string]string{"ID": r.URL.Query().Get("id"), "Action": l.storage.loginPath, "Hint": l.storage.loginHint()})
}

func (l *loginPage) check(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	id := r.PostForm.Get("id")
	if err := l.storage.checkLogin(id, r.PostForm.Get("username"), r.PostForm.Get("password")); err != nil {
		w.WriteHeader(http.StatusUnauthorized)
		loginTemplate.Execute(w, map[string]string{"ID": id, "Action": l.storage.loginPath, "Hint": l.storage.loginHint(), "Error": "Benutzername oder Kennwort falsch."})
		return
	}
	http.Redirect(w, r, l.callback(r.Context(), id), http.StatusFound)
}

package http

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"golang.org/x/oauth2"

	"github.com/wachsam/wachsam"
)

// OIDCClient is the OpenID Connect protocol (internal/oidc implements it).
type OIDCClient interface {
	AuthCodeURL(ctx context.Context, p *wachsam.OIDCProvider, state, nonce, verifier string) (string, error)
	Exchange(ctx context.Context, p *wachsam.OIDCProvider, code, verifier, nonce string) (*wachsam.DirectoryIdentity, string, error)
	EndSessionURL(ctx context.Context, p *wachsam.OIDCProvider, idToken, afterLogout string) (string, error)
}

// OIDCStore keeps the towns' providers, the pending sign-ins and the
// accounts they lead to (internal/store implements it).
type OIDCStore interface {
	OIDCProviders(ctx context.Context) ([]wachsam.OIDCProvider, error)
	OIDCProvider(ctx context.Context, municipalityID int64) (*wachsam.OIDCProvider, error)
	OIDCProviderForEmail(ctx context.Context, email string) (*wachsam.OIDCProvider, error)
	SaveOIDCProvider(ctx context.Context, actor wachsam.Actor, p *wachsam.OIDCProvider) error
	DeleteOIDCProvider(ctx context.Context, actor wachsam.Actor, municipalityID int64) error
	BeginOIDCLogin(ctx context.Context, l *wachsam.OIDCLogin) error
	TakeOIDCLogin(ctx context.Context, stateHash string) (*wachsam.OIDCLogin, error)
	SignInFromDirectory(ctx context.Context, p *wachsam.OIDCProvider, id wachsam.DirectoryIdentity) (*wachsam.User, error)
	RecordOIDCSession(ctx context.Context, sessionID, municipalityID int64, idToken string) error
	OIDCSession(ctx context.Context, sessionID int64) (int64, string, error)
}

// DirectoryAccounts is what directory sign-in uses of the account service
// (internal/auth): the same sessions, throttle and audit as passwords.
type DirectoryAccounts interface {
	ClaimDirectoryAttempt(ctx context.Context, clientIP string) (release func(context.Context) error, err error)
	StartDirectorySession(ctx context.Context, u *wachsam.User, mfaVerified bool, issuer string) (string, *wachsam.Session, error)
}

// DirectorySignIn turns on sign-in with the towns' directories.
type DirectorySignIn struct {
	Client   OIDCClient
	Store    OIDCStore
	Accounts DirectoryAccounts
}

// OIDCCallbackPath is wachsam's redirect URI, registered at every provider.
const OIDCCallbackPath = "/anmelden/verzeichnis/rueckkehr"

// oidcLoginLifetime bounds the time between leaving for the provider and
// coming back; a pending sign-in is of no use after it.
const oidcLoginLifetime = 10 * time.Minute

func (s *Server) directoryRoutes(r chi.Router) {
	r = r.With(s.requireDirectorySignIn)
	r.Post("/anmelden/verzeichnis", s.beginDirectorySignIn)
	r.Get(OIDCCallbackPath, s.finishDirectorySignIn)
}

// requireDirectorySignIn answers "not found" while directory sign-in is
// not wired (a deployment without it, or a test).
func (s *Server) requireDirectorySignIn(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.DirectorySignIn == nil {
			s.failStatus(w, r, http.StatusNotFound, "Die Anmeldung mit dem Verzeichnis einer Kommune ist hier nicht eingerichtet.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) oidcCookieName() string {
	if s.secure {
		return "__Host-wachsam_verzeichnis"
	}
	return "wachsam_verzeichnis"
}

// directoryChoices are the towns offered on the login page.
func (s *Server) directoryChoices(ctx context.Context) []wachsam.OIDCProvider {
	if s.cfg.DirectorySignIn == nil {
		return nil
	}
	ps, err := s.cfg.DirectorySignIn.Store.OIDCProviders(ctx)
	if err != nil {
		s.logger.WarnContext(ctx, "directory providers not listed", slog.Any("error", err))
	}
	return ps
}

// directoryLoginData is what the login page shows of directory sign-in:
// the towns to choose from and the page to return to afterwards.
func (s *Server) directoryLoginData(r *http.Request) map[string]any {
	data := signInData(targetOf(r))
	if data == nil {
		data = map[string]any{}
	}
	choices := s.directoryChoices(r.Context())
	data["Directories"] = choices
	data["ByDomain"] = slices.ContainsFunc(choices, func(p wachsam.OIDCProvider) bool { return len(p.EmailDomains) > 0 })
	return data
}

func randomString() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func hashState(state string) string {
	sum := sha256.Sum256([]byte(state))
	return hex.EncodeToString(sum[:])
}

// beginDirectorySignIn sends the browser to the chosen town's provider. The
// state goes into an HttpOnly cookie and, hashed, into the database with the
// nonce and the PKCE verifier; the callback needs both and takes the row once.
func (s *Server) beginDirectorySignIn(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	d := s.cfg.DirectorySignIn
	p, field, err := s.chosenDirectory(r)
	if err != nil {
		message := "Bitte wählen Sie Ihre Kommune."
		if field == "directory_email" {
			message = "Zu dieser Adresse ist kein Verzeichnis eingerichtet. Bitte wählen Sie Ihre Kommune aus der Liste."
		}
		s.render(w, r, http.StatusUnprocessableEntity, "login", page{Title: "Anmelden", Form: form{
			Values: r.PostForm, Errors: map[string]string{field: message},
		}, Data: s.directoryLoginData(r)})
		return
	}
	state, nonce, verifier := randomString(), randomString(), oauth2.GenerateVerifier()
	target, err := d.Client.AuthCodeURL(r.Context(), p, state, nonce, verifier)
	if err != nil {
		s.directoryRefused(w, r, err)
		return
	}
	l := &wachsam.OIDCLogin{StateHash: hashState(state), MunicipalityID: p.MunicipalityID, Nonce: nonce, Verifier: verifier,
		ReturnTo: localTarget(r.URL.Query().Get("weiter")), ExpiresAt: s.cfg.Now().Add(oidcLoginLifetime)}
	if err := d.Store.BeginOIDCLogin(r.Context(), l); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.oidcCookieName(), Value: state, Path: "/", MaxAge: int(oidcLoginLifetime.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// chosenDirectory is the town's directory chosen on the login page: by the
// work address's domain when one is given and no town is chosen, else by
// the town. field names the input that chose it.
func (s *Server) chosenDirectory(r *http.Request) (*wachsam.OIDCProvider, string, error) {
	store := s.cfg.DirectorySignIn.Store
	if email := r.PostForm.Get("directory_email"); email != "" && r.PostForm.Get("municipality") == "" {
		p, err := store.OIDCProviderForEmail(r.Context(), email)
		return p, "directory_email", err
	}
	id, err := strconv.ParseInt(r.PostForm.Get("municipality"), 10, 64)
	if err != nil {
		return nil, "municipality", err
	}
	p, err := store.OIDCProvider(r.Context(), id)
	return p, "municipality", err
}

var (
	errDirectoryState = wachsam.Errorf(wachsam.EUNAUTHORIZED,
		"Diese Anmeldung ist abgelaufen, wurde schon verwendet oder in einem anderen Browser begonnen. Bitte beginnen Sie die Anmeldung erneut.")
	errDirectoryCancelled = wachsam.Errorf(wachsam.EUNAUTHORIZED,
		"Das Verzeichnis Ihrer Kommune hat die Anmeldung nicht bestätigt (abgebrochen oder abgelehnt). Bitte versuchen Sie es erneut.")
)

// finishDirectorySignIn is the provider's redirect back. Every refusal
// answers with a German page, counts against the client address and
// writes nothing else: no account, no session.
func (s *Server) finishDirectorySignIn(w http.ResponseWriter, r *http.Request) {
	d, ctx, ip := s.cfg.DirectorySignIn, r.Context(), clientIPOf(r)
	http.SetCookie(w, &http.Cookie{Name: s.oidcCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	release, err := d.Accounts.ClaimDirectoryAttempt(ctx, ip)
	if err != nil {
		s.directoryRefused(w, r, err)
		return
	}
	in, err := s.directoryAccount(r)
	if err == nil || wachsam.ErrorCodeOf(err) == wachsam.EINTERNAL {
		// Not a guess: a sign-in that worked, or a failure of ours.
		if err := release(ctx); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if err != nil {
		s.directoryRefused(w, r, err)
		return
	}
	if old := sessionOf(r); old.session != nil {
		s.accounts.Logout(ctx, old.user, old.session)
	}
	token, sess, err := d.Accounts.StartDirectorySession(ctx, in.user, in.mfa, in.provider.IssuerURL)
	if err == nil {
		err = d.Store.RecordOIDCSession(ctx, sess.ID, in.provider.MunicipalityID, in.idToken)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setSessionCookie(w, token)
	continueSignIn(w, r, in.user, sess, in.login.ReturnTo)
}

// directorySignIn is what a callback proved: the pending sign-in it
// finished, the account the directory vouched for, the ID token (for the
// logout) and whether the provider's amr counts as a second factor.
type directorySignIn struct {
	provider *wachsam.OIDCProvider
	login    *wachsam.OIDCLogin
	user     *wachsam.User
	idToken  string
	mfa      bool
}

// directoryAccount checks state (cookie and single-use row), redeems the
// code and finds the account.
func (s *Server) directoryAccount(r *http.Request) (*directorySignIn, error) {
	d, ctx, q := s.cfg.DirectorySignIn, r.Context(), r.URL.Query()
	c, err := r.Cookie(s.oidcCookieName())
	if err != nil || c.Value == "" || q.Get("state") != c.Value {
		return nil, errDirectoryState
	}
	l, err := d.Store.TakeOIDCLogin(ctx, hashState(c.Value))
	if err != nil {
		if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
			err = errDirectoryState
		}
		return nil, err
	}
	if q.Get("error") != "" || q.Get("code") == "" {
		return nil, errDirectoryCancelled
	}
	p, err := d.Store.OIDCProvider(ctx, l.MunicipalityID)
	if err != nil {
		return nil, err
	}
	id, idToken, err := d.Client.Exchange(ctx, p, q.Get("code"), l.Verifier, l.Nonce)
	if err != nil {
		return nil, err
	}
	u, err := d.Store.SignInFromDirectory(ctx, p, *id)
	if err != nil {
		return nil, err
	}
	return &directorySignIn{provider: p, login: l, user: u, idToken: idToken, mfa: p.SatisfiesMFA(id.AMR)}, nil
}

// directoryRefused shows why a directory sign-in failed, on a page of its
// own (not the login form, whose fields played no part). The cause goes
// to the log without personal data.
func (s *Server) directoryRefused(w http.ResponseWriter, r *http.Request, err error) {
	if wachsam.ErrorCodeOf(err) == wachsam.EINTERNAL {
		s.serverError(w, r, err)
		return
	}
	s.logger.InfoContext(r.Context(), "directory sign-in refused", slog.Any("error", err))
	s.errorPage(w, r, statusOf(wachsam.ErrorCodeOf(err)), wachsam.ErrorMessageOf(err))
}

// afterLogout is where the browser goes once its session ended: the
// provider's logout for a session a directory signed in (so the person is
// not signed straight back in), the login page otherwise.
func (s *Server) afterLogout(ctx context.Context, sess *wachsam.Session) string {
	d := s.cfg.DirectorySignIn
	if d == nil || sess == nil {
		return "/anmelden"
	}
	municipality, idToken, err := d.Store.OIDCSession(ctx, sess.ID)
	if err != nil {
		return "/anmelden"
	}
	p, err := d.Store.OIDCProvider(ctx, municipality)
	if err != nil {
		return "/anmelden"
	}
	to, err := d.Client.EndSessionURL(ctx, p, idToken, s.cfg.BaseURL+"/anmelden")
	if err != nil || to == "" {
		if err != nil {
			s.logger.WarnContext(ctx, "provider logout unavailable", slog.Any("error", err))
		}
		return "/anmelden"
	}
	return to
}

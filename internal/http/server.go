// Package http serves wachsam's web pages and its JSON API (/api/v1) with
// chi: routing, middleware, one error mapping, German HTML error pages and
// RFC 9457 problem details (DESIGN.md §1, §6, §7).
package http

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
)

// Accounts is the account service (internal/auth implements it).
type Accounts interface {
	Login(ctx context.Context, email, password, clientIP string) (*wachsam.User, error)
	StartSession(ctx context.Context, u *wachsam.User, mfaVerified bool) (string, *wachsam.Session, error)
	Authenticate(ctx context.Context, token string) (*wachsam.User, *wachsam.Session, error)
	Logout(ctx context.Context, u *wachsam.User, sess *wachsam.Session) error
	EndOtherSessions(ctx context.Context, u *wachsam.User, keep *wachsam.Session) (int, error)
	ChangePassword(ctx context.Context, u *wachsam.User, sess *wachsam.Session, current, next, repeat string) error
	BeginEnrolment(ctx context.Context, u *wachsam.User) (string, error)
	EnrolmentQRCode(u *wachsam.User) ([]byte, error)
	ConfirmEnrolment(ctx context.Context, u *wachsam.User, sess *wachsam.Session, code string) ([]string, string, error)
	RenewRecoveryCodes(ctx context.Context, u *wachsam.User) ([]string, error)
	VerifyCode(ctx context.Context, u *wachsam.User, sess *wachsam.Session, clientIP, code string) (string, *wachsam.Session, error)
	VerifyRecoveryCode(ctx context.Context, u *wachsam.User, sess *wachsam.Session, clientIP, code string) (string, *wachsam.Session, error)
	CreateAccount(ctx context.Context, actor wachsam.Actor, u *wachsam.User, password string) (string, error)
	ResetPassword(ctx context.Context, actor wachsam.Actor, userID int64, password string) (string, error)
	RequestPasswordReset(ctx context.Context, email, clientIP string, link func(token string) string) error
	PasswordResetAccount(ctx context.Context, token string) (*wachsam.User, error)
	CompletePasswordReset(ctx context.Context, token, password, repeat string) error
}

// Directory is the data about municipalities and accounts that the pages
// read and change (internal/store implements it).
type Directory interface {
	Ready(ctx context.Context) error
	Municipalities(ctx context.Context) ([]wachsam.Municipality, error)
	MunicipalitiesWithDepartments(ctx context.Context) ([]wachsam.Municipality, error)
	Municipality(ctx context.Context, id int64) (*wachsam.Municipality, error)
	CreateMunicipality(ctx context.Context, actor wachsam.Actor, m *wachsam.Municipality) error
	UpdateMunicipality(ctx context.Context, actor wachsam.Actor, m *wachsam.Municipality) error
	AddDepartment(ctx context.Context, actor wachsam.Actor, d *wachsam.Department) error
	DeleteDepartment(ctx context.Context, actor wachsam.Actor, municipalityID, departmentID int64) error
	User(ctx context.Context, id int64) (*wachsam.User, error)
	Users(ctx context.Context, f wachsam.UserFilter) ([]wachsam.User, error)
	UpdateUser(ctx context.Context, actor wachsam.Actor, u *wachsam.User) error
	ResetTOTP(ctx context.Context, actor wachsam.Actor, userID int64) error
	Sessions(ctx context.Context, userID int64) ([]wachsam.Session, error)
	UnusedRecoveryCodes(ctx context.Context, userID int64) (int, error)
	RecentAudit(ctx context.Context, limit int) ([]wachsam.AuditEntry, error)
	DirectoryConfig(ctx context.Context, municipalityID int64) (*wachsam.DirectoryConfig, error)
	SaveDirectoryConfig(ctx context.Context, actor wachsam.Actor, cfg *wachsam.DirectoryConfig) error
}

// DirectorySyncer syncs a municipality's staff with its town's LDAP / Active
// Directory now; internal/directory implements it.
type DirectorySyncer interface {
	Sync(ctx context.Context, actor wachsam.Actor, municipalityID int64, dryRun bool) (wachsam.DirectorySyncPlan, error)
}

// Config is what the HTTP layer needs to know about its deployment.
type Config struct {
	BaseURL        string   // public address, e.g. https://wachsam.example.de
	TrustedProxies []string // CIDR prefixes of reverse proxies allowed to set X-Forwarded-For
	MaxBodyBytes   int64    // larger request bodies are refused with 413
	// MaxUploadBytes bounds multipart uploads (a scanned exam paper, a
	// medical certificate) instead of MaxBodyBytes. Defaults to 11 MiB: a
	// 10 MiB document and the form around it.
	MaxUploadBytes int64
	Templates      fs.FS
	StaticHandler  http.Handler
	AssetURL       func(name string) string
	OpenAPI        []byte // the OpenAPI document served at /api/v1/openapi.yaml
	// Location is legal time (Europe/Berlin): dates and times on pages,
	// session days. Defaults to Europe/Berlin.
	Location *time.Location
	// Now is the clock for what the pages compute themselves (the check-in
	// code on the trainer's screen); tests fix it. Defaults to time.Now.
	Now func() time.Time
	// DirectorySync runs a town's directory sync from the administration
	// pages and the API; nil answers that no directory can be synced.
	DirectorySync DirectorySyncer
	// DirectorySignIn turns on sign-in with the towns' directories (OpenID
	// Connect); nil leaves it off.
	DirectorySignIn *DirectorySignIn
	// Mounts are served beside wachsam's own routes, before its middleware
	// (sessions, same-origin checks, body limits), for whatever lives
	// below the same address but is not wachsam: the demo's OpenID
	// provider. Each answers every path below its prefix.
	Mounts []Mount
}

// Mount is a handler for every path below Prefix (which starts with / and
// has no trailing slash).
type Mount struct {
	Prefix  string
	Handler http.Handler
}

// Server is the HTTP front of wachsam.
type Server struct {
	accounts  Accounts
	directory Directory
	courses   Courses
	exams     Exams
	cfg       Config
	logger    *slog.Logger
	templates *templates
	secure    bool // cookies get the Secure flag behind TLS
	handler   http.Handler
	inFlight  atomic.Int64 // requests being answered (Busy)
}

// New builds the server and its routes.
func New(accounts Accounts, directory Directory, courses Courses, exams Exams, cfg Config, logger *slog.Logger) (*Server, error) {
	if cfg.Location == nil {
		berlin, err := time.LoadLocation("Europe/Berlin")
		if err != nil {
			return nil, err
		}
		cfg.Location = berlin
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	tmpl, err := loadTemplates(cfg.Templates, cfg.AssetURL, cfg.Location)
	if err != nil {
		return nil, err
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = 11 << 20
	}
	s := &Server{
		accounts: accounts, directory: directory, courses: courses, exams: exams, cfg: cfg, logger: logger, templates: tmpl,
		secure: len(cfg.BaseURL) > 8 && cfg.BaseURL[:8] == "https://",
	}
	s.handler = withMounts(s.routes(), cfg.Mounts)
	return s, nil
}

// withMounts sends the paths of each mount to its handler and everything
// else to wachsam.
func withMounts(own http.Handler, mounts []Mount) http.Handler {
	if len(mounts) == 0 {
		return own
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, m := range mounts {
			if r.URL.Path == m.Prefix || strings.HasPrefix(r.URL.Path, m.Prefix+"/") {
				m.Handler.ServeHTTP(w, r)
				return
			}
		}
		own.ServeHTTP(w, r)
	})
}

// ServeHTTP makes the server an http.Handler, for tests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// ListenAndServe serves on addr until ctx is cancelled, then lets running
// requests finish for up to 15 seconds (graceful shutdown).
func (s *Server) ListenAndServe(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		done <- srv.Shutdown(shutdownCtx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-done
}

func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.countInFlight, s.clientIP(), s.recoverPanics, s.logRequests, securityHeaders, s.limitBody, s.refuseCrossOrigin, s.loadSession, s.refuseMalformedForms)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		s.failStatus(w, r, http.StatusNotFound, "Unter dieser Adresse gibt es nichts. Bitte prüfen Sie die Adresse oder gehen Sie zur Startseite.")
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.failStatus(w, r, http.StatusMethodNotAllowed, "Diese Aktion ist unter dieser Adresse nicht möglich.")
	})

	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Handle("/static/*", s.cfg.StaticHandler)
	s.publicCourseRoutes(r)
	s.publicCandidateRoutes(r)
	s.publicCertificateRoutes(r)
	r.Get("/api/v1/openapi.yaml", s.openAPIDocument)
	s.evidenceAPI(r)

	// Sign-in steps: reachable before the sign-in is complete.
	r.Get("/anmelden", s.loginPage)
	r.Post("/anmelden", s.login)
	r.Post("/abmelden", s.logout)
	r.Get("/anmelden/passwort-vergessen", s.forgotPasswordPage)
	r.Post("/anmelden/passwort-vergessen", s.forgotPassword)
	r.Get("/anmelden/passwort-neu/{token}", s.resetPasswordPage)
	r.Post("/anmelden/passwort-neu/{token}", s.resetPassword)
	s.directoryRoutes(r)
	r.Group(func(r chi.Router) {
		r.Use(s.requireSession)
		r.Get("/anmelden/zwei-faktor", s.secondFactorPage)
		r.Post("/anmelden/zwei-faktor", s.secondFactor)
		r.Get("/anmelden/wiederherstellung", s.recoveryPage)
		r.Post("/anmelden/wiederherstellung", s.recovery)
		r.Get("/konto/zwei-faktor/einrichten", s.enrolPage)
		r.Post("/konto/zwei-faktor/einrichten", s.enrol)
		r.Get("/konto/zwei-faktor/qr.png", s.enrolQRCode)
	})

	// Everything else needs a complete sign-in.
	r.Group(func(r chi.Router) {
		r.Use(s.requireSignedIn)
		r.Get("/", s.home)
		r.Get("/konto", s.accountPage)
		r.Post("/konto/passwort", s.changePassword)
		r.Post("/konto/sitzungen/abmelden", s.endOtherSessions)
		r.Post("/konto/wiederherstellungscodes", s.renewRecoveryCodes)

		r.Route("/verwaltung", func(r chi.Router) {
			r.Use(s.requireRole(wachsam.RoleAdmin))
			r.Get("/benutzer", s.adminUsers)
			r.Get("/benutzer/neu", s.adminNewUserPage)
			r.Post("/benutzer/neu", s.adminCreateUser)
			r.Get("/benutzer/{id}", s.adminEditUserPage)
			r.Post("/benutzer/{id}", s.adminUpdateUser)
			r.Post("/benutzer/{id}/passwort", s.adminResetPassword)
			r.Post("/benutzer/{id}/zwei-faktor-zuruecksetzen", s.adminResetTOTP)
			r.Get("/gemeinden", s.adminMunicipalities)
			r.Post("/gemeinden", s.adminCreateMunicipality)
			r.Get("/gemeinden/{id}", s.adminMunicipalityPage)
			r.Post("/gemeinden/{id}", s.adminUpdateMunicipality)
			r.Post("/gemeinden/{id}/abteilungen", s.adminAddDepartment)
			r.Post("/gemeinden/{id}/abteilungen/{dep}/loeschen", s.adminDeleteDepartment)
			r.Get("/protokoll", s.adminAudit)
			s.adminDirectoryPages(r)
			s.adminOIDCPages(r)
		})

		s.staffPages(r)
		s.trainerPages(r)
		s.coordinatorStaffPages(r)
		s.coordinatorAttendancePages(r)
		s.roundPages(r)
		s.examOfficePages(r)
		s.examinerPages(r)
		s.candidatePages(r)
		s.boardPages(r)
		s.certificatePages(r)
		s.evidencePages(r)
		s.evidenceDownloadPages(r)
		s.coordinatorBehalfPages(r)
		s.coordinatorBulkPages(r)
		s.staffStatusPages(r)
		s.departmentHeadPages(r)
		s.coordinatorDepartmentHeadPages(r)
		s.participationPages(r)

		r.Route("/api/v1", func(r chi.Router) {
			r.Get("/me", s.apiMe)
			r.With(s.requireRole(wachsam.RoleAdmin)).Get("/municipalities", s.apiMunicipalities)
			r.With(s.requireRole(wachsam.RoleAdmin)).Post("/municipalities", s.apiCreateMunicipality)
			s.adminDirectoryAPI(r)
			s.staffAPI(r)
			s.trainerAPI(r)
			s.coordinatorStaffAPI(r)
			s.roundAPI(r)
			s.examOfficeAPI(r)
			s.examinerAPI(r)
			s.candidateAPI(r)
			s.boardAPI(r)
			s.certificateAPI(r)
			s.evidenceCoordinatorAPI(r)
			s.coordinatorBehalfAPI(r)
			s.coordinatorBulkAPI(r)
			s.coordinatorAttendanceAPI(r)
			s.adminOIDCAPI(r)
			s.departmentHeadAPI(r)
			s.participationAPI(r)
		})
	})
	return r
}

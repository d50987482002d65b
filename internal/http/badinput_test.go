package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The foundation issue's list of bad input: each gets a clear German error
// (problem details under /api/) and changes nothing.

func TestWrongPasswordIsRefusedInGermanAndStartsNoSession(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		u := h.user("staff@example.de", wachsam.RoleStaff)
		b := h.browser()
		r := b.post("/anmelden", url.Values{"email": {u.Email}, "password": {"falsch-falsch-falsch"}})
		if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "E-Mail-Adresse oder Passwort ist falsch") {
			t.Fatalf("status %d, body lacks the German message", r.status)
		}
		if sessions, _ := db.Sessions(context.Background(), u.ID); len(sessions) != 0 {
			t.Fatalf("a wrong password created %d sessions", len(sessions))
		}
		if r := b.get("/"); r.status != http.StatusSeeOther || r.location != "/anmelden" {
			t.Fatalf("home after failed login: %d → %s", r.status, r.location)
		}
	})
}

func TestUnknownAccountAnswersLikeWrongPassword(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		r := h.browser().post("/anmelden", url.Values{"email": {"niemand@example.de"}, "password": {"irgendein-passwort"}})
		if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "E-Mail-Adresse oder Passwort ist falsch") {
			t.Fatalf("status %d", r.status)
		}
	})
}

func TestLoginIsThrottledPerAccountAndPerClient(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		u := h.user("staff@example.de", wachsam.RoleStaff)
		b := h.browser()
		for range 5 {
			b.post("/anmelden", url.Values{"email": {u.Email}, "password": {"falsch-falsch-falsch"}})
		}
		// Even the right password is refused now, so guessing learns nothing.
		r := b.post("/anmelden", url.Values{"email": {u.Email}, "password": {testPassword}})
		if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "Zu viele fehlgeschlagene Anmeldeversuche") {
			t.Fatalf("6th attempt: status %d", r.status)
		}
		h.clock.Advance(16 * time.Minute)
		if r := b.post("/anmelden", url.Values{"email": {u.Email}, "password": {testPassword}}); r.status != http.StatusSeeOther {
			t.Fatalf("after the window: status %d", r.status)
		}

		// Per client: many accounts guessed from one address.
		other := h.user("other@example.de", wachsam.RoleStaff)
		for i := range 20 {
			b.post("/anmelden", url.Values{"email": {"probe" + string(rune('a'+i)) + "@example.de"}, "password": {"falsch-falsch-falsch"}})
		}
		r = b.post("/anmelden", url.Values{"email": {other.Email}, "password": {testPassword}})
		if r.status != http.StatusTooManyRequests {
			t.Fatalf("client throttle: status %d", r.status)
		}
	})
}

func TestWrongAndReusedTOTPCodesAreRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		u := h.user("admin@example.de", wachsam.RoleAdmin)
		b := h.browser()
		b.post("/anmelden", url.Values{"email": {u.Email}, "password": {testPassword}})
		secret := b.enrol()
		b.post("/abmelden", nil)

		b.post("/anmelden", url.Values{"email": {u.Email}, "password": {testPassword}})
		r := b.post("/anmelden/zwei-faktor", url.Values{"code": {"000000"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Der Code ist nicht richtig") {
			t.Fatalf("wrong code: status %d", r.status)
		}
		if r := b.get("/konto"); r.location != "/anmelden/zwei-faktor" {
			t.Fatalf("a wrong code let the session through: %d → %s", r.status, r.location)
		}

		// The enrolment code's time step is used; the same code again is refused.
		r = b.post("/anmelden/zwei-faktor", url.Values{"code": {h.code(secret)}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "bereits verwendet") {
			t.Fatalf("replayed enrolment code: status %d", r.status)
		}
		h.clock.Advance(30 * time.Second)
		code := h.code(secret)
		if r := b.post("/anmelden/zwei-faktor", url.Values{"code": {code}}); r.status != http.StatusSeeOther || r.location != "/" {
			t.Fatalf("fresh code: %d → %s", r.status, r.location)
		}

		// A second browser that saw the code cannot use it again.
		thief := h.browser()
		thief.post("/anmelden", url.Values{"email": {u.Email}, "password": {testPassword}})
		if r := thief.post("/anmelden/zwei-faktor", url.Values{"code": {code}}); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("reused code accepted: status %d", r.status)
		}
		if r := thief.get("/konto"); r.status != http.StatusSeeOther {
			t.Fatalf("thief reached the account page: %d", r.status)
		}
	})
}

func TestRecoveryCodeWorksOnceOnly(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		u := h.user("admin@example.de", wachsam.RoleAdmin)
		b := h.browser()
		b.post("/anmelden", url.Values{"email": {u.Email}, "password": {testPassword}})
		page := b.get("/konto/zwei-faktor/einrichten")
		secret := secretPattern.FindStringSubmatch(page.body)[1]
		r := b.post("/konto/zwei-faktor/einrichten", url.Values{"code": {h.code(secret)}})
		codes := recoveryCodePattern.FindAllStringSubmatch(r.body, -1)
		if len(codes) != 10 {
			t.Fatalf("%d recovery codes shown", len(codes))
		}
		code := strings.ToLower(codes[3][1]) // typed in lower case: still accepted
		for i, want := range []int{http.StatusSeeOther, http.StatusUnprocessableEntity} {
			b := h.browser()
			b.post("/anmelden", url.Values{"email": {u.Email}, "password": {testPassword}})
			r := b.post("/anmelden/wiederherstellung", url.Values{"code": {code}})
			if r.status != want {
				t.Fatalf("use %d of the recovery code: status %d, want %d", i+1, r.status, want)
			}
			if want != http.StatusSeeOther && !strings.Contains(r.body, "Wiederherstellungscode ist nicht richtig oder wurde bereits verwendet") {
				t.Fatal("the refusal does not say why")
			}
		}
	})
}

func TestPrivilegedAccountMustEnrolBeforeAnythingElse(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		for _, role := range []wachsam.Role{wachsam.RoleAdmin, wachsam.RoleCoordinator, wachsam.RoleExaminer, wachsam.RoleBoard, wachsam.RoleBoardChair} {
			u := h.user(string(role)+"@example.de", role)
			b := h.browser()
			if r := b.post("/anmelden", url.Values{"email": {u.Email}, "password": {testPassword}}); r.location != "/konto/zwei-faktor/einrichten" {
				t.Fatalf("%s: after password → %s", role, r.location)
			}
			for _, path := range []string{"/", "/konto", "/verwaltung/benutzer", "/api/v1/me"} {
				r := b.get(path)
				if r.status == http.StatusOK {
					t.Fatalf("%s reached %s before enrolment", role, path)
				}
			}
			if r := b.post("/konto/passwort", url.Values{"current": {testPassword}, "password": {"ein-neues-langes-passwort"}, "repeat": {"ein-neues-langes-passwort"}}); r.status == http.StatusSeeOther && r.location == "/konto" {
				t.Fatalf("%s changed the password before enrolment", role)
			}
		}
	})
}

func TestExpiredSessionAsksToSignInAgain(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		u := h.user("staff@example.de", wachsam.RoleStaff)
		b := h.browser()
		b.login(u)
		if r := b.get("/konto"); r.status != http.StatusOK {
			t.Fatalf("account page: %d", r.status)
		}
		h.clock.Advance(31 * time.Minute)
		r := b.get("/konto")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/anmelden") {
			t.Fatalf("idle session: %d → %s", r.status, r.location)
		}
		if r := b.get("/anmelden"); !strings.Contains(r.body, "Ihre Sitzung ist abgelaufen") {
			t.Fatal("the login page does not say the session expired")
		}
		if r := b.get("/api/v1/me"); r.status != http.StatusUnauthorized {
			t.Fatalf("API with expired session: %d", r.status)
		}
	})
}

func TestCrossOriginFormPostIsRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.enrolledAdmin()
		before := h.auditCount()
		form := url.Values{"name": {"Fremdgemeinde"}, "ags": {"08425999"}, "population": {"100"}}
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/verwaltung/gemeinden", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://angreifer.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		r := b.do(req)
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "von einer anderen Website") {
			t.Fatalf("cross-origin post: status %d", r.status)
		}
		if _, err := db.MunicipalityByAGS(context.Background(), "08425999"); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("the forged post created a municipality: %v", err)
		}
		if h.auditCount() != before {
			t.Fatal("the forged post wrote to the audit log")
		}
		// The same post from the site itself works.
		req.Header.Set("Origin", h.srv.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Body = http.NoBody
		if r := b.post("/verwaltung/gemeinden", form); r.status != http.StatusSeeOther {
			t.Fatalf("same-origin post: %d %s", r.status, r.body)
		}
	})
}

func TestOversizedBodyIsRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.enrolledAdmin()
		before := h.auditCount()
		big := url.Values{"name": {strings.Repeat("x", 70<<10)}, "ags": {"08425998"}, "population": {"1"}}
		if r := b.post("/verwaltung/gemeinden", big); r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "zu groß") {
			t.Fatalf("oversized form: %d", r.status)
		}
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/api/v1/municipalities", strings.NewReader(`{"name":"`+strings.Repeat("x", 70<<10)+`"}`))
		req.Header.Set("Content-Type", "application/json")
		r := b.do(req)
		if r.status != http.StatusRequestEntityTooLarge || r.header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("oversized JSON: %d %s", r.status, r.header.Get("Content-Type"))
		}
		// Without a Content-Length the limit still holds while reading.
		req, _ = http.NewRequest(http.MethodPost, h.srv.URL+"/api/v1/municipalities", strings.NewReader(`{"name":"`+strings.Repeat("x", 70<<10)+`"}`))
		req.ContentLength = -1
		req.Header.Set("Content-Type", "application/json")
		if r := b.do(req); r.status != http.StatusRequestEntityTooLarge {
			t.Fatalf("chunked oversized JSON: %d", r.status)
		}
		if h.auditCount() != before {
			t.Fatal("an oversized request changed data")
		}
	})
}

func TestMalformedJSONGetsProblemDetails(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.enrolledAdmin()
		before := h.auditCount()
		for name, tc := range map[string]struct {
			body, contentType string
			status            int
		}{
			"syntax":        {`{"name": "Ort",`, "application/json", http.StatusBadRequest},
			"wrong type":    {`{"name": "Ort", "ags": "08425997", "population": "viele"}`, "application/json", http.StatusBadRequest},
			"unknown field": {`{"name": "Ort", "ags": "08425997", "population": 1, "admin": true}`, "application/json", http.StatusBadRequest},
			"two objects":   {`{"name": "Ort", "ags": "08425997", "population": 1}{}`, "application/json", http.StatusBadRequest},
			"empty":         {``, "application/json", http.StatusBadRequest},
			"not JSON":      {`name=Ort`, "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType},
			"invalid AGS":   {`{"name": "Ort", "ags": "123", "population": 1}`, "application/json", http.StatusUnprocessableEntity},
		} {
			req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/api/v1/municipalities", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.contentType)
			r := b.do(req)
			var p struct {
				Type, Title, Detail, Instance string
				Status                        int
			}
			if err := json.Unmarshal([]byte(r.body), &p); err != nil || r.header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%s: not problem details: %s %q", name, r.header.Get("Content-Type"), r.body)
			}
			if r.status != tc.status || p.Status != tc.status || p.Detail == "" || p.Title == "" || p.Instance != "/api/v1/municipalities" {
				t.Fatalf("%s: status %d, problem %+v", name, r.status, p)
			}
		}
		if h.auditCount() != before {
			t.Fatal("malformed JSON changed data")
		}
		ms, _ := db.Municipalities(context.Background())
		if len(ms) != 1 {
			t.Fatalf("%d municipalities after malformed requests", len(ms))
		}
	})
}

func TestUnknownRouteGetsGermanPageOrProblem(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.browser()
		r := b.get("/gibt-es-nicht")
		if r.status != http.StatusNotFound || !strings.Contains(r.body, "Seite nicht gefunden") || !strings.Contains(r.body, `lang="de"`) {
			t.Fatalf("page: %d", r.status)
		}
		u := h.user("staff@example.de", wachsam.RoleStaff)
		b.login(u)
		r = b.get("/api/v1/gibt-es-nicht")
		if r.status != http.StatusNotFound || r.header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("API: %d %s", r.status, r.header.Get("Content-Type"))
		}
	})
}

func TestAdminPagesRefuseOtherRoles(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		u := h.user("staff@example.de", wachsam.RoleStaff)
		b := h.browser()
		b.login(u)
		for _, path := range []string{"/verwaltung/benutzer", "/verwaltung/gemeinden", "/verwaltung/protokoll", "/api/v1/municipalities"} {
			if r := b.get(path); r.status != http.StatusForbidden {
				t.Fatalf("staff reached %s: %d", path, r.status)
			}
		}
		before := h.auditCount()
		if r := b.post("/verwaltung/benutzer/neu", url.Values{"email": {"x@example.de"}, "name": {"X"}, "role": {"admin"}}); r.status != http.StatusForbidden {
			t.Fatalf("staff created an account: %d", r.status)
		}
		if h.auditCount() != before {
			t.Fatal("a refused request changed data")
		}
	})
}

func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.browser()
		for _, path := range []string{"/anmelden", "/gibt-es-nicht", "/healthz"} {
			r := b.get(path)
			csp := r.header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") {
				t.Fatalf("%s: CSP %q", path, csp)
			}
			if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("X-Frame-Options") != "DENY" {
				t.Fatalf("%s: hardening headers missing", path)
			}
		}
	})
}

func TestHealthAndReadiness(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.browser()
		if r := b.get("/healthz"); r.status != http.StatusOK {
			t.Fatalf("healthz %d", r.status)
		}
		if r := b.get("/readyz"); r.status != http.StatusOK {
			t.Fatalf("readyz %d", r.status)
		}
		db.Close()
		if r := b.get("/readyz"); r.status != http.StatusServiceUnavailable {
			t.Fatalf("readyz with the database closed: %d", r.status)
		}
	})
}

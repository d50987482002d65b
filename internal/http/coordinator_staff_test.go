package http_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// uploadFile posts data as the "file" part of a multipart form, as the import
// form does.
func (b *browser) uploadFile(path, filename string, data []byte) response {
	b.h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, err := mw.CreateFormFile("file", filename)
	if err != nil {
		b.h.t.Fatal(err)
	}
	part.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.h.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

func (h *harness) userCount() int {
	h.t.Helper()
	n, err := h.db.NewSelect().Model((*wachsam.User)(nil)).Count(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return int(n)
}

// coordinatorOf signs in the coordinator of the neighbours' first town.
func coordinatorOf(h *harness, w *storetest.Neighbours, i int) *browser {
	h.t.Helper()
	return h.signedIn(w.Coordinators[w.Municipalities[i].ID])
}

func TestCoordinatorUploadWithErrorsListsEveryLineAndImportsNothing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		b := coordinatorOf(h, w, 0)
		foreign := w.Staff[w.Municipalities[1].ID][0]
		csv := "E-Mail,Name,Abteilung\n" +
			"anna@lindenbach.example,Anna Arm,Bauamt\n" +
			"keine-adresse,Bert Bein,Bauamt\n" +
			"cleo@lindenbach.example,Cleo Chor,Bauamt\n" +
			"dora@lindenbach.example,,Bauamt\n"
		users, audits := h.userCount(), h.auditCount()
		r := b.uploadFile("/koordination/beschaeftigte/import", "liste.csv", []byte(csv))
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", r.status)
		}
		for _, want := range []string{"Zeile 3:", "Zeile 5:", "2 Fehler", "nichts übernommen"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		// A row that parses but names another town's account is a problem too.
		csv = "E-Mail;Name;Abteilung\nanna@lindenbach.example;Anna Arm;Bauamt\n" + foreign.Email + ";Übernahme;Bauamt\n"
		r = b.uploadFile("/koordination/beschaeftigte/import", "liste.csv", []byte(csv))
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Zeile 3: Die Adresse") ||
			!strings.Contains(r.body, "das der Import nicht ändern kann") || strings.Contains(r.body, w.Municipalities[1].Name) {
			t.Errorf("foreign address: status %d", r.status)
		}
		// A file that is no CSV at all: the message stands beside the field.
		r = b.uploadFile("/koordination/beschaeftigte/import", "liste.csv", []byte(""))
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="file-fehler"`) {
			t.Errorf("empty file: status %d", r.status)
		}
		if h.userCount() != users || h.auditCount() != audits {
			t.Error("a refused upload wrote something")
		}
	})
}

func TestCoordinatorImportsWindows1252SemicolonFile(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		b := coordinatorOf(h, w, 0)
		text := "Vorname;Nachname;E-Mail;Abteilung;Personal-Nr.\r\n" +
			"Jürgen;Müller;juergen.mueller@lindenbach.example;Straßenbau;0815\r\n" +
			"Änne;Öztürk;aenne@lindenbach.example;Bürgerbüro;\r\n"
		data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		audits := h.auditCount()
		r := b.uploadFile("/koordination/beschaeftigte/import", "Personal.csv", data)
		if r.status != http.StatusSeeOther || r.location != "/koordination/beschaeftigte" {
			t.Fatalf("status %d → %s: %s", r.status, r.location, r.body)
		}
		page := b.get("/koordination/beschaeftigte")
		for _, want := range []string{"2 neu, 0 aktualisiert, 0 unverändert", "Neu angelegte Abteilungen: Straßenbau",
			"Jürgen Müller", "Änne Öztürk", "0815"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("staff page lacks %q", want)
			}
		}
		if h.auditCount() != audits+1 {
			t.Errorf("audit entries: %d new, want 1", h.auditCount()-audits)
		}
		u, err := db.UserByEmail(context.Background(), "juergen.mueller@lindenbach.example")
		if err != nil || u.Name != "Jürgen Müller" {
			t.Fatalf("imported account: %v %+v", err, u)
		}
		// The same file again changes nothing.
		b.uploadFile("/koordination/beschaeftigte/import", "Personal.csv", data)
		if page := b.get("/koordination/beschaeftigte"); !strings.Contains(page.body, "0 neu, 0 aktualisiert, 2 unverändert") {
			t.Error("re-import does not report everyone unchanged")
		}
	})
}

func TestCoordinatorOversizedUploadGets413(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		b := coordinatorOf(h, w, 0)
		big := "E-Mail,Name,Abteilung\n" + strings.Repeat("x@lindenbach.example,Name,Bauamt\n", 3000)
		r := b.uploadFile("/koordination/beschaeftigte/import", "gross.csv", []byte(big))
		if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "zu groß") {
			t.Fatalf("status %d", r.status)
		}
		// Without a Content-Length the cap is hit while reading the parts.
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		part, _ := mw.CreateFormFile("file", "gross.csv")
		part.Write([]byte(big))
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/koordination/beschaeftigte/import", io.MultiReader(&body))
		req.Header.Set("Content-Type", mw.FormDataContentType())
		users := h.userCount()
		if r := b.do(req); r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "zu groß") {
			t.Errorf("chunked upload: status %d", r.status)
		}
		if h.userCount() != users {
			t.Error("an oversized upload imported something")
		}
	})
}

var issuedPassword = regexp.MustCompile(`id="issued-password">([^<]+)<`)

func TestCoordinatorSeesAndUnlocksOnlyOwnStaff(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		a, other := w.Municipalities[0], w.Municipalities[1]
		b := coordinatorOf(h, w, 0)
		page := b.get("/koordination/beschaeftigte")
		if page.status != http.StatusOK || !strings.Contains(page.body, w.Staff[a.ID][0].Email) {
			t.Fatalf("own staff page: status %d", page.status)
		}
		for _, p := range w.Staff[other.ID] {
			if strings.Contains(page.body, p.Email) {
				t.Errorf("town A's page shows %s of town B", p.Email)
			}
		}
		audits := h.auditCount()
		for _, target := range []*wachsam.User{w.Staff[other.ID][0], w.Trainer, w.Coordinators[other.ID]} {
			r := b.post(fmt.Sprintf("/koordination/beschaeftigte/%d/zugang", target.ID), nil)
			if r.status != http.StatusNotFound || strings.Contains(r.body, "issued-password") {
				t.Errorf("password for %s: status %d, want 404", target.Email, r.status)
			}
		}
		if r := b.post("/koordination/beschaeftigte/nix/zugang", nil); r.status != http.StatusNotFound {
			t.Errorf("bad id: status %d", r.status)
		}
		if h.auditCount() != audits {
			t.Error("a refused password issue wrote something")
		}
		// Staff cannot use the coordinator pages at all.
		staff := h.signedIn(w.Staff[a.ID][0])
		if r := staff.get("/koordination/beschaeftigte"); r.status != http.StatusForbidden {
			t.Errorf("staff on the coordinator page: %d", r.status)
		}

		// Own staff get a password that works.
		mine := w.Staff[a.ID][0]
		r := b.post(fmt.Sprintf("/koordination/beschaeftigte/%d/zugang", mine.ID), nil)
		m := issuedPassword.FindStringSubmatch(r.body)
		if r.status != http.StatusOK || m == nil {
			t.Fatalf("own staff: status %d", r.status)
		}
		login := h.browser().post("/anmelden", map[string][]string{"email": {mine.Email}, "password": {m[1]}})
		if login.status != http.StatusSeeOther {
			t.Errorf("sign-in with the issued password: status %d", login.status)
		}
	})
}

func TestCoordinatorDepartments(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		a, other := w.Municipalities[0], w.Municipalities[1]
		b := coordinatorOf(h, w, 0)
		if r := b.post("/koordination/abteilungen", map[string][]string{"department": {"Kämmerei"}}); r.status != http.StatusSeeOther {
			t.Fatalf("add: status %d", r.status)
		}
		page := b.get("/koordination/abteilungen")
		if !strings.Contains(page.body, "Kämmerei") || strings.Contains(page.body, other.Name) {
			t.Error("department list")
		}
		audits := h.auditCount()
		if r := b.post("/koordination/abteilungen", map[string][]string{"department": {"bauamt"}}); r.status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.body, `id="department-fehler"`) {
			t.Errorf("same name in another case: status %d", r.status)
		}
		if r := b.post("/koordination/abteilungen", map[string][]string{"department": {"  "}}); r.status != http.StatusUnprocessableEntity {
			t.Errorf("empty name: status %d", r.status)
		}
		theirs := other.Departments[0].ID
		if r := b.post(fmt.Sprintf("/koordination/abteilungen/%d/loeschen", theirs), nil); r.status != http.StatusNotFound {
			t.Errorf("delete another town's department: status %d", r.status)
		}
		used := a.Departments[0].ID
		if r := b.post(fmt.Sprintf("/koordination/abteilungen/%d/loeschen", used), nil); r.status != http.StatusConflict {
			t.Errorf("delete a department in use: status %d", r.status)
		}
		if h.auditCount() != audits {
			t.Error("refused department changes wrote something")
		}
		deps, _ := db.Departments(context.Background(), a.ID)
		for _, d := range deps {
			if d.Name == "Kämmerei" {
				if r := b.post(fmt.Sprintf("/koordination/abteilungen/%d/loeschen", d.ID), nil); r.status != http.StatusSeeOther {
					t.Errorf("delete own empty department: status %d", r.status)
				}
			}
		}
		if n, _ := db.Departments(context.Background(), other.ID); len(n) != 2 {
			t.Error("the other town's departments changed")
		}
	})
}

// Issue 13 §2: a coordinator may issue passwords only for accounts whose one
// role is staff. Before, a member of staff who was also an exam candidate
// (or a trainer) could be given a new password by the coordinator, who
// could then sign in as them and read their exam file.
func TestCoordinatorCannotTakeOverAnAccountWithAnotherRole(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 3})
		town := w.Municipalities[0]
		b := coordinatorOf(h, w, 0)
		ctx := context.Background()
		for i, role := range []wachsam.Role{wachsam.RoleCandidate, wachsam.RoleTrainer} {
			target := w.Staff[town.ID][i]
			if err := db.SetRoles(ctx, wachsam.SystemActor("test"), target.ID, []wachsam.Role{wachsam.RoleStaff, role}); err != nil {
				t.Fatal(err)
			}
			before, _ := db.User(ctx, target.ID)
			audits := h.auditCount()
			r := b.post(fmt.Sprintf("/koordination/beschaeftigte/%d/zugang", target.ID), nil)
			if r.status != http.StatusForbidden || issuedPassword.MatchString(r.body) || !strings.Contains(r.body, "nur die Administration") {
				t.Fatalf("staff + %s: status %d, want 403 without a password", role, r.status)
			}
			if h.auditCount() != audits {
				t.Fatalf("staff + %s: the refusal wrote something", role)
			}
			if after, _ := db.User(ctx, target.ID); after.PasswordHash != before.PasswordHash {
				t.Fatalf("staff + %s: the password was changed", role)
			}
		}
	})
}

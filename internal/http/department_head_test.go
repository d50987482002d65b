package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func headPath(userID int64, rest string) string {
	return fmt.Sprintf("/abteilung/beschaeftigte/%d/buchungen%s", userID, rest)
}

// appointHead has town i's coordinator make the first member of the
// town's Bürgerbüro its head on the staff page; the head then signs in,
// enrolling a second factor as every privileged account does.
func appointHead(t *testing.T, h *harness, w *storetest.Neighbours, i int) (*wachsam.User, *browser, *browser) {
	t.Helper()
	town := w.Municipalities[i].ID
	head := w.Staff[town][0]
	coordinator := coordinatorOf(h, w, i)
	r := coordinator.post(fmt.Sprintf("/koordination/beschaeftigte/%d/abteilungsleitung", head.ID), url.Values{"head": {"1"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("appoint: %d\n%s", r.status, r.body)
	}
	staffWantPage(t, coordinator.get("/koordination/beschaeftigte"), http.StatusOK, "leitet Bürgerbüro", "Abteilungsleitung entziehen: "+head.Name)
	b := h.browser()
	r = b.post("/anmelden", url.Values{"email": {head.Email}, "password": {testPassword}})
	if r.status != http.StatusSeeOther || r.location != "/konto/zwei-faktor/einrichten" {
		t.Fatalf("a department head must enrol a second factor: %d → %s", r.status, r.location)
	}
	b.enrol()
	return head, b, coordinator
}

// A department head sees their department's members with each topic's
// state, downloads the list, and books for a member; the start page counts
// the overdue and links to the list.
func TestDepartmentHeadSeesTheDepartmentAndBooks(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		town := w.Municipalities[0].ID
		_, b, _ := appointHead(t, h, w, 0)
		member := w.Staff[town][1]

		staffWantPage(t, b.get("/"), http.StatusOK, `id="abteilung-ueberfaellig"`, "3 Beschäftigte sind", `href="/abteilung"`)
		page := b.get("/abteilung")
		staffWantPage(t, page, http.StatusOK, "Abteilung Bürgerbüro", `href="`+headPath(member.ID, "")+`"`, "überfällig")
		for _, stranger := range []*wachsam.User{w.Staff[town][3], w.Staff[w.Municipalities[1].ID][0]} {
			if strings.Contains(page.body, stranger.Name) {
				t.Fatalf("the list shows %s of another department", stranger.Name)
			}
		}

		r := b.post(headPath(member.ID, ""), url.Values{"session": {fmt.Sprint(w.Round.Sessions[0].ID)}, "reason": {"Abteilung meldet an"}})
		if r.status != http.StatusSeeOther || r.location != headPath(member.ID, "") {
			t.Fatalf("book: %d → %s\n%s", r.status, r.location, r.body)
		}
		staffWantPage(t, b.get(headPath(member.ID, "")), http.StatusOK, "Termin absagen", `<a href="/abteilung">Zurück zur Abteilung</a>`)
		staffWantPage(t, b.get("/abteilung"), http.StatusOK, "Rathaus Lindenbach")

		csv := b.get("/abteilung/export?format=csv")
		if csv.status != http.StatusOK || !strings.Contains(csv.body, member.Name) || !strings.Contains(csv.body, "Rathaus Lindenbach") ||
			strings.Contains(csv.body, w.Staff[town][3].Name) {
			t.Fatalf("CSV %d:\n%s", csv.status, csv.body)
		}
		if x := b.get("/abteilung/export?format=xlsx"); x.status != http.StatusOK || !strings.HasPrefix(x.body, "PK") {
			t.Fatalf("XLSX %d", x.status)
		}
		staffWantPage(t, b.get("/abteilung/export?format=pdf"), http.StatusUnprocessableEntity)

		dep := *w.Staff[town][0].DepartmentID
		api := b.get(fmt.Sprintf("/api/v1/departments/%d/status", dep))
		var got struct {
			Name    string `json:"name"`
			Members []struct {
				UserID      int64 `json:"user_id"`
				NextSession *struct {
					SessionID int64 `json:"session_id"`
				} `json:"next_session"`
			} `json:"members"`
		}
		if api.status != http.StatusOK || json.Unmarshal([]byte(api.body), &got) != nil || got.Name != "Bürgerbüro" || len(got.Members) != 3 {
			t.Fatalf("API %d: %s", api.status, api.body)
		}
		for _, m := range got.Members {
			if (m.NextSession != nil) != (m.UserID == member.ID) {
				t.Fatalf("API member %+v", m)
			}
		}
		if f := b.get(fmt.Sprintf("/api/v1/departments/%d/status?format=csv", dep)); f.status != http.StatusOK || !strings.Contains(f.body, member.Name) {
			t.Fatalf("API CSV %d", f.status)
		}
	})
}

// A head of the Bürgerbüro reaches no one of the Bauamt of the same town
// nor of another town, by page or API, and no booking of theirs: all 404,
// as if missing. The coordinator's reach stays the whole town.
func TestDepartmentHeadStaysInTheDepartment(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		town, other := w.Municipalities[0], w.Municipalities[1]
		_, b, coordinator := appointHead(t, h, w, 0)
		bauamt, away := w.Staff[town.ID][3], w.Staff[other.ID][0]
		session := fmt.Sprint(w.Round.Sessions[0].ID)

		r := coordinator.post(behalfPath(bauamt.ID, ""), url.Values{"session": {session}, "reason": {"Koordination"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("the coordinator books for the Bauamt: %d\n%s", r.status, r.body)
		}
		theirs := activeBookingOf(t, db, bauamt.ID)
		h.staffUnchanged("another department's people", func() {
			for _, u := range []*wachsam.User{bauamt, away, w.Coordinators[town.ID]} {
				staffWantPage(t, b.get(headPath(u.ID, "")), http.StatusNotFound, "Diese Person gibt es in Ihrer Abteilung nicht.")
				staffWantPage(t, b.post(headPath(u.ID, ""), url.Values{"session": {session}, "reason": {"x"}}), http.StatusNotFound)
			}
			staffWantPage(t, b.post(headPath(bauamt.ID, fmt.Sprintf("/%d/absagen", theirs)), url.Values{"reason": {"x"}}), http.StatusNotFound)
			// The Bauamt's booking under the address of a member of the own department.
			staffWantPage(t, b.post(headPath(w.Staff[town.ID][1].ID, fmt.Sprintf("/%d/absagen", theirs)), url.Values{"reason": {"x"}}), http.StatusNotFound,
				"Die Buchung wurde nicht gefunden.")
			staffWantPage(t, b.get("/abteilung/beschaeftigte/abc/buchungen"), http.StatusNotFound)
			for _, dep := range []int64{*bauamt.DepartmentID, *away.DepartmentID, 0, 999999} {
				wantProblem(t, b.get(fmt.Sprintf("/api/v1/departments/%d/status", dep)), http.StatusNotFound, "")
			}
			wantProblem(t, b.get("/api/v1/departments/abc/status"), http.StatusNotFound, "")
			// A department head is no coordinator.
			staffWantPage(t, b.get("/koordination/beschaeftigte"), http.StatusForbidden)
			wantProblem(t, b.get(fmt.Sprintf("/api/v1/staff/%d/bookings", bauamt.ID)), http.StatusForbidden, "")
		})
		// Another town's coordinator cannot appoint anyone here.
		far := coordinatorOf(h, w, 1)
		staffWantPage(t, far.post(fmt.Sprintf("/koordination/beschaeftigte/%d/abteilungsleitung", w.Staff[town.ID][1].ID), url.Values{"head": {"1"}}),
			http.StatusNotFound)
		staffWantPage(t, far.post(fmt.Sprintf("/koordination/beschaeftigte/%d/abteilungsleitung", away.ID), url.Values{"head": {"maybe"}}),
			http.StatusUnprocessableEntity, "Bitte wählen Sie, ob die Person die Abteilung leitet.")
	})
}

// Withdrawing the role closes the pages with the next request of the
// signed-in head; nothing of the department is shown any more.
func TestDepartmentHeadWithdrawnLosesAccessAtOnce(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		head, b, coordinator := appointHead(t, h, w, 0)
		dep := *head.DepartmentID
		staffWantPage(t, b.get("/abteilung"), http.StatusOK)
		audits := h.auditCount()
		r := coordinator.post(fmt.Sprintf("/koordination/beschaeftigte/%d/abteilungsleitung", head.ID), url.Values{"head": {"0"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("withdraw: %d\n%s", r.status, r.body)
		}
		if h.auditCount() != audits+1 {
			t.Fatal("the withdrawal is not audited")
		}
		staffWantPage(t, b.get("/abteilung"), http.StatusForbidden)
		staffWantPage(t, b.get(headPath(w.Staff[w.Municipalities[0].ID][1].ID, "")), http.StatusForbidden)
		wantProblem(t, b.get(fmt.Sprintf("/api/v1/departments/%d/status", dep)), http.StatusForbidden, "")
		if home := b.get("/"); home.status != http.StatusOK || strings.Contains(home.body, "abteilung-ueberfaellig") {
			t.Fatalf("start page after withdrawal: %d", home.status)
		}
	})
}

// The administration assigns the role with a department of the account's
// town in the account form; without one the form says what is missing.
func TestAdminAssignsDepartmentHead(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		admin := h.enrolledAdmin()
		u := h.user("leitung@example.de", wachsam.RoleStaff)
		dep := h.town.Departments[1].ID
		path := fmt.Sprintf("/verwaltung/benutzer/%d", u.ID)
		form := url.Values{"name": {u.Name}, "municipality": {fmt.Sprint(h.town.ID)}, "role": {"staff", "department_head"}}
		audits := h.auditCount()
		staffWantPage(t, admin.post(path, form), http.StatusUnprocessableEntity, `id="head_of_department-fehler"`, "Bitte wählen Sie die Abteilung, die die Person leitet.")
		form.Set("head_of_department", "abc")
		staffWantPage(t, admin.post(path, form), http.StatusUnprocessableEntity, `id="head_of_department-fehler"`)
		if h.auditCount() != audits {
			t.Fatal("a refused form wrote to the audit log")
		}
		form.Set("head_of_department", fmt.Sprint(dep))
		if r := admin.post(path, form); r.status != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.status, r.body)
		}
		staffWantPage(t, admin.get(path), http.StatusOK, fmt.Sprintf(`<option value="%d" selected>Bürgerbüro</option>`, dep))
		stored, err := db.User(t.Context(), u.ID)
		if err != nil || stored.HeadOfDepartmentID == nil || *stored.HeadOfDepartmentID != dep {
			t.Fatalf("stored %+v, %v", stored, err)
		}
	})
}

package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// roundJSON sends a JSON request with the browser's session.
func (b *browser) roundJSON(method, path string, body any) response {
	b.h.t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		b.h.t.Fatal(err)
	}
	req, _ := http.NewRequest(method, b.h.srv.URL+path, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	return b.do(req)
}

// roundCount counts rows of a table, to prove that refused input wrote nothing.
func (h *harness) roundCount(table, where string, args ...any) int {
	h.t.Helper()
	q := h.db.NewSelect().TableExpr(table)
	if where != "" {
		q = q.Where(where, args...)
	}
	n, err := q.Count(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return int(n)
}

// roundStrangers builds a second group of towns and lets its coordinator
// sign in: a town that does not share the first group's round.
func (h *harness) roundStrangers() (*storetest.Neighbours, *browser) {
	h.t.Helper()
	other := storetest.NewNeighboursIn(h.t, h.db, "Fern-", storetest.NeighbourOptions{Start: time.Date(2026, 12, 1, 9, 0, 0, 0, h.location())})
	coord := other.Coordinators[other.Municipalities[0].ID]
	hash, err := h.accounts.Hasher.Hash(context.Background(), testPassword)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.db.SetPassword(context.Background(), wachsam.SystemActor("test"), coord.ID, hash, 0); err != nil {
		h.t.Fatal(err)
	}
	return other, h.signedIn(coord)
}

func roundWantStatus(t *testing.T, r response, status int, texts ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %.600s", r.status, status, r.body)
	}
	for _, text := range texts {
		if !strings.Contains(r.body, text) {
			t.Fatalf("page lacks %q: %.2000s", text, r.body)
		}
	}
}

func roundForm(w *storetest.Neighbours, extra url.Values) url.Values {
	v := url.Values{
		"name": {"Sensibilisierung 2027"}, "topic": {"neu"}, "new_topic_name": {"Phishing erkennen"},
		"new_topic_validity": {"24"}, "new_topic_remind": {"30"}, "mode": {"booking"},
		"municipalities":     {fmt.Sprint(w.Municipalities[1].ID), fmt.Sprint(w.Municipalities[2].ID)},
		"municipality_share": {"1/3"}, "department_share": {"50 %"}, "cancellation_lead": {"2"}, "cancellation_unit": {"days"},
		"offer_ttl": {"12"}, "cost": {"1.250,00 €"}, "cost_basis": {"population"},
		"date": {"2027-02-02"}, "start": {"09:00"}, "end": {"12:30"}, "capacity": {"12"},
		"host": {fmt.Sprint(w.Municipalities[0].ID)}, "location": {"Sitzungssaal"}, "trainer": {fmt.Sprint(w.Trainer.ID)},
	}
	for k, vs := range extra {
		v[k] = vs
	}
	return v
}

func TestRoundCreatedWithSessionsThroughThePages(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		home := w.Municipalities[0]
		b := h.signedIn(w.Coordinators[home.ID])
		roundWantStatus(t, b.get("/koordination/runden/neu"), http.StatusOK, "Neue Schulungsrunde", "Tanja Trainerin")
		r := b.post("/koordination/runden/neu", roundForm(w, nil))
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/koordination/runden/") {
			t.Fatalf("create: %d → %s: %.800s", r.status, r.location, r.body)
		}
		page := b.get(r.location)
		roundWantStatus(t, page, http.StatusOK, "Sensibilisierung 2027", "Phishing erkennen", "1/3", "1.250,00 €",
			"Di. 02.02.2027", "09:00–12:30 Uhr", "Entwurf", "Buchung öffnen")
		add := b.post(r.location+"/termine", url.Values{"date": {"09.02.2027"}, "start": {"13:00"}, "end": {"16:00"},
			"more_days": {"10.02.2027"}, "capacity": {"8"}, "host": {"online"}, "trainer": {""}})
		if add.status != http.StatusSeeOther {
			t.Fatalf("add session: %d: %.800s", add.status, add.body)
		}
		var id int64
		fmt.Sscanf(strings.TrimPrefix(r.location, "/koordination/runden/"), "%d", &id)
		rd, err := db.RoundFor(context.Background(), home.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(rd.Sessions) != 2 || !rd.Sessions[1].Online || len(rd.Sessions[1].Days) != 2 || rd.CostCents != 125000 ||
			rd.Policy.MunicipalityShare.RatString() != "1/3" || rd.Policy.DepartmentShare.RatString() != "1/2" ||
			rd.Policy.CancellationLead.Hours() != 48 || rd.Policy.OfferTTL.Hours() != 12 || len(rd.Municipalities) != 3 {
			t.Fatalf("round %+v", rd)
		}
		// Split by population 5000 : 10000 : 15000.
		roundWantStatus(t, b.get(r.location), http.StatusOK, "208,33 €", "416,67 €", "625,00 €", "Di. 09.02.2027, Mi. 10.02.2027")
		roundWantStatus(t, b.get("/koordination/runden"), http.StatusOK, "Sensibilisierung 2027", "Selbstbuchung")
		// Another coordinator of the round sees it too and may open it.
		nb := h.signedIn(w.Coordinators[w.Municipalities[2].ID])
		st := nb.post(r.location+"/status", url.Values{"status": {"open"}})
		if st.status != http.StatusSeeOther {
			t.Fatalf("open: %d %.500s", st.status, st.body)
		}
	})
}

func TestRoundQuotaAndAmountsAreReadTheGermanWay(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		b := h.signedIn(w.Coordinators[w.Municipalities[0].ID])
		good := map[string]string{"1/3": "1/3", " 50 % ": "1/2", "0,5": "1/2", "33,3 %": "333/1000", "1": "1", "100%": "1"}
		n := 0
		for input, want := range good {
			n++
			r := b.post("/koordination/runden/neu", roundForm(w, url.Values{"municipality_share": {input},
				"name": {fmt.Sprintf("Runde %d", n)}, "topic": {fmt.Sprint(w.Topic.ID)}}))
			if r.status != http.StatusSeeOther {
				t.Fatalf("%q refused: %d %.500s", input, r.status, r.body)
			}
			var id int64
			fmt.Sscanf(strings.TrimPrefix(r.location, "/koordination/runden/"), "%d", &id)
			rd, _ := db.Round(context.Background(), id)
			if got := rd.Policy.MunicipalityShare.RatString(); got != want {
				t.Fatalf("%q read as %s, want %s", input, got, want)
			}
		}
		bad := []struct{ field, input string }{
			{"municipality_share", "ein Drittel"}, {"municipality_share", "1/0"}, {"municipality_share", "150 %"},
			{"municipality_share", "0"}, {"department_share", "1,5"}, {"department_share", "-1/2"},
			{"cost", "12.50"}, {"cost", "zwölf Euro"}, {"capacity", "zehn"}, {"date", "31.02.2027"}, {"start", "25:00"},
			{"new_topic_validity", "0"},
		}
		rounds, audits := h.roundCount("rounds", ""), h.auditCount()
		for _, c := range bad {
			r := b.post("/koordination/runden/neu", roundForm(w, url.Values{c.field: {c.input}}))
			roundWantStatus(t, r, http.StatusUnprocessableEntity, `id="`+c.field+`-fehler"`, `value="`+strings.ReplaceAll(c.input, `"`, "")+`"`)
		}
		if h.roundCount("rounds", "") != rounds || h.auditCount() != audits || h.roundCount("topics", "") != 1+0 {
			t.Fatalf("refused forms wrote something: %d rounds, %d topics", h.roundCount("rounds", ""), h.roundCount("topics", ""))
		}
	})
}

// A coordinator of a town outside the round gets 404 for everything about
// it, on the pages and in the API, and changes nothing.
func TestRoundOfOtherTownsIsNotFound(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		_, b := h.roundStrangers()
		id, sid := w.Round.ID, w.Round.Sessions[0].ID
		base := fmt.Sprintf("/koordination/runden/%d", id)
		for _, path := range []string{base, base + "/zuteilung", fmt.Sprintf("%s/termine/%d", base, sid)} {
			roundWantStatus(t, b.get(path), http.StatusNotFound)
		}
		sessions, audits := h.roundCount("course_sessions", ""), h.auditCount()
		roundWantStatus(t, b.post(base+"/termine", url.Values{"date": {"2027-03-01"}, "start": {"09:00"}, "end": {"10:00"}, "capacity": {"5"}, "host": {"online"}}), http.StatusNotFound)
		roundWantStatus(t, b.post(fmt.Sprintf("%s/termine/%d/absagen", base, sid), url.Values{"confirm": {"ja"}}), http.StatusNotFound)
		roundWantStatus(t, b.post(base+"/status", url.Values{"status": {"closed"}}), http.StatusNotFound)
		api := fmt.Sprintf("/api/v1/rounds/%d", id)
		roundWantStatus(t, b.get(api), http.StatusNotFound, "/probleme/nicht-gefunden")
		roundWantStatus(t, b.roundJSON(http.MethodPost, api+"/sessions", map[string]any{"starts_at": "2027-03-01T09:00:00+01:00",
			"ends_at": "2027-03-01T10:00:00+01:00", "capacity": 5, "online": true}), http.StatusNotFound)
		roundWantStatus(t, b.roundJSON(http.MethodPost, fmt.Sprintf("%s/sessions/%d/cancel", api, sid), map[string]any{}), http.StatusNotFound)
		roundWantStatus(t, b.roundJSON(http.MethodPost, api+"/allocation", map[string]any{}), http.StatusNotFound)
		if h.roundCount("course_sessions", "") != sessions || h.roundCount("course_sessions", "cancelled_at IS NOT NULL") != 0 || h.auditCount() != audits {
			t.Fatal("a stranger changed the round")
		}
		list := b.get("/koordination/runden")
		if list.status != http.StatusOK || strings.Contains(list.body, base+`"`) {
			t.Fatalf("the stranger's list shows the round: %.500s", list.body)
		}
	})
}

func TestRoundSessionCancelledWithConfirmationNotifiesEveryone(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		ctx := context.Background()
		sid := w.Round.Sessions[0].ID
		for _, m := range w.Municipalities {
			u := w.Staff[m.ID][0]
			if _, err := db.Book(ctx, wachsam.UserActor(u), u.ID, sid); err != nil {
				t.Fatal(err)
			}
		}
		home := w.Municipalities[0]
		b := h.signedIn(w.Coordinators[home.ID])
		path := fmt.Sprintf("/koordination/runden/%d/termine/%d", w.Round.ID, sid)
		roster := b.get(path)
		roundWantStatus(t, roster, http.StatusOK, w.Staff[home.ID][0].Name, "Eichhausen", "Buchenried")
		if strings.Contains(roster.body, w.Staff[w.Municipalities[1].ID][0].Name) {
			t.Fatal("the roster names staff of another town")
		}
		jobs := h.roundCount("jobs", "kind = ?", wachsam.BookingNoticeJob)
		roundWantStatus(t, b.post(path+"/absagen", url.Values{}), http.StatusUnprocessableEntity, "Bitte bestätigen Sie die Absage")
		if h.roundCount("course_sessions", "cancelled_at IS NOT NULL") != 0 {
			t.Fatal("cancelled without confirmation")
		}
		r := b.post(path+"/absagen", url.Values{"confirm": {"ja"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("cancel: %d %.500s", r.status, r.body)
		}
		if got := h.roundCount("jobs", "kind = ?", wachsam.BookingNoticeJob); got != jobs+3 {
			t.Fatalf("%d notice jobs, want %d", got, jobs+3)
		}
		if h.roundCount("bookings", "cancelled_at IS NULL") != 0 {
			t.Fatal("bookings of a cancelled session remain")
		}
		roundWantStatus(t, b.post(path+"/absagen", url.Values{"confirm": {"ja"}}), http.StatusConflict)
	})
}

func TestRoundAPICreatesAndRefusesBadShares(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		b := h.signedIn(w.Coordinators[w.Municipalities[0].ID])
		in := map[string]any{"name": "API-Runde", "topic_id": w.Topic.ID, "mode": "booking",
			"municipalities": []int64{w.Municipalities[1].ID}, "municipality_share": "1/2", "cost_cents": 10000,
			"cost_basis": "seats", "sessions": []map[string]any{{"starts_at": "2027-03-02T09:00:00+01:00",
				"ends_at": "2027-03-02T11:00:00+01:00", "capacity": 6, "host_municipality_id": w.Municipalities[1].ID,
				"trainer_id": w.Trainer.ID}}}
		r := b.roundJSON(http.MethodPost, "/api/v1/rounds", in)
		roundWantStatus(t, r, http.StatusCreated, `"municipality_share":"1/2"`, `"starts_at":"2027-03-02T08:00:00Z"`, `"days":["2027-03-02"]`)
		var out struct {
			ID       int64 `json:"id"`
			Sessions []struct {
				ID int64 `json:"id"`
			} `json:"sessions"`
		}
		json.Unmarshal([]byte(r.body), &out)
		rounds, audits := h.roundCount("rounds", ""), h.auditCount()
		in["municipality_share"] = "ein Drittel"
		roundWantStatus(t, b.roundJSON(http.MethodPost, "/api/v1/rounds", in), http.StatusUnprocessableEntity, `"field":"municipality_share"`)
		in["municipality_share"], in["sessions"] = "", []any{}
		roundWantStatus(t, b.roundJSON(http.MethodPost, "/api/v1/rounds", in), http.StatusUnprocessableEntity, `"field":"sessions"`)
		api := fmt.Sprintf("/api/v1/rounds/%d", out.ID)
		roundWantStatus(t, b.roundJSON(http.MethodPost, api+"/status", map[string]string{"status": "irgendwas"}), http.StatusUnprocessableEntity)
		roundWantStatus(t, b.roundJSON(http.MethodPost, api+"/status", map[string]string{"status": "collecting"}), http.StatusConflict)
		if h.roundCount("rounds", "") != rounds || h.auditCount() != audits {
			t.Fatal("refused API calls wrote something")
		}
		roundWantStatus(t, b.roundJSON(http.MethodPost, api+"/status", map[string]string{"status": "open"}), http.StatusOK, `"status":"open"`)
		roundWantStatus(t, b.get("/api/v1/rounds"), http.StatusOK, `"name":"API-Runde"`, `"quota":`)
	})
}

// Staff of every town enter preferences (page and API), the coordinator
// runs the allocation and publishes it: the bookings are exactly the
// placements, within the quotas, and nothing can be published twice.
func TestRoundAllocationFromPreferencesToBookings(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{Mode: courses.ModeAllocation})
		ctx := context.Background()
		s := w.Round.Sessions
		prefsPath := fmt.Sprintf("/schulungen/runden/%d/wuensche", w.Round.ID)
		home := w.Municipalities[0]
		for i, u := range w.Staff[home.ID][:5] {
			b := h.signedIn(u)
			roundWantStatus(t, b.get(prefsPath), http.StatusOK, "1. Wahl", "nicht möglich", "An diesen Tagen kann ich nicht")
			v := url.Values{fmt.Sprintf("rank_%d", s[0].ID): {"1"}, fmt.Sprintf("rank_%d", s[1].ID): {"2"}}
			if i == 4 {
				v.Set(fmt.Sprintf("rank_%d", s[2].ID), "1") // the same rank twice is refused
				roundWantStatus(t, b.post(prefsPath, v), http.StatusUnprocessableEntity, "mehrfach vergeben")
				v.Set(fmt.Sprintf("rank_%d", s[2].ID), "3")
				v.Add("unavailable", s[0].Days[0].String())
			}
			if r := b.post(prefsPath, v); r.status != http.StatusSeeOther {
				t.Fatalf("preferences: %d %.500s", r.status, r.body)
			}
		}
		for _, m := range w.Municipalities[1:] {
			for _, u := range w.Staff[m.ID][:4] {
				r := h.signedIn(u).roundJSON(http.MethodPut, fmt.Sprintf("/api/v1/rounds/%d/preferences", w.Round.ID),
					map[string]any{"sessions": []int64{s[0].ID, s[2].ID, s[1].ID}})
				roundWantStatus(t, r, http.StatusOK, fmt.Sprintf(`"sessions":[%d,%d,%d]`, s[0].ID, s[2].ID, s[1].ID))
			}
		}
		coord := h.signedIn(w.Coordinators[home.ID])
		page := fmt.Sprintf("/koordination/runden/%d/zuteilung", w.Round.ID)
		roundWantStatus(t, coord.get(page), http.StatusOK, "5 von 6 Beschäftigten")
		roundWantStatus(t, coord.post(page+"/veroeffentlichen", nil), http.StatusConflict, "berechnen Sie zuerst")
		if r := coord.post(page+"/berechnen", nil); r.status != http.StatusSeeOther {
			t.Fatalf("run: %d %.500s", r.status, r.body)
		}
		result := coord.get(page)
		roundWantStatus(t, result, http.StatusOK, "Berechnete Zuteilung", w.Staff[home.ID][0].Name)
		for _, m := range w.Municipalities[1:] {
			if strings.Contains(result.body, w.Staff[m.ID][0].Name) {
				t.Fatal("the result names staff of another town")
			}
		}
		placed := h.roundCount("allocation_results", "round_id = ? AND session_id IS NOT NULL", w.Round.ID)
		if placed == 0 || h.roundCount("allocation_results", "round_id = ?", w.Round.ID) != 13 {
			t.Fatalf("%d placed of %d", placed, h.roundCount("allocation_results", "round_id = ?", w.Round.ID))
		}
		// The person who cannot attend the first session's day is not placed there.
		absent := w.Staff[home.ID][4]
		if h.roundCount("allocation_results", "user_id = ? AND session_id = ?", absent.ID, s[0].ID) != 0 {
			t.Fatal("placed on a day the person cannot attend")
		}
		if r := coord.post(page+"/veroeffentlichen", nil); r.status != http.StatusSeeOther {
			t.Fatalf("publish: %d %.500s", r.status, r.body)
		}
		if got := h.roundCount("bookings", "cancelled_at IS NULL AND source = ?", "allocation"); got != placed {
			t.Fatalf("%d bookings, %d placed", got, placed)
		}
		if h.roundCount("bookings AS b", "NOT EXISTS (SELECT 1 FROM allocation_results a WHERE a.user_id = b.user_id AND a.session_id = b.session_id)") != 0 {
			t.Fatal("a booking differs from the allocation")
		}
		if got := h.roundCount("jobs", "kind = ?", wachsam.BookingNoticeJob); got != placed {
			t.Fatalf("%d invitations for %d bookings", got, placed)
		}
		rd, _ := db.Round(ctx, w.Round.ID)
		seats, _ := db.RoundSeatCounts(ctx, home.ID, w.Round.ID)
		for sid, st := range seats {
			for m, n := range st.ByMunicipality {
				if n > rd.MunicipalityQuota(m) {
					t.Fatalf("session %d: %d of town %d over quota %d", sid, n, m, rd.MunicipalityQuota(m))
				}
			}
			for d, n := range st.ByDepartment {
				if n > rd.DepartmentCap(d) {
					t.Fatalf("session %d: %d of department %d over cap %d", sid, n, d, rd.DepartmentCap(d))
				}
			}
		}
		staff := h.signedIn(w.Staff[home.ID][5])
		audits := h.auditCount()
		roundWantStatus(t, coord.post(page+"/veroeffentlichen", nil), http.StatusConflict, "bereits veröffentlicht")
		roundWantStatus(t, coord.roundJSON(http.MethodPost, fmt.Sprintf("/api/v1/rounds/%d/allocation/publish", w.Round.ID), map[string]any{}), http.StatusConflict)
		// The round is open now: preferences are refused.
		roundWantStatus(t, staff.post(prefsPath, url.Values{fmt.Sprintf("rank_%d", s[1].ID): {"1"}}), http.StatusConflict, "keine Wünsche")
		roundWantStatus(t, staff.roundJSON(http.MethodPut, fmt.Sprintf("/api/v1/rounds/%d/preferences", w.Round.ID),
			map[string]any{"sessions": []int64{s[1].ID}}), http.StatusConflict)
		if h.auditCount() != audits || h.roundCount("bookings", "") != placed {
			t.Fatal("refused requests changed something")
		}
	})
}

package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// trainerDay is the world of seeds/003 on the day of its first session:
// two people of Lindenbach are booked into it.
type trainerDay struct {
	h       *harness
	w       *storetest.Neighbours
	session int64
	day     string
	booked  []*wachsam.User
}

func newTrainerDay(t *testing.T, db *store.DB) *trainerDay {
	t.Helper()
	h := newHarness(t, db)
	w := h.neighbours(storetest.NeighbourOptions{})
	d := &trainerDay{h: h, w: w, session: w.Round.Sessions[0].ID, day: w.Round.Sessions[0].Days[0].String()}
	for _, u := range w.Staff[w.Municipalities[0].ID][:2] {
		if _, err := db.Book(context.Background(), wachsam.UserActor(u), u.ID, d.session); err != nil {
			t.Fatal(err)
		}
		d.booked = append(d.booked, u)
	}
	d.at(time.Date(2026, 12, 1, 9, 5, 0, 0, h.location()))
	return d
}

// at sets the harness's clock to a moment.
func (d *trainerDay) at(t time.Time) { d.h.clock.Advance(t.Sub(d.h.clock.Now())) }

func (d *trainerDay) path(suffix string) string {
	return fmt.Sprintf("/trainer/termine/%d%s", d.session, suffix)
}

func (d *trainerDay) count(table string) int {
	d.h.t.Helper()
	n, err := d.h.db.NewSelect().Table(table).Count(context.Background())
	if err != nil {
		d.h.t.Fatal(err)
	}
	return int(n)
}

func (b *browser) sendJSON(method, path string, body any) response {
	b.h.t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		b.h.t.Fatal(err)
	}
	req, _ := http.NewRequest(method, b.h.srv.URL+path, strings.NewReader(string(data)))
	req.Header.Set("Content-Type", "application/json")
	return b.do(req)
}

// statusForm is the attendance form with one cell: the status chosen now
// and the one the page showed.
func statusForm(key, now, was string) url.Values {
	return url.Values{"status_" + key: {now}, "vorher_" + key: {was}}
}

func TestTrainerMarksAttendanceOnTheList(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		b := d.h.signedIn(d.w.Trainer)
		if r := b.get("/trainer"); r.status != http.StatusOK || !strings.Contains(r.body, "Meine Termine") || !strings.Contains(r.body, d.w.Topic.Name) {
			t.Fatalf("list: %d", r.status)
		}
		r := b.get(d.path(""))
		if r.status != http.StatusOK || !strings.Contains(r.body, d.booked[0].Name) || !strings.Contains(r.body, "Anwesenheitsliste (PDF)") {
			t.Fatalf("session page: %d", r.status)
		}
		key := fmt.Sprintf("%d_%s", d.booked[0].ID, d.day)
		r = b.post(d.path("/anwesenheit"), statusForm(key, "present", ""))
		if r.status != http.StatusSeeOther || r.location != d.path("") {
			t.Fatalf("save: %d → %s", r.status, r.location)
		}
		if d.count("attendance") != 1 || d.count("completions") != 1 {
			t.Fatalf("%d marks, %d completions", d.count("attendance"), d.count("completions"))
		}
		if r := b.get(d.path("")); !strings.Contains(r.body, `id="status-`+key+`" name="status_`+key+`"><option value="">–</option><option value="present" selected>`) || !strings.Contains(r.body, "Die Anwesenheit wurde gespeichert.") {
			t.Fatal("the saved mark is not shown as ticked")
		}
		// Unticking takes the mark and the completion back.
		r = b.post(d.path("/anwesenheit"), statusForm(key, "", "present"))
		if r.status != http.StatusSeeOther || d.count("attendance") != 0 || d.count("completions") != 0 {
			t.Fatalf("untick: %d, %d marks", r.status, d.count("attendance"))
		}

		// A cancelled session takes no more marks: the page says so in
		// German and nothing is written.
		lindenbach := d.w.Municipalities[0].ID
		if err := db.CancelSession(context.Background(), wachsam.SystemActor("test"), lindenbach, d.session); err != nil {
			t.Fatal(err)
		}
		audits := d.h.auditCount()
		r = b.post(d.path("/anwesenheit"), statusForm(key, "present", ""))
		if r.status != http.StatusConflict || !strings.Contains(r.body, "Der Termin ist abgesagt") || d.h.auditCount() != audits {
			t.Fatalf("cancelled session: %d", r.status)
		}

		// Staff do not reach the trainer's pages.
		staff := d.h.signedIn(d.booked[0])
		if r := staff.get("/trainer"); r.status != http.StatusForbidden {
			t.Fatalf("staff on /trainer: %d", r.status)
		}
		if r := staff.get("/api/v1/trainer/sessions"); r.status != http.StatusForbidden {
			t.Fatalf("staff on the trainer API: %d", r.status)
		}
	})
}

// Another trainer's session does not exist for a trainer: every page and
// API call answers 404 and nothing changes.
func TestTrainerCannotSeeOrMarkAnotherTrainersSession(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		other := d.h.user("zweiter.trainer@example.de", wachsam.RoleTrainer)
		b := d.h.signedIn(other)
		audits := d.h.auditCount()
		key := fmt.Sprintf("%d_%s", d.booked[0].ID, d.day)
		for _, r := range []response{
			b.get(d.path("")),
			b.get(d.path("/code")),
			b.get(d.path("/anwesenheitsliste.pdf")),
			b.post(d.path("/anwesenheit"), statusForm(key, "present", "")),
			b.get(fmt.Sprintf("/api/v1/trainer/sessions/%d/participants", d.session)),
			b.get(fmt.Sprintf("/api/v1/trainer/sessions/%d/checkin-code", d.session)),
			b.sendJSON(http.MethodPut, fmt.Sprintf("/api/v1/trainer/sessions/%d/attendance", d.session),
				[]map[string]any{{"user_id": d.booked[0].ID, "day": d.day, "present": true}}),
		} {
			if r.status != http.StatusNotFound {
				t.Errorf("status %d, want 404: %.200s", r.status, r.body)
			}
		}
		if r := b.get("/api/v1/trainer/sessions"); r.status != http.StatusOK || strings.TrimSpace(r.body) != "[]" {
			t.Fatalf("other trainer's list: %d %s", r.status, r.body)
		}
		if d.count("attendance") != 0 || d.h.auditCount() != audits {
			t.Fatal("a refused request wrote something")
		}
	})
}

func TestTrainerAttendanceListPDF(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		r := d.h.signedIn(d.w.Trainer).get(d.path("/anwesenheitsliste.pdf"))
		if r.status != http.StatusOK || !strings.HasPrefix(r.body, "%PDF-") {
			t.Fatalf("status %d, body %.20q", r.status, r.body)
		}
		if ct := r.header.Get("Content-Type"); ct != "application/pdf" {
			t.Fatalf("Content-Type %q", ct)
		}
		if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "anwesenheitsliste-2026-12-01") {
			t.Fatalf("Content-Disposition %q", cd)
		}
	})
}

func TestTrainerAttendanceAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		b := d.h.signedIn(d.w.Trainer)
		var list []struct {
			ID     int64  `json:"id"`
			Booked int    `json:"booked"`
			Place  string `json:"place"`
			Past   bool   `json:"past"`
		}
		r := b.get("/api/v1/trainer/sessions")
		if err := json.Unmarshal([]byte(r.body), &list); err != nil || len(list) != 3 || list[0].ID != d.session || list[0].Booked != 2 {
			t.Fatalf("sessions %d %s", r.status, r.body)
		}
		attendance := fmt.Sprintf("/api/v1/trainer/sessions/%d/attendance", d.session)
		audits := d.h.auditCount()
		// Someone without a booking, a day to come, a day not of the session.
		stranger := d.w.Staff[d.w.Municipalities[0].ID][2]
		for _, bad := range []map[string]any{
			{"user_id": stranger.ID, "day": d.day, "present": true},
			{"user_id": d.booked[0].ID, "day": "2026-12-02", "present": true},
		} {
			r := b.sendJSON(http.MethodPut, attendance, []map[string]any{{"user_id": d.booked[1].ID, "day": d.day, "present": true}, bad})
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.header.Get("Content-Type"), "problem+json") {
				t.Fatalf("bad mark %v: %d %s", bad, r.status, r.body)
			}
		}
		if r := b.sendJSON(http.MethodPut, attendance, map[string]any{"user_id": 1}); r.status != http.StatusBadRequest {
			t.Fatalf("an object instead of a list: %d", r.status)
		}
		if d.count("attendance") != 0 || d.h.auditCount() != audits {
			t.Fatal("refused marks wrote something")
		}
		r = b.sendJSON(http.MethodPut, attendance, []map[string]any{{"user_id": d.booked[1].ID, "day": d.day, "present": true}})
		var out struct {
			Changed      int `json:"changed"`
			Participants []struct {
				UserID   int64 `json:"user_id"`
				Complete bool  `json:"complete"`
			} `json:"participants"`
		}
		if err := json.Unmarshal([]byte(r.body), &out); err != nil || r.status != http.StatusOK || out.Changed != 1 || len(out.Participants) != 2 {
			t.Fatalf("save: %d %s", r.status, r.body)
		}
		for _, p := range out.Participants {
			if p.Complete != (p.UserID == d.booked[1].ID) {
				t.Fatalf("participants %+v", out.Participants)
			}
		}
	})
}

var checkInCodePattern = regexp.MustCompile(`id="checkin-code"[^>]*>(\d{6})<`)

// The code on the trainer's screen checks a booked person in; the code
// before it still does, an older or a wrong one is refused in German and
// writes nothing.
func TestCheckInWithTheCodeOnTheTrainersScreen(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		d.at(time.Date(2026, 12, 1, 9, 5, 0, 0, d.h.location()))
		trainer := d.h.signedIn(d.w.Trainer)
		screen := trainer.get(d.path("/code"))
		m := checkInCodePattern.FindStringSubmatch(screen.body)
		if screen.status != http.StatusOK || m == nil {
			t.Fatalf("code page: %d", screen.status)
		}
		if !strings.Contains(screen.body, "Öffnen Sie wachsam auf Ihrem Telefon → Schulungen → Einchecken") || screen.header.Get("Refresh") != "30" {
			t.Fatalf("code page lacks the instruction or the refresh (%q)", screen.header.Get("Refresh"))
		}
		code := m[1]
		var api struct {
			Code       string    `json:"code"`
			ValidUntil time.Time `json:"valid_until"`
		}
		r := trainer.get(fmt.Sprintf("/api/v1/trainer/sessions/%d/checkin-code", d.session))
		if err := json.Unmarshal([]byte(r.body), &api); err != nil || api.Code != code || !api.ValidUntil.Equal(d.h.clock.Now().Add(time.Minute)) {
			t.Fatalf("API code %d %s", r.status, r.body)
		}

		first := d.h.signedIn(d.booked[0])
		if r := first.get("/schulungen/einchecken"); r.status != http.StatusOK || !strings.Contains(r.body, `autocomplete="one-time-code"`) {
			t.Fatalf("check-in page: %d", r.status)
		}
		r = first.post("/schulungen/einchecken", url.Values{"code": {code}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("check-in: %d %s", r.status, r.body)
		}
		if r := first.get(r.location); !strings.Contains(r.body, "Sie sind für „"+d.w.Topic.Name+"“ am 01.12.2026") {
			t.Fatal("no confirmation after check-in")
		}

		// The next step: the code just replaced still works, over the API.
		d.h.clock.Advance(30 * time.Second)
		second := d.h.signedIn(d.booked[1])
		if r := second.sendJSON(http.MethodPost, "/api/v1/checkin", map[string]string{"code": code}); r.status != http.StatusOK || !strings.Contains(r.body, `"day":"2026-12-01"`) {
			t.Fatalf("previous code: %d %s", r.status, r.body)
		}
		if d.count("attendance") != 2 || d.count("completions") != 2 {
			t.Fatalf("%d marks after two check-ins", d.count("attendance"))
		}

		// Two steps on, the old code and a wrong one are refused.
		d.h.clock.Advance(30 * time.Second)
		audits := d.h.auditCount()
		current := checkInCodePattern.FindStringSubmatch(trainer.get(d.path("/code")).body)[1]
		wrong := "000000"
		if current == wrong {
			wrong = "000001"
		}
		for _, c := range []string{code, wrong} {
			r := first.post("/schulungen/einchecken", url.Values{"code": {c}})
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Der Code ist falsch oder abgelaufen.") || !strings.Contains(r.body, `id="code-fehler"`) {
				t.Fatalf("code %s: %d", c, r.status)
			}
			r = second.sendJSON(http.MethodPost, "/api/v1/checkin", map[string]string{"code": c})
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "falsch oder abgelaufen") {
				t.Fatalf("API code %s: %d %s", c, r.status, r.body)
			}
		}
		if d.h.auditCount() != audits || d.count("attendance") != 2 {
			t.Fatal("a refused code wrote something")
		}
		// Someone without a session today gets a conflict, not a code error.
		stranger := d.h.signedIn(d.w.Staff[d.w.Municipalities[1].ID][0])
		if r := stranger.post("/schulungen/einchecken", url.Values{"code": {current}}); r.status != http.StatusConflict {
			t.Fatalf("no session today: %d", r.status)
		}
	})
}

// The list of an online session shows the confirmed camera presence of each
// day, not signature columns (DESIGN.md §4).
func TestTrainerAttendanceListPDFOfAnOnlineSessionShowsCameraPresence(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		ctx, loc := context.Background(), d.h.location()
		start := time.Date(2026, 12, 3, 9, 0, 0, 0, loc)
		online := courses.Session{RoundID: d.w.Round.ID, TrainerID: d.w.Trainer.ID, StartsAt: start, EndsAt: start.Add(2 * time.Hour),
			Days: []wachsam.Date{wachsam.MustDate("2026-12-03")}, Capacity: 5, Online: true, Location: "Videokonferenz"}
		if err := db.AddSession(ctx, wachsam.SystemActor("test"), d.w.Municipalities[0].ID, &online); err != nil {
			t.Fatal(err)
		}
		person := d.w.Staff[d.w.Municipalities[1].ID][0]
		d.at(time.Date(2026, 11, 30, 9, 0, 0, 0, loc))
		if _, err := db.Book(ctx, wachsam.UserActor(person), person.ID, online.ID); err != nil {
			t.Fatal(err)
		}
		d.at(time.Date(2026, 12, 3, 10, 0, 0, 0, loc))
		if err := db.RecordAttendance(ctx, wachsam.UserActor(d.w.Trainer), d.w.Trainer.ID, online.ID, person.ID, online.Days[0],
			courses.AttendanceCamera, true, loc); err != nil {
			t.Fatal(err)
		}
		r := d.h.signedIn(d.w.Trainer).get(fmt.Sprintf("/trainer/termine/%d/anwesenheitsliste.pdf", online.ID))
		if r.status != http.StatusOK {
			t.Fatalf("status %d", r.status)
		}
		text := exportPDFText(t, []byte(r.body))
		if strings.Contains(text, "Unterschrift") || !strings.Contains(text, "Kamera") || !strings.Contains(text, "bestätigt") {
			t.Fatalf("the online list shows no camera confirmation, or signature columns:\n%s", text)
		}
	})
}

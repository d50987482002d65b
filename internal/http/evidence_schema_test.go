package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// evidenceSchema compiles the published JSON Schema of one record, with
// formats (date-time, date) asserted.
func evidenceSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path, err := filepath.Abs("../../docs/evidence/training-evidence-1.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(path, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// validateRecord validates one record as sent.
func validateRecord(sch *jsonschema.Schema, raw []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	return sch.Validate(v)
}

// rawFeedPage is a page whose records stay as the server sent them.
type rawFeedPage struct {
	Tenant     string            `json:"tenant"`
	Records    []json.RawMessage `json:"records"`
	NextCursor string            `json:"next_cursor"`
	HasMore    bool              `json:"has_more"`
}

// readFeed reads a token's whole feed after cursor, limit records a page,
// and returns the records as sent, in feed order.
func readFeed(h *harness, token, cursor string, limit int) []json.RawMessage {
	h.t.Helper()
	b := h.browser()
	var out []json.RawMessage
	for {
		path := "/api/v1/evidence?limit=" + strconv.Itoa(limit)
		if cursor != "" {
			path += "&since=" + cursor
		}
		r := b.pull(token, path)
		var p rawFeedPage
		if r.status != 200 || json.Unmarshal([]byte(r.body), &p) != nil {
			h.t.Fatalf("feed: status %d %s", r.status, r.body)
		}
		out = append(out, p.Records...)
		cursor = p.NextCursor
		if !p.HasMore {
			return out
		}
	}
}

// evidenceWorld is the neighbours' round with a two-day seminar and an
// online session added, quotas that let everyone book, and each town's
// token.
type evidenceWorld struct {
	*storetest.Neighbours
	seminar, online courses.Session
	tokens          []string
}

func newEvidenceWorld(h *harness, staffPerDepartment int) *evidenceWorld {
	h.t.Helper()
	ctx, loc := context.Background(), h.location()
	w := &evidenceWorld{Neighbours: h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: staffPerDepartment, Capacity: 40,
		Policy: courses.RoundPolicy{MunicipalityShare: big.NewRat(1, 1), DepartmentShare: big.NewRat(1, 1)}})}
	add := func(s courses.Session) courses.Session {
		s.RoundID, s.TrainerID, s.Capacity, s.EndsAt = w.Round.ID, w.Trainer.ID, 40, s.StartsAt.Add(3*time.Hour)
		if err := h.db.AddSession(ctx, wachsam.SystemActor("test"), w.Municipalities[0].ID, &s); err != nil {
			h.t.Fatal(err)
		}
		return s
	}
	w.seminar = add(courses.Session{StartsAt: time.Date(2026, 12, 15, 9, 0, 0, 0, loc), HostMunicipalityID: w.Municipalities[0].ID,
		Location: "Rathaus Lindenbach, Sitzungssaal", Days: []wachsam.Date{wachsam.MustDate("2026-12-15"), wachsam.MustDate("2026-12-16")}})
	w.online = add(courses.Session{StartsAt: time.Date(2026, 12, 3, 9, 0, 0, 0, loc), Online: true, Location: "Videokonferenz",
		Days: []wachsam.Date{wachsam.MustDate("2026-12-03")}})
	for i := range w.Municipalities {
		token, _ := evidenceToken(h, w.Neighbours, i)
		w.tokens = append(w.tokens, token)
	}
	return w
}

func (w *evidenceWorld) book(h *harness, u *wachsam.User, sessionID int64) courses.Booking {
	h.t.Helper()
	b, err := h.db.Book(context.Background(), wachsam.UserActor(u), u.ID, sessionID)
	if err != nil {
		h.t.Fatal(err)
	}
	return b.Booking
}

func (w *evidenceWorld) mark(h *harness, u *wachsam.User, s courses.Session, day wachsam.Date, present bool) {
	h.t.Helper()
	err := h.db.RecordAttendance(context.Background(), wachsam.UserActor(w.Trainer), w.Trainer.ID, s.ID, u.ID, day, "", present, h.location())
	if err != nil {
		h.t.Fatal(err)
	}
}

// Every record the feed produces, of every kind and state, validates
// against the published schema.
func TestEvidenceFeedRecordsValidateAgainstTheSchema(t *testing.T) {
	sch := evidenceSchema(t)
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newEvidenceWorld(h, 3)
		ctx, loc := context.Background(), h.location()
		one, two, three := w.Municipalities[0], w.Municipalities[1], w.Municipalities[2]
		staff := w.Staff[two.ID]
		save := func(town wachsam.Municipality, s evidence.Settings) {
			t.Helper()
			if err := db.SaveEvidenceSettings(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, s); err != nil {
				t.Fatal(err)
			}
		}
		save(two, evidence.Settings{Title: "Sensibilisierungskonzept 2026", ApprovedBy: "Bürgermeisterin Weber",
			ApprovedOn: wachsam.MustDate("2026-11-02"), ReviewOn: wachsam.MustDate("2027-11-02"), Notes: "Beschluss des Verwaltungsausschusses",
			Audiences: []evidence.TopicAudience{{TopicID: w.Topic.ID, Topic: w.Topic.Name, Audience: evidence.AudienceISB}}})
		save(three, evidence.Settings{ShowNames: true,
			Audiences: []evidence.TopicAudience{{TopicID: w.Topic.ID, Topic: w.Topic.Name, Audience: evidence.AudienceManagement}}})
		var seen []json.RawMessage
		collect := func() {
			for _, token := range w.tokens {
				seen = append(seen, readFeed(h, token, "", 4)...)
			}
		}
		collect()

		first := w.Round.Sessions[0]
		w.book(h, staff[0], first.ID)
		w.book(h, staff[1], w.seminar.ID)
		w.book(h, staff[3], w.seminar.ID)
		w.book(h, staff[2], w.online.ID)
		w.book(h, w.Staff[three.ID][0], first.ID)
		w.book(h, w.Staff[one.ID][0], w.seminar.ID)
		cancelled := w.book(h, staff[4], w.Round.Sessions[1].ID)
		if err := db.CancelBooking(ctx, wachsam.UserActor(staff[4]), staff[4].ID, cancelled.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.CancelSession(ctx, wachsam.UserActor(w.Coordinators[one.ID]), one.ID, w.Round.Sessions[2].ID); err != nil {
			t.Fatal(err)
		}
		collect()

		h.clock.Set(time.Date(2026, 12, 1, 11, 0, 0, 0, loc))
		w.mark(h, staff[0], first, first.Days[0], true)
		w.mark(h, w.Staff[three.ID][0], first, first.Days[0], true)
		collect()
		w.mark(h, staff[0], first, first.Days[0], false) // its record becomes a tombstone
		h.clock.Set(time.Date(2026, 12, 3, 11, 0, 0, 0, loc))
		w.mark(h, staff[2], w.online, w.online.Days[0], true)
		onDay := func(d wachsam.Date) { h.clock.Set(time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, loc)) }
		onDay(w.seminar.Days[0])
		w.mark(h, staff[1], w.seminar, w.seminar.Days[0], true)
		w.mark(h, staff[3], w.seminar, w.seminar.Days[0], true) // one day of two
		onDay(w.seminar.Days[1])
		w.mark(h, staff[1], w.seminar, w.seminar.Days[1], true)
		w.mark(h, w.Staff[one.ID][0], w.seminar, w.seminar.Days[1], true)
		collect()

		features := map[string]bool{}
		for _, raw := range seen {
			if err := validateRecord(sch, raw); err != nil {
				t.Fatalf("record does not match the schema: %v\n%s", err, raw)
			}
			for _, f := range recordFeatures(t, raw) {
				features[f] = true
			}
		}
		for _, want := range []string{"programme", "session", "attendance", "coverage", "tombstone", "approved",
			"named", "pseudonymous", "complete", "incomplete", "two days", "online", "cancelled", "ORP.3.A1", "ORP.3.A3", "ORP.3.A7"} {
			if !features[want] {
				t.Errorf("the feed never showed %q; the schema was not tested against it", want)
			}
		}
	})
}

// recordFeatures names what a record shows, to prove the world exercised
// every shape the schema describes.
func recordFeatures(t *testing.T, raw []byte) []string {
	t.Helper()
	var r evidence.Record
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	out := []string{string(r.Kind)}
	for _, m := range r.Mappings {
		out = append(out, m.Control)
	}
	if r.Deleted {
		return append(out, "tombstone")
	}
	switch r.Kind {
	case evidence.KindProgramme:
		var p evidence.Programme
		json.Unmarshal(r.Data, &p)
		if p.ApprovedOn != "" {
			out = append(out, "approved")
		}
	case evidence.KindSession:
		var s evidence.Session
		json.Unmarshal(r.Data, &s)
		if len(s.Days) == 2 {
			out = append(out, "two days")
		}
		if s.Online {
			out = append(out, "online")
		}
		if s.Cancelled {
			out = append(out, "cancelled")
		}
	case evidence.KindAttendance:
		var a evidence.Attendance
		json.Unmarshal(r.Data, &a)
		if a.Pseudonymous {
			out = append(out, "pseudonymous")
		} else {
			out = append(out, "named")
		}
		if a.Complete {
			out = append(out, "complete")
		} else {
			out = append(out, "incomplete")
		}
	}
	return out
}

// The schema has teeth: records the contract does not allow fail, and
// fields a later minor version adds do not.
func TestEvidenceSchemaRefusesBrokenRecords(t *testing.T) {
	sch := evidenceSchema(t)
	attendance := `{"record_id":"08425002-attendance-7-P-7K3M-9XQ2","kind":"attendance","tenant":"08425002","revision":2,
		"occurred_at":"2026-12-01T08:00:00Z","updated_at":"2026-12-01T10:00:00Z","deleted":false,
		"content_hash":"sha256:` + strings.Repeat("0a", 32) + `",
		"mappings":[{"framework":"CISIS12","control":"Schritt 2","title":"Beschäftigte sensibilisieren"},
			{"framework":"BSI IT-Grundschutz","control":"ORP.3.A3","title":"Einweisung des Personals in den sicheren Umgang mit IT"},
			{"framework":"ISO/IEC 27001:2022","control":"A.6.3","title":"Information security awareness, education and training"}],
		"data":{"session":"08425002-session-7","topic":"Informationssicherheit im Rathaus","person":"P-7K3M-9XQ2","pseudonymous":true,
			"department":"Bauamt","days_attended":["2026-12-01"],"days_required":1,"complete":true,"completed_on":"2026-12-01",
			"valid_until":"2027-12-01","online":false}}`
	if err := validateRecord(sch, []byte(attendance)); err != nil {
		t.Fatalf("a valid record was refused: %v", err)
	}
	edit := func(change func(r map[string]any)) []byte {
		var r map[string]any
		if err := json.Unmarshal([]byte(attendance), &r); err != nil {
			t.Fatal(err)
		}
		change(r)
		raw, _ := json.Marshal(r)
		return raw
	}
	data := func(r map[string]any) map[string]any { return r["data"].(map[string]any) }
	if err := validateRecord(sch, edit(func(r map[string]any) { r["future_field"] = 1; data(r)["future_field"] = "x" })); err != nil {
		t.Fatalf("a field of a later minor version was refused: %v", err)
	}
	for name, change := range map[string]func(r map[string]any){
		"missing tenant":            func(r map[string]any) { delete(r, "tenant") },
		"tenant not an AGS":         func(r map[string]any) { r["tenant"] = "8425002" },
		"revision 0":                func(r map[string]any) { r["revision"] = 0 },
		"hash without algorithm":    func(r map[string]any) { r["content_hash"] = strings.Repeat("0a", 32) },
		"no mappings":               func(r map[string]any) { r["mappings"] = []any{} },
		"unknown kind":              func(r map[string]any) { r["kind"] = "exam" },
		"record_id with a path":     func(r map[string]any) { r["record_id"] = "08425002-../../etc/passwd" },
		"no date-time":              func(r map[string]any) { r["occurred_at"] = "2026-12-01" },
		"live record without data":  func(r map[string]any) { delete(r, "data") },
		"tombstone with data":       func(r map[string]any) { r["deleted"] = true },
		"name marked as pseudonym":  func(r map[string]any) { data(r)["person"] = "Erika Mustermann" },
		"German date":               func(r map[string]any) { data(r)["completed_on"] = "01.12.2026" },
		"complete without validity": func(r map[string]any) { delete(data(r), "valid_until") },
		"missing days":              func(r map[string]any) { delete(data(r), "days_attended") },
		"session data":              func(r map[string]any) { r["kind"] = "session" },
	} {
		if err := validateRecord(sch, edit(change)); err == nil {
			t.Errorf("%s: the schema accepted it", name)
		}
	}
}

// The example record in docs/evidence.md is a valid record, so the document
// cannot drift from the contract unnoticed.
func TestEvidenceDocumentationExampleValidates(t *testing.T) {
	doc, err := os.ReadFile("../../docs/evidence.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "An example (an attendance record, pseudonymous):\n\n```json\n")
	example, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("docs/evidence.md has no example record")
	}
	if err := validateRecord(evidenceSchema(t), []byte(example)); err != nil {
		t.Fatalf("the example in docs/evidence.md does not match the schema: %v", err)
	}
}

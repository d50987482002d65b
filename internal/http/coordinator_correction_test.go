package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Issue 12 §4: the coordinator's correction has a page. The list shows only
// the town's own staff; a correction without a reason shows the form again
// with the message beside the field and writes nothing; with a reason it is
// saved, audited and mailed; another town's coordinator reaches neither the
// list line nor the form.
func TestCoordinatorCorrectsAttendanceOnThePage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		person := d.booked[0] // staff of the first town
		d.at(time.Date(2026, 12, 2, 9, 0, 0, 0, d.h.location()))
		b, other := coordinatorOf(d.h, d.w, 0), coordinatorOf(d.h, d.w, 1)
		if r := b.get("/koordination/anwesenheit"); r.status != http.StatusOK || !strings.Contains(r.body, person.Name) ||
			!strings.Contains(r.body, "nicht erfasst") {
			t.Fatalf("list: %d", r.status)
		}
		if r := other.get("/koordination/anwesenheit"); r.status != http.StatusOK || strings.Contains(r.body, person.Name) {
			t.Fatalf("another town's coordinator sees the person: %d", r.status)
		}
		target := url.Values{"termin": {fmt.Sprint(d.session)}, "person": {fmt.Sprint(person.ID)}, "tag": {d.day}}
		if r := b.get("/koordination/anwesenheit/korrektur?" + target.Encode()); r.status != http.StatusOK ||
			!strings.Contains(r.body, "Grund der Korrektur") || !strings.Contains(r.body, `value="ja" checked`) {
			t.Fatalf("form: %d", r.status)
		}
		if r := other.get("/koordination/anwesenheit/korrektur?" + target.Encode()); r.status != http.StatusNotFound {
			t.Fatalf("another town's coordinator opens the form: %d", r.status)
		}

		audits, mails := d.h.auditCount(), d.count("mails")
		post := url.Values{"anwesend": {"ja"}, "reason": {"  "}}
		for k, v := range target {
			post[k] = v
		}
		r := b.post("/koordination/anwesenheit/korrektur", post)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="reason-fehler"`) ||
			!strings.Contains(r.body, "Bitte geben Sie den Grund der Korrektur an") {
			t.Fatalf("without a reason: %d %s", r.status, r.body)
		}
		if d.count("attendance") != 0 || d.h.auditCount() != audits || d.count("mails") != mails {
			t.Fatal("a refused correction wrote something")
		}
		post.Set("reason", "Teilnahme laut Trainerin, Eintrag vergessen")
		if r := other.post("/koordination/anwesenheit/korrektur", post); r.status != http.StatusNotFound {
			t.Fatalf("another town's coordinator corrects: %d", r.status)
		}
		r = b.post("/koordination/anwesenheit/korrektur", post)
		if r.status != http.StatusSeeOther || r.location != "/koordination/anwesenheit" {
			t.Fatalf("correction: %d %s", r.status, r.body)
		}
		if d.count("attendance") != 1 || d.count("completions") != 1 || d.count("mails") != mails+1 {
			t.Fatalf("%d marks, %d completions, %d mails after the correction", d.count("attendance"), d.count("completions"), d.count("mails"))
		}
		// The same correction again changes nothing: the message stands beside the choice.
		r = b.post("/koordination/anwesenheit/korrektur", post)
		if r.status != http.StatusConflict || !strings.Contains(r.body, `id="anwesend-fehler"`) {
			t.Fatalf("a correction that changes nothing: %d", r.status)
		}
	})
}

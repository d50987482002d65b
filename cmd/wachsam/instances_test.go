package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

// Issue 13 §4, several instances: two `wachsam serve` processes on one
// PostgreSQL database, used at once. Everyone signs in on one instance and
// acts on the other (one address behind a proxy): the session holds across
// instances. A booking rush for ten seats, a waiting list whose freed seats
// are offered and accepted through both instances at the same moment, and
// the job runners of both: never overbooked, every 201 is a stored booking,
// every job ran once, every mail once; five wrong passwords spread over
// both instances lock the account on both.
func TestTwoInstancesShareOnePostgreSQL(t *testing.T) {
	loc, db := openPostgres(t)
	ctx := context.Background()
	_, people, sessions := staffWorld(t, db, 10, 10)
	a, b := serve(t, loc.DSN), serve(t, loc.DSN)
	instances := []*instance{a, b}
	session := sessions[0]

	// Sign in on one instance, act on the other.
	home := func(i int) *instance { return instances[i%2] }
	away := func(i int) *instance { return instances[(i+1)%2] }
	for i, p := range people {
		if code, err := p.signIn(home(i).URL, "instanz-passwort"); err != nil || code != http.StatusSeeOther {
			t.Fatalf("sign-in of %s: %d %v", p.user.Email, code, err)
		}
		p.carryCookies(home(i).URL, away(i).URL)
	}

	// The rush: everyone at once, on the instance they did not sign in on.
	type answer struct {
		status int
		id     int64
	}
	answers := make([]answer, len(people))
	began := time.Now()
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i, p := range people {
		wg.Go(func() {
			<-gate
			code, body, err := p.send(http.MethodPost, bookPath(away(i).URL, session))
			if err != nil {
				t.Errorf("%s: %v", p.user.Email, err)
				return
			}
			var got struct {
				ID int64 `json:"id"`
			}
			json.Unmarshal([]byte(body), &got)
			answers[i] = answer{code, got.ID}
		})
	}
	close(gate)
	wg.Wait()
	rush := time.Since(began)
	tally := map[int]int{}
	var bookedIdx []int
	for i, an := range answers {
		tally[an.status]++
		if an.status == http.StatusCreated {
			bookedIdx = append(bookedIdx, i)
			if counted(t, db, "SELECT count(*) FROM bookings WHERE id = ? AND user_id = ? AND session_id = ? AND cancelled_at IS NULL", an.id, people[i].user.ID, session) != 1 {
				t.Errorf("201 for booking %d of %s, which is not stored", an.id, people[i].user.Email)
			}
		}
	}
	stored := counted(t, db, "SELECT count(*) FROM bookings WHERE session_id = ? AND cancelled_at IS NULL", session)
	t.Logf("rush through two instances: %d requests in %v: %v; %d bookings stored for %d seats", len(people), rush, tally, stored, 10)
	if stored > 10 || stored != tally[http.StatusCreated] || tally[http.StatusCreated]+tally[http.StatusConflict] != len(people) {
		t.Fatalf("overbooked or unclear: %v, %d stored", tally, stored)
	}

	// The waiting list: everyone refused joins it; three people with a
	// seat cancel; each offered seat is accepted on both instances at once.
	booked := map[int]bool{}
	for _, i := range bookedIdx {
		booked[i] = true
	}
	waiting := 0
	for i, p := range people {
		if booked[i] {
			continue
		}
		if code, _, err := p.send(http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/waitlist", home(i).URL, session)); err == nil && code == http.StatusCreated {
			waiting++
		}
	}
	for _, i := range bookedIdx[:3] {
		wg.Go(func() {
			code, body, err := people[i].send(http.MethodDelete, fmt.Sprintf("%s/api/v1/bookings/%d", away(i).URL, answers[i].id))
			if err != nil || code != http.StatusNoContent {
				t.Errorf("cancel: %d %s %v", code, body, err)
			}
		})
	}
	wg.Wait()
	var offered []int64
	if err := db.NewRaw("SELECT user_id FROM waitlist_entries WHERE session_id = ? AND offered_at IS NOT NULL AND left_at IS NULL", session).
		Scan(ctx, &offered); err != nil {
		t.Fatal(err)
	}
	if waiting == 0 || len(offered) != 3 {
		t.Fatalf("%d waiting, %d offers after three cancellations", waiting, len(offered))
	}
	byUser := map[int64]*person{}
	for _, p := range people {
		byUser[p.user.ID] = p
	}
	var acceptMu sync.Mutex
	accepted := map[int64]int{}
	for _, uid := range offered {
		for _, in := range instances {
			wg.Go(func() {
				code, _, err := byUser[uid].send(http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/offer/accept", in.URL, session))
				if err == nil && code == http.StatusCreated {
					acceptMu.Lock()
					accepted[uid]++
					acceptMu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	for _, uid := range offered {
		if accepted[uid] != 1 {
			t.Errorf("offer to %d accepted %d times", uid, accepted[uid])
		}
	}
	if n := counted(t, db, "SELECT count(*) FROM bookings WHERE session_id = ? AND cancelled_at IS NULL", session); n != stored {
		t.Errorf("after cancellations and offers %d bookings, want %d", n, stored)
	}

	// The job runners of both instances: every job done, each once; one
	// notice mail per notice job, each delivered once.
	deadline := time.Now().Add(60 * time.Second)
	for counted(t, db, "SELECT count(*) FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= ?", time.Now().UTC()) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("jobs still open after a minute")
		}
		time.Sleep(200 * time.Millisecond)
	}
	jobs := counted(t, db, "SELECT count(*) FROM jobs WHERE done_at IS NOT NULL")
	if again := counted(t, db, "SELECT count(*) FROM jobs WHERE attempts <> 1 AND done_at IS NOT NULL"); again > 0 {
		t.Errorf("%d of %d jobs ran more than once", again, jobs)
	}
	notices := counted(t, db, "SELECT count(*) FROM jobs WHERE kind = ?", wachsam.BookingNoticeJob)
	noticeMails := counted(t, db, "SELECT count(*) FROM audit_entries WHERE action = 'mail.booking_notice'")
	mails := counted(t, db, "SELECT count(*) FROM mails")
	delivered := counted(t, db, "SELECT count(*) FROM jobs WHERE kind = ? AND done_at IS NOT NULL AND attempts = 1", wachsam.MailDeliverJob)
	t.Logf("jobs: %d done; %d booking notices, %d notice mails, %d mails, %d deliveries", jobs, notices, noticeMails, mails, delivered)
	if noticeMails != notices || delivered != mails || counted(t, db, "SELECT count(*) FROM mails WHERE sent_at IS NULL") != 0 {
		t.Errorf("mails not exactly once: %d notice jobs, %d notice mails, %d mails, %d deliveries", notices, noticeMails, mails, delivered)
	}

	// Throttling holds across instances: four wrong passwords on A and B
	// alternately, the fifth on A, then even the right one on B is refused.
	victim := people[len(people)-1]
	for i := range 5 {
		if code, err := victim.signIn(instances[i%2].URL, "falsch"); code == 0 || code == http.StatusSeeOther {
			t.Fatalf("wrong password %d: %d %v", i, code, err)
		}
	}
	for _, in := range instances {
		if code, _ := victim.signIn(in.URL, "instanz-passwort"); code != http.StatusTooManyRequests {
			t.Errorf("after five failures across both instances, %s answers %d, want 429", in.URL, code)
		}
	}
}

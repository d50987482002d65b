package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Issue 13 §4, faults. A booking answered 201 is stored; a booking that is
// stored was answered 201 (or got no answer at all, when the process died
// before it could answer); the service recovers by itself.

// rushAnswer is what one person's booking request got: 0 when no answer
// came (the connection broke), else the status and the booking's id.
type rushAnswer struct {
	status int
	id     int64
}

// staggeredRush lets every person book one of the sessions, each at its own
// moment within window, so the faults meet requests at every stage.
func staggeredRush(people []*person, base func(i int) string, sessions []int64, window time.Duration) []rushAnswer {
	answers := make([]rushAnswer, len(people))
	var wg sync.WaitGroup
	for i, p := range people {
		wg.Go(func() {
			time.Sleep(window * time.Duration(i) / time.Duration(len(people)))
			code, body, err := p.send(http.MethodPost, bookPath(base(i), sessions[i%len(sessions)]))
			if err != nil {
				return
			}
			var got struct {
				ID int64 `json:"id"`
			}
			json.Unmarshal([]byte(body), &got)
			answers[i] = rushAnswer{code, got.ID}
		})
	}
	wg.Wait()
	return answers
}

// checkAnswers compares the answers with the bookings stored: it returns
// the number of 201s, the number of acknowledged bookings that are missing
// (lost), and the people whose booking is stored although their request was
// answered with an error.
func checkAnswers(t *testing.T, db *store.DB, people []*person, answers []rushAnswer) (acknowledged, lost int, wrongErrors []string) {
	t.Helper()
	for i, an := range answers {
		stored := counted(t, db, "SELECT count(*) FROM bookings WHERE user_id = ? AND cancelled_at IS NULL", people[i].user.ID)
		switch {
		case an.status == http.StatusCreated:
			acknowledged++
			if counted(t, db, "SELECT count(*) FROM bookings WHERE id = ? AND user_id = ? AND cancelled_at IS NULL", an.id, people[i].user.ID) != 1 {
				lost++
			}
		case an.status != 0 && stored > 0:
			wrongErrors = append(wrongErrors, people[i].user.Email)
		}
	}
	return acknowledged, lost, wrongErrors
}

func statusTally(answers []rushAnswer) map[int]int {
	out := map[int]int{}
	for _, an := range answers {
		out[an.status]++
	}
	return out
}

func randomTag() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// PostgreSQL: the service reaches the database through a proxy, and during
// a booking rush its connections are terminated again and again
// (pg_terminate_backend of exactly this test's backends, so the other
// tests on the shared server are untouched), then the network to the
// database fails entirely for two seconds. While it lasts, /readyz reports
// it and a signed-in person gets 503 and keeps the session. Afterwards the
// same process answers again, without a restart.
func TestBookingRushSurvivesPostgreSQLFaults(t *testing.T) {
	loc, db := openPostgres(t)
	_, people, sessions := staffWorld(t, db, 15, 100)

	u, _ := url.Parse(loc.DSN)
	proxy := newFaultProxy(t, u.Host)
	tag := "wachsam_fault_" + randomTag()
	u.Host = proxy.Addr()
	q := u.Query()
	q.Set("application_name", tag)
	u.RawQuery = q.Encode()
	in := serve(t, u.String())
	for _, p := range people {
		if code, err := p.signIn(in.URL, "instanz-passwort"); err != nil || code != http.StatusSeeOther {
			t.Fatalf("sign-in: %d %v", code, err)
		}
	}
	admin, err := sql.Open("pgx", os.Getenv(storetest.EnvPostgres))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()

	var terminated atomic.Int64
	stop := make(chan struct{})
	faults := make(chan struct{})
	var outage struct {
		readyz, session int
		signedOut       bool
	}
	go func() {
		defer close(faults)
		kill := func() {
			var n int64
			admin.QueryRow("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", tag).Scan(&n)
			terminated.Add(n)
		}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(150 * time.Millisecond):
			}
			kill()
			if i == 10 { // in the middle of the rush: the database is gone
				proxy.outage(true)
				time.Sleep(300 * time.Millisecond)
				outage.readyz = status(in.URL + "/readyz")
				code, body, _ := people[0].send(http.MethodGet, in.URL+"/api/v1/bookings")
				outage.session = code
				outage.signedOut = strings.Contains(body, "abgelaufen")
				time.Sleep(1700 * time.Millisecond)
				proxy.outage(false)
			}
		}
	}()
	answers := staggeredRush(people, func(int) string { return in.URL }, sessions, 4*time.Second)
	close(stop)
	<-faults

	acknowledged, lost, wrongErrors := checkAnswers(t, db, people, answers)
	t.Logf("PostgreSQL faults: %d backends terminated, a 2 s outage; answers %v; %d acknowledged, %d lost, %d errors for stored bookings",
		terminated.Load(), statusTally(answers), acknowledged, lost, len(wrongErrors))
	if lost != 0 || len(wrongErrors) != 0 {
		t.Errorf("bookings lost: %d; stored bookings answered with an error: %v", lost, wrongErrors)
	}
	if terminated.Load() == 0 || statusTally(answers)[http.StatusCreated] == len(people) {
		t.Errorf("the faults did not meet the rush: %d terminated, answers %v", terminated.Load(), statusTally(answers))
	}
	if outage.readyz != http.StatusServiceUnavailable || outage.session != http.StatusServiceUnavailable || outage.signedOut {
		t.Errorf("during the outage: /readyz %d, signed-in request %d, signed out %v", outage.readyz, outage.session, outage.signedOut)
	}

	// Recovery without a restart: ready again, the session of before the
	// outage still signed in, and those who got an error can book now.
	in.waitReady(t, 20*time.Second)
	if code, _, _ := people[0].send(http.MethodGet, in.URL+"/api/v1/bookings"); code != http.StatusOK {
		t.Errorf("after the outage the session answers %d", code)
	}
	for i, an := range answers {
		if an.status == http.StatusCreated || an.status == http.StatusConflict {
			continue
		}
		code, body, err := people[i].send(http.MethodPost, bookPath(in.URL, sessions[i%len(sessions)]))
		if err != nil || (code != http.StatusCreated && code != http.StatusConflict) {
			t.Errorf("after recovery, booking answers %d %s %v", code, body, err)
		}
		if n := counted(t, db, "SELECT count(*) FROM bookings WHERE user_id = ? AND cancelled_at IS NULL", people[i].user.ID); code == http.StatusCreated && n != 1 {
			t.Errorf("after recovery %s has %d bookings", people[i].user.Email, n)
		}
	}
	if tally := statusTally(answers); tally[http.StatusInternalServerError] > 0 {
		t.Errorf("%d requests answered 500: a database that does not answer is 503", tally[http.StatusInternalServerError])
	}
}

// SQLite: the process is killed (SIGKILL) in the middle of a rush and
// started again on the same file. Every booking answered 201 is there;
// requests that got no answer may or may not have booked, but nobody was
// told "error" for a booking that is stored, and the file is intact.
func TestBookingRushSurvivesSIGKILLOnSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wachsam.db")
	db, err := store.Open(ctx, store.Location{Dialect: store.SQLite, DSN: path})
	if err != nil {
		t.Fatal(err)
	}
	_, people, sessions := staffWorld(t, db, 15, 100)
	db.Close()

	in := serve(t, "sqlite://"+path)
	for _, p := range people {
		if code, err := p.signIn(in.URL, "instanz-passwort"); err != nil || code != http.StatusSeeOther {
			t.Fatalf("sign-in: %d %v", code, err)
		}
	}
	go func() {
		time.Sleep(time.Second)
		in.kill()
	}()
	answers := staggeredRush(people, func(int) string { return in.URL }, sessions, 2*time.Second)

	again := serve(t, "sqlite://"+path) // recovers the write-ahead log
	reopened, err := store.Open(ctx, store.Location{Dialect: store.SQLite, DSN: path})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	var verdict string
	if err := reopened.NewRaw("PRAGMA integrity_check").Scan(ctx, &verdict); err != nil || verdict != "ok" {
		t.Fatalf("integrity after SIGKILL: %q %v", verdict, err)
	}
	acknowledged, lost, wrongErrors := checkAnswers(t, reopened, people, answers)
	tally := statusTally(answers)
	t.Logf("SQLite SIGKILL: answers %v (0 = no answer); %d acknowledged, %d lost, %d errors for stored bookings", tally, acknowledged, lost, len(wrongErrors))
	if lost != 0 || len(wrongErrors) != 0 {
		t.Errorf("bookings lost: %d; stored bookings answered with an error: %v", lost, wrongErrors)
	}
	if tally[0] == 0 || acknowledged == 0 {
		t.Errorf("the kill did not meet the rush: %v", tally)
	}
	for _, p := range people[:1] {
		p.carryCookies(in.URL, again.URL)
		if code, _, _ := p.send(http.MethodGet, again.URL+"/api/v1/bookings"); code != http.StatusOK {
			t.Errorf("after the restart the session answers %d", code)
		}
	}
}

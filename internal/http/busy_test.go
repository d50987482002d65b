package http

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// The server is busy while busyRequests requests are being answered at
// once, and no longer once they are answered.
func TestBusyWhileManyRequestsAreAnswered(t *testing.T) {
	s := &Server{}
	release := make(chan struct{})
	entered := make(chan struct{}, busyRequests)
	ts := httptest.NewServer(s.countInFlight(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
	})))
	defer ts.Close()
	var wg sync.WaitGroup
	for i := range busyRequests {
		wg.Go(func() {
			if res, err := http.Get(ts.URL); err == nil {
				res.Body.Close()
			}
		})
		<-entered
		if got, want := s.Busy(), i+1 >= busyRequests; got != want {
			t.Fatalf("%d requests under way: Busy %v, want %v", i+1, got, want)
		}
	}
	close(release)
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for s.Busy() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if s.Busy() {
		t.Fatal("still busy after every request was answered")
	}
}

package store

import (
	"context"
	"testing"
	"time"
)

// At most sessionQueueDepth bookings of one session go on to the database
// at a time; the next enters when one leaves, a booking of another session
// never waits, one whose request ends while queued gives up, and the queue
// of a session is gone once nobody uses it.
func TestSessionQueueLetsDepthThroughInOrder(t *testing.T) {
	var q sessionQueues
	ctx := context.Background()
	var leaves []func()
	for range sessionQueueDepth {
		leave, err := q.enter(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		leaves = append(leaves, leave)
	}
	other, err := q.enter(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	other()

	entered := make(chan int, 2)
	for i := range 2 {
		go func() {
			leave, err := q.enter(ctx, 1)
			if err != nil {
				t.Error(err)
				return
			}
			entered <- i
			time.Sleep(10 * time.Millisecond)
			leave()
		}()
		time.Sleep(20 * time.Millisecond) // the first waits longest
	}
	select {
	case i := <-entered:
		t.Fatalf("booking %d passed a full queue", i)
	case <-time.After(50 * time.Millisecond):
	}
	leaves[0]()
	if i := <-entered; i != 0 {
		t.Fatalf("booking %d entered before the one waiting longest", i)
	}

	gone, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := q.enter(gone, 1); err == nil {
		t.Fatal("entered a full queue with an ended request")
	}
	for _, leave := range leaves[1:] {
		leave()
	}
	if i := <-entered; i != 1 {
		t.Fatalf("booking %d, want 1", i)
	}
	time.Sleep(30 * time.Millisecond)
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.queues) != 0 {
		t.Fatalf("%d queues left over", len(q.queues))
	}
}

// Bookings of different sessions share bookingConnections slots: the next
// one waits until one of them leaves.
func TestSessionQueueLeavesConnectionsForOthers(t *testing.T) {
	var q sessionQueues
	ctx := context.Background()
	var leaves []func()
	for id := range int64(bookingConnections) {
		leave, err := q.enter(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		leaves = append(leaves, leave)
	}
	waiting, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	if _, err := q.enter(waiting, 999); err == nil {
		t.Fatalf("booking %d of %d got a connection", bookingConnections+1, bookingConnections)
	}
	leaves[0]()
	leave, err := q.enter(ctx, 999)
	if err != nil {
		t.Fatal(err)
	}
	leave()
	for _, leave := range leaves[1:] {
		leave()
	}
	if len(q.queues) != 0 || len(q.connections) != 0 {
		t.Fatalf("%d queues, %d connections left over", len(q.queues), len(q.connections))
	}
}

package store

import (
	"context"
	"sync"
)

// sessionQueueDepth is how many bookings of one session go on to the
// database at the same time, per instance. One: the next waits here until
// the one before has committed, so no booking of this instance waits in
// PostgreSQL's lock queue, where each waiter is woken and re-reads its row
// when the lock passes on. Measured with 1,000 people booking one session
// (bench/booking.sh, 200 clients): 720 bookings a second with one, 620–650
// with two, and less database CPU per booking.
const sessionQueueDepth = 1

// bookingConnections is how many of the pool's twenty connections
// bookings may hold at once; the rest stay free for sign-in lookups, the
// job runner and every other request.
const bookingConnections = 16

// sessionQueues queues the bookings of each session before they take a
// database connection (issue 16). When a whole town books the same
// session, PostgreSQL would otherwise hold all of the pool's connections
// in the session's lock queue: every commit wakes every waiter to contend
// for the lock again (twice the database's CPU per booking), the sign-in
// lookups of other requests wait for a free connection, and database/sql
// hands connections to waiting requests in random order, so the slowest
// answers waited many times as long as the median. Here they wait in
// arrival order (Go hands a channel's free slot to the longest-waiting
// sender) and hold nothing. Bookings of different sessions then wait for
// one of bookingConnections, again in arrival order. The row lock still
// decides: the queues only shape who asks for it, and other instances
// queue on their own.
type sessionQueues struct {
	mu          sync.Mutex
	queues      map[int64]*sessionQueue
	connections chan struct{}
}

type sessionQueue struct {
	slots chan struct{}
	users int // requests holding or waiting for a slot; the queue goes at 0
}

// enter waits for a slot of session id's queue and then for a connection
// slot, or until ctx ends; leave gives both back.
func (q *sessionQueues) enter(ctx context.Context, id int64) (leave func(), err error) {
	q.mu.Lock()
	if q.queues == nil {
		q.queues = map[int64]*sessionQueue{}
		q.connections = make(chan struct{}, bookingConnections)
	}
	sq := q.queues[id]
	if sq == nil {
		sq = &sessionQueue{slots: make(chan struct{}, sessionQueueDepth)}
		q.queues[id] = sq
	}
	sq.users++
	q.mu.Unlock()
	release := func() {
		q.mu.Lock()
		if sq.users--; sq.users == 0 {
			delete(q.queues, id)
		}
		q.mu.Unlock()
	}
	select {
	case sq.slots <- struct{}{}:
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	}
	select {
	case q.connections <- struct{}{}:
		return func() { <-q.connections; <-sq.slots; release() }, nil
	case <-ctx.Done():
		<-sq.slots
		release()
		return nil, ctx.Err()
	}
}

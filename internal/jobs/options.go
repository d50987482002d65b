package jobs

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"
)

// Options tune a Runner; the zero value is a sensible production setting.
type Options struct {
	// Worker names this runner in the job table's locked_by column. It must
	// differ between instances; the default (host, process and a random
	// suffix) does.
	Worker string
	// PollInterval is how long the runner sleeps when no job is due. A new
	// job therefore starts within this time. Default 1s.
	PollInterval time.Duration
	// Lease is how long a claimed job stays reserved for this runner. If the
	// instance dies, another one runs the job after the lease. The handler's
	// context ends at nine tenths of it. Default 5m.
	Lease time.Duration
	// Backoff is the wait before the next try after the given failed
	// attempt (1 for the first). Default ExponentialBackoff.
	Backoff func(attempt int) time.Duration
	// Busy, if set, reports whether people are waiting for answers — the
	// web server is answering many requests at once. While it does, the
	// runner takes one job per BusyPace instead of working off the queue
	// at full speed: its mails and reminders go out seconds later rather
	// than take the CPU and the database from a town booking its round
	// (issue 16: each booking queues about as much background work as
	// the booking itself costs). Jobs still run while busy, only slower.
	Busy func() bool
	// BusyPace is the pause before each job while Busy reports true.
	// Default 200ms.
	BusyPace time.Duration
}

// ExponentialBackoff waits one minute after the first failed attempt and
// doubles the wait after every further one, up to one hour: a mail server
// that is down for a restart is retried soon, one that is down for hours is
// not hammered.
func ExponentialBackoff(attempt int) time.Duration {
	const first, limit = time.Minute, time.Hour
	if attempt < 1 {
		attempt = 1
	}
	wait := first
	for i := 1; i < attempt && wait < limit; i++ {
		wait *= 2
	}
	return min(wait, limit)
}

func (o Options) withDefaults() Options {
	if o.Worker == "" {
		o.Worker = defaultWorkerName()
	}
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.Lease <= 0 {
		o.Lease = 5 * time.Minute
	}
	if o.Backoff == nil {
		o.Backoff = ExponentialBackoff
	}
	if o.BusyPace <= 0 {
		o.BusyPace = 200 * time.Millisecond
	}
	return o
}

// defaultWorkerName tells operators which host and process holds a job;
// the random suffix keeps two runners apart even in one process or in
// containers that all see pid 1.
func defaultWorkerName() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown-host"
	}
	suffix := make([]byte, 4)
	rand.Read(suffix)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(suffix))
}

// Package courses holds the rules of shared awareness sessions (DESIGN.md
// §4, seeds/003): neighbouring municipalities share sessions, and each sends
// only its fair share of staff to any one of them so that no town hall
// closes. It is pure like package exam: no I/O, no clock, no database.
//
// The optimal allocator: given sessions with capacities and people with
// ranked preferences, Solve places as many people as possible and then
// minimises the total preference cost, under capacities, municipality
// quotas and department caps, exactly, as a min-cost flow.
//
// The rules of self-service booking, which the store calls inside the
// transaction that changes a booking: a Round of Sessions with its
// RoundPolicy (quotas with the allocator's own arithmetic, cancellation
// deadline, offer lifetime); CanBook, CanJoinWaitlist and CanCancel, which
// refuse with a German message naming the limit; NextOffer, which hands a
// freed seat to the first person on the waiting list whose quotas allow it;
// attendance (every day of a seminar, camera presence online, the check-in
// code that changes every 30 s); due dates from a topic's validity; and
// SplitCost, which divides a session's cost in whole cents.
package courses

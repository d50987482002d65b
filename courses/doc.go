// Package courses holds the rules of shared awareness sessions (DESIGN.md
// §4, seeds/003): neighbouring municipalities share sessions, and each sends
// only its fair share of staff to any one of them so that no town hall
// closes. It is pure like package exam: no I/O, no clock, no database.
//
// So far it holds the optimal allocator: given sessions with capacities and
// people with ranked preferences, Solve places as many people as possible
// and then minimises the total preference cost, under capacities,
// municipality quotas and department caps, exactly, as a min-cost flow.
package courses

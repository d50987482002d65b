package store

import (
	"slices"
	"testing"
)

// Runs of attendance hold about attendanceChunkRecords records whatever the
// size of the sessions; a session that is gone is a run of its own.
func TestAttendanceChunksBoundRecordsNotSessions(t *testing.T) {
	src := &evidenceSources{sessions: map[int64]evidenceSession{
		1: {Attended: 3000}, 2: {Attended: 3000}, 3: {Attended: 1000}, 4: {Attended: 9000}, 5: {Attended: 10},
	}}
	got := src.attendanceChunks([]int64{1, 2, 3, 4, 5, 99, 6})
	want := [][]int64{{1}, {2, 3}, {4}, {5}, {99}, {6}}
	if !slices.EqualFunc(got, want, slices.Equal[[]int64]) {
		t.Fatalf("chunks %v, want %v", got, want)
	}
	many := make([]int64, 1200)
	for i := range many {
		many[i] = int64(1000 + i)
		src.sessions[many[i]] = evidenceSession{}
	}
	if got := src.attendanceChunks(many); len(got) != 3 || len(got[0]) != maxChunkSessions {
		t.Fatalf("%d chunks of empty sessions, first %d long", len(got), len(got[0]))
	}
}

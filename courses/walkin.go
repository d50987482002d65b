package courses

// WalkInCandidate is a person a trainer may add to a session's list as a
// walk-in: staff of a municipality sharing the round, not on the list yet.
type WalkInCandidate struct {
	UserID       int64
	Name         string
	Email        string
	Municipality string
}

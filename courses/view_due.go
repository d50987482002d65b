package courses

import (
	"fmt"
	"strings"

	"github.com/wachsam/wachsam"
)

// The read models of a coordinator's staff pages: what an import did, who
// works in the municipality, and who is due for which topic.

// ImportSummary is what one staff import changed. Re-importing the same
// list reports every person as unchanged.
type ImportSummary struct {
	Created   int
	Updated   int
	Unchanged int
	// NewDepartments are the departments the list named that did not exist
	// yet and were created, in the order they first appear.
	NewDepartments []string
}

// German is the one-line summary shown after an import.
func (s ImportSummary) German() string {
	msg := fmt.Sprintf("Import abgeschlossen: %d neu, %d aktualisiert, %d unverändert.", s.Created, s.Updated, s.Unchanged)
	if len(s.NewDepartments) > 0 {
		msg += " Neu angelegte Abteilungen: " + strings.Join(s.NewDepartments, ", ") + "."
	}
	return msg
}

// ImportProblems are the rows of a staff list that cannot be imported as
// they stand, found only against the stored accounts (an address that
// belongs to someone else). As an error it stops the whole import.
type ImportProblems []RowProblem

func (p ImportProblems) Error() string {
	lines := make([]string, len(p))
	for i, rp := range p {
		lines[i] = rp.String()
	}
	return strings.Join(lines, "; ")
}

// StaffMember is one member of staff as the coordinator's list shows them.
type StaffMember struct {
	ID          int64
	Name        string
	Email       string
	Department  string
	StaffNumber string
	Disabled    bool
	// Heads names the department the person heads, if any: usually their
	// own, but the administration may assign another of the town.
	Heads string
}

// DueRow is where one person stands with one topic: the last complete
// attendance (zero if never), the date they must have attended again by
// (zero if never attended) and the resulting state.
type DueRow struct {
	UserID       int64
	Name         string
	Email        string
	DepartmentID int64 // 0: no department
	Department   string
	TopicID      int64
	Topic        string
	Last         wachsam.Date
	Next         wachsam.Date
	State        DueState
}

package http

import (
	"context"
	"net/http"
	"slices"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The start page shows each role what waits for it (issue 15), not only
// links: the staff's next session and what is due, the trainer's sessions
// of today and the next one, the coordinator's open rounds and overdue
// staff, the candidate's running deadlines, the examiner's attempts to
// grade, the exam office's next exam dates, the board's cases awaiting a
// vote. Every part is read through the role's own scoped read model with
// the signed-in user's ID or municipality, so it shows nothing the role's
// own pages would not.

// homeData holds one part per role of the user; a nil part is not shown.
type homeData struct {
	Staff       *homeStaff
	Trainer     *homeTrainer
	Coordinator *homeCoordinator
	// DepartmentHead is nil also when the role's department is gone.
	DepartmentHead *homeDepartmentHead
	Candidate      []homeCandidateFile
	Examiner       []homeGrading
	Office         []homeExamDay
	Board          []homeBoardCase
}

// homeStaff: the next booked session and the topics due soon or overdue.
type homeStaff struct {
	Next *courses.BookingView
	Due  []courses.DueRow
}

// homeTrainer: the sessions running today and the next one after today.
type homeTrainer struct {
	Today []courses.TrainerSession
	Next  *courses.TrainerSession
}

// homeCoordinator: rounds that collect preferences or take bookings, and
// how many of the town's staff are overdue or due soon.
type homeCoordinator struct {
	OpenRounds []courses.Round
	Overdue    int
	DueSoon    int
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	var d homeData
	parts := []struct {
		has  bool
		load func(context.Context, *wachsam.User, *homeData) error
	}{
		{u.Has(wachsam.RoleStaff), s.homeStaffTasks},
		{u.Has(wachsam.RoleTrainer), s.homeTrainerTasks},
		{u.Has(wachsam.RoleCoordinator) && u.MunicipalityID != nil, s.homeCoordinatorTasks},
		{u.Has(wachsam.RoleDepartmentHead), s.homeDepartmentHeadTasks},
		{u.Has(wachsam.RoleCandidate), s.homeCandidateTasks},
		{u.Has(wachsam.RoleExaminer), s.homeExaminerTasks},
		{u.Has(wachsam.RoleExamOffice), s.homeOfficeTasks},
		{u.HasAny(wachsam.RoleBoard, wachsam.RoleBoardChair), s.homeBoardTasks},
	}
	for _, p := range parts {
		if !p.has {
			continue
		}
		if err := p.load(ctx, u, &d); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "home", page{Title: "Startseite", Section: "start", Data: d})
}

func (s *Server) homeToday() wachsam.Date { return wachsam.DateIn(s.cfg.Now(), s.cfg.Location) }

func (s *Server) homeStaffTasks(ctx context.Context, u *wachsam.User, d *homeData) error {
	bookings, err := s.courses.MyBookings(ctx, u.ID)
	if err != nil {
		return err
	}
	due, err := s.courses.DueFor(ctx, u.ID, s.homeToday())
	if err != nil {
		return err
	}
	now := s.cfg.Now()
	st := &homeStaff{}
	for i, b := range bookings {
		if !b.Active() || !now.Before(b.Session.LastEnd(s.cfg.Location)) {
			continue
		}
		if st.Next == nil || b.Session.StartsAt.Before(st.Next.Session.StartsAt) {
			st.Next = &bookings[i]
		}
	}
	for _, row := range due {
		if row.State != courses.DueCurrent {
			st.Due = append(st.Due, row)
		}
	}
	d.Staff = st
	return nil
}

func (s *Server) homeTrainerTasks(ctx context.Context, u *wachsam.User, d *homeData) error {
	list, err := s.courses.TrainerSessions(ctx, u.ID, s.cfg.Location)
	if err != nil {
		return err
	}
	today := s.homeToday()
	tr := &homeTrainer{}
	for i, t := range list {
		switch {
		case t.Session.Cancelled || t.Past:
		case t.Session.Runs(today):
			tr.Today = append(tr.Today, t)
		case t.Session.StartsAt.After(s.cfg.Now()) && (tr.Next == nil || t.Session.StartsAt.Before(tr.Next.Session.StartsAt)):
			tr.Next = &list[i]
		}
	}
	d.Trainer = tr
	return nil
}

func (s *Server) homeCoordinatorTasks(ctx context.Context, u *wachsam.User, d *homeData) error {
	town := *u.MunicipalityID
	rounds, err := s.courses.RoundsOf(ctx, town)
	if err != nil {
		return err
	}
	due, err := s.courses.DueList(ctx, town, s.homeToday())
	if err != nil {
		return err
	}
	c := &homeCoordinator{OpenRounds: slices.DeleteFunc(rounds, func(r courses.Round) bool {
		return r.Status != courses.StatusOpen && r.Status != courses.StatusCollecting
	})}
	overdue, soon := map[int64]bool{}, map[int64]bool{}
	for _, row := range due {
		switch row.State {
		case courses.DueOverdue:
			overdue[row.UserID] = true
		case courses.DueSoon:
			soon[row.UserID] = true
		}
	}
	for id := range overdue {
		delete(soon, id) // a person counts once, under the worse state
	}
	c.Overdue, c.DueSoon = len(overdue), len(soon)
	d.Coordinator = c
	return nil
}

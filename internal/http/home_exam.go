package http

import (
	"context"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The exam roles' parts of the start page (see home.go).

// homeCandidateFile is one of the candidate's files with its running
// deadlines, each with its last day (§§6(3), 7, 9(1), 12(2)).
type homeCandidateFile struct {
	ID           int64
	SeminarTitle string
	Deadlines    []exam.CandidateDeadline
}

// homeGrading is an exam date of one of the examiner's components with
// what waits: attempts on a day that has come and not yet graded, and
// results that may be announced.
type homeGrading struct {
	SeminarTitle  string
	ComponentName string
	ExamDay       wachsam.Date
	ToGrade       int
	ToAnnounce    int
}

// homeExamDay is a seminar with its next exam date, for the exam office.
type homeExamDay struct {
	SeminarID    int64
	SeminarTitle string
	Candidates   int
	NextExam     wachsam.Date
}

// homeBoardCase is an open case that still lacks the member's vote.
type homeBoardCase struct {
	ID    int64
	Title string
	Who   string
}

func (s *Server) homeCandidateTasks(ctx context.Context, u *wachsam.User, d *homeData) error {
	files, err := s.exams.CandidateFileSummaries(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, f := range files {
		view, err := s.exams.CandidateFile(ctx, u.ID, f.Record.ID)
		if err != nil {
			return err
		}
		d.Candidate = append(d.Candidate, homeCandidateFile{ID: f.Record.ID, SeminarTitle: f.SeminarTitle, Deadlines: view.Deadlines})
	}
	return nil
}

func (s *Server) homeExaminerTasks(ctx context.Context, u *wachsam.User, d *homeData) error {
	components, err := s.exams.ExaminerOverview(ctx, u.ID)
	if err != nil {
		return err
	}
	today := s.homeToday()
	for _, c := range components {
		for _, date := range c.Dates {
			g := homeGrading{SeminarTitle: c.SeminarTitle, ComponentName: c.Name, ExamDay: date.ExamDay, ToAnnounce: date.ToAnnounce}
			for _, cand := range date.Candidates {
				if cand.Attempt.Status == "registered" && !date.ExamDay.After(today) {
					g.ToGrade++
				}
			}
			if g.ToGrade > 0 || g.ToAnnounce > 0 {
				d.Examiner = append(d.Examiner, g)
			}
		}
	}
	return nil
}

func (s *Server) homeOfficeTasks(ctx context.Context, _ *wachsam.User, d *homeData) error {
	lines, err := s.exams.OfficeSeminarLines(ctx)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if !l.NextExam.IsZero() {
			d.Office = append(d.Office, homeExamDay{SeminarID: l.Seminar.ID, SeminarTitle: l.Seminar.Title, Candidates: l.Candidates, NextExam: l.NextExam})
		}
	}
	return nil
}

func (s *Server) homeBoardTasks(ctx context.Context, u *wachsam.User, d *homeData) error {
	inbox, err := s.exams.BoardCases(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, c := range inbox.Open {
		if c.MyVote == nil {
			d.Board = append(d.Board, homeBoardCase{ID: c.ID, Title: c.Title(), Who: c.CandidateName})
		}
	}
	return nil
}

package http

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The examiner's pages: the overview of their components, dates and
// candidates, and the page of one attempt with its forms.

func (s *Server) examinerOverviewPage(w http.ResponseWriter, r *http.Request) {
	s.renderExaminerOverview(w, r, http.StatusOK, form{})
}

func (s *Server) renderExaminerOverview(w http.ResponseWriter, r *http.Request, status int, f form) {
	list, err := s.exams.ExaminerOverview(r.Context(), currentUser(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "examiner_overview", page{Title: "Bewertung", Section: "grading", Form: f, Data: map[string]any{"Components": list}})
}

// examinerGradeField is one select box of a grade form.
type examinerGradeField struct {
	Name, ID, Label string
	Selected        string
	Err             string
}

// examinerGradeFields lays out the grade boxes of an attempt: one per part,
// or one for a component graded as a whole. A refused form shows what was
// sent; otherwise current says whether to show the recorded grades.
func examinerGradeFields(a *exam.GradingAttempt, f form, idPrefix string, current bool) []examinerGradeField {
	field := func(name, id, label, code string) examinerGradeField {
		gf := examinerGradeField{Name: name, ID: idPrefix + id, Label: label, Err: f.Err(name)}
		switch {
		case f.Values != nil:
			gf.Selected = f.Value(name)
		case current:
			gf.Selected = a.PartGrade(code)
		}
		return gf
	}
	if len(a.Parts) == 0 {
		return []examinerGradeField{field("grade", "note", "Note für "+a.ComponentName, "")}
	}
	out := make([]examinerGradeField, len(a.Parts))
	for i, p := range a.Parts {
		out[i] = field("grade_"+p.Code, "note-"+strconv.Itoa(i), p.Name+" ("+p.Code+", Gewicht "+strconv.FormatInt(p.Weight, 10)+")", p.Code)
	}
	return out
}

func (s *Server) examinerAttemptPage(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date", "candidate")
	if !ok {
		return
	}
	s.renderExaminerAttempt(w, r, http.StatusOK, ids[0], ids[1], form{}, "")
}

// renderExaminerAttempt shows the attempt; failed names the form a refused
// post came from, so only that form shows the values and messages.
func (s *Server) renderExaminerAttempt(w http.ResponseWriter, r *http.Request, status int, dateID, candidateID int64, f form, failed string) {
	a, err := s.exams.ExaminerAttempt(r.Context(), currentUser(r).ID, dateID, candidateID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	of := func(name string) form {
		if name == failed {
			return f
		}
		return form{}
	}
	s.render(w, r, status, "examiner_attempt", page{Title: a.ComponentName + ": " + a.Name, Section: "grading", Form: f, Data: map[string]any{
		"Attempt":    a,
		"Base":       examinerPath(dateID, candidateID),
		"Grades":     examinerGradeFields(a, of("bewertung"), "bewertung-", false),
		"Correction": examinerGradeFields(a, of("korrektur"), "korrektur-", true),
		"Reason":     of("korrektur").Value("reason"),
		"ReasonErr":  of("korrektur").Err("reason"),
		"Note":       of("ordnungsverstoss").Value("note"),
		"NoteErr":    of("ordnungsverstoss").Err("note"),
		"FileErr":    of("arbeiten").Err("document"),
	}})
}

// examinerGradeInputs reads the grade boxes of a form: "grade" for a
// component graded as a whole, "grade_<part>" for each part. Every value
// sent is passed on, so that a part sent twice is refused, not ignored.
func examinerGradeInputs(v url.Values) []exam.GradeInput {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var in []exam.GradeInput
	for _, k := range keys {
		part, isPart := strings.CutPrefix(k, "grade_")
		switch {
		case k == "grade":
			part = "" // a component graded as a whole
		case !isPart:
			continue
		}
		for _, g := range v[k] {
			in = append(in, exam.GradeInput{Part: part, Grade: g})
		}
	}
	return in
}

// examinerRefuse answers a refused post on the attempt page: an attempt the
// examiner may not see is not found; anything else shows the page again
// with the message beside its field or on top.
func (s *Server) examinerRefuse(w http.ResponseWriter, r *http.Request, err error, dateID, candidateID int64, formName string) {
	if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	s.refuse(w, r, err, func(status int) {
		s.renderExaminerAttempt(w, r, status, dateID, candidateID, formWithError(r.PostForm, err), formName)
	})
}

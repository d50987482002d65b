package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

type certificateAPIGrade struct {
	Component string `json:"component"`
	Name      string `json:"name"`
	Grade     string `json:"grade"`
	GradeWord string `json:"grade_word"`
}

type certificateAPIItem struct {
	ID              int64                 `json:"id"`
	CandidateID     int64                 `json:"candidate_id"`
	CandidateNumber string                `json:"candidate_number"`
	Holder          string                `json:"holder"`
	IssuedOn        string                `json:"issued_on"`
	OverallGrade    string                `json:"overall_grade"`
	OverallWord     string                `json:"overall_grade_word"`
	Grades          []certificateAPIGrade `json:"grades"`
	Director        string                `json:"director"`
	Leader          string                `json:"leader"`
	Code            string                `json:"code"`
	VerifyURL       string                `json:"verify_url"`
	Status          string                `json:"status"`
	PDFURL          string                `json:"pdf_url"`
}

type certificateAPIList struct {
	Issued []certificateAPIItem `json:"issued"`
	Due    []struct {
		CandidateID  int64                 `json:"candidate_id"`
		Name         string                `json:"name"`
		OverallGrade string                `json:"overall_grade"`
		Grades       []certificateAPIGrade `json:"grades"`
	} `json:"due"`
}

type certificateProblem struct {
	Type   string `json:"type"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

func certificateJSON[T any](t *testing.T, r response, status int) T {
	t.Helper()
	var v T
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	return v
}

// TestCertificateAPI: the office lists who is due, issues (201), is
// refused a second time with the § as problem details, and finds the
// certificate in the list with the address of its PDF.
func TestCertificateAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		office := h.signedIn(a.Office)
		list := certificateJSON[certificateAPIList](t, office.get("/api/v1/exam-office/certificates"), http.StatusOK)
		if len(list.Issued) != 0 || len(list.Due) != 1 || list.Due[0].CandidateID != a.Candidates[0].ID || list.Due[0].OverallGrade != "1,7" || len(list.Due[0].Grades) != 2 {
			t.Fatalf("before issuing: %+v", list)
		}
		path := fmt.Sprintf("/api/v1/exam-office/candidates/%d/certificate", a.Candidates[0].ID)
		c := certificateJSON[certificateAPIItem](t, office.post(path, nil), http.StatusCreated)
		if c.Holder != a.Users[0].Name || c.IssuedOn != "2026-11-22" || c.Status != "valid" || c.Director != a.Chair.Name || c.Leader != "Dr. Erik Weber" ||
			c.Grades[0] != (certificateAPIGrade{"ISM", "Informationssicherheitsmanagement", "1,9", "gut"}) || c.VerifyURL != "http://127.0.0.1/zeugnis/"+c.Code {
			t.Errorf("issued: %+v", c)
		}
		before := h.certificateRows()
		p := certificateJSON[certificateProblem](t, office.post(path, nil), http.StatusConflict)
		if p.Type != "/probleme/konflikt" || !strings.Contains(p.Detail, "§10(1)") {
			t.Errorf("second issue: %+v", p)
		}
		p = certificateJSON[certificateProblem](t, office.post(fmt.Sprintf("/api/v1/exam-office/candidates/%d/certificate", a.Candidates[1].ID), nil), http.StatusConflict)
		if !strings.Contains(p.Detail, "§10(1)") || !strings.Contains(p.Detail, "Informationssicherheitsmanagement") {
			t.Errorf("issue before passing: %+v", p)
		}
		for _, bad := range []string{"999999", "x", "-1"} {
			certificateJSON[certificateProblem](t, office.post("/api/v1/exam-office/candidates/"+bad+"/certificate", nil), http.StatusNotFound)
		}
		if h.certificateRows() != before {
			t.Errorf("refused API calls wrote something")
		}
		list = certificateJSON[certificateAPIList](t, office.get("/api/v1/exam-office/certificates"), http.StatusOK)
		if len(list.Issued) != 1 || list.Issued[0].Code != c.Code || list.Issued[0].PDFURL != fmt.Sprintf("/pruefungsamt/zeugnisse/%d.pdf", c.ID) || len(list.Due) != 0 {
			t.Errorf("after issuing: %+v", list)
		}
		if r := office.get(list.Issued[0].PDFURL); r.status != http.StatusOK {
			t.Errorf("the listed PDF address answers %d", r.status)
		}
	})
}

package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// A small valid PDF as a scanner writes it; content sniffing knows it by
// its header.
const gradingPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

func gradingNumbers(cs []exam.GradingComponent, code string) []string {
	var out []string
	for _, c := range cs {
		if c.Code != code {
			continue
		}
		for _, d := range c.Dates {
			for _, k := range d.Candidates {
				out = append(out, k.Number)
			}
		}
	}
	return out
}

// An examiner reaches only the components they grade: examiner Roth
// (RECHT) finds none of examiner Weber's ISM attempts, grades, papers or
// announcements, and changes nothing.
func TestGradingExaminerSeesOnlyOwnComponents(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newGradingWorld(t, db)
		w.a.SatBoth(t, db, 0, exam.Grade20, exam.Grade20, exam.Grade20)
		w.register(t, db, 1, "ISM")
		ctx := context.Background()
		weber, roth := w.a.Examiners[0], w.a.Examiners[1]
		cand := w.a.Candidates[1].ID

		mine, err := db.ExaminerOverview(ctx, roth.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 1 || mine[0].Code != "RECHT" || len(mine[0].Dates) != 1 || len(mine[0].Dates[0].Candidates) != 1 || mine[0].Dates[0].ToAnnounce != 1 {
			t.Fatalf("Roth's overview: %+v", mine)
		}
		weberView, err := db.ExaminerOverview(ctx, weber.ID)
		if err != nil || len(weberView) != 1 || weberView[0].Code != "ISM" || len(weberView[0].Parts) != 2 {
			t.Fatalf("Weber's overview: %+v, %v", weberView, err)
		}
		if got := gradingNumbers(weberView, "ISM"); len(got) != 2 || got[0] != w.a.Candidates[0].Number {
			t.Fatalf("Weber's candidates: %v", got)
		}

		if _, err := db.UploadPaper(ctx, wachsam.UserActor(weber), weber.ID, w.ism, w.a.Candidates[0].ID, exam.PaperUpload{Filename: "arbeit.pdf", Content: []byte(gradingPDF)}); err != nil {
			t.Fatal(err)
		}
		paper, err := db.ExaminerAttempt(ctx, weber.ID, w.ism, w.a.Candidates[0].ID)
		if err != nil || len(paper.Papers) != 1 {
			t.Fatalf("papers: %+v, %v", paper, err)
		}
		before := gradingCounts(t, db)
		actor := wachsam.UserActor(roth)
		for name, err := range map[string]error{
			"attempt":  gradingErr(db.ExaminerAttempt(ctx, roth.ID, w.ism, cand)),
			"grade":    gradingErr(db.GradeAttempt(ctx, actor, roth.ID, w.ism, cand, gradingISM("1,0", "1,0"))),
			"correct":  gradingErr(db.CorrectGrades(ctx, actor, roth.ID, w.ism, w.a.Candidates[0].ID, gradingISM("1,0", "1,0"), "x", gradingMail)),
			"disorder": gradingErr(db.RecordDisorder(ctx, actor, roth.ID, w.ism, cand, "x")),
			"upload":   gradingErr(db.UploadPaper(ctx, actor, roth.ID, w.ism, cand, exam.PaperUpload{Filename: "a.pdf", Content: []byte(gradingPDF)})),
			"announce": gradingErr(db.AnnounceResults(ctx, actor, roth.ID, w.ism, gradingMail)),
			"paper":    gradingErr3(db.ExaminerPaper(ctx, roth.ID, w.ism, w.a.Candidates[0].ID, paper.Papers[0].ID)),
			// Weber's own date with a candidate of another seminar's ID, or an unknown candidate.
			"unknown candidate": gradingErr(db.GradeAttempt(ctx, wachsam.UserActor(weber), weber.ID, w.ism, 999999, gradingISM("1,0", "1,0"))),
			"unknown date":      gradingErr(db.ExaminerAttempt(ctx, weber.ID, 999999, cand)),
			"other's date":      gradingErr(db.ExaminerAttempt(ctx, weber.ID, w.recht, w.a.Candidates[0].ID)),
		} {
			if wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
				t.Errorf("%s: err = %v, want not found", name, err)
			}
		}
		if after := gradingCounts(t, db); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
	})
}

func gradingErr[T any](_ T, err error) error          { return err }
func gradingErr3[T, U any](_ T, _ U, err error) error { return err }

// §3(2): the board names a substitute examiner for one candidate's
// component. The substitute sees exactly that candidate's attempt and
// grades it; the teacher of the course no longer reaches it. A rejected
// motion changes nothing.
func TestPara3_2_SubstituteExaminerSeesExactlyThatCandidate(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newGradingWorld(t, db)
		ctx := context.Background()
		w.register(t, db, 0, "ISM")
		w.register(t, db, 1, "ISM")
		weber, roth := w.a.Examiners[0], w.a.Examiners[1]
		subject := w.a.Candidates[0].ID

		if err := db.GradingNameSubstitute(ctx, subject, "ISM", roth, exam.Votes{No: 3}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExaminerAttempt(ctx, roth.ID, w.ism, subject); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("a rejected motion gave Roth the attempt: %v", err)
		}
		if err := db.GradingNameSubstitute(ctx, subject, "ISM", roth, exam.Votes{Yes: 3}); err != nil {
			t.Fatal(err)
		}
		overview, err := db.ExaminerOverview(ctx, roth.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ism *exam.GradingComponent
		for i := range overview {
			if overview[i].Code == "ISM" {
				ism = &overview[i]
			}
		}
		if ism == nil || !ism.Substitute || len(ism.Dates) != 1 || ism.Dates[0].ID != w.ism {
			t.Fatalf("Roth's overview: %+v", overview)
		}
		if got := gradingNumbers(overview, "ISM"); len(got) != 1 || got[0] != w.a.Candidates[0].Number {
			t.Fatalf("Roth sees %v, want exactly %s", got, w.a.Candidates[0].Number)
		}
		weberView, err := db.ExaminerOverview(ctx, weber.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := gradingNumbers(weberView, "ISM"); len(got) != 1 || got[0] != w.a.Candidates[1].Number {
			t.Fatalf("Weber sees %v, want only %s", got, w.a.Candidates[1].Number)
		}
		if _, err := db.GradeAttempt(ctx, wachsam.UserActor(weber), weber.ID, w.ism, subject, gradingISM("1,0", "1,0")); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("Weber graded the substituted attempt: %v", err)
		}
		got, err := db.GradeAttempt(ctx, wachsam.UserActor(roth), roth.ID, w.ism, subject, gradingISM("2,3", "1,7"))
		if err != nil {
			t.Fatal(err)
		}
		if got.Examiner != roth.Name || !got.Substitute || got.Attempt.Mean != "2,1" || got.Attempt.Grade != "2,1" {
			t.Fatalf("substitute's view: examiner %q, substitute %v, attempt %+v", got.Examiner, got.Substitute, got.Attempt)
		}
		if _, err := db.ExaminerAttempt(ctx, roth.ID, w.ism, w.a.Candidates[1].ID); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("Roth reached another candidate of ISM: %v", err)
		}
		// Each announces their own candidates of the date.
		w.a.Record(t, db, 1, exam.Fact{Type: exam.FactAttemptGraded, Component: "ISM", ExamDate: storetest.ISMExamDay,
			Grades: []exam.PartGrade{{Part: "ISM-K", Grade: exam.Grade20}, {Part: "ISM-F", Grade: exam.Grade20}}})
		a, err := db.AnnounceResults(ctx, wachsam.UserActor(roth), roth.ID, w.ism, gradingMail)
		if err != nil || len(a.Announced) != 1 || a.Announced[0].CandidateID != subject {
			t.Fatalf("Roth announced %+v, %v", a, err)
		}
	})
}

// §12(1): papers are stored for the attempt, listed and downloaded; a
// paper deleted after the retention period shows when it was deleted.
func TestPara12_1_PapersOfOwnAttempts(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newGradingWorld(t, db)
		w.register(t, db, 0, "ISM")
		ctx, weber := context.Background(), w.a.Examiners[0]
		cand := w.a.Candidates[0].ID
		before := gradingCounts(t, db)
		_, err := db.UploadPaper(ctx, wachsam.UserActor(weber), weber.ID, w.ism, cand, exam.PaperUpload{Filename: "notiz.txt", Content: []byte("nur Text")})
		gradingRefused(t, err, wachsam.EINVALID, "PDF, JPEG oder PNG")
		_, err = db.UploadPaper(ctx, wachsam.UserActor(weber), weber.ID, w.ism, cand, exam.PaperUpload{Filename: "leer.pdf"})
		gradingRefused(t, err, wachsam.EINVALID, "leer")
		if after := gradingCounts(t, db); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
		p, err := db.UploadPaper(ctx, wachsam.UserActor(weber), weber.ID, w.ism, cand, exam.PaperUpload{Filename: `C:\Scans\Klausur Amsel.pdf`, Content: []byte(gradingPDF)})
		if err != nil {
			t.Fatal(err)
		}
		if p.Filename != "Klausur Amsel.pdf" || p.ContentType != "application/pdf" || p.SizeBytes != int64(len(gradingPDF)) || len(p.SHA256) != 64 {
			t.Fatalf("paper %+v", p)
		}
		got, content, err := db.ExaminerPaper(ctx, weber.ID, w.ism, cand, p.ID)
		if err != nil || string(content) != gradingPDF || got.Filename != p.Filename {
			t.Fatalf("download: %+v, %v", got, err)
		}
		// The retention job clears the content and keeps the entry.
		deleted := time.Date(2028, 10, 13, 3, 0, 0, 0, time.UTC)
		if _, err := db.NewUpdate().Table("exam_documents").Set("content = NULL").Set("deleted_at = ?", deleted).Where("id = ?", p.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.ExaminerPaper(ctx, weber.ID, w.ism, cand, p.ID)
		gradingRefused(t, err, wachsam.ENOTFOUND, "gelöscht (§12(1)")
		gradingRefused(t, err, wachsam.ENOTFOUND, "am 13.10.2028")
		view, err := db.ExaminerAttempt(ctx, weber.ID, w.ism, cand)
		if err != nil || len(view.Papers) != 1 || view.Papers[0].DeletedAt == nil {
			t.Fatalf("list after deletion: %+v, %v", view, err)
		}
	})
}

// No paper before the exam day.
func TestGradingPaperNotBeforeTheExam(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newGradingWorld(t, db)
		w.register(t, db, 0, "ISM")
		w.clock.Set(time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC))
		weber := w.a.Examiners[0]
		_, err := db.UploadPaper(context.Background(), wachsam.UserActor(weber), weber.ID, w.ism, w.a.Candidates[0].ID, exam.PaperUpload{Filename: "a.pdf", Content: []byte(gradingPDF)})
		gradingRefused(t, err, wachsam.EINVALID, "erst am 12.10.2026")
	})
}

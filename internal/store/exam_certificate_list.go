package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// Reading certificates: who is due for one, the office's list, one
// certificate for the office and the holder's own.

// CertificatesDue lists the candidates for whom package exam says the
// office may issue the certificate today (§10(1)), by number. It judges
// every file without a certificate; an academy has some hundreds.
func (db *DB) CertificatesDue(ctx context.Context) ([]exam.CertificateDue, error) {
	var ids []int64
	err := db.NewSelect().TableExpr("exam_candidates AS c").ColumnExpr("c.id").
		Where("NOT EXISTS (SELECT 1 FROM exam_certificates AS cert WHERE cert.candidate_id = c.id)").
		Order("c.number").Scan(ctx, &ids)
	if err != nil {
		return nil, err
	}
	files, err := db.loadFiles(ctx, db.DB, ids)
	if err != nil {
		return nil, err
	}
	today := db.legalToday()
	out := []exam.CertificateDue{}
	for i, id := range ids {
		cf := files[i]
		if cf.unjudged != nil {
			continue // no regulation judges this file (§13): nobody can be issued a certificate on it
		}
		s := cf.evaluate(today)
		if !slices.ContainsFunc(s.BoardMay, func(a exam.Action) bool { return a.Action == "issue_certificate" }) {
			continue
		}
		out = append(out, exam.CertificateDue{
			CandidateID: id, CandidateNumber: cf.Candidate.Number, Name: cf.User.Name, SeminarTitle: cf.Seminar.Title,
			OverallGrade: s.Overall.Grade, OverallWord: s.Overall.GradeWord, Grades: certificateGrades(s),
		})
	}
	return out, nil
}

// ExamCertificates lists every issued certificate, newest first.
func (db *DB) ExamCertificates(ctx context.Context) ([]exam.CertificateRecord, error) {
	return db.certificateRecords(ctx, db.DB, func(q *bun.SelectQuery) *bun.SelectQuery { return q })
}

// ExamCertificate loads one certificate by its ID, for the exam office.
func (db *DB) ExamCertificate(ctx context.Context, id int64) (*exam.CertificateRecord, error) {
	rs, err := db.certificateRecords(ctx, db.DB, byCertificate(id))
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, notFound("Zeugnis")
	}
	return &rs[0], nil
}

// CandidateCertificate loads the certificate of a candidate's file for the
// holder: a file of another account, or one without a certificate, is not
// found.
func (db *DB) CandidateCertificate(ctx context.Context, userID, candidateID int64) (*exam.CertificateRecord, error) {
	rs, err := db.certificateRecords(ctx, db.DB, func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Where("cert.candidate_id = ? AND c.user_id = ?", candidateID, userID)
	})
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, notFound("Zeugnis")
	}
	return &rs[0], nil
}

func byCertificate(id int64) func(*bun.SelectQuery) *bun.SelectQuery {
	return func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("cert.id = ?", id) }
}

// certificateRow is a certificate joined with its candidate and seminar.
type certificateRow struct {
	examCertificateRow `bun:",extend"`
	Number             string `bun:"number"`
	UserID             int64  `bun:"user_id"`
	SeminarTitle       string `bun:"seminar_title"`
	SeminarID          int64  `bun:"seminar_id"`
}

// certificateRecords loads the certificates the filter selects, newest
// first, with their seminars' days.
func (db *DB) certificateRecords(ctx context.Context, tx bun.IDB, filter func(*bun.SelectQuery) *bun.SelectQuery) ([]exam.CertificateRecord, error) {
	var rows []certificateRow
	q := tx.NewSelect().TableExpr("exam_certificates AS cert").
		Join("JOIN exam_candidates AS c ON c.id = cert.candidate_id").
		Join("JOIN exam_seminars AS s ON s.id = c.seminar_id").
		ColumnExpr("cert.*, c.number, c.user_id, c.seminar_id, s.title AS seminar_title").
		OrderExpr("cert.issued_on DESC, cert.id DESC")
	if err := filter(q).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	days := map[int64][]wachsam.Date{} // by seminar: many certificates share one
	out := make([]exam.CertificateRecord, 0, len(rows))
	for _, r := range rows {
		if _, ok := days[r.SeminarID]; !ok {
			var dayRows []examSeminarDayRow
			if err := tx.NewSelect().Model(&dayRows).Where("seminar_id = ?", r.SeminarID).Order("day").Scan(ctx); err != nil {
				return nil, err
			}
			ds := make([]wachsam.Date, len(dayRows))
			for i, d := range dayRows {
				ds[i] = d.Day
			}
			days[r.SeminarID] = ds
		}
		rec, err := db.certificateRecord(r, days[r.SeminarID])
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// certificateRecord completes a row with its seminar's days and the
// regulation in force on the first of them (§13), whose wording it bears.
func (db *DB) certificateRecord(r certificateRow, days []wachsam.Date) (exam.CertificateRecord, error) {
	rec := exam.CertificateRecord{
		ID: r.ID, CandidateID: r.CandidateID, CandidateNumber: r.Number, UserID: r.UserID, Code: r.Code,
		HolderName: r.HolderName, SeminarTitle: r.SeminarTitle, IssuedOn: r.IssuedOn, OverallGrade: r.OverallGrade,
		DirectorName: r.DirectorName, LeaderName: r.LeaderName, RevokedOn: r.RevokedOn, RevokeReason: r.RevokeReason,
	}
	if err := json.Unmarshal([]byte(r.Grades), &rec.Grades); err != nil {
		return rec, fmt.Errorf("certificate %d: grades: %w", r.ID, err)
	}
	if g, err := exam.ParseGrade(r.OverallGrade); err == nil {
		rec.OverallWord = g.Word()
	}
	if len(days) > 0 {
		rec.SeminarFirstDay, rec.SeminarLastDay = days[0], days[len(days)-1]
		if reg, ok := exam.RegulationInForce(exam.Presets(db.Legal), days[0]); ok {
			rec.Regulation = reg.ID
		}
	}
	return rec, nil
}

package store

import (
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// Rows of migration 00003_exam. The candidate's state is never a row: it is
// folded by package exam from the file (exam_file.go).

type examSeminarRow struct {
	bun.BaseModel  `bun:"table:exam_seminars"`
	ID             int64     `bun:"id,pk,autoincrement"`
	Title          string    `bun:"title,notnull"`
	LeaderName     string    `bun:"leader_name,notnull"`
	ExamFeeCents   int64     `bun:"exam_fee_cents,notnull"`
	RetakeFeeCents int64     `bun:"retake_fee_cents,notnull"`
	CreatedAt      time.Time `bun:"created_at,notnull"`
	UpdatedAt      time.Time `bun:"updated_at,notnull"`
}

type examSeminarDayRow struct {
	bun.BaseModel `bun:"table:exam_seminar_days"`
	SeminarID     int64        `bun:"seminar_id,pk"`
	Day           wachsam.Date `bun:"day,pk"`
	Online        bool         `bun:"online,notnull"`
}

type examComponentRow struct {
	bun.BaseModel `bun:"table:exam_components"`
	ID            int64  `bun:"id,pk,autoincrement"`
	SeminarID     int64  `bun:"seminar_id,notnull"`
	Code          string `bun:"code,notnull"`
	Name          string `bun:"name,notnull"`
	ExaminerID    *int64 `bun:"examiner_id"`
	Position      int    `bun:"position,notnull"`
}

type examPartRow struct {
	bun.BaseModel `bun:"table:exam_component_parts"`
	ID            int64  `bun:"id,pk,autoincrement"`
	ComponentID   int64  `bun:"component_id,notnull"`
	Code          string `bun:"code,notnull"`
	Name          string `bun:"name,notnull"`
	Weight        int64  `bun:"weight,notnull"`
	Position      int    `bun:"position,notnull"`
}

type examDateRow struct {
	bun.BaseModel `bun:"table:exam_dates"`
	ID            int64        `bun:"id,pk,autoincrement"`
	ComponentID   int64        `bun:"component_id,notnull"`
	ExamDay       wachsam.Date `bun:"exam_day,notnull"`
	AnnouncedOn   wachsam.Date `bun:"announced_on,notnull"`
	Place         string       `bun:"place,notnull"`
	EnteredReason string       `bun:"entered_reason,notnull"`
	CreatedBy     *int64       `bun:"created_by"`
	CreatedAt     time.Time    `bun:"created_at,notnull"`
}

type examCandidateRow struct {
	bun.BaseModel `bun:"table:exam_candidates"`
	ID            int64     `bun:"id,pk,autoincrement"`
	SeminarID     int64     `bun:"seminar_id,notnull"`
	UserID        int64     `bun:"user_id,notnull"`
	Number        string    `bun:"number,notnull"`
	CreatedAt     time.Time `bun:"created_at,notnull"`
}

type examFactRow struct {
	bun.BaseModel `bun:"table:exam_facts"`
	ID            int64        `bun:"id,pk,autoincrement"`
	CandidateID   int64        `bun:"candidate_id,notnull"`
	Type          string       `bun:"type,notnull"`
	Day           wachsam.Date `bun:"day,notnull"`
	ComponentID   *int64       `bun:"component_id"`
	ExamDay       wachsam.Date `bun:"exam_day"`
	Detail        string       `bun:"detail,notnull"`
	Note          string       `bun:"note,notnull"`
	CaseID        *int64       `bun:"case_id"`
	Revision      int          `bun:"revision,notnull"`
	EnteredReason string       `bun:"entered_reason,notnull"`
	RecordedBy    *int64       `bun:"recorded_by"`
	RecordedAt    time.Time    `bun:"recorded_at,notnull"`
	UpdatedAt     time.Time    `bun:"updated_at,notnull"`
}

type examCaseRow struct {
	bun.BaseModel     `bun:"table:exam_cases"`
	ID                int64        `bun:"id,pk,autoincrement"`
	CandidateID       *int64       `bun:"candidate_id"`
	Motion            string       `bun:"motion,notnull"`
	ComponentID       *int64       `bun:"component_id"`
	ExamDay           wachsam.Date `bun:"exam_day"`
	ApplicationFactID *int64       `bun:"application_fact_id"`
	Detail            string       `bun:"detail,notnull"`
	Summary           string       `bun:"summary,notnull"`
	Status            string       `bun:"status,notnull"`
	DecidedBy         *string      `bun:"decided_by"`
	DecidedOn         wachsam.Date `bun:"decided_on"`
	Accepted          *bool        `bun:"accepted"`
	Outcome           string       `bun:"outcome,notnull"`
	DecisionFactID    *int64       `bun:"decision_fact_id"`
	OpenedBy          *int64       `bun:"opened_by"`
	OpenedAt          time.Time    `bun:"opened_at,notnull"`
	UpdatedAt         time.Time    `bun:"updated_at,notnull"`
}

type examVoteRow struct {
	bun.BaseModel `bun:"table:exam_case_votes"`
	CaseID        int64     `bun:"case_id,pk"`
	UserID        int64     `bun:"user_id,pk"`
	Vote          string    `bun:"vote,notnull"`
	Comment       string    `bun:"comment,notnull"`
	CastAt        time.Time `bun:"cast_at,notnull"`
}

type examDelegationRow struct {
	bun.BaseModel `bun:"table:exam_delegations"`
	ID            int64        `bun:"id,pk,autoincrement"`
	Task          string       `bun:"task,notnull"`
	DecidedOn     wachsam.Date `bun:"decided_on,notnull"`
	Members       int          `bun:"members,notnull"`
	Yes           int          `bun:"yes,notnull"`
	No            int          `bun:"no,notnull"`
	Abstain       int          `bun:"abstain,notnull"`
	Circular      bool         `bun:"circular,notnull"`
	CaseID        *int64       `bun:"case_id"`
	CreatedAt     time.Time    `bun:"created_at,notnull"`
}

type examDocumentRow struct {
	bun.BaseModel `bun:"table:exam_documents"`
	ID            int64        `bun:"id,pk,autoincrement"`
	CandidateID   int64        `bun:"candidate_id,notnull"`
	FactID        *int64       `bun:"fact_id"`
	ComponentID   *int64       `bun:"component_id"`
	ExamDay       wachsam.Date `bun:"exam_day"`
	Kind          string       `bun:"kind,notnull"`
	Filename      string       `bun:"filename,notnull"`
	ContentType   string       `bun:"content_type,notnull"`
	SizeBytes     int64        `bun:"size_bytes,notnull"`
	SHA256        string       `bun:"sha256,notnull"`
	Content       []byte       `bun:"content"`
	UploadedBy    *int64       `bun:"uploaded_by"`
	UploadedAt    time.Time    `bun:"uploaded_at,notnull"`
	DeletedAt     *time.Time   `bun:"deleted_at"`
}

type examCertificateRow struct {
	bun.BaseModel `bun:"table:exam_certificates"`
	ID            int64        `bun:"id,pk,autoincrement"`
	CandidateID   int64        `bun:"candidate_id,notnull"`
	Code          string       `bun:"code,notnull"`
	HolderName    string       `bun:"holder_name,notnull"`
	IssuedOn      wachsam.Date `bun:"issued_on,notnull"`
	OverallGrade  string       `bun:"overall_grade,notnull"`
	Grades        string       `bun:"grades,notnull"`
	DirectorName  string       `bun:"director_name,notnull"`
	LeaderName    string       `bun:"leader_name,notnull"`
	RevokedOn     wachsam.Date `bun:"revoked_on"`
	RevokeReason  string       `bun:"revoke_reason,notnull"`
	CreatedAt     time.Time    `bun:"created_at,notnull"`
}

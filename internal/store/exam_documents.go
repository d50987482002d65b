package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// MaxDocumentBytes bounds one uploaded document (a scanned paper or a
// medical certificate).
const MaxDocumentBytes = 10 << 20

// ExamDocumentUpload is an uploaded file before it is stored.
type ExamDocumentUpload struct {
	Kind        string // paper | medical_certificate | evidence
	Filename    string
	Content     []byte
	ComponentID *int64
	ExamDay     wachsam.Date
}

// documentTypes are the file types accepted: what scanners and phones make.
var documentTypes = map[string]bool{"application/pdf": true, "image/jpeg": true, "image/png": true}

// storeDocument checks and stores an uploaded document of a candidate inside tx.
func (db *DB) storeDocument(ctx context.Context, tx bun.IDB, actor wachsam.Actor, candidateID int64, factID *int64, up ExamDocumentUpload) (*examDocumentRow, error) {
	if len(up.Content) == 0 {
		return nil, wachsam.FieldError("document", "Die Datei ist leer.")
	}
	if len(up.Content) > MaxDocumentBytes {
		return nil, wachsam.FieldError("document", "Die Datei ist größer als %d MB.", MaxDocumentBytes>>20)
	}
	contentType := http.DetectContentType(up.Content)
	if i := strings.IndexByte(contentType, ';'); i >= 0 {
		contentType = contentType[:i]
	}
	if !documentTypes[contentType] {
		return nil, wachsam.FieldError("document", "Bitte laden Sie ein PDF, JPEG oder PNG hoch.")
	}
	name := wachsam.DocumentFilename(up.Filename, contentType)
	sum := sha256.Sum256(up.Content)
	row := &examDocumentRow{
		CandidateID: candidateID, FactID: factID, ComponentID: up.ComponentID, ExamDay: up.ExamDay, Kind: up.Kind,
		Filename: name, ContentType: contentType, SizeBytes: int64(len(up.Content)), SHA256: hex.EncodeToString(sum[:]),
		Content: up.Content, UploadedBy: actor.UserID, UploadedAt: db.now(),
	}
	if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return nil, err
	}
	return row, db.audit(ctx, tx, actor, "exam_document.upload", "exam_candidate", candidateID, up.Kind+": "+name+" ("+row.SHA256[:12]+")")
}
